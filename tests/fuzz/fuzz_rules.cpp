// libFuzzer harness: product rules (analysis/rules.hpp). The input is read as a rules file and,
// when it reads, checked against a small two-process model whose "pact" metadata section is the
// same input (so hostile classifications, exempted shares and reference periods reach the
// checks too).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <cstdint>
#include <string>

namespace {
const char* const model_text = R"({
  "flows": [
    {"id": "p", "type": "product", "unit": "t"},
    {"id": "by", "type": "product", "unit": "t"},
    {"id": "ore", "type": "product", "unit": "t"},
    {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"},
    {"id": "ch4", "type": "elementary", "unit": "kg", "substance": "CH4"}
  ],
  "processes": [
    {"id": "make", "stage": "plant", "tags": ["primary"], "coproduct_method": "mass",
     "data_quality": {"technological": 2, "geographical": 1, "temporal": 3},
     "outputs": [{"flow": "p", "amount": 1}, {"flow": "by", "amount": 1}],
     "inputs": [{"flow": "ore", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 4}]},
    {"id": "mine", "stage": "mine", "outputs": [{"flow": "ore", "amount": 1}],
     "elementary": [{"flow": "ch4", "amount": 0.5}]}
  ],
  "functional_unit": {"flow": "p", "amount": 1, "unit": "t"}
})";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const cradle::gwp_table gwps = cradle::load_gwp_table(CRADLE_FUZZ_GWP_FILE);
    const std::string text(reinterpret_cast<const char*>(data), size);
    cradle::rules::rule_set r;
    try {
        r = cradle::rules::parse_rules(text, "fuzz.json");
    } catch (const cradle::error&) {
        return 0;
    }
    (void)cradle::rules::pact_rule_entry(r);
    cradle::product_system m = cradle::parse_model(model_text, "model.json");
    m.sections["pact"] = text;
    try {
        const auto rows = cradle::rules::check_model(r, m, gwps.get("AR6"), 2026);
        (void)cradle::rules::passed(rows);
    } catch (const cradle::error&) {
    }
    return 0;
}
