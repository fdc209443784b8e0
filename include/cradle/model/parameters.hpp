// cradle — named parameters and formulas: model → (values) → evaluated model, before compile().
// SPDX-License-Identifier: Apache-2.0
//
//   const parameter_values v = resolve_parameters(model, {{"recycled_share", 0.3}});
//   const product_system m = apply_parameters(model, v);   // every formula evaluated
//
// Both are pure and report every problem at once (model_error): an unknown or computed parameter
// set from outside, a value outside its range or choices, a circular definition, an unknown name
// in a formula, a division by zero.
#pragma once

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/model/formula.hpp"
#include "cradle/model/model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cradle {

/// A value given for a parameter from outside (CLI `--set`, Python keyword): a number, or a text
/// (a number parameter accepts a text holding a number).
using parameter_override = std::variant<double, std::string>;

/// The value of every parameter, numbers and texts apart.
struct parameter_values {
    std::map<std::string, double> numbers;
    std::map<std::string, std::string> texts;
    /// text parameters whose choice stands for another text in templates
    std::map<std::string, std::string> template_texts;
};

namespace detail {

inline std::optional<double> parse_number(const std::string& s) {
    double v = 0.0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    while (b < e && *b == ' ')
        ++b;
    while (e > b && e[-1] == ' ')
        --e;
    if (b < e && *b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || p != e || !std::isfinite(v)) return std::nullopt;
    return v;
}

inline std::string range_text(const parameter& p) {
    std::string s(1, '[');
    s.append(p.min ? format_number(*p.min) : std::string("-inf"));
    s.append(", ");
    s.append(p.max ? format_number(*p.max) : std::string("inf"));
    s.push_back(']');
    return s;
}

} // namespace detail

/// `{name}` placeholders of a template replaced by parameter values (numbers in shortest form);
/// an unknown name is a model_error "unknown-name".
[[nodiscard]] inline std::string expand_template(const std::string& tmpl, const parameter_values& v,
                                                 const std::string& where) {
    std::string out;
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const std::size_t open = tmpl.find('{', i);
        if (open == std::string::npos) break;
        const std::size_t close = tmpl.find('}', open);
        if (close == std::string::npos)
            throw model_error(problem{"formula-syntax", where + ": '" + tmpl + "' has no '}'"});
        out += tmpl.substr(i, open - i);
        const std::string name = tmpl.substr(open + 1, close - open - 1);
        if (auto x = v.template_texts.find(name); x != v.template_texts.end())
            out += x->second;
        else if (auto t = v.texts.find(name); t != v.texts.end())
            out += t->second;
        else if (auto n = v.numbers.find(name); n != v.numbers.end())
            out += detail::format_number(n->second);
        else
            throw model_error(problem{"unknown-name", where + ": '" + tmpl +
                                                          "': unknown parameter '" + name + "'"});
        i = close + 1;
    }
    return out + tmpl.substr(i);
}

