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

// parse_model reads "processes" while the text streams by (io/detail/json_stream.hpp); it must give
// what reading the whole parsed document gives: the same model, or the same problems in the same
// order. Compared on every bundled model and fuzz seed, on each with "processes" moved before
// "flows" (its elements then wait for the flows), and on documents built to reach every branch.
namespace {
std::string outcome_streamed(const std::string& text) {
    try {
        return model_to_json(parse_model(text, "m.json")).dump();
    } catch (const cradle::error& e) {
        return std::string("error: ") + e.what();
    }
}
std::string outcome_whole(const std::string& text) {
    try {
        return model_to_json(model_from_json(nlohmann::json::parse(text), "m.json")).dump();
    } catch (const cradle::error& e) {
        return std::string("error: ") + e.what();
    }
}
} // namespace

TEST_CASE("parse_model streams the processes and reads what the whole document reads") {
    std::vector<std::filesystem::path> files;
    for (const auto& dir : {std::filesystem::path(CRADLE_EXAMPLES),
                            std::filesystem::path(CRADLE_TEST_DATA) / ".." / "fuzz" / "seeds"})
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            if (e.path().extension() == ".json" &&
                cradle::read_text_file(e.path()).find("\"processes\"") != std::string::npos)
                files.push_back(e.path());
    REQUIRE(files.size() >= 14);
    std::size_t models = 0;
    for (const auto& f : files) {
        CAPTURE(f.string());
        const std::string text = cradle::read_text_file(f);
        const std::string whole = outcome_whole(text);
        CHECK(outcome_streamed(text) == whole);
        models += whole.rfind("error: ", 0) != 0 ? 1 : 0;
        // the same members, "processes" first: every element waits for "flows"
        const auto doc = nlohmann::ordered_json::parse(text);
        if (!doc.is_object() || !doc.contains("processes")) continue;
        nlohmann::ordered_json first = nlohmann::ordered_json::object();
        first["processes"] = doc["processes"];
        for (const auto& [k, v] : doc.items())
            if (k != "processes") first[k] = v;
        CHECK(outcome_streamed(first.dump()) == whole);
    }
    CHECK(models >= 12); // the comparison is of models, not only of errors
}

TEST_CASE("parse_model streaming: repeated members, bad elements and problems keep their order") {
    const std::string flows =
        R"("flows": [{"id": "steel", "type": "product", "unit": "kg"},
                     {"id": "CO2", "type": "elementary", "unit": "kg", "substance": "CO2"}])";
    const std::string good =
        R"([{"id": "mill", "outputs": [{"flow": "steel", "amount": 1}],
             "elementary": [{"flow": "CO2", "amount": 2, "unit": "t"}]}])";
    const std::string bad =
        R"([{"id": "mill", "outputs": [{"flow": "steel", "amount": true}], "colour": 1}, 7,
            {"id": "oven", "outputs": [{"flow": "steel", "amount": 1, "unit": "parsec"}]}])";
    const std::vector<std::string> docs = {
        "{" + flows + R"(, "processes": )" + good + "}",
        "{" + flows + R"(, "processes": )" + bad + "}",
        R"({"processes": )" + bad + ", " + flows + "}",
        // repeated "processes": the last one wins, whatever the first was
        "{" + flows + R"(, "processes": )" + bad + R"(, "processes": )" + good + "}",
        "{" + flows + R"(, "processes": )" + good + R"(, "processes": )" + bad + "}",
        "{" + flows + R"(, "processes": )" + good + R"(, "processes": {"id": "mill"}})",
        "{" + flows + R"(, "processes": )" + good + R"(, "processes": 3})",
        // "flows" again after processes were read with the first: the last "flows" wins
        "{" + flows + R"(, "processes": )" + good + R"(, "flows": [{"id": "steel", "type":
            "product", "unit": "t"}, {"id": "CO2", "type": "elementary", "unit": "g"}]})",
        R"({"flows": 5, "processes": )" + good + "}",
        R"({"processes": )" + good + "}",
        R"({"processes": [], "processes": )" + good + ", " + flows + "}",
        R"({"processes": [[{"id": "x"}], "mill", null, true, 1.5, -2, {}]})",
        R"([{"processes": []}])",
        R"("processes")",
        // hostile nesting inside a streamed element (no recursion in the builder or the reader)
        "{" + flows + R"(, "processes": [{"id": "mill", "tags": )" + std::string(100000, '[') +
            std::string(100000, ']') + R"(, "outputs": [{"flow": "steel", "amount": 1}]}]})",
    };
    for (const auto& d : docs) {
        CAPTURE(d);
        const std::string whole = outcome_whole(d);
        CHECK(outcome_streamed(d) == whole);
    }
    // the bad document's problems, in the document's order
    const std::string msg = outcome_streamed("{" + flows + R"(, "processes": )" + bad + "}");
    const auto at = [&](const char* s) { return msg.find(s); };
    CHECK(at("/processes/0 (mill)/colour") < at("/processes/0 (mill)/outputs/0/amount"));
    CHECK(at("/processes/0 (mill)/outputs/0/amount") < at("/processes/1: expected an object"));
    CHECK(at("/processes/1: expected an object") < at("/processes/2 (oven)/outputs/0/unit"));
    CHECK(at("/processes/2 (oven)/outputs/0/unit") != std::string::npos);
}

TEST_CASE("parse_model streaming: a syntax error names the line and column, as before") {
    const std::string text = "{\"flows\": [],\n \"processes\": [{\"id\": \"a\"},\n {\"id\": tru}]}";
    const std::string msg = outcome_streamed(text);
    CHECK_THAT(msg, Contains("[cradle:json-parse]") && Contains("m.json: not valid JSON") &&
                        Contains("line 3, column"));
    try {
        const auto doc = nlohmann::json::parse(text);
        FAIL("the text is not JSON");
    } catch (const nlohmann::json::exception& e) {
        CHECK_THAT(msg, Contains(detail::json_error_text(e)));
    }
}
