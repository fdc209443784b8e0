// SPDX-License-Identifier: Apache-2.0
// The origin rows of C that PACT v3 needs: each origin lands in its own row, the rows add up
// to the total, and origins that only make sense for CO2 resources are checked.
#include "helpers.hpp"

using namespace cradle;

namespace {

/// One process making 1 kg of "p" with one kg of each flow given (amount in kg).
product_system one_process(const std::vector<std::pair<flow, double>>& flows) {
    product_system s;
    s.flows.push_back(test::product("p"));
    process p;
    p.id = "make";
    p.outputs.push_back(test::ex("p", 1.0));
    for (const auto& [f, amount] : flows) {
        s.flows.push_back(f);
        p.elementary.push_back(test::ex(f.id, amount));
    }
    s.processes.push_back(p);
    return s;
}

} // namespace

TEST_CASE("every origin lands in its own row of C and the rows add up to the total") {
    using test::emission;
    const auto res = direction::resource;
    const auto s = one_process({
        {emission("co2_fossil", "CO2", origin::fossil), 2.0},
        {emission("ch4_fossil", "CH4", origin::fossil), 0.1},
        {emission("co2_bio", "CO2", origin::biogenic), 3.0},
        {emission("co2_uptake", "CO2", origin::biogenic, "kg", res), 5.0},
        {emission("ch4_bio", "CH4", origin::biogenic), 0.01},
        {emission("co2_luc", "CO2", origin::land_use_change), 0.7},
        {emission("co2e_other", "CO2e", origin::other), 1.5},
        {emission("co2_lm", "CO2", origin::land_management), 0.4},
        {emission("co2_lm_rem", "CO2", origin::land_management, "kg", res), 0.25},
        {emission("n2o_lm", "N2O", origin::land_management), 0.001},
        {emission("co2_dac", "CO2", origin::technological, "kg", res), 0.3},
        {emission("co2_ccs", "CO2", origin::ccs, "kg", res), 1.2},
    });
    const auto sys = compile(s);
    const auto& ar6 = test::gwps().get("AR6");
    const auto ch = characterize(sys.index, ar6);
    const auto r =
        calculate(sys, ch, factorize(sys),
                  demand_vector(sys, functional_unit{"make", "p", 1.0, parse_unit("kg"), {}}));
    // AR6 WG1 Table 7.15: CH4 fossil 29.8, non-fossil 27.0, N2O 273
    using ci = climate_indicator;
    CHECK(r.impact(ci::fossil) == Approx(2.0 + 0.1 * 29.8).epsilon(1e-14));
    CHECK(r.impact(ci::biogenic_co2_emission) == Approx(3.0).epsilon(1e-14));
    CHECK(r.impact(ci::biogenic_co2_removal) == Approx(-5.0).epsilon(1e-14));
    CHECK(r.impact(ci::biogenic_non_co2) == Approx(0.01 * 27.0 + 0.001 * 273).epsilon(1e-14));
    CHECK(r.impact(ci::land_use_change) == Approx(0.7).epsilon(1e-14));
    CHECK(r.impact(ci::other) == Approx(1.5).epsilon(1e-14));
    CHECK(r.impact(ci::land_management_co2_emission) == Approx(0.4).epsilon(1e-14));
    CHECK(r.impact(ci::land_management_co2_removal) == Approx(-0.25).epsilon(1e-14));
    CHECK(r.impact(ci::technological_co2_removal) == Approx(-0.3).epsilon(1e-14));
    CHECK(r.impact(ci::ccs_capture) == Approx(-1.2).epsilon(1e-14));
    const double total = 2.0 + 2.98 + 3.0 - 5.0 + 0.27 + 0.273 + 0.7 + 1.5 + 0.4 - 0.25 - 0.3 - 1.2;
    CHECK(r.total() == Approx(total).epsilon(1e-14));
    CHECK(r.impacts.tail(climate_indicator_count - 1).sum() == Approx(total).epsilon(1e-14));
    CHECK(ch.indicators.size() == climate_indicator_count);
    CHECK(ch.indicators.back() == "gwp100.ccs-capture");
}

TEST_CASE("technological removals and CCS must be CO2 resources; every such flow is named") {
    using test::emission;
    const auto s = one_process({
        {emission("dac_as_emission", "CO2", origin::technological), 1.0},
        {emission("ccs_methane", "CH4", origin::ccs, "kg", direction::resource), 1.0},
        {emission("fine", "CO2", origin::ccs, "kg", direction::resource), 1.0},
    });
    const auto sys = compile(s);
    const auto msg = test::message_of<model_error>(
        [&] { (void)characterize(sys.index, test::gwps().get("AR6")); });
    CHECK_THAT(msg, Catch::Contains("origin-mismatch"));
    CHECK_THAT(msg, Catch::Contains("'dac_as_emission'"));
    CHECK_THAT(msg, Catch::Contains("'ccs_methane'"));
    CHECK_THAT(msg, !Catch::Contains("'fine'"));
}

TEST_CASE("origin names round-trip") {
    for (auto o : {origin::fossil, origin::biogenic, origin::land_use_change, origin::other,
                   origin::land_management, origin::technological, origin::ccs})
        CHECK(origin_from_string(to_string(o)) == o);
    CHECK_FALSE(origin_from_string("geological").has_value());
}
