// libFuzzer harness: formulas, units, parameters and templates (the `--set` path).
// Input: line 1 is a formula (also tried as a unit), each further line "name=value" sets a
// parameter of a small parametric model whose amounts, provider template and co-product method
// use them.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <cstdint>
#include <sstream>
#include <string>

namespace {
cradle::product_system model_with(const std::string& formula) {
    cradle::product_system m;
    auto num = [](const char* n, double v) {
        cradle::parameter p;
        p.name = n;
        p.value = v;
        p.min = -1e6;
        p.max = 1e6;
        return p;
    };
    m.parameters = {num("a", 2), num("b", 3), num("c", 0.5)};
    cradle::parameter t;
    t.name = "country";
    t.is_text = true;
    t.text = "VN";
    t.choices = {"VN", "DE", "{a}"};
    m.parameters.push_back(t);
    cradle::parameter f;
    f.name = "computed";
    f.formula = formula;
    m.parameters.push_back(f);
    cradle::flow p;
    p.id = "p";
    p.ref_unit = cradle::parse_unit("kg");
    m.flows = {p};
    cradle::process pr;
    pr.id = "maker";
    cradle::exchange out = cradle::make_exchange("p", 1, cradle::parse_unit("kg"));
    out.formulas.amount = formula;
    pr.outputs = {out};
    cradle::exchange in = cradle::make_exchange("p", 0, cradle::parse_unit("kg"));
    in.formulas.amount = "computed * c";
    in.formulas.provider = "grid/{country}/{a}";
    pr.inputs = {in};
    pr.method_template = "{country}";
    m.processes = {pr};
    return m;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::string formula;
    std::getline(in, formula);
    try {
        (void)cradle::parse_formula(formula).evaluate({{"a", 2.0}, {"b", -1.0}});
    } catch (const cradle::error&) {
    }
    try {
        (void)cradle::parse_unit(formula);
    } catch (const cradle::error&) {
    }
    std::map<std::string, cradle::parameter_override> set;
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        set[line.substr(0, eq)] = line.substr(eq + 1);
    }
    try {
        (void)cradle::with_parameters(model_with(formula), set);
    } catch (const cradle::error&) {
    }
    return 0;
}
