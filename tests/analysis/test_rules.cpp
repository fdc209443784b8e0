// SPDX-License-Identifier: Apache-2.0
// Product rules (analysis/rules.hpp): reading strictly, each rule passing and failing on a model
// made to pass or break it, and the bundled rule sets read.
#include "helpers.hpp"

#include "cradle/analysis/rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

using namespace cradle;
using Catch::Matchers::Contains;

namespace {

// a two-process chain: "make" (stage plant, tagged primary, rated) with a co-product of the same
// amount and price, fed by "mine" (stage mine); 4 kg CO2 at the plant, 16 at the mine
std::string model_text(const std::string& method = "mass", const std::string& pact = "",
                       const std::string& unit = "t") {
    return R"json({
  "name": "chain",
  "flows": [
    {"id": "p", "type": "product", "unit": ")json" +
           unit + R"json("},
    {"id": "by", "type": "product", "unit": "t"},
    {"id": "ore", "type": "product", "unit": "t"},
    {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"}
  ],
  "processes": [
    {"id": "make", "stage": "plant", "tags": ["primary"],
     "data_quality": {"technological": 2, "geographical": 1, "temporal": 3},
     "coproduct_method": ")json" +
           method + R"json(",
     "outputs": [{"flow": "p", "amount": 1, "price": 1}, {"flow": "by", "amount": 1, "price": 1}],
     "inputs": [{"flow": "ore", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 4}]},
    {"id": "mine", "stage": "mine", "outputs": [{"flow": "ore", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 16}]}
  ],
  "functional_unit": {"flow": "p", "amount": 1, "unit": ")json" +
           unit + "\"}" + (pact.empty() ? "" : ", \"pact\": " + pact) + "\n}";
}

struct checked {
    product_system model;
    std::vector<rules::check_result> rows;
};

checked run(const std::string& rules_text, const std::string& model, const char* gwp = "AR6",
            int as_of_year = 0) {
    const auto r = rules::parse_rules(rules_text, "r.json");
    checked c{parse_model(model, "m.json"), {}};
    const auto sys = compile(c.model);
    const auto ch = characterize(sys.index, test::gwps().get(gwp));
    const auto f = calculate(sys, ch, factorize(sys), demand_vector(sys, *c.model.reference));
    c.rows = rules::check(r, rules::subject{c.model, sys, f, ch, as_of_year});
    return c;
}

std::string head = R"("format": "cradle-rules/1", "id": "t", "name": "test", "version": "1",
                      "documents": [{"id": "ISO 14067:2018", "title": "CFP"}])";

const rules::check_result& row(const checked& c, const std::string& rule) {
    for (const auto& x : c.rows)
        if (x.rule == rule) return x;
    FAIL("no row " << rule);
    return c.rows.front();
}

} // namespace

TEST_CASE("rules: each rule passes on a model that follows it and fails naming the culprit",
          "[rules]") {
    using rules::status;
    const std::string pact =
        R"({"productClassifications": ["urn:pact:productclassification:un-cpc:41430"],
                                 "pcf": {"exemptedEmissionsPercent": "2.5"}})";
    const std::string all = "{" + head + R"(,
      "scope": {"cpc": ["4143"], "declared_unit": "kg", "source": "CPC"},
      "boundary": {"required_stages": ["mine", "plant"], "excluded_stages": ["use"]},
      "cut_off": {"max_exempted_percent": 5},
      "allocation": {"method": "hierarchy"},
      "recycling": {"method": "cut-off"},
      "characterization": {"gwp_set": "AR6"},
      "data": {"min_primary_percent": 10, "max_dqr": 3}})";
    const auto ok = run(all, model_text("mass", pact));
    REQUIRE(ok.rows.size() == 10);
    for (const auto& x : ok.rows) {
        INFO(x.rule << ": " << x.found << " / " << x.detail);
        CHECK(x.outcome == status::pass);
    }
    CHECK(rules::passed(ok.rows));
    CHECK(row(ok, "scope.cpc").source == "CPC");
    // primary share by hand: the plant emits 4, half of it allocated to p by mass (2), the mine
    // 16 x 0.5 = 8: 2 / 10 = 20 %
    CHECK(row(ok, "data.min_primary_percent").found == "20 %");
    CHECK(row(ok, "data.max_dqr").found.rfind("3 ", 0) == 0); // temporal 3 is the worst

    // now break each one
    const auto bad = run(
        all,
        model_text("economic",
                   R"({"productClassifications": ["urn:pact:productclassification:un-cpc:34710"],
                                                        "pcf": {"exemptedEmissionsPercent": "7"}})",
                   "m3"),
        "AR5");
    CHECK_FALSE(rules::passed(bad.rows));
    CHECK(row(bad, "scope.cpc").outcome == status::fail);
    CHECK(row(bad, "scope.cpc").found == "UN CPC 34710");
    CHECK(row(bad, "scope.declared_unit").outcome == status::fail);
    CHECK_THAT(row(bad, "scope.declared_unit").detail, Contains("'m3'"));
    CHECK(row(bad, "cut_off.max_exempted_percent").found == "7 %");
    CHECK(row(bad, "cut_off.max_exempted_percent").outcome == status::fail);
    CHECK_THAT(row(bad, "allocation.method").detail,
               Contains("process 'make' (2 outputs) uses 'economic'"));
    CHECK(row(bad, "characterization.gwp_set").found == "AR5");
    CHECK(row(bad, "characterization.gwp_set").outcome == status::fail);
    // stages: one missing, one excluded but present
    const auto stages = run("{" + head + R"(, "boundary": {"required_stages": ["smelter"],
                                                          "excluded_stages": ["mine"]}})",
                            model_text());
    CHECK_THAT(row(stages, "boundary.required_stages").detail, Contains("smelter"));
    CHECK_THAT(row(stages, "boundary.excluded_stages").detail,
               Contains("process 'mine' (mine, 8 kg CO2e direct)"));
    // a process of an excluded stage is inside the boundary even without emissions of its own
    std::string clean = model_text();
    const std::string mine_em = R"(,
     "elementary": [{"flow": "co2", "amount": 16}])";
    REQUIRE(clean.find(mine_em) != std::string::npos);
    clean.erase(clean.find(mine_em), mine_em.size());
    const auto silent = run("{" + head + R"(, "boundary": {"excluded_stages": ["mine"]}})", clean);
    CHECK(row(silent, "boundary.excluded_stages").outcome == status::fail);
    CHECK_THAT(row(silent, "boundary.excluded_stages").detail,
               Contains("process 'mine' (mine, 0 kg CO2e direct)"));
    // a fixed method, data thresholds, and a rule the model cannot meet without metadata
    const auto strict = run("{" + head + R"(, "allocation": {"method": "substitution"},
        "data": {"min_primary_percent": 50, "max_dqr": 2}, "cut_off": {"max_exempted_percent": 5},
        "recycling": {"method": "cff"}})",
                            model_text());
    CHECK_THAT(row(strict, "allocation.method").detail, Contains("uses 'mass'"));
    CHECK(row(strict, "data.min_primary_percent").outcome == status::fail);
    CHECK(row(strict, "data.max_dqr").outcome == status::fail);
    CHECK_THAT(row(strict, "cut_off.max_exempted_percent").detail,
               Contains("states no pcf.exemptedEmissionsPercent"));
    CHECK_THAT(row(strict, "recycling.method").detail,
               Contains("no material input declares the Circular Footprint Formula"));
}

