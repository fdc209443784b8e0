// SPDX-License-Identifier: Apache-2.0
// The JSON model format: reading, writing, round trip, and error paths.
#include "helpers.hpp"

#include <filesystem>

using namespace cradle;
using Catch::Contains;

TEST_CASE("the bundled example models read and compile") {
    for (const char* name : {"heijungs-suh.json", "copper-wire.json"}) {
        CAPTURE(name);
        const auto m = read_model(std::string(CRADLE_EXAMPLES) + "/models/" + name);
        CHECK_FALSE(m.processes.empty());
        REQUIRE(m.reference);
        const auto sys = compile(m);
        CHECK(sys.A.rows() == static_cast<Eigen::Index>(m.processes.size()));
    }
}

TEST_CASE("write -> read round trip keeps the model and its matrices") {
    const auto m = read_model(std::string(CRADLE_EXAMPLES) + "/models/copper-wire.json");
    const auto path = std::filesystem::temp_directory_path() / "cradle-roundtrip.json";
    write_model(m, path);
    const auto back = read_model(path);
    std::filesystem::remove(path);
    CHECK(back.name == m.name);
    CHECK(back.processes.size() == m.processes.size());
    CHECK(back.processes[3].metadata == m.processes[3].metadata);
    CHECK(back.processes[4].stage == "smelting");
    const auto a = compile(m), b = compile(back);
    CHECK(Eigen::MatrixXd(a.A).isApprox(Eigen::MatrixXd(b.A), 0.0));
    CHECK(Eigen::MatrixXd(a.B).isApprox(Eigen::MatrixXd(b.B), 0.0));
    CHECK(model_to_json(back) == model_to_json(m));
}

TEST_CASE("exchange units default to the flow's unit and convert when given") {
    const auto m = read_model(std::string(CRADLE_EXAMPLES) + "/models/copper-wire.json");
    const auto sys = compile(m);
    const auto mine = *sys.index.find("mine");
    const auto diesel = *sys.index.find("diesel_combustion");
    // 60 L of diesel = 60 / 3.785411784 US gallons (the flow's unit)
    CHECK(sys.A.coeff(static_cast<Eigen::Index>(diesel.value),
                      static_cast<Eigen::Index>(mine.value)) ==
          Catch::Detail::Approx(-60 / 3.785411784).epsilon(1e-15));
    // 1.4 MWh of electricity into the smelter = 1400 kWh
    const auto smelter = *sys.index.find("smelter");
    const auto grid = *sys.index.find("grid_vn");
    CHECK(sys.A.coeff(static_cast<Eigen::Index>(grid.value),
                      static_cast<Eigen::Index>(smelter.value)) ==
          Catch::Detail::Approx(-1400).epsilon(1e-15));
}

TEST_CASE("JSON errors name the file and the JSON path, all at once") {
    const std::string text = R"({
      "format": "cradle-model/1",
      "flows": [{"id": "x", "type": "product", "unit": "kg", "colour": "red"},
                {"id": "y", "type": "service", "unit": "kg"}],
      "processes": [{"id": "p", "outputs": [{"flow": "x", "amount": true}]},
                    {"name": "no id", "outputs": []}],
      "providers": {"x": 3}
    })";
    try {
        (void)parse_model(text, "bad.json");
        FAIL("expected input_error");
    } catch (const input_error& e) {
        const std::string all = e.what();
        CHECK_THAT(all, Contains("bad.json: /flows/0/colour: unknown member 'colour'"));
        CHECK_THAT(
            all, Contains("bad.json: /flows/1/type: 'service' is not one of: product, elementary"));
        CHECK_THAT(
            all,
            Contains("bad.json: /processes/0 (p)/outputs/0/amount: expected a number or a formula, "
                     "got boolean"));
        CHECK_THAT(all, Contains("bad.json: /processes/1/id: required member is missing"));
        CHECK_THAT(all, Contains("bad.json: /providers/x: expected a process id"));
        CHECK(e.problems().size() == 5);
    }
}

TEST_CASE("syntax errors and unreadable files") {
    CHECK_THAT(
        test::message_of<input_error>([] { (void)parse_model("{\"flows\": [", "broken.json"); }),
        Contains("[cradle:json-parse] broken.json: not valid JSON"));
    CHECK_THAT(test::message_of<input_error>([] { (void)read_model("/nonexistent/model.json"); }),
               Contains("[cradle:file-not-readable] /nonexistent/model.json"));
    CHECK_THAT(test::message_of<input_error>([] { (void)parse_model("[1, 2]", "list.json"); }),
               Contains("list.json: /: expected a JSON object"));
    CHECK_THAT(test::message_of<input_error>([] {
                   (void)parse_model(R"({"format": "other/2", "flows": [], "processes": []})",
                                     "f.json");
               }),
               Contains("f.json: /format: unsupported format 'other/2'"));
}

TEST_CASE("copper-wire example: total equals the hand computation in examples/models/README.md") {
    const auto m = read_model(std::string(CRADLE_EXAMPLES) + "/models/copper-wire.json");
    const auto sys = compile(m);
    const auto r = calculate(sys, characterize(sys.index, test::gwps().get("AR6")), factorize(sys),
                             demand_vector(sys, *m.reference));
    const double kwh = 600 + 1.005 * 1400 + 1.005 * 3.6 * 450;
    const double gal = 1.005 * 3.6 * 60 / 3.785411784;
    const double scf = 2500 + 1.005 * 8000;
    const double expected = kwh * 0.48613 + gal * (10.21 + 0.00041 * 29.8 + 0.00008 * 273) +
                            scf * (0.05444 + 0.00000103 * 29.8 + 0.0000001 * 273);
    CHECK(r.total() == Catch::Detail::Approx(expected).epsilon(1e-12));
    CHECK(r.total() == Catch::Detail::Approx(2929.0).epsilon(1e-5)); // as printed in the README
    CHECK(r.impact(climate_indicator::fossil) == Catch::Detail::Approx(expected).epsilon(1e-12));
}
