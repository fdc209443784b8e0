// SPDX-License-Identifier: Apache-2.0
// Every bad-input path: a clear error with a stable id that names the culprit.
#include "helpers.hpp"

#include <limits>

using namespace cradle;
using Catch::Contains;

namespace {
product_system two_process() {
    product_system s;
    s.flows = {test::product("copper", "t"), test::product("electricity", "kWh"),
               test::emission("co2", "CO2")};
    process smelter;
    smelter.id = "smelter";
    smelter.outputs = {test::ex("copper", 1, "t")};
    smelter.inputs = {test::ex("electricity", 3000, "kWh")};
    process grid;
    grid.id = "grid";
    grid.outputs = {test::ex("electricity", 1, "kWh")};
    grid.elementary = {test::ex("co2", 0.5)};
    s.processes = {smelter, grid};
    return s;
}
} // namespace

TEST_CASE("unlinked input names the process and the product") {
    auto s = two_process();
    s.processes.pop_back();
    const auto msg = test::message_of<model_error>([&] { (void)compile(s); });
    CHECK_THAT(msg, Contains("[cradle:unlinked-input]") && Contains("process 'smelter'") &&
                        Contains("input 'electricity'"));
}

TEST_CASE("a product with several providers and no rule is ambiguous; a rule fixes it") {
    auto s = two_process();
    auto solar = s.processes[1];
    solar.id = "solar";
    s.processes.push_back(solar);
    const auto msg = test::message_of<model_error>([&] { (void)compile(s); });
    CHECK_THAT(msg, Contains("[cradle:ambiguous-provider]") && Contains("process 'smelter'") &&
                        Contains("'grid'") && Contains("'solar'"));
    s.providers["electricity"] = "solar";
    CHECK_NOTHROW(compile(s));
    s.providers["electricity"] = "wind";
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("[cradle:unknown-provider]") && Contains("'wind'"));
}

TEST_CASE("a singular technosphere names the processes involved") {
    // two processes that each consume exactly what the other makes: no net output
    product_system s;
    s.flows = {test::product("a"), test::product("b")};
    process pa;
    pa.id = "maker_a";
    pa.outputs = {test::ex("a", 1)};
    pa.inputs = {test::ex("b", 1)};
    process pb;
    pb.id = "maker_b";
    pb.outputs = {test::ex("b", 1)};
    pb.inputs = {test::ex("a", 1)};
    s.processes = {pa, pb};
    const auto sys = compile(s);
    try {
        (void)factorize(sys);
        FAIL("expected solver_error");
    } catch (const solver_error& e) {
        CHECK((e.id() == "singular-technosphere" || e.id() == "near-singular-technosphere"));
        CHECK_THAT(e.what(), Contains("'maker_a'") && Contains("'maker_b'"));
        CHECK(e.processes().size() == 2);
    }
}

TEST_CASE("a nearly singular technosphere is refused, naming the processes") {
    product_system s;
    s.flows = {test::product("a"), test::product("b"), test::product("c")};
    process pa, pb, pc;
    pa.id = "maker_a";
    pa.outputs = {test::ex("a", 1)};
    pa.inputs = {test::ex("b", 1)};
    pb.id = "maker_b";
    pb.outputs = {test::ex("b", 1)};
    pb.inputs = {test::ex("a", 1 - 1e-15)};
    pc.id = "maker_c";
    pc.outputs = {test::ex("c", 1)};
    s.processes = {pa, pb, pc};
    const auto sys = compile(s);
    try {
        (void)factorize(sys);
        FAIL("expected solver_error");
    } catch (const solver_error& e) {
        CHECK(e.id() == "near-singular-technosphere");
        CHECK_THAT(e.what(), Contains("'maker_a'") && Contains("'maker_b'"));
        CHECK_THAT(e.what(), !Contains("maker_c"));
    }
}

TEST_CASE("zero or negative reference output") {
    auto s = two_process();
    s.processes[1].outputs[0].amount = 0;
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("[cradle:bad-reference-output]") && Contains("process 'grid'") &&
                   Contains("'electricity'"));
    s.processes[1].outputs[0].amount = -2;
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("bad-reference-output") && Contains("must be positive, got -2"));
}

TEST_CASE("NaN or infinite amounts") {
    auto s = two_process();
    s.processes[0].inputs[0].amount = std::numeric_limits<double>::quiet_NaN();
    s.processes[1].elementary[0].amount = std::numeric_limits<double>::infinity();
    try {
        (void)compile(s);
        FAIL("expected model_error");
    } catch (const model_error& e) {
        // bulk validation: both problems reported at once
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].id == "invalid-amount");
        CHECK_THAT(e.problems()[0].message, Contains("process 'smelter' input 'electricity'"));
        CHECK_THAT(e.problems()[1].message, Contains("process 'grid' elementary flow 'co2'"));
        CHECK_THAT(e.what(), Contains("2 problems"));
    }
}

TEST_CASE("an infinite amount in a JSON file is refused at reading") {
    const std::string text = R"({"flows": [{"id": "x", "type": "product", "unit": "kg"}],
        "processes": [{"id": "p", "outputs": [{"flow": "x", "amount": 1e999}]}]})";
    CHECK_THAT(test::message_of<input_error>([&] { (void)parse_model(text, "inf.json"); }),
               Contains("[cradle:json-parse] inf.json") && Contains("1e999"));
}

