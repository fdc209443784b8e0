// SPDX-License-Identifier: Apache-2.0
// Parameters and formulas: parsing, evaluation, resolution order and every error case.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;
using Catch::Matchers::Contains;

namespace {

// a two-process chain whose amounts are formulas over parameters
const char* chain = R"json({
  "name": "mine",
  "parameters": [
    {"name": "grade", "default": 0.007, "unit": "t Cu/t ore", "min": 0.001, "max": 0.05},
    {"name": "recovery", "default": 0.9, "min": 0, "max": 1},
    {"name": "ore_per_t", "formula": "1 / (grade * recovery)", "unit": "t ore/t Cu"},
    {"name": "diesel_per_t_ore", "default": 1.5, "unit": "l/t ore", "min": 0},
    {"name": "country", "default": "CL", "choices": ["CL", "PE", "AU"]}
  ],
  "flows": [
    {"id": "cu", "type": "product", "unit": "t"},
    {"id": "diesel", "type": "product", "unit": "l"},
    {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"}
  ],
  "processes": [
    {"id": "mining", "location": "CL", "outputs": [{"flow": "cu", "amount": 1}],
     "inputs": [{"flow": "diesel", "amount": "ore_per_t * diesel_per_t_ore"}]},
    {"id": "diesel_supply", "outputs": [{"flow": "diesel", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": "2.5 + 0 * max(grade, 1)"}]}
  ],
  "functional_unit": {"flow": "cu", "amount": 1}
})json";

double diesel_in(const product_system& m) {
    return m.processes[0].inputs[0].amount;
}

} // namespace

TEST_CASE("formulas: precedence, functions and errors with positions") {
    const std::map<std::string, double> v{{"a", 2}, {"b", 3}, {"zero", 0}};
    CHECK(parse_formula("1 + a * b ^ 2").evaluate(v) == Approx(19));
    CHECK(parse_formula("-a ^ 2").evaluate(v) == Approx(-4));
    CHECK(parse_formula("2 ^ 3 ^ 2").evaluate(v) == Approx(512)); // right-associative
    CHECK(parse_formula("(a + b) / 2 - 1e-1").evaluate(v) == Approx(2.4));
    CHECK(parse_formula("min(a, b, 1) + max(a, b) + abs(-a) + sqrt(4) + pow(b, 2)").evaluate(v) ==
          Approx(1 + 3 + 2 + 2 + 9));
    CHECK(parse_formula("if(zero, 1 / zero, ln(exp(b)))").evaluate(v) == Approx(3));
    CHECK(parse_formula("a * b").names() == std::set<std::string>{"a", "b"});

    CHECK_THAT(test::message_of<formula_error>([&] { (void)parse_formula("a * (b + 1"); }),
               Contains("[cradle:formula-syntax]") && Contains("missing ')'"));
    CHECK_THAT(test::message_of<formula_error>([&] { (void)parse_formula("a ** b"); }),
               Contains("at character 4") && Contains("unexpected '*'"));
    CHECK_THAT(test::message_of<formula_error>([&] { (void)parse_formula("sin(a)"); }),
               Contains("unknown function 'sin'"));
    CHECK_THAT(test::message_of<formula_error>([&] { (void)parse_formula("pow(a)"); }),
               Contains("pow() takes 2"));
    CHECK_THAT(
        test::message_of<formula_error>([&] { (void)parse_formula("a / zero").evaluate(v); }),
        Contains("[cradle:division-by-zero]") && Contains("'a / zero'"));
    CHECK_THAT(test::message_of<formula_error>([&] { (void)parse_formula("a * c").evaluate(v); }),
               Contains("[cradle:unknown-name]") && Contains("'c'"));
    CHECK_THAT(
        test::message_of<formula_error>([&] { (void)parse_formula("ln(zero)").evaluate(v); }),
        Contains("[cradle:not-finite]"));
}

TEST_CASE("a parametric model reads with its defaults evaluated") {
    const auto m = parse_model(chain, "chain.json");
    // hand computation: 1 / (0.007 * 0.9) = 158.730158... t ore per t Cu, x 1.5 l per t ore
    CHECK(diesel_in(m) == Approx(1.5 / (0.007 * 0.9)).epsilon(1e-14));
    CHECK(m.processes[1].elementary[0].amount == Approx(2.5));
    CHECK(m.parameters.size() == 5);
    const auto sys = compile(m);
    const auto r = calculate(sys, characterize(sys.index, test::gwps().get("AR6")), factorize(sys),
                             demand_vector(sys, *m.reference));
    CHECK(r.total() == Approx(2.5 * 1.5 / (0.007 * 0.9)).epsilon(1e-13));
}

TEST_CASE("overrides re-evaluate formulas and round-trip through JSON") {
    const auto m = parse_model(chain, "chain.json");
    const auto v = resolve_parameters(m, {{"grade", 0.01}, {"diesel_per_t_ore", std::string("2")}});
    CHECK(v.numbers.at("ore_per_t") == Approx(1 / (0.01 * 0.9)));
    CHECK(v.texts.at("country") == "CL");
    const auto m2 = apply_parameters(m, v);
    CHECK(diesel_in(m2) == Approx(2 / (0.01 * 0.9)).epsilon(1e-14));
    CHECK(diesel_in(m) == Approx(1.5 / (0.007 * 0.9)).epsilon(1e-14)); // input untouched
    // the evaluated model keeps its formulas and the values it was evaluated with
    const auto back = parse_model(model_to_json(m2).dump(), "round-trip");
    CHECK(back.processes[0].inputs[0].formulas.amount == "ore_per_t * diesel_per_t_ore");
    CHECK(diesel_in(back) == Approx(diesel_in(m2)).epsilon(1e-15));
}

TEST_CASE("provider and co-product method templates") {
    auto doc = nlohmann::json::parse(chain);
    doc["processes"][0]["inputs"][0]["provider"] = "diesel_{country}";
    doc["processes"][1]["id"] = "diesel_CL";
    doc["processes"][1]["coproduct_method"] = "{method}";
    doc["parameters"].push_back({{"name", "method"}, {"default", "mass"}});
    const auto m = model_from_json(doc, "t.json");
    CHECK(m.processes[0].inputs[0].provider == "diesel_CL");
    CHECK(m.processes[1].method == coproduct_method::mass);
    const auto pe = with_parameters(m, {{"country", std::string("PE")}});
    CHECK(pe.processes[0].inputs[0].provider == "diesel_PE");
    CHECK_THAT(test::message_of<model_error>([&] {
                   (void)with_parameters(m, {{"method", std::string("volume")}});
               }),
               Contains("coproduct_method 'volume' is not one of"));
}

TEST_CASE("parameter errors are reported all at once, naming the culprit") {
    const auto m = parse_model(chain, "chain.json");
    const auto msg = test::message_of<model_error>([&] {
        (void)resolve_parameters(m, {{"recovery", 1.3},
                                     {"diesel_per_t_ore", -1.0},
                                     {"grde", 0.01},
                                     {"ore_per_t", 100.0},
                                     {"country", std::string("XX")},
                                     {"grade", std::string("lots")}});
    });
    CHECK_THAT(msg, Contains("6 problems"));
    CHECK_THAT(msg, Contains("parameter 'recovery' = 1.3 is outside its range [0, 1]"));
    CHECK_THAT(msg,
               Contains("parameter 'diesel_per_t_ore' = -1 l/t ore is outside its range [0, inf]"));
    CHECK_THAT(msg, Contains("no parameter 'grde'") && Contains("closest: grade"));
    CHECK_THAT(msg, Contains("[cradle:computed-parameter] parameter 'ore_per_t'"));
    CHECK_THAT(msg, Contains("'XX' is not one of: CL, PE, AU"));
    CHECK_THAT(msg, Contains("parameter 'grade' takes a number, got 'lots'"));
}

TEST_CASE("circular definitions, unknown names and division by zero in a model") {
    auto doc = nlohmann::json::parse(chain);
    doc["parameters"].push_back({{"name", "a"}, {"formula", "b + 1"}});
    doc["parameters"].push_back({{"name", "b"}, {"formula", "c * 2"}});
    doc["parameters"].push_back({{"name", "c"}, {"formula", "a"}});
    CHECK_THAT(test::message_of<model_error>([&] { (void)model_from_json(doc, "loop.json"); }),
               Contains("[cradle:circular-parameter]") && Contains("loop.json") &&
                   Contains("a -> b -> c -> a"));

    doc = nlohmann::json::parse(chain);
    doc["processes"][0]["inputs"][0]["amount"] = "ore_per_t * diesel_per_ore";
    doc["processes"][1]["elementary"][0]["amount"] = "2.5 / (recovery - 0.9)";
    const auto msg = test::message_of<model_error>([&] { (void)model_from_json(doc, "m.json"); });
    CHECK_THAT(msg, Contains("m.json: process 'mining' input 'diesel' amount") &&
                        Contains("unknown name 'diesel_per_ore'"));
    CHECK_THAT(msg, Contains("process 'diesel_supply' elementary flow 'co2' amount") &&
                        Contains("[cradle:division-by-zero]"));

    doc = nlohmann::json::parse(chain);
    doc["processes"][0]["inputs"][0]["amount"] = "ore_per_t *";
    doc["parameters"][0].erase("default");
    CHECK_THAT(test::message_of<input_error>([&] { (void)model_from_json(doc, "s.json"); }),
               Contains("/processes/0 (mining)/inputs/0/amount") && Contains("formula-syntax") &&
                   Contains("/parameters/0 (grade)/default"));
}
