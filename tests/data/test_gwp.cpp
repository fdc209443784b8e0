// SPDX-License-Identifier: Apache-2.0
// IPCC GWP100 sets read from factors/ipcc-gwp/gwp100.csv.
#include "helpers.hpp"

using namespace cradle;
using Catch::Contains;

TEST_CASE("bundled GWP100 sets: published values, methane split by origin") {
    const auto& t = test::gwps();
    const auto& ar6 = t.get("AR6");
    const auto& ar5 = t.get("AR5");
    const auto& ar4 = t.get("AR4");
    // IPCC AR6 WG1 Table 7.15 / 7.SM.7
    CHECK(ar6.lookup("CH4", origin::fossil) == 29.8);
    CHECK(ar6.lookup("CH4", origin::biogenic) == 27.0);
    CHECK(ar6.lookup("methane", origin::land_use_change) == 27.0);
    // unstated origin: the non-fossil value (AR5's headline 28, which EPA and DESNZ use)
    CHECK(ar6.lookup("CH4", origin::other) == 27.0);
    CHECK(ar6.lookup("N2O", origin::fossil) == 273);
    CHECK(ar6.lookup("SF6", origin::other) == 25200);
    CHECK(ar6.lookup("HFC-134a", origin::other) == 1530);
    // IPCC AR5 WG1 Table 8.A.1
    CHECK(ar5.lookup("CH4", origin::fossil) == 30);
    CHECK(ar5.lookup("CH4", origin::biogenic) == 28);
    CHECK(ar5.lookup("CH4", origin::other) == 28);
    CHECK(ar5.lookup("N2O", origin::fossil) == 265);
    CHECK(ar5.lookup("SF6", origin::fossil) == 23500);
    // IPCC AR4 WG1 Table 2.14
    CHECK(ar4.lookup("CH4", origin::fossil) == 25);
    CHECK(ar4.lookup("N2O", origin::fossil) == 298);
    CHECK(ar6.lookup("carbon dioxide", origin::biogenic) == 1);
    CHECK_FALSE(ar6.lookup("SO2", origin::fossil));
    CHECK_THAT(test::message_of<data_error>([&] { (void)t.get("AR7"); }),
               Contains("unknown-gwp-set") && Contains("AR4, AR5, AR6"));
}

TEST_CASE("a malformed GWP file is an error naming file, row and column") {
    CHECK_THAT(test::message_of<data_error>([] {
                   (void)parse_gwp_csv("species,AR6\nCO2,1\nCH4_fossil,29.8\nCH4_non_fossil,abc\n",
                                       "g.csv");
               }),
               Contains("g.csv row 4 column 'AR6': 'abc' is not a number"));
    CHECK_THAT(test::message_of<data_error>(
                   [] { (void)parse_gwp_csv("species,AR6\nCO2,1\nN2O,273,1\n", "g.csv"); }),
               Contains("g.csv row 3: 3 columns, expected 2"));
    CHECK_THAT(
        test::message_of<data_error>([] { (void)parse_gwp_csv("species,AR6\nCO2,1\n", "g.csv"); }),
        Contains("lacks CO2, CH4_fossil or CH4_non_fossil"));
    CHECK_THAT(test::message_of<data_error>(
                   [] { (void)parse_gwp_csv("species,AR6\nCO2,1\nCO2,1\n", "g.csv"); }),
               Contains("row 3: species 'CO2' appears twice"));
}

TEST_CASE("changing the GWP set changes non-CO2 gases by exactly the GWP ratio") {
    // 1 kg fossil CH4 + 1 kg N2O + 10 kg CO2: AR6 = 29.8 + 273 + 10, AR5 = 30 + 265 + 10
    product_system s;
    s.flows = {test::product("x"), test::emission("ch4", "CH4"),
               test::emission("n2o", "N2O", origin::fossil, "g"), test::emission("co2", "CO2")};
    process p;
    p.id = "p";
    p.outputs = {test::ex("x", 1)};
    p.elementary = {test::ex("ch4", 1), test::ex("n2o", 1000, "g"), test::ex("co2", 10)};
    s.processes = {p};
    const auto sys = compile(s);
    const auto lu = factorize(sys);
    const Eigen::VectorXd f = Eigen::VectorXd::Ones(1);
    CHECK(calculate(sys, characterize(sys.index, test::gwps().get("AR6")), lu, f).total() ==
          Catch::Detail::Approx(29.8 + 273 + 10).epsilon(1e-15));
    CHECK(calculate(sys, characterize(sys.index, test::gwps().get("AR5")), lu, f).total() ==
          Catch::Detail::Approx(30 + 265 + 10).epsilon(1e-15));
}