/// Values of all parameters of `m`: defaults, then `overrides`, then computed parameters in
/// dependency order; ranges and choices checked. Throws model_error listing every problem.
[[nodiscard]] inline parameter_values
resolve_parameters(const product_system& m,
                   const std::map<std::string, parameter_override>& overrides = {}) {
    std::vector<problem> problems;
    parameter_values v;
    std::map<std::string, const parameter*> by_name;
    std::vector<std::string> names;
    for (const auto& p : m.parameters) {
        if (!by_name.emplace(p.name, &p).second)
            problems.push_back(
                {"duplicate-parameter", "parameter '" + p.name + "' is defined twice"});
        names.push_back(p.name);
    }
    for (const auto& [name, given] : overrides) {
        auto it = by_name.find(name);
        if (it == by_name.end()) {
            std::string hint;
            for (const auto& c : detail::closest_words(name, names))
                hint += (hint.empty() ? "" : ", ") + c;
            problems.push_back(
                {"unknown-parameter", "no parameter '" + name + "' in model '" + m.name + "'" +
                                          (hint.empty() ? "" : " (closest: " + hint + ")")});
            continue;
        }
        const parameter& p = *it->second;
        if (!p.formula.empty()) {
            problems.push_back({"computed-parameter", "parameter '" + name + "' is computed by '" +
                                                          p.formula + "' and cannot be set"});
        } else if (p.is_text) {
            if (const auto* s = std::get_if<std::string>(&given))
                v.texts[name] = *s;
            else
                problems.push_back({"parameter-type", "parameter '" + name + "' takes a text"});
        } else if (const auto* d = std::get_if<double>(&given)) {
            v.numbers[name] = *d;
        } else if (auto n = detail::parse_number(std::get<std::string>(given))) {
            v.numbers[name] = *n;
        } else {
            problems.push_back({"parameter-type", "parameter '" + name + "' takes a number, got '" +
                                                      std::get<std::string>(given) + "'"});
        }
    }
    for (const auto& p : m.parameters) { // defaults
        if (!p.formula.empty()) continue;
        if (p.is_text)
            v.texts.emplace(p.name, p.text);
        else
            v.numbers.emplace(p.name, p.value);
    }

    // computed parameters, depth first; a name met again while on the stack is a cycle
    std::map<std::string, expression> formulas;
    for (const auto& p : m.parameters) {
        if (p.formula.empty()) continue;
        try {
            formulas.emplace(p.name, parse_formula(p.formula));
        } catch (const formula_error& e) {
            problems.push_back({e.id(), "parameter '" + p.name + "': " + e.message()});
        }
    }
    // computed parameters in dependency order, depth first without recursion (a chain of
    // definitions of any length is fine); a name met again while on the stack is a cycle
    enum class mark : std::uint8_t { unseen, active, done, failed };
    std::map<std::string, mark> state;
    std::set<std::string> reported_cycles;
    struct frame {
        std::string name;
        std::vector<std::string> deps;
        std::size_t next{0};
        bool ok{true};
    };
    auto open = [&](const std::string& name) {
        const auto& names_read = formulas.at(name).names();
        return frame{name, std::vector<std::string>(names_read.begin(), names_read.end())};
    };
    for (const auto& [start, _] : formulas) {
        if (state[start] != mark::unseen) continue;
        std::vector<frame> stack;
        state[start] = mark::active;
        stack.push_back(open(start));
        while (!stack.empty()) {
            if (stack.back().next < stack.back().deps.size()) {
                const std::string dep = stack.back().deps[stack.back().next++];
                if (!formulas.count(dep)) {
                    stack.back().ok =
                        stack.back().ok && (v.numbers.count(dep) || v.texts.count(dep));
                    continue;
                }
                const mark seen = state[dep];
                if (seen == mark::done) continue;
                if (seen == mark::failed || seen == mark::active) stack.back().ok = false;
                if (seen == mark::failed) continue;
                if (seen == mark::active) {
                    auto on = std::find_if(stack.begin(), stack.end(),
                                           [&](const frame& f) { return f.name == dep; });
                    std::string cycle, first = dep;
                    for (auto f = on; f != stack.end(); ++f) {
                        cycle += f->name + " -> ";
                        first = std::min(first, f->name);
                    }
                    if (reported_cycles.insert(first).second)
                        problems.push_back(
                            {"circular-parameter", "circular definition: " + cycle + dep});
                    continue;
                }
                state[dep] = mark::active;
                stack.push_back(open(dep));
                continue;
            }
            frame done = std::move(stack.back());
            stack.pop_back();
            bool ok = done.ok;
            if (ok) {
                try {
                    v.numbers[done.name] = formulas.at(done.name).evaluate(v.numbers);
                } catch (const formula_error& e) {
                    problems.push_back({e.id(), "parameter '" + done.name + "': " + e.message()});
                    ok = false;
                }
            }
            state[done.name] = ok ? mark::done : mark::failed;
            if (!stack.empty()) stack.back().ok = stack.back().ok && ok;
        }
    }
    // unknown names used by computed parameters (reported once per name)
    for (const auto& [name, f] : formulas)
        for (const auto& dep : f.names())
            if (!by_name.count(dep))
                problems.push_back({"unknown-name", "parameter '" + name + "': '" + f.text() +
                                                        "': unknown name '" + dep + "'"});

    for (const auto& p : m.parameters) { // ranges and choices, on the final values
        if (p.is_text) {
            auto it = v.texts.find(p.name);
            if (it == v.texts.end() || p.choices.empty()) continue;
            if (auto x = p.choice_text.find(it->second); x != p.choice_text.end())
                v.template_texts[p.name] = x->second;
            if (std::find(p.choices.begin(), p.choices.end(), it->second) == p.choices.end()) {
                std::string list;
                for (const auto& c : p.choices)
                    list += (list.empty() ? "" : ", ") + c;
                problems.push_back({"out-of-range", "parameter '" + p.name + "' = '" + it->second +
                                                        "' is not one of: " + list});
            }
            continue;
        }
        auto it = v.numbers.find(p.name);
        if (it == v.numbers.end()) continue;
        if ((p.min && it->second < *p.min) || (p.max && it->second > *p.max))
            problems.push_back({"out-of-range", "parameter '" + p.name +
                                                    "' = " + detail::format_number(it->second) +
                                                    (p.unit.empty() ? "" : " " + p.unit) +
                                                    " is outside its range " +
                                                    detail::range_text(p)});
    }
    if (!problems.empty()) throw model_error(std::move(problems));
    return v;
}