TEST_CASE("rules: unstated origin, data age, and check_model giving the same rows as check",
          "[rules]") {
    using rules::status;
    // the mine's 16 kg CO2 of unstated origin; the plant's 4 kg fossil; mass allocation halves
    // both: other 8 of 10 kg CO2e = 80 %
    std::string text =
        model_text("mass", R"({"pcf": {"referencePeriodEnd": "2021-12-31T00:00:00Z"}})");
    const std::string co2_fossil =
        R"({"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"})";
    text.replace(text.find(co2_fossil), co2_fossil.size(),
                 co2_fossil +
                     R"(, {"id": "co2x", "type": "elementary", "unit": "kg", "substance": "CO2"})");
    const std::string mine_em = R"("elementary": [{"flow": "co2", "amount": 16}])";
    text.replace(text.find(mine_em), mine_em.size(),
                 R"("elementary": [{"flow": "co2x", "amount": 16}])");
    const std::string rules_text = "{" + head + R"(,
        "characterization": {"gwp_set": "AR6", "max_unstated_origin_percent": 5},
        "data": {"max_age_years": 3, "source": "a sector rule"}})";
    const auto c = run(rules_text, text, "AR6", 2026);
    CHECK(row(c, "characterization.max_unstated_origin_percent").outcome == status::fail);
    CHECK(row(c, "characterization.max_unstated_origin_percent").found == "80 %");
    CHECK_THAT(row(c, "characterization.max_unstated_origin_percent").detail,
               Contains("process 'mine' (8 kg CO2e)"));
    // 2026 - 2021 = 5 years > 3
    CHECK(row(c, "data.max_age_years").outcome == status::fail);
    CHECK_THAT(row(c, "data.max_age_years").found, Contains("5 years"));
    CHECK(row(c, "data.max_age_years").source == "a sector rule");
    const auto young = run(rules_text, text, "AR6", 2024);
    CHECK(row(young, "data.max_age_years").outcome == status::pass);
    // without a year to count to, data age is not checked; without a reference period it fails
    CHECK(run(rules_text, text).rows.size() == 2);
    const auto unstated = run(rules_text, model_text(), "AR6", 2026);
    CHECK(row(unstated, "data.max_age_years").found == "not stated");
    CHECK(row(unstated, "characterization.max_unstated_origin_percent").outcome == status::pass);
    CHECK(row(unstated, "characterization.max_unstated_origin_percent").found == "0 %");
    // check_model compiles and solves itself: the same rows
    const auto r = rules::parse_rules(rules_text, "r.json");
    const auto same =
        rules::check_model(r, parse_model(text, "m.json"), test::gwps().get("AR6"), 2026);
    REQUIRE(same.size() == c.rows.size());
    for (std::size_t i = 0; i < same.size(); ++i) {
        CHECK(same[i].rule == c.rows[i].rule);
        CHECK(same[i].found == c.rows[i].found);
        CHECK(same[i].outcome == c.rows[i].outcome);
    }
}