TEST_CASE("unknown units, named with the file and JSON path") {
    const std::string text = R"({"flows": [{"id": "x", "type": "product", "unit": "kilogramz"}],
        "processes": [{"id": "p", "outputs": [{"flow": "x", "amount": 1, "unit": "ton"}]}]})";
    try {
        (void)parse_model(text, "units.json");
        FAIL("expected input_error");
    } catch (const input_error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].id == "unknown-unit");
        CHECK_THAT(e.problems()[0].message,
                   Contains("units.json: /flows/0/unit") && Contains("kilogramz"));
        CHECK_THAT(e.problems()[1].message,
                   Contains("units.json: /processes/0 (p)/outputs/0/unit") &&
                       Contains("ambiguous"));
    }
}

TEST_CASE("a unit of the wrong dimension is an error, never a silent factor") {
    auto s = two_process();
    s.processes[0].inputs[0].amount_unit = parse_unit("L");
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("[cradle:incompatible-unit]") &&
                   Contains("process 'smelter' input 'electricity'") && Contains("'L' (volume)") &&
                   Contains("'kWh' (energy)"));
    // a GHG measured by volume cannot be characterized
    auto v = two_process();
    v.flows[2].ref_unit = parse_unit("m3");
    v.processes[1].elementary[0].amount_unit = parse_unit("m3");
    const auto sys = compile(v);
    CHECK_THAT(test::message_of<model_error>(
                   [&] { (void)characterize(sys.index, test::gwps().get("AR6")); }),
               Contains("incompatible-unit") && Contains("'co2'") && Contains("mass unit"));
}

TEST_CASE("elementary flows without a factor are reported in the result, not dropped") {
    auto s = two_process();
    s.flows.push_back(test::emission("pm25", "PM2.5"));
    s.processes[1].elementary.push_back(test::ex("pm25", 0.001));
    const auto sys = compile(s);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    REQUIRE(ch.uncharacterized.size() == 1);
    const auto r = calculate(sys, ch, factorize(sys),
                             demand_vector(sys, {"smelter", "copper", 1, parse_unit("t"), {}}));
    REQUIRE(r.uncharacterized.size() == 1);
    CHECK(sys.index.elementary(r.uncharacterized[0]).id == "pm25");
    CHECK(r.inventory(1) == Catch::Detail::Approx(3.0)); // 3000 kWh * 0.001 kg
    CHECK(r.total() == Catch::Detail::Approx(1500.0));   // 3000 kWh * 0.5 kg CO2
}

TEST_CASE("other model errors: unknown flows, wrong kinds, co-products without a method") {
    auto s = two_process();
    s.processes[0].inputs.push_back(test::ex("steel", 1));
    s.processes[0].elementary.push_back(test::ex("electricity", 1, "kWh"));
    s.processes[1].outputs.push_back(test::ex("copper", 1, "t"));
    s.processes.push_back(s.processes[1]);
    try {
        (void)compile(s);
        FAIL("expected model_error");
    } catch (const model_error& e) {
        std::string all = e.what();
        CHECK_THAT(all, Contains("[cradle:unknown-flow] process 'smelter' input 'steel'"));
        // an unknown flow is reported once, not again as an unlinked input
        CHECK_THAT(all, !Contains("[cradle:unlinked-input] process 'smelter' input 'steel'"));
        CHECK_THAT(
            all,
            Contains("[cradle:wrong-flow-kind] process 'smelter' elementary flow 'electricity'"));
        CHECK_THAT(all, Contains("[cradle:coproduct-method-missing] process 'grid'"));
        CHECK_THAT(all, Contains("[cradle:duplicate-id] process id 'grid'"));
    }
}

TEST_CASE("allocation inconsistencies") {
    auto s = two_process();
    s.processes[1].outputs.push_back(test::ex("copper", 1, "t"));
    s.processes[1].method = coproduct_method::mass;
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("allocation-unit") && Contains("process 'grid' output 'electricity'"));
    s.processes[1].method = coproduct_method::factors;
    s.processes[1].outputs[0].allocation_factor = 0.7;
    s.processes[1].outputs[1].allocation_factor = 0.7;
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("allocation-factor") && Contains("allocation factors sum to 1.4, not 1"));
    s.processes[1].method = coproduct_method::economic;
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("allocation-price") && Contains("process 'grid'"));
}

TEST_CASE("functional unit errors") {
    const auto sys = compile(two_process());
    CHECK_THAT(test::message_of<model_error>([&] {
                   (void)demand_vector(sys, {"mine", "copper", 1, parse_unit("t"), {}});
               }),
               Contains("unknown-reference") && Contains("'mine'"));
    CHECK_THAT(test::message_of<unit_error>([&] {
                   (void)demand_vector(sys, {"smelter", "copper", 1, parse_unit("kWh"), {}});
               }),
               Contains("incompatible-unit") && Contains("smelter"));
}

TEST_CASE("every cradle exception is a cradle::error with its id first") {
    try {
        (void)parse_unit("furlong");
    } catch (const error& e) {
        CHECK(e.id() == "unknown-unit");
        CHECK(std::string(e.what()).rfind("[cradle:unknown-unit] ", 0) == 0);
        CHECK(e.message() == "unknown unit 'furlong'");
    }
}