namespace detail {

/// The amount of the `role` term of `spec` as a formula over the model's parameters: the
/// declaration's formulas in parentheses, its numbers (and the material's published defaults, as
/// `v` resolved them) written out; "cut-off" already folded into `v` (A = 1, no credits).
[[nodiscard]] inline std::string cff_amount_formula(const cff_spec& spec, const cff_values& v,
                                                    cff_role role, bool substituted_apart) {
    // appended piece by piece (GCC 12 warns falsely on chains of string '+')
    auto cat = [](std::initializer_list<std::string_view> parts) {
        std::string out;
        for (auto x : parts)
            out.append(x);
        return out;
    };
    auto num = [&](double x) {
        std::ostringstream os;
        os.precision(17);
        os << x;
        return cat({"(", os.str(), ")"});
    };
    const bool cut_off = spec.method == "cut-off";
    auto term = [&](std::string_view name, double resolved) {
        if (cut_off && (name == "A" || name.starts_with("XER"))) return num(resolved);
        if (auto f = spec.formulas.find(std::string(name)); f != spec.formulas.end())
            return cat({"(", f->second, ")"});
        return num(resolved);
    };
    const std::string A = term("A", v.A), B = term("B", v.B), R1 = term("R1", v.R1),
                      R2 = term("R2", v.R2), R3 = term("R3", v.R3), Qi = term("Qsin_Qp", v.Qsin),
                      Qo = term("Qsout_Qp", v.Qsout), LHV = term("LHV", v.LHV),
                      Xh = term("XER_heat", v.XER_heat), Xe = term("XER_elec", v.XER_elec);
    const std::string credit = cat({"(1 - ", A, ") * ", R2, " * ", Qo});
    const std::string kg = num(spec.amount_unit.to_base);
    std::string c;
    switch (role) {
    case cff_role::virgin:
        c = cat({"(1 - ", R1, ") + ", R1, " * (1 - ", A, ") * ", Qi});
        if (!substituted_apart) c.append(" - ").append(credit);
        break;
    case cff_role::recycled:
        c = cat({R1, " * ", A});
        break;
    case cff_role::recycling_eol:
        c = cat({"(1 - ", A, ") * ", R2});
        break;
    case cff_role::substituted:
        c = cat({"-(", credit, ")"});
        break;
    case cff_role::energy_recovery:
        c = cat({"(1 - ", B, ") * ", R3});
        break;
    case cff_role::heat_substituted:
        c = cat({"-((1 - ", B, ") * ", R3, " * ", LHV, " * ", Xh, ") * ", kg});
        break;
    case cff_role::electricity_substituted:
        c = cat({"-((1 - ", B, ") * ", R3, " * ", LHV, " * ", Xe, ") * ", kg});
        break;
    case cff_role::disposal:
        c = cat({"1 - ", R2, " - ", R3});
        break;
    }
    const std::string m =
        spec.amount_formula.empty() ? num(spec.amount) : cat({"(", spec.amount_formula, ")"});
    return cat({m, " * (", c, ")"});
}

/// Sets the amounts of the inputs `p` made from `"cff"` declarations (model/cff.hpp) under `v`:
/// each declaration's formulas, template and ranges evaluated once, then every term's amount is
/// its coefficient times the material's amount. Problems are appended, named by process and
/// material; a term the values make non-zero but the declaration gives no flow for is one.
inline void apply_cff(process& p, const parameter_values& v, std::vector<problem>& problems) {
    std::vector<std::shared_ptr<const cff_spec>> specs;
    for (const auto& e : p.inputs)
        if (e.cff && std::find(specs.begin(), specs.end(), e.cff->spec) == specs.end())
            specs.push_back(e.cff->spec);
    for (const auto& old : specs) {
        auto spec = std::make_shared<cff_spec>(*old);
        const std::string where = "process '" + p.id + "' input '" + spec->material + "' cff";
        const std::size_t before = problems.size();
        auto eval = [&](const std::string& text, const std::string& what) -> std::optional<double> {
            try {
                return parse_formula(text).evaluate(v.numbers);
            } catch (const formula_error& e) {
                problems.push_back({e.id(), where + " " + what + ": " + e.message()});
            }
            return std::nullopt;
        };
        if (!spec->amount_formula.empty())
            if (auto x = eval(spec->amount_formula, "amount")) spec->amount = *x;
        if (!spec->method_template.empty()) {
            try {
                spec->method = expand_template(spec->method_template, v, where + " method");
            } catch (const model_error& e) {
                for (const auto& pr : e.problems())
                    problems.push_back(pr);
            }
        }
        std::map<std::string, double> evaluated;
        for (const auto& [name, text] : spec->formulas)
            if (auto x = eval(text, name)) evaluated[name] = *x;
        if (problems.size() != before) continue;
        const auto values = cff_resolve(*spec, evaluated, problems);
        if (!values) continue;
        for (const auto& [name, x] : evaluated)
            spec->values[name] = x;
        bool present[cff_role_names.size()] = {};
        for (const auto& e : p.inputs)
            if (e.cff && e.cff->spec == old) present[static_cast<std::size_t>(e.cff->role)] = true;
        const bool apart = present[static_cast<std::size_t>(cff_role::substituted)];
        for (std::size_t r = 0; r < cff_role_names.size(); ++r) {
            const auto role = static_cast<cff_role>(r);
            const bool end_of_life =
                role == cff_role::disposal || role == cff_role::energy_recovery;
            // end-of-life parts are optional (a cradle-to-gate boundary leaves them out), their
            // credits only once energy recovery is declared; the material part is complete
            if (present[r] || end_of_life || role == cff_role::substituted) continue;
            if ((role == cff_role::heat_substituted || role == cff_role::electricity_substituted) &&
                !present[static_cast<std::size_t>(cff_role::energy_recovery)])
                continue;
            if (cff_coefficient(role, *values, apart) != 0.0)
                problems.push_back(
                    {"cff-missing-flow",
                     where + ": the formula needs '" + std::string(cff_role_names[r]) + "' (" +
                         (role == cff_role::recycled        ? "R1 > 0: the recycled content"
                          : role == cff_role::recycling_eol ? "R2 > 0 and A < 1: recycling at end "
                                                              "of life"
                                                            : "recovered energy R3 x XER > 0") +
                         "), which the declaration does not name"});
        }
        // the substituted energy is in MJ per kg of material: the material's amount in kg
        const double kg = spec->amount * spec->amount_unit.to_base;
        const auto term_spec = std::shared_ptr<const cff_spec>(spec);
        for (auto& e : p.inputs) {
            if (!e.cff || e.cff->spec != old) continue;
            const double c = cff_coefficient(e.cff->role, *values, apart);
            const bool energy = e.cff->role == cff_role::heat_substituted ||
                                e.cff->role == cff_role::electricity_substituted;
            e.amount = c * (energy ? kg : spec->amount);
            // the same as a formula over the parameters: Monte Carlo draws re-evaluate it, and a
            // model written back reads as ordinary inputs giving the same amounts
            e.formulas.amount = cff_amount_formula(*spec, *values, e.cff->role, apart);
            e.cff = std::make_shared<const cff_term>(cff_term{term_spec, e.cff->role});
        }
    }
}

} // namespace detail

