// SPDX-License-Identifier: Apache-2.0
// Co-products: substitution (system expansion) and allocation against hand solutions.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

namespace {
// A refinery makes 1 kg gasoline (reference) and 0.5 kg heating oil, using
// 2 MJ electricity and emitting 1.5 kg CO2. A stand-alone heating-oil plant
// makes 1 kg heating oil with 0.8 kg CO2. Electricity: 0.1 kg CO2 per MJ.
product_system refinery(coproduct_method m, const char* oil_unit = "kg", double oil_amount = 0.5) {
    product_system s;
    s.flows = {test::product("gasoline"), test::product("heating_oil"),
               test::product("electricity", "MJ"), test::emission("co2", "CO2")};
    process r;
    r.id = "refinery";
    r.method = m;
    r.outputs = {test::ex("gasoline", 1), test::ex("heating_oil", oil_amount, oil_unit)};
    r.outputs[0].price = 1.0; // USD per kg
    r.outputs[1].price = 0.6; // USD per kg
    r.outputs[0].allocation_factor = 0.8;
    r.outputs[1].allocation_factor = 0.2;
    r.inputs = {test::ex("electricity", 2, "MJ")};
    r.elementary = {test::ex("co2", 1.5)};
    process h;
    h.id = "heating_oil_plant";
    h.outputs = {test::ex("heating_oil", 1)};
    h.elementary = {test::ex("co2", 0.8)};
    process e;
    e.id = "power";
    e.outputs = {test::ex("electricity", 1, "MJ")};
    e.elementary = {test::ex("co2", 0.1)};
    s.processes = {r, h, e};
    return s;
}

double gasoline_footprint(const product_system& s) {
    const auto sys = compile(s);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    return calculate(sys, ch, factorize(sys),
                     demand_vector(sys, {"refinery", "gasoline", 1, parse_unit("kg"), {}}))
        .total();
}
} // namespace

TEST_CASE("co-product by substitution: heating oil displaces the stand-alone plant") {
    // s_refinery = 1, s_power = 2, heating oil balance 0.5 + s_plant = 0 => s_plant = -0.5
    // CO2 = 1.5 + 2 * 0.1 - 0.5 * 0.8 = 1.3
    const auto s = refinery(coproduct_method::substitution);
    const auto sys = compile(s);
    CHECK(sys.A.rows() == 3); // one column per process, no split
    CHECK(gasoline_footprint(s) == Approx(1.3).epsilon(1e-14));
    // the avoided process can also be named explicitly
    auto named = s;
    named.processes[0].outputs[1].avoids = "heating_oil_plant";
    CHECK(gasoline_footprint(named) == Approx(1.3).epsilon(1e-14));
}

TEST_CASE("co-products by mass allocation: 2/3 to gasoline, 1/3 to heating oil") {
    // shares by mass: 1 kg / 1.5 kg and 0.5 kg / 1.5 kg
    // gasoline: (1.5 + 2 * 0.1) * 2/3 = 1.7 * 2/3
    const auto s = refinery(coproduct_method::mass);
    const auto sys = compile(s);
    REQUIRE(sys.A.rows() == 4); // refinery split into two columns
    CHECK(sys.index.column(process_col{0}).label() == "refinery/gasoline");
    CHECK(gasoline_footprint(s) == Approx(1.7 * 2.0 / 3.0).epsilon(1e-14));
    // the same co-product stated in grams gives the same shares
    CHECK(gasoline_footprint(refinery(coproduct_method::mass, "g", 500)) ==
          Approx(1.7 * 2.0 / 3.0).epsilon(1e-14));
    // heating oil from the refinery: 1.7 * 1/3 per 0.5 kg = 1.7 * 2/3 per kg (mass allocation
    // gives every kg the same burden)
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    const Eigen::VectorXd lambda = intensities(sys, ch, factorize(sys), climate_indicator::total);
    const auto col = sys.index.find("refinery", "heating_oil");
    REQUIRE(col);
    CHECK(lambda(static_cast<Eigen::Index>(col->value)) == Approx(1.7 * 2.0 / 3.0).epsilon(1e-14));
}

TEST_CASE("co-products by economic and by given-factor allocation") {
    // revenue: 1 kg * 1.0 + 0.5 kg * 0.6 = 1.3 USD; gasoline share 1 / 1.3
    CHECK(gasoline_footprint(refinery(coproduct_method::economic)) ==
          Approx(1.7 / 1.3).epsilon(1e-14));
    // given factors 0.8 / 0.2
    CHECK(gasoline_footprint(refinery(coproduct_method::factors)) ==
          Approx(1.7 * 0.8).epsilon(1e-14));
}
