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
#pragma once

#include "cradle/error.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cradle {

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
    [[nodiscard]] double evaluate(const std::map<std::string, double>& values) const {
        if (nodes_.empty()) throw formula_error("formula-syntax", "empty formula");
        const double v = eval(root_, values);
        if (!std::isfinite(v))
            throw formula_error("not-finite", "'" + text_ + "' is not a finite number");
        return v;
    }

  private:
    double eval(std::size_t i, const std::map<std::string, double>& values) const {
        const node& n = nodes_[i];
        auto arg = [&](std::size_t k) { return eval(n.args[k], values); };
        switch (n.kind) {
        case op::number:
            return n.value;
        case op::name: {
            auto it = values.find(n.name);
            if (it == values.end())
                throw formula_error("unknown-name",
                                    "'" + text_ + "': unknown name '" + n.name + "'");
            return it->second;
        }
        case op::neg:
            return -arg(0);
        case op::add:
            return arg(0) + arg(1);
        case op::sub:
            return arg(0) - arg(1);
        case op::mul:
            return arg(0) * arg(1);
        case op::div: {
            const double d = arg(1);
            if (d == 0.0)
                throw formula_error("division-by-zero",
                                    "'" + text_ + "': division by zero (the divisor is 0)");
            return arg(0) / d;
        }
        case op::pow:
            return std::pow(arg(0), arg(1));
        case op::call:
            return call(n, values);
        }
        return 0.0;
    }

    double call(const node& n, const std::map<std::string, double>& values) const {
        std::vector<double> a;
        if (n.name == "if") { // evaluate only the branch taken
            return eval(n.args[0], values) != 0.0 ? eval(n.args[1], values)
                                                  : eval(n.args[2], values);
        }
        for (auto k : n.args)
            a.push_back(eval(k, values));
        if (n.name == "min") {
            double m = a[0];
            for (double x : a)
                m = std::min(m, x);
            return m;
        }
        if (n.name == "max") {
            double m = a[0];
            for (double x : a)
                m = std::max(m, x);
            return m;
        }
        if (n.name == "abs") return std::abs(a[0]);
        if (n.name == "sqrt") return std::sqrt(a[0]);
        if (n.name == "exp") return std::exp(a[0]);
        if (n.name == "ln") return std::log(a[0]);
        if (n.name == "log10") return std::log10(a[0]);
        return std::pow(a[0], a[1]); // "pow"; arity checked when parsed
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
        skip();
        if (pos_ >= s_.size()) fail("empty formula");
        const std::size_t root = expr();
        skip();
        if (pos_ < s_.size()) fail("unexpected '" + std::string(1, s_[pos_]) + "'");
        return expression(std::string(s_), std::move(nodes_), root);
    }

  private:
    using op = expression::op;

    [[noreturn]] void fail(const std::string& what) const {
        throw formula_error("formula-syntax", "'" + std::string(s_) + "' at character " +
                                                  std::to_string(pos_ + 1) + ": " + what);
    }
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
            const std::string rest(s_.substr(pos_));
            char* end = nullptr;
            const double v = std::strtod(rest.c_str(), &end);
            if (end == rest.c_str()) fail("bad number");
            pos_ += static_cast<std::size_t>(end - rest.c_str());
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
    std::vector<expression::node> nodes_;
};

} // namespace detail

/// Parse a formula; throws formula_error "formula-syntax" naming the character position.
[[nodiscard]] inline expression parse_formula(std::string_view text) {
    return detail::formula_parser(text).parse();
}

} // namespace cradle
