// SPDX-License-Identifier: Apache-2.0
// Pedigree scores -> GSD (Weidema et al. 2013, ecoinvent data quality guideline v3, 10.2).
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

TEST_CASE("pedigree strings as inventory databases write them", "[pedigree]") {
    const pedigree_scores s{1, 2, 3, 4, 5};
    CHECK(parse_pedigree("(1;2;3;4;5)") == s);
    CHECK(parse_pedigree("(1,2,3,4,5)") == s);
    CHECK(parse_pedigree(" ( 1; 2; 3; 4; 5 ) ") == s);
    CHECK(parse_pedigree("1;2;3;4;5") == s);
    CHECK(parse_pedigree("(1;2;3;4;5;4)") == s); // ecoinvent 2: sample size dropped
    CHECK_FALSE(parse_pedigree("(1;2;3;4)"));
    CHECK_FALSE(parse_pedigree("(1;2;3;4;6)"));
    CHECK_FALSE(parse_pedigree("(0;2;3;4;5)"));
    CHECK_FALSE(parse_pedigree("(n.a.;2;3;4;5)"));
    CHECK_FALSE(parse_pedigree("(1;2;3;4;5"));
    CHECK_FALSE(parse_pedigree(""));
}

TEST_CASE("pedigree GSD by hand from the guideline's tables", "[pedigree]") {
    // Hand computation with table 10.5 of Weidema et al. 2013: scores (2;3;1;4;5) add
    // reliability 2: 0.0006, completeness 3: 0.0006, temporal 1: 0, geographical 4: 0.0006,
    // technological 5: 0.12, in all 0.1218 to the variance of ln(amount). With a basic GSD of
    // 1.05 (σb² = ln(1.05)² = 0.00238048): σ² = 0.12418048, σ = 0.35239250, GSD = e^σ = 1.422467.
    const pedigree_scores s{2, 3, 1, 4, 5};
    CHECK(pedigree_variance(s) == Approx(0.1218).epsilon(1e-12));
    CHECK(pedigree_gsd(s, 1.05) == Approx(1.422467).epsilon(1e-6));
    // all scores 1: the basic uncertainty alone
    CHECK(pedigree_gsd({1, 1, 1, 1, 1}, 1.2) == Approx(1.2).epsilon(1e-14));
    // the worst scores: 0.04 + 0.008 + 0.04 + 0.002 + 0.12 = 0.21, GSD exp(sqrt(0.21)) = 1.581316
    CHECK(pedigree_gsd({5, 5, 5, 5, 5}, 1.0) == Approx(1.581316).epsilon(1e-6));
    // the table's variances are the ecoinvent 2 factors re-expressed, (ln U)²/4: reliability 5,
    // U = 1.5, (ln 1.5)²/4 = 0.0411 ≈ 0.04
    CHECK(std::pow(std::log(1.5), 2) / 4 == Approx(0.04).epsilon(0.03));
    // basic uncertainty (table 10.4): CO2 0.0006, transport 0.12
    CHECK(basic_gsd(basic_uncertainty::co2) == Approx(std::exp(std::sqrt(0.0006))));
    CHECK(basic_gsd(basic_uncertainty::transport) == Approx(std::exp(std::sqrt(0.12))));
    CHECK_THROWS_AS(pedigree_gsd(s, 0.9), model_error);
    CHECK_THROWS_AS(pedigree_variance({1, 1, 1, 1, 7}), model_error);
}

TEST_CASE("model JSON: a lognormal from pedigree and basic GSD", "[pedigree][json]") {
    const char* text = R"js({
      "flows": [{"id": "p", "name": "p", "type": "product", "unit": "kg"},
                {"id": "co2", "name": "CO2", "type": "elementary", "unit": "kg",
                 "substance": "CO2", "compartment": "air", "origin": "fossil"}],
      "processes": [{"id": "a", "outputs": [{"flow": "p", "amount": 1}],
        "elementary": [{"flow": "co2", "amount": 2, "uncertainty":
          {"distribution": "lognormal", "geometric_mean": 2, "base_gsd": 1.05,
           "pedigree": "(2;3;1;4;5)"}}]}]})js";
    const auto m = parse_model(text, "t.json");
    const auto& u = *m.processes[0].elementary[0].spread;
    CHECK(u.b == Approx(1.422467).epsilon(1e-6));
    // a pedigree that cannot be read is an error only when the GSD must come from it
    const std::string bad =
        std::string(text).replace(std::string(text).find("(2;3;1;4;5)"), 11, "(2;3;x;4;5)");
    const auto msg = test::message_of<input_error>([&] { (void)parse_model(bad, "t.json"); });
    CHECK_THAT(msg,
               Catch::Matchers::Contains("/processes/0 (a)/elementary/0/uncertainty/pedigree"));
    CHECK_THAT(msg, Catch::Matchers::Contains("invalid-pedigree"));
}
