// SPDX-License-Identifier: Apache-2.0
// Product data (mass per unit, carbon content) and process data quality in the model format.
#include "helpers.hpp"

using namespace cradle;

namespace {
constexpr const char* model_text = R"({
  "format": "cradle-model/1",
  "parameters": [{"name": "c_share", "default": 0.5}],
  "flows": [
    {"id": "board", "unit": "piece", "mass_per_unit": 2.5,
     "carbon_content": {"fossil": 0.1, "biogenic": "2.5 * c_share", "recycled": 0,
                        "packaging_biogenic": 0.02}},
    {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "ccs",
     "direction": "resource"}
  ],
  "processes": [
    {"id": "press", "tags": ["primary"],
     "data_quality": {"technological": 1.5, "geographical": 2, "temporal": 3},
     "outputs": [{"flow": "board", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 0.2}]}
  ],
  "functional_unit": {"flow": "board", "amount": 1},
  "pact": {"companyName": "Board Co"}
})";
}

TEST_CASE("product data and data quality are read, evaluated and written back") {
    const auto m = parse_model(model_text, "board.json");
    const flow& board = m.flows[0];
    REQUIRE(board.mass_per_unit);
    CHECK(*board.mass_per_unit == 2.5);
    CHECK(*board.carbon.fossil == 0.1);
    CHECK(*board.carbon.biogenic == Approx(1.25).epsilon(1e-15)); // 2.5 * 0.5
    CHECK(*board.carbon.recycled == 0.0);
    CHECK(*board.carbon.packaging_biogenic == 0.02);
    CHECK(m.flows[1].carbon_origin == origin::ccs);
    CHECK(*m.processes[0].quality.technological == 1.5);
    CHECK_FALSE(m.processes[0].quality.completeness.has_value());
    CHECK(m.sections.at("pact") == R"({"companyName":"Board Co"})");
    // with another parameter value the formula is re-evaluated
    const auto m2 = with_parameters(m, {{"c_share", parameter_override{0.2}}});
    CHECK(*m2.flows[0].carbon.biogenic == Approx(0.5).epsilon(1e-15));
    // write and read back: the formula text and the section survive
    const auto again = model_from_json(model_to_json(m), "again");
    CHECK(again.flows[0].formulas.at("carbon.biogenic") == "2.5 * c_share");
    CHECK(*again.flows[0].carbon.biogenic == Approx(1.25).epsilon(1e-15));
    CHECK(*again.processes[0].quality.temporal == 3.0);
    CHECK(again.sections.at("pact") == m.sections.at("pact"));
}

TEST_CASE("bad product data and ratings are reported with their paths, all at once") {
    const std::string bad = R"({
      "flows": [{"id": "x", "unit": "kg", "mass_per_unit": -1,
                 "carbon_content": {"fossil": "nope(", "lignin": 2}},
                {"id": "e", "type": "elementary", "unit": "kg", "mass_per_unit": 1}],
      "processes": [{"id": "p", "data_quality": {"technological": 7, "color": 1},
                     "outputs": [{"flow": "x", "amount": 1}]}],
      "pact": []
    })";
    const auto msg = test::message_of<input_error>([&] { (void)parse_model(bad, "bad.json"); });
    CHECK_THAT(msg, Catch::Contains("/flows/0/mass_per_unit"));
    CHECK_THAT(msg, Catch::Contains("/flows/0/carbon_content/fossil"));
    CHECK_THAT(msg, Catch::Contains("lignin"));
    CHECK_THAT(msg, Catch::Contains("apply to product flows only"));
    CHECK_THAT(msg, Catch::Contains("data_quality/technological"));
    CHECK_THAT(msg, Catch::Contains("color"));
    CHECK_THAT(msg, Catch::Contains("/pact"));
}