TEST_CASE("rules: the PACT rule entry, and bundled rule sets found by id", "[rules][pact]") {
    const auto plain = rules::parse_rules("{" + head + "}", "r.json");
    const auto e = rules::pact_rule_entry(plain);
    CHECK(e.at("operator") == "Other");
    CHECK(e.at("otherOperatorName") == "cradle product rules");
    CHECK(e.at("ruleNames") == nlohmann::json::array({"t 1"}));
    const auto pef = rules::parse_rules(
        "{" + head + R"(, "pact": {"operator": "PEF", "ruleNames": ["PEFCR metal sheets 1.0"]}})",
        "r.json");
    CHECK(rules::pact_rule_entry(pef) ==
          nlohmann::json{{"operator", "PEF"}, {"ruleNames", {"PEFCR metal sheets 1.0"}}});
    CHECK_THAT(test::message_of<input_error>([] {
                   (void)rules::parse_rules("{" + head + R"(, "pact": {"operator": "ISO",
                                                 "ruleNames": [], "x": 1}})",
                                            "p.json");
               }),
               Contains("p.json: /pact/operator: 'ISO' is not one of") &&
                   Contains("/pact/ruleNames: expected a non-empty array") &&
                   Contains("/pact/x: unknown member"));

    const auto copper = rules::find_rules("copper");
    CHECK(copper.id == "copper");
    CHECK(rules::find_rules(std::string(CRADLE_RULES_DIR) + "/pact-v3.json").id == "pact-v3");
    const auto ids = rules::bundled_rule_ids();
    CHECK(std::find(ids.begin(), ids.end(), "basic-chemicals") != ids.end());
    CHECK_THAT(test::message_of<input_error>([] { (void)rules::find_rules("copperr"); }),
               Contains("[cradle:unknown-rules] rules 'copperr': no such file and no bundled") &&
                   Contains("copper, data-centre"));
    CHECK_THAT(test::message_of<input_error>([] { (void)rules::find_rules("../x.json"); }),
               Contains("'../x.json': no such file ("));
}

TEST_CASE("rules: a rules file is read strictly, every problem with its JSON path",
          "[rules][errors]") {
    const auto msg = test::message_of<input_error>([] {
        (void)rules::parse_rules(R"({"format": "cradle-rules/2", "id": "x", "name": "x",
            "version": "1", "documents": [],
            "scope": {"cpc": [], "declared_unit": "parsec"},
            "cut_off": {"max_exempted_percent": 150},
            "allocation": {"method": "random"},
            "characterization": {"gwp_set": "AR7", "extra": 1},
            "data": {"max_dqr": 9}, "colour": "red"})",
                                 "bad.json");
    });
    CHECK_THAT(msg, Contains("bad.json: /format: 'cradle-rules/2' is not 'cradle-rules/1'") &&
                        Contains("/scope/cpc: expected a non-empty array") &&
                        Contains("/scope/declared_unit") &&
                        Contains("/cut_off/max_exempted_percent: 150 is not a percentage") &&
                        Contains("/allocation/method: 'random' is not one of") &&
                        Contains("/characterization/gwp_set: 'AR7'") &&
                        Contains("/characterization/extra: unknown member") &&
                        Contains("/data/max_dqr: 9 is not a data-quality rating") &&
                        Contains("/colour: unknown member"));
    CHECK_THAT(test::message_of<input_error>([] { (void)rules::parse_rules("{", "s.json"); }),
               Contains("s.json"));
}

TEST_CASE("rules: the bundled rule sets read, each citing its documents", "[rules]") {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(CRADLE_RULES_DIR)) {
        if (e.path().extension() != ".json") continue;
        INFO(e.path());
        const auto r = rules::read_rules(e.path());
        CHECK(r.id == e.path().stem().string());
        CHECK(!r.documents.empty());
        CHECK(r.gwp_set);
        CHECK(r.gwp_set->value == "AR6");
        CHECK(!r.gwp_set->source.empty());
        ++n;
    }
    CHECK(n == 5);
}