/// `m` with every formula and template evaluated against `v`. Throws model_error listing every
/// exchange whose formula fails, each named by process, side and flow.
[[nodiscard]] inline product_system apply_parameters(const product_system& m,
                                                     const parameter_values& v) {
    product_system out = m;
    // the values become the defaults: the evaluated model re-reads (and pickles) as evaluated
    for (auto& p : out.parameters) {
        if (!p.formula.empty()) continue;
        if (auto t = v.texts.find(p.name); p.is_text && t != v.texts.end()) p.text = t->second;
        if (auto n = v.numbers.find(p.name); !p.is_text && n != v.numbers.end())
            p.value = n->second;
    }
    std::vector<problem> problems;
    auto eval = [&](const std::string& text, const std::string& where, auto&& assign) {
        if (text.empty()) return;
        try {
            assign(parse_formula(text).evaluate(v.numbers));
        } catch (const formula_error& e) {
            problems.push_back({e.id(), where + ": " + e.message()});
        }
    };
    auto expand = [&](const std::string& tmpl, const std::string& where, std::string& target) {
        if (tmpl.empty()) return;
        try {
            target = expand_template(tmpl, v, where);
        } catch (const model_error& e) {
            for (const auto& p : e.problems())
                problems.push_back(p);
        }
    };
    for (auto& f : out.flows) {
        for (const auto& [name, text] : f.formulas) {
            std::optional<double>* target = name == "mass_per_unit"     ? &f.mass_per_unit
                                            : name == "carbon.fossil"   ? &f.carbon.fossil
                                            : name == "carbon.biogenic" ? &f.carbon.biogenic
                                            : name == "carbon.recycled" ? &f.carbon.recycled
                                            : name == "carbon.packaging_biogenic"
                                                ? &f.carbon.packaging_biogenic
                                                : nullptr;
            if (target == nullptr) continue;
            const std::string where = "flow '" + f.id + "' " + name;
            eval(text, where, [&](double x) {
                if (!(x >= 0.0))
                    problems.push_back({"out-of-range", where + " = " + detail::format_number(x) +
                                                            ": must be zero or positive"});
                *target = x;
            });
        }
    }
    for (auto& p : out.processes) {
        auto side = [&](std::vector<exchange>& list, const char* name) {
            for (auto& e : list) {
                const std::string where = "process '" + p.id + "' " + name + " '" + e.flow + "'";
                eval(e.formulas.amount, where + " amount", [&](double x) { e.amount = x; });
                eval(e.formulas.price, where + " price", [&](double x) { e.price = x; });
                eval(e.formulas.allocation_factor, where + " allocation_factor",
                     [&](double x) { e.allocation_factor = x; });
                expand(e.formulas.provider, where + " provider", e.provider);
            }
        };
        side(p.outputs, "output");
        side(p.inputs, "input");
        side(p.elementary, "elementary flow");
        detail::apply_cff(p, v, problems);
        if (!p.method_template.empty()) {
            std::string method;
            expand(p.method_template, "process '" + p.id + "' coproduct_method", method);
            static const std::map<std::string, coproduct_method> methods = {
                {"none", coproduct_method::none},
                {"substitution", coproduct_method::substitution},
                {"mass", coproduct_method::mass},
                {"economic", coproduct_method::economic},
                {"factors", coproduct_method::factors}};
            if (auto it = methods.find(method); it != methods.end())
                p.method = it->second;
            else if (!method.empty())
                problems.push_back({"out-of-range", "process '" + p.id + "' coproduct_method '" +
                                                        method +
                                                        "' is not one of: none, substitution, "
                                                        "mass, economic, factors"});
        }
    }
    if (out.reference)
        eval(out.reference->amount_formula, "functional unit amount",
             [&](double x) { out.reference->amount = x; });
    if (!problems.empty()) throw model_error(std::move(problems));
    return out;
}

/// resolve_parameters + apply_parameters.
[[nodiscard]] inline product_system
with_parameters(const product_system& m,
                const std::map<std::string, parameter_override>& overrides = {}) {
    return apply_parameters(m, resolve_parameters(m, overrides));
}

/// Whether the model uses parameters or formulas at all.
[[nodiscard]] inline bool is_parametric(const product_system& m) {
    if (!m.parameters.empty()) return true;
    for (const auto& f : m.flows)
        if (!f.formulas.empty()) return true;
    for (const auto& p : m.processes) {
        if (!p.method_template.empty()) return true;
        for (const auto* list : {&p.outputs, &p.inputs, &p.elementary})
            for (const auto& e : *list)
                if (e.cff || !e.formulas.amount.empty() || !e.formulas.price.empty() ||
                    !e.formulas.allocation_factor.empty() || !e.formulas.provider.empty())
                    return true;
    }
    return m.reference && !m.reference->amount_formula.empty();
}

} // namespace cradle
