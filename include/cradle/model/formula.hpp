// cradle — arithmetic formulas for parameterised models ("ore_per_t * diesel_per_t_ore").
// SPDX-License-Identifier: Apache-2.0
//
// A formula is parsed once into an immutable expression (a flat vector of nodes) and evaluated
// against named values. Grammar (usual precedence, ^ right-associative):
//   expr   := term (('+' | '-') term)*
//   term   := unary (('*' | '/') unary)*
//   unary  := ('-' | '+') unary | power
//   power  := atom ('^' unary)?
//   atom   := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
// Functions: min, max, abs, sqrt, exp, ln, log10, pow, if(cond, a, b) (cond != 0 → a).
//
// Limits (hostile input must end in a formula_error, never a crash): a formula is at most
// formula_max_length characters and nests at most formula_max_depth levels (parentheses,
// unary signs, powers, calls); parsing is linear in the length and evaluation runs without
// recursion.
#pragma once

#include "cradle/error.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cradle {

/// Longest formula accepted, in characters ("formula-too-long").
inline constexpr std::size_t formula_max_length = 65536;
/// Deepest nesting accepted ("formula-too-deep").
inline constexpr std::size_t formula_max_depth = 256;

namespace detail {
/// A formula as quoted in messages: whole if short, else its start and its length.
[[nodiscard]] inline std::string quote_formula(std::string_view f) {
    std::string out(1, '\'');
    if (f.size() <= 200) {
        out.append(f);
        out.push_back('\'');
        return out;
    }
    out.append(f.substr(0, 60));
    out.append("...' (");
    out.append(std::to_string(f.size()));
    out.append(" characters)");
    return out;
}
} // namespace detail

/// Raised by parse_formula / evaluate; the message quotes the formula and the position.
class formula_error : public error {
  public:
    using error::error;
};

class expression {
  public:
    enum class op : std::uint8_t { number, name, neg, add, sub, mul, div, pow, call };
    struct node {
        op kind{op::number};
        double value{0.0};
        std::string name;              ///< op::name and op::call
        std::vector<std::size_t> args; ///< operands (indices into nodes)
    };

