// SPDX-License-Identifier: Apache-2.0
// Origin split, contributions by process / flow / tag, and the upstream tree.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

namespace {
// A wooden pallet: a forest takes up 50 kg CO2 per 1 t of logs (biogenic removal),
// emits 0.2 kg biogenic CH4 and 4 kg CO2 from land-use change; a sawmill uses 0.04 t
// of logs and 20 kWh per pallet and burns 1 kg of bark (biogenic CO2 1.8 kg);
// electricity emits 0.4 kg fossil CO2 and 1 g fossil CH4 per kWh; a truck adds 2 kg SF6-free
// fossil CO2 per pallet and carries the "transport" tag.
product_system pallet() {
    product_system s;
    s.flows = {test::product("logs", "t"),
               test::product("electricity", "kWh"),
               test::product("pallet", "item"),
               test::product("trucking", "t*km"),
               test::emission("co2_uptake", "CO2", origin::biogenic, "kg", direction::resource),
               test::emission("ch4_bio", "CH4", origin::biogenic),
               test::emission("co2_luc", "CO2", origin::land_use_change),
               test::emission("co2_bio", "CO2", origin::biogenic),
               test::emission("co2_fossil", "CO2", origin::fossil),
               test::emission("ch4_fossil", "CH4", origin::fossil, "g")};
    process forest;
    forest.id = "forest";
    forest.stage = "raw materials";
    forest.outputs = {test::ex("logs", 1, "t")};
    forest.elementary = {test::ex("co2_uptake", 50), test::ex("ch4_bio", 0.2),
                         test::ex("co2_luc", 4)};
    process grid;
    grid.id = "grid";
    grid.stage = "energy";
    grid.outputs = {test::ex("electricity", 1, "kWh")};
    grid.elementary = {test::ex("co2_fossil", 0.4), test::ex("ch4_fossil", 1, "g")};
    process truck;
    truck.id = "truck";
    truck.stage = "raw materials";
    truck.tags = {"transport"};
    truck.outputs = {test::ex("trucking", 1, "t*km")};
    truck.elementary = {test::ex("co2_fossil", 0.1)};
    process mill;
    mill.id = "sawmill";
    mill.stage = "manufacturing";
    mill.outputs = {test::ex("pallet", 1, "item")};
    mill.inputs = {test::ex("logs", 40, "kg"), test::ex("electricity", 20, "kWh"),
                   test::ex("trucking", 20, "t*km")};
    mill.elementary = {test::ex("co2_bio", 1.8)};
    s.processes = {forest, grid, truck, mill};
    s.reference = functional_unit{"sawmill", "pallet", 10, parse_unit("items"), {}};
    return s;
}
} // namespace

TEST_CASE("origin split of a wooden pallet, by hand (AR6)") {
    const auto m = pallet();
    const auto sys = compile(m);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    const auto lu = factorize(sys);
    const auto r = calculate(sys, ch, lu, demand_vector(sys, *m.reference));
    // per pallet: logs 0.04 t, 20 kWh, 20 t*km; 10 pallets
    const double removal = 10 * 0.04 * -50;                            // -20 kg CO2
    const double bio_ch4 = 10 * 0.04 * 0.2 * 27.0;                     // non-fossil CH4, AR6 27.0
    const double luc = 10 * 0.04 * 4;                                  // 1.6
    const double bio_co2 = 10 * 1.8;                                   // 18
    const double fossil = 10 * (20 * (0.4 + 0.001 * 29.8) + 20 * 0.1); // grid + truck
    CHECK(r.impact(climate_indicator::biogenic_co2_removal) == Approx(removal).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::biogenic_non_co2) == Approx(bio_ch4).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::land_use_change) == Approx(luc).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::biogenic_co2_emission) == Approx(bio_co2).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::fossil) == Approx(fossil).epsilon(1e-14));
    CHECK(r.impact(climate_indicator::other) == 0);
    CHECK(r.total() == Approx(removal + bio_ch4 + luc + bio_co2 + fossil).epsilon(1e-14));

    // contributions by process
    const Eigen::MatrixXd pc = process_contributions(sys, ch, r);
    const auto grid = static_cast<Eigen::Index>(sys.index.find("grid")->value);
    CHECK(pc(0, grid) == Approx(10 * 20 * (0.4 + 0.0298)).epsilon(1e-14));
    // by tag: stage raw materials = forest + truck; transport = truck only
    const auto tags = tag_contributions(sys, pc);
    CHECK(tags.at("stage:raw materials") ==
          Approx(removal + bio_ch4 + luc + 10 * 20 * 0.1).epsilon(1e-14));
    CHECK(tags.at("transport") == Approx(10 * 20 * 0.1).epsilon(1e-14));
    CHECK(tags.at("stage:manufacturing") == Approx(bio_co2).epsilon(1e-14));
    // by flow: the uptake flow carries the removal
    const Eigen::MatrixXd fc = flow_contributions(ch, r);
    CHECK(fc(0, static_cast<Eigen::Index>(sys.index.find_elementary("co2_uptake")->value)) ==
          Approx(removal).epsilon(1e-14));

    // upstream totals (no loops here): the sawmill carries the whole footprint,
    // the grid its branch
    const Eigen::VectorXd lam = intensities(sys, ch, lu, climate_indicator::total);
    const Eigen::VectorXd up = upstream_totals(sys, lam, r);
    CHECK(up(static_cast<Eigen::Index>(sys.index.find("sawmill")->value)) ==
          Approx(r.total()).epsilon(1e-14));
    CHECK(up(grid) == Approx(10 * 20 * (0.4 + 0.0298)).epsilon(1e-14));
    CHECK(up(static_cast<Eigen::Index>(sys.index.find("forest")->value)) ==
          Approx(removal + bio_ch4 + luc).epsilon(1e-14));

    // upstream tree: root = sawmill with the whole total, children sorted by |total|
    const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
    const auto mill = *sys.index.find("sawmill");
    const auto tree = upstream_tree(sys, ch, lambda, mill, 10, {0.0, 30, 100});
    REQUIRE(tree.size() == 4);
    CHECK(tree[0].total == Approx(r.total()).epsilon(1e-14));
    CHECK(tree[0].direct == Approx(bio_co2).epsilon(1e-14));
    CHECK(sys.index.column(tree[1].process).process == "grid");
    CHECK(tree[1].amount == Approx(200).epsilon(1e-14)); // 10 pallets x 20 kWh
    double children = 0;
    for (std::size_t i = 1; i < tree.size(); ++i)
        children += tree[i].total;
    CHECK(tree[0].direct + children == Approx(tree[0].total).epsilon(1e-13));
    // a 20 % cut-off keeps only the grid branch (80 %; truck 18.6 %, forest -15 %)
    const auto cut = upstream_tree(sys, ch, lambda, mill, 10, {0.20, 30, 100});
    CHECK(cut.size() == 2);
    CHECK(cut[0].truncated);
}
