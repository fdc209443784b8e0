// SPDX-License-Identifier: Apache-2.0
// Known answers from a textbook system and a hand-solved loop.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

namespace {
// Heijungs, R. & Suh, S. (2002). The Computational Structure of Life Cycle
// Assessment. Kluwer, ch. 2: A = [[10, 0], [-2, 100]] (electricity kWh; fuel L),
// B = [[1, 10], [0.1, 2], [0, -50]] (CO2 kg; SO2 kg; crude oil L), f = [1000, 0].
product_system heijungs_suh() {
    product_system s;
    s.flows = {test::product("electricity", "kWh"), test::product("fuel", "L"),
               test::emission("co2", "CO2"), test::emission("so2", "SO2"),
               test::emission("crude_oil", "crude oil", origin::other, "L", direction::resource)};
    process elec;
    elec.id = "electricity_production";
    elec.outputs = {test::ex("electricity", 10, "kWh")};
    elec.inputs = {test::ex("fuel", 2, "L")};
    elec.elementary = {test::ex("co2", 1), test::ex("so2", 0.1)};
    process fuel;
    fuel.id = "fuel_production";
    fuel.outputs = {test::ex("fuel", 100, "L")};
    fuel.elementary = {test::ex("co2", 10), test::ex("so2", 2), test::ex("crude_oil", 50, "L")};
    s.processes = {elec, fuel};
    s.reference = functional_unit{"electricity_production", "electricity", 1000, parse_unit("kWh"), {}};
    return s;
}
} // namespace

TEST_CASE("Heijungs & Suh (2002) textbook system: s = [100, 2], g = [120, 14, -100]") {
    const auto sys = compile(heijungs_suh());
    REQUIRE(sys.A.rows() == 2);
    CHECK(sys.A.coeff(0, 0) == 10);
    CHECK(sys.A.coeff(1, 0) == -2);
    CHECK(sys.A.coeff(0, 1) == 0);
    CHECK(sys.A.coeff(1, 1) == 100);
    CHECK(sys.B.coeff(2, 1) == -50); // resource enters B negative

    const auto lu = factorize(sys);
    const Eigen::VectorXd f = demand_vector(sys, *heijungs_suh().reference);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    const auto r = calculate(sys, ch, lu, f);
    CHECK(r.scaling(0) == Approx(100).epsilon(1e-14));
    CHECK(r.scaling(1) == Approx(2).epsilon(1e-14));
    CHECK(r.inventory(0) == Approx(120).epsilon(1e-14));
    CHECK(r.inventory(1) == Approx(14).epsilon(1e-14));
    CHECK(r.inventory(2) == Approx(-100).epsilon(1e-14));
    // only CO2 has a GWP: h = 120 kg CO2e, all fossil
    CHECK(r.total() == Approx(120).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::fossil) == Approx(120).epsilon(1e-14));
    // SO2 and crude oil are in the inventory without a factor: reported, not dropped
    REQUIRE(r.uncharacterized.size() == 2);
    CHECK(sys.index.elementary(r.uncharacterized[0]).id == "so2");
    CHECK(sys.index.elementary(r.uncharacterized[1]).id == "crude_oil");
}

TEST_CASE("Heijungs & Suh from the bundled example file gives the same answer") {
    const auto model = read_model(std::string(CRADLE_EXAMPLES) + "/models/heijungs-suh.json");
    const auto sys = compile(model);
    const auto r = calculate(sys, characterize(sys.index, test::gwps().get("AR5")), factorize(sys),
                             demand_vector(sys, *model.reference));
    CHECK(r.scaling(0) == Approx(100));
    CHECK(r.scaling(1) == Approx(2));
    CHECK(r.inventory(1) == Approx(14));
    CHECK(r.total() == Approx(120));
}

TEST_CASE("A loop: a power plant and a copper smelter supply each other") {
    // Power plant: 1 kWh needs 0.002 kg copper (its cables), emits 0.5 kg CO2.
    // Smelter: 1 kg copper needs 2 kWh, emits 1 kg CO2. Demand: 100 kWh.
    // Hand solution: s1 - 2 s2 = 100, -0.002 s1 + s2 = 0
    //   => s2 = 0.002 s1, s1 (1 - 0.004) = 100, s1 = 100 / 0.996, s2 = 0.2 / 0.996
    //   CO2 = 0.5 s1 + 1 s2 = (50 + 0.2) / 0.996 = 50.2 / 0.996
    product_system s;
    s.flows = {test::product("electricity", "kWh"), test::product("copper", "kg"),
               test::emission("co2", "CO2")};
    process plant;
    plant.id = "power_plant";
    plant.outputs = {test::ex("electricity", 1, "kWh")};
    plant.inputs = {test::ex("copper", 2, "g")}; // 0.002 kg, in grams on purpose
    plant.elementary = {test::ex("co2", 0.5)};
    process smelter;
    smelter.id = "smelter";
    smelter.outputs = {test::ex("copper", 1)};
    smelter.inputs = {test::ex("electricity", 7.2, "MJ")}; // = 2 kWh
    smelter.elementary = {test::ex("co2", 1)};
    s.processes = {plant, smelter};

    const auto sys = compile(s);
    const auto lu = factorize(sys);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    const auto r = calculate(
        sys, ch, lu, demand_vector(sys, {"power_plant", "electricity", 100, parse_unit("kWh"), {}}));
    CHECK(r.scaling(0) == Approx(100 / 0.996).epsilon(1e-13));
    CHECK(r.scaling(1) == Approx(0.2 / 0.996).epsilon(1e-13));
    CHECK(r.total() == Approx(50.2 / 0.996).epsilon(1e-13));

    // per-product intensities from one transposed solve: CO2 per kWh and per kg copper
    // lambda_e = 0.5 + 0.002 lambda_c, lambda_c = 1 + 2 lambda_e
    //   => lambda_e = (0.5 + 0.002) / (1 - 0.004) = 0.502 / 0.996, lambda_c = 1 + 2 lambda_e
    const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
    CHECK(lambda(0) == Approx(0.502 / 0.996).epsilon(1e-13));
    CHECK(lambda(1) == Approx(1 + 2 * 0.502 / 0.996).epsilon(1e-13));

    // the upstream tree terminates on the loop and marks it
    const auto tree = upstream_tree(sys, ch, lambda, process_col{0}, 100, {0.0, 30, 1000});
    REQUIRE(tree.size() == 3); // plant -> smelter -> plant (loop, not expanded)
    CHECK(tree[0].total == Approx(r.total()));
    CHECK(tree[1].parent == 0);
    CHECK(tree[2].loop);
    CHECK(tree[2].process.value == 0);
}
