// SPDX-License-Identifier: Apache-2.0
// Hostile formulas end in a formula_error, never in a crash: nesting and length limits, numbers
// parsed in place, evaluation without recursion, lazy if(). (Issue 11, finding 1.)
#include "helpers.hpp"

using namespace cradle;
using Catch::Matchers::Contains;

namespace {
std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}
std::string pname(int i) { // (not "p" + to_string: GCC 12 warns falsely, -Wrestrict)
    std::string s(1, 'p');
    s += std::to_string(i);
    return s;
}
std::string id_of(const std::string& text) {
    try {
        (void)parse_formula(text).evaluate({});
    } catch (const formula_error& e) {
        return e.id();
    }
    return "no error";
}
} // namespace

TEST_CASE("deep nesting is refused at the limit, accepted below it") {
    // 20,000 nested parentheses crashed the recursive parser (SIGSEGV)
    CHECK(id_of(repeat("(", 20000) + "1" + repeat(")", 20000)) == "formula-too-deep");
    CHECK(id_of(repeat("-", 5000) + "1") == "formula-too-deep");  // unary chain
    CHECK(id_of(repeat("2^", 5000) + "1") == "formula-too-deep"); // right-associative power
    CHECK(id_of(repeat("abs(", 5000) + "1" + repeat(")", 5000)) == "formula-too-deep");
    // 100 levels is fine: (((1))) ... = 1
    CHECK(parse_formula(repeat("(", 100) + "1" + repeat(")", 100)).evaluate({}) == 1.0);
    const auto msg = test::message_of<formula_error>(
        [] { (void)parse_formula(repeat("(", 1000) + "1" + repeat(")", 1000)); });
    CHECK_THAT(msg, Contains("nested more than 256 levels deep") && Contains("(2001 characters)"));
    CHECK(msg.size() < 300); // the formula is quoted by its start only
}

TEST_CASE("long flat formulas evaluate without recursion; the length is bounded") {
    // 16,000 terms: 1.5 + 1.5 + ... = 24,000 exactly (sums of 1.5 are exact in binary); a
    // recursive evaluation needs one frame per term
    const std::string sum = "1.5" + repeat("+1.5", 15999);
    CHECK(sum.size() < formula_max_length);
    CHECK(parse_formula(sum).evaluate({}) == 24000.0);
    const std::string product = "x" + repeat("*x", 20000); // 1^20001 = 1, a 40 KB chain
    CHECK(parse_formula(product).evaluate({{"x", 1.0}}) == 1.0);
    CHECK(id_of("1" + repeat("+1", 40000)) == "formula-too-long"); // 80,001 characters
}

TEST_CASE("numbers are read in place: range and syntax errors") {
    CHECK(id_of("1e400") == "formula-syntax"); // out of range, not inf
    CHECK_THAT(test::message_of<formula_error>([] { (void)parse_formula("2 * 1e400"); }),
               Contains("number out of range"));
    CHECK(id_of("0x10") == "formula-syntax"); // no hexadecimal (strtod read this as 16)
    CHECK(parse_formula(".5 + 2.5e-1 + 1E1").evaluate({}) == 10.75);
}

TEST_CASE("if() takes only the branch it selects, as lazily as before") {
    CHECK(parse_formula("if(0, 1/0, 2)").evaluate({}) == 2.0);
    CHECK(parse_formula("if(1, 3, unknown_name)").evaluate({}) == 3.0);
    CHECK(id_of("if(1, 1/0, 2)") == "division-by-zero");
    CHECK(id_of("if(nope, 1, 2)") == "unknown-name");
    CHECK(id_of("1 + if(0, 1, 1/0)") == "division-by-zero");
    // a failure under a function or an operator is passed up
    CHECK(id_of("max(1, 2, 3/0)") == "division-by-zero");
    CHECK(parse_formula("min(4, 2, 8) + max(1, 5) * pow(2, 3)").evaluate({}) == 42.0);
}

TEST_CASE("a chain of 5,000 computed parameters resolves without recursion") {
    product_system m;
    parameter p0;
    p0.name = "p0";
    p0.value = 0.0;
    m.parameters.push_back(p0);
    for (int i = 1; i <= 5000; ++i) {
        parameter p;
        p.name = pname(i);
        p.formula = pname(i - 1) + " + 1";
        m.parameters.push_back(p);
    }
    std::reverse(m.parameters.begin(), m.parameters.end()); // worst order for a depth-first walk
    const auto v = resolve_parameters(m);
    CHECK(v.numbers.at("p5000") == 5000.0);
    // and a cycle in a long chain is still one problem, named
    m.parameters.back().formula = "p5000 - 5000"; // p0 (now last) depends on p5000
    m.parameters.back().value = 0;
    const auto msg = test::message_of<model_error>([&] { (void)resolve_parameters(m); });
    CHECK_THAT(msg, Contains("[cradle:circular-parameter]") || Contains("circular definition"));
}