    expression() = default;
    expression(std::string text, std::vector<node> nodes, std::size_t root)
        : text_(std::move(text)), nodes_(std::move(nodes)), root_(root) {}

    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }

    /// Every name the formula reads (not function names).
    [[nodiscard]] std::set<std::string> names() const {
        std::set<std::string> out;
        for (const auto& n : nodes_)
            if (n.kind == op::name) out.insert(n.name);
        return out;
    }

    /// Value with every name looked up in `values`; throws formula_error ("unknown-name",
    /// "division-by-zero", "not-finite").
    ///
    /// Evaluated without recursion: the parser stores every operand before its operator, so one
    /// sweep in node order computes each node from values already known. A failure (unknown
    /// name, division by zero) is recorded in the node and passed up; `if` takes only the
    /// branch it selects, so a failure in the branch not taken has no effect, as if that branch
    /// had never been evaluated.
    [[nodiscard]] double evaluate(const std::map<std::string, double>& values) const {
        if (nodes_.empty()) throw formula_error("formula-syntax", "empty formula");
        std::vector<double> v(nodes_.size(), 0.0);
        std::vector<std::uint32_t> fault(nodes_.size(), 0); // 0: fine, else 1 + the failing node
        for (std::size_t i = 0; i <= root_; ++i) {
            const node& n = nodes_[i];
            std::uint32_t f = 0;
            if (n.kind == op::call && n.name == "if") {
                const std::size_t c = n.args[0];
                const std::size_t pick = fault[c] ? c : (v[c] != 0.0 ? n.args[1] : n.args[2]);
                v[i] = v[pick];
                fault[i] = fault[pick];
                continue;
            }
            for (auto k : n.args)
                if (fault[k] != 0) {
                    f = fault[k];
                    break;
                }
            if (f != 0) {
                fault[i] = f;
                continue;
            }
            switch (n.kind) {
            case op::number:
                v[i] = n.value;
                break;
            case op::name: {
                auto it = values.find(n.name);
                if (it == values.end())
                    fault[i] = static_cast<std::uint32_t>(i + 1);
                else
                    v[i] = it->second;
                break;
            }
            case op::neg:
                v[i] = -v[n.args[0]];
                break;
            case op::add:
                v[i] = v[n.args[0]] + v[n.args[1]];
                break;
            case op::sub:
                v[i] = v[n.args[0]] - v[n.args[1]];
                break;
            case op::mul:
                v[i] = v[n.args[0]] * v[n.args[1]];
                break;
            case op::div:
                if (v[n.args[1]] == 0.0)
                    fault[i] = static_cast<std::uint32_t>(i + 1);
                else
                    v[i] = v[n.args[0]] / v[n.args[1]];
                break;
            case op::pow:
                v[i] = std::pow(v[n.args[0]], v[n.args[1]]);
                break;
            case op::call:
                v[i] = call(n, v);
                break;
            }
        }
        if (const std::uint32_t f = fault[root_]; f != 0) {
            const node& bad = nodes_[f - 1];
            if (bad.kind == op::name)
                throw formula_error("unknown-name", quoted() + ": unknown name '" + bad.name + "'");
            throw formula_error("division-by-zero",
                                quoted() + ": division by zero (the divisor is 0)");
        }
        const double r = v[root_];
        if (!std::isfinite(r))
            throw formula_error("not-finite", quoted() + " is not a finite number");
        return r;
    }

    /// The formula as quoted in messages: whole if short, else its start and its length.
    [[nodiscard]] std::string quoted() const { return detail::quote_formula(text_); }

  private:
    static double call(const node& n, const std::vector<double>& v) {
        const auto a = [&](std::size_t k) { return v[n.args[k]]; };
        if (n.name == "min" || n.name == "max") {
            double m = a(0);
            for (std::size_t k = 1; k < n.args.size(); ++k)
                m = n.name == "min" ? std::min(m, a(k)) : std::max(m, a(k));
            return m;
        }
        if (n.name == "abs") return std::abs(a(0));
        if (n.name == "sqrt") return std::sqrt(a(0));
        if (n.name == "exp") return std::exp(a(0));
        if (n.name == "ln") return std::log(a(0));
        if (n.name == "log10") return std::log10(a(0));
        return std::pow(a(0), a(1)); // "pow"; arity checked when parsed
    }

    std::string text_;
    std::vector<node> nodes_;
    std::size_t root_{0};
};

namespace detail {

class formula_parser {
  public:
    explicit formula_parser(std::string_view text) : s_(text) {}

    expression parse() {
        if (s_.size() > formula_max_length)
            throw formula_error("formula-too-long",
                                "formula of " + std::to_string(s_.size()) +
                                    " characters (at most " + std::to_string(formula_max_length) +
                                    "): '" + std::string(s_.substr(0, 40)) + "...'");
        skip();
        if (pos_ >= s_.size()) fail("empty formula");
        const std::size_t root = expr();
        skip();
        if (pos_ < s_.size()) fail("unexpected '" + std::string(1, s_[pos_]) + "'");
        return expression(std::string(s_), std::move(nodes_), root);
    }

  private:
    using op = expression::op;

    /// The formula as quoted in messages: whole if short, else its start.
    [[nodiscard]] std::string quoted() const { return quote_formula(s_); }
    [[noreturn]] void fail(const std::string& what, const char* id = "formula-syntax") const {
        throw formula_error(id,
                            quoted() + " at character " + std::to_string(pos_ + 1) + ": " + what);
    }
    /// Counts one nesting level for the rest of the enclosing scope (expr and unary recurse).
    struct nesting {
        formula_parser& p;
        explicit nesting(formula_parser& parser) : p(parser) {
            if (++p.depth_ > formula_max_depth)
                p.fail("nested more than " + std::to_string(formula_max_depth) + " levels deep",
                       "formula-too-deep");
        }
        ~nesting() { --p.depth_; }
        nesting(const nesting&) = delete;
        nesting& operator=(const nesting&) = delete;
    };
    void skip() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
            ++pos_;
    }
    bool eat(char c) {
        skip();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::size_t add(op k, std::vector<std::size_t> args, double v = 0.0, std::string name = {}) {
        nodes_.push_back({k, v, std::move(name), std::move(args)});
        return nodes_.size() - 1;
    }
    std::size_t expr() {
        const nesting level(*this);
        std::size_t l = term();
        for (;;) {
            if (eat('+'))
                l = add(op::add, {l, term()});
            else if (eat('-'))
                l = add(op::sub, {l, term()});
            else
                return l;
        }
    }
    std::size_t term() {
        std::size_t l = unary();
        for (;;) {
            if (eat('*'))
                l = add(op::mul, {l, unary()});
            else if (eat('/'))
                l = add(op::div, {l, unary()});
            else
                return l;
        }
    }
    std::size_t unary() {
        const nesting level(*this);
        if (eat('-')) return add(op::neg, {unary()});
        if (eat('+')) return unary();
        const std::size_t base = atom();
        if (eat('^')) return add(op::pow, {base, unary()});
        return base;
    }
    std::size_t atom() {
        skip();
        if (pos_ >= s_.size()) fail("unexpected end of formula");
        const char c = s_[pos_];
        if (eat('(')) {
            const std::size_t e = expr();
            if (!eat(')')) fail("missing ')'");
            return e;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            // in place, no copy of the rest: parsing stays linear in the formula's length
            double v = 0.0;
            const char* first = s_.data() + pos_;
            const auto [end, ec] = std::from_chars(first, s_.data() + s_.size(), v);
            if (ec == std::errc::result_out_of_range) fail("number out of range");
            if (ec != std::errc() || end == first) fail("bad number");
            pos_ += static_cast<std::size_t>(end - first);
            return add(op::number, {}, v);
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t start = pos_;
            while (pos_ < s_.size() &&
                   (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
                ++pos_;
            std::string name(s_.substr(start, pos_ - start));
            if (!eat('(')) return add(op::name, {}, 0.0, std::move(name));
            std::vector<std::size_t> args;
            if (!eat(')')) {
                do {
                    args.push_back(expr());
                } while (eat(','));
                if (!eat(')')) fail("missing ')' after the arguments of " + name + "()");
            }
            check_call(name, args.size(), start);
            return add(op::call, std::move(args), 0.0, std::move(name));
        }
        fail("unexpected '" + std::string(1, c) + "'");
    }
    void check_call(const std::string& name, std::size_t n, std::size_t at) {
        static const std::map<std::string, std::pair<std::size_t, std::size_t>> arity = {
            {"min", {1, 99}}, {"max", {1, 99}},  {"abs", {1, 1}}, {"sqrt", {1, 1}}, {"exp", {1, 1}},
            {"ln", {1, 1}},   {"log10", {1, 1}}, {"pow", {2, 2}}, {"if", {3, 3}}};
        auto it = arity.find(name);
        if (it == arity.end()) {
            pos_ = at;
            fail("unknown function '" + name +
                 "' (known: abs, exp, if, ln, log10, max, min, pow, sqrt)");
        }
        if (n < it->second.first || n > it->second.second) {
            pos_ = at;
            fail(name + "() takes " + std::to_string(it->second.first) +
                 (it->second.second != it->second.first ? " or more" : "") + " argument(s), got " +
                 std::to_string(n));
        }
    }

    std::string_view s_;
    std::size_t pos_{0};
    std::size_t depth_{0};
    std::vector<expression::node> nodes_;
};

} // namespace detail

/// Parse a formula; throws formula_error "formula-syntax" naming the character position.
[[nodiscard]] inline expression parse_formula(std::string_view text) {
    return detail::formula_parser(text).parse();
}

} // namespace cradle
