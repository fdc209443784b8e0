// cradle — a compiled system with its uncertain numbers: which entries of A and B move when an
// amount or a parameter is drawn, and how to re-fill them on the fixed sparsity pattern.
// SPDX-License-Identifier: Apache-2.0
//
//   const uncertain_system us = compile_uncertain(model);       // once
//   us.draw(seed, d, x, A_values, B_values);                     // per draw: sample + re-fill
//
// The model is never recompiled per draw: compile() records where each entry of A and B came
// from (compile_trace); a draw samples every uncertain number, evaluates the amount formulas when
// parameters are uncertain, and adds coefficient × (new amount − amount) to the entries.
// Allocation shares stay those of the deterministic amounts.
#pragma once

#include "cradle/engine/matrices.hpp"
#include "cradle/engine/sampling.hpp"
#include "cradle/error.hpp"
#include "cradle/model/formula.hpp"
#include "cradle/model/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace cradle {

/// One uncertain number of a model: an exchange amount or a parameter value.
struct uncertain_input {
    std::string process;     ///< process id (empty for a parameter)
    std::string side;        ///< "output", "input", "elementary" or "parameter"
    std::size_t position{0}; ///< position of the exchange in its process's list
    std::string flow;        ///< flow id (the parameter's name for a parameter)
    std::string name;        ///< process name and flow, or the parameter's name, for people
    uncertainty spread;
    double amount{0.0};   ///< the deterministic value (in the distribution's unit)
    std::uint64_t key{0}; ///< identity in the random stream (sampling.hpp)
};

/// A compiled system and its uncertain numbers. Immutable; draw() is const and thread-safe.
class uncertain_system {
  public:
    [[nodiscard]] const compiled_system& base() const noexcept { return base_; }
    [[nodiscard]] const std::vector<uncertain_input>& inputs() const noexcept { return inputs_; }
    /// Whether any number is uncertain.
    [[nodiscard]] bool uncertain() const noexcept { return !inputs_.empty(); }

    /// Draw `d` under `seed`: the inputs' values into `x` (size inputs().size()) and the numbers
    /// of A and B (their valuePtr() arrays, base().A/B's pattern) into `a` and `b`. Throws
    /// model_error naming the parameter if a drawn parameter value is refused (out of range).
    void draw(std::uint64_t seed, std::uint64_t d, std::span<double> x, std::span<double> a,
              std::span<double> b, std::span<double> scratch = {}) const {
        // pass 1: a standard normal z per lognormal input (its value is then lognormal_a·exp(
        // ln(GSD)·z), computed for all at once below), the value itself for the others
        std::vector<double> own;
        if (scratch.size() < specs_.size()) {
            own.resize(specs_.size());
            scratch = own;
        }
        for (std::size_t i = 0; i < specs_.size(); ++i) {
            const spec& sp = specs_[i];
            draw_stream rng(seed, d, sp.key);
            switch (sp.kind) {
            case distribution::lognormal:
                scratch[i] = rng.standard_normal();
                x[i] = 0.0;
                break;
            case distribution::normal:
                scratch[i] = 0.0;
                x[i] = sp.a + sp.b * rng.standard_normal();
                break;
            default:
                scratch[i] = 0.0;
                x[i] = sample(inputs_[i].spread, rng);
            }
        }
        // pass 2, vectorized by Eigen: x += a·exp(ln(GSD)·z) (a = 0 for the other kinds)
        const auto n = static_cast<Eigen::Index>(specs_.size());
        Eigen::Map<Eigen::ArrayXd> xs(x.data(), n);
        xs += lognormal_a_ * (log_gsd_ * Eigen::Map<const Eigen::ArrayXd>(scratch.data(), n)).exp();
        // a drawn amount must be a number the matrices take (as compile() checks the model's)
        if (!((xs.abs() <= detail::largest_amount) &&
              (xs == 0.0 || xs.abs() >= detail::smallest_amount))
                 .all()) {
            for (std::size_t i = 0; i < specs_.size(); ++i)
                if (!detail::amount_in_range(x[i])) {
                    const auto& in = inputs_[i];
                    throw solver_error(
                        "invalid-amount",
                        "Monte Carlo draw " + std::to_string(d) + ": " +
                            (in.side == "parameter" ? "parameter '" + in.flow + "'"
                                                    : "process '" + in.process + "' " + in.side +
                                                          " '" + in.flow + "'") +
                            ": drawn value " + detail::number(x[i]) + " is " +
                            detail::range_problem(x[i]) + " (check its distribution: " +
                            std::string(to_string(in.spread.kind)) + ")",
                        {in.process});
                }
        }
        std::copy(base_.A.valuePtr(), base_.A.valuePtr() + base_.A.nonZeros(), a.begin());
        std::copy(base_.B.valuePtr(), base_.B.valuePtr() + base_.B.nonZeros(), b.begin());
        std::map<std::string, double> numbers;
        if (!parameter_inputs_.empty()) {
            std::map<std::string, parameter_override> over;
            for (std::size_t i : parameter_inputs_)
                over.emplace(inputs_[i].flow, x[i]);
            try {
                numbers = resolve_parameters(parameters_, over).numbers;
            } catch (const model_error& e) {
                std::vector<problem> ps;
                for (const auto& p : e.problems())
                    ps.push_back(
                        {p.id, "Monte Carlo draw " + std::to_string(d) + ": " + p.message});
                throw model_error(std::move(ps));
            }
        }
        for (std::size_t k = 0; k < varying_.size(); ++k) {
            const varying& v = varying_[k];
            double value = 0.0;
            if (v.input >= 0) {
                value = x[static_cast<std::size_t>(v.input)];
            } else {
                try {
                    value = formulas_[static_cast<std::size_t>(v.formula)].evaluate(numbers);
                } catch (const formula_error& e) {
                    throw model_error(problem{e.id(), "Monte Carlo draw " + std::to_string(d) +
                                                          ": " + where_[k] + ": " + e.message()});
                }
            }
            const double delta = value - v.amount;
            for (std::uint32_t s = v.first_slot; s < v.end_slot; ++s) {
                const slot& sl = slots_[s];
                (sl.in_B ? b : a)[sl.pos] += sl.coeff * delta;
            }
        }
    }

  private:
    friend uncertain_system compile_uncertain(const product_system&);

    /// what draw() needs of an input, packed (inputs_ has the names)
    struct spec {
        distribution kind{distribution::lognormal};
        double a{0}, b{0}; ///< a lognormal's are in lognormal_a_ and log_gsd_
        std::uint64_t key{0};
    };
    struct slot {
        std::size_t pos{0};
        double coeff{0.0};
        bool in_B{false};
    };
    /// an exchange whose amount moves: drawn itself (input >= 0) or computed (formula >= 0); its
    /// matrix entries are slots_[first_slot, end_slot)
    struct varying {
        long input{-1};
        long formula{-1};
        double amount{0.0};
        std::uint32_t first_slot{0}, end_slot{0};
    };

    compiled_system base_;
    std::vector<uncertain_input> inputs_;
    std::vector<spec> specs_;
    Eigen::ArrayXd lognormal_a_; ///< per input: the geometric mean of a lognormal, else 0
    Eigen::ArrayXd log_gsd_;     ///< per input: ln(GSD) of a lognormal, else 0
    std::vector<std::size_t> parameter_inputs_;
    product_system parameters_; ///< only the model's name and parameters (for resolve_parameters)
    std::vector<expression> formulas_;
    std::vector<varying> varying_;
    std::vector<std::string> where_; ///< per varying exchange, for messages
    std::vector<slot> slots_;
};

namespace detail {
/// Position of entry (row, col) in the value array of a compressed column-major matrix.
[[nodiscard]] inline std::size_t value_position(const sparse_matrix& M, int row, int col) {
    const int* inner = M.innerIndexPtr();
    const int* begin = inner + M.outerIndexPtr()[col];
    const int* end = inner + M.outerIndexPtr()[col + 1];
    const int* at = std::lower_bound(begin, end, row);
    return static_cast<std::size_t>(at - inner);
}
} // namespace detail

/// Compile `model` (already evaluated with its parameters, as the readers return it) and find its
/// uncertain numbers: every exchange with a distribution, every number parameter with one (its
/// formulas are re-evaluated per draw). Validates every distribution first and throws one
/// model_error listing each bad one with its process, side and flow (or parameter): a GSD below
/// 1, min > max, a lognormal whose sign is not the amount's, a distribution on an exchange
/// computed by a formula, a normal on a parameter with a range.
[[nodiscard]] inline uncertain_system compile_uncertain(const product_system& model) {
    using side = compile_trace::side;
    std::vector<problem> problems;
    uncertain_system us;
    // the parameters
    bool uncertain_parameters = false;
    for (const auto& p : model.parameters) {
        if (!p.spread) continue;
        const std::string where = "parameter '" + p.name + "'";
        if (p.is_text || !p.formula.empty()) {
            problems.push_back({"invalid-uncertainty",
                                where + ": only a number parameter with a default can have a "
                                        "distribution"});
            continue;
        }
        if (auto why = uncertainty_problem(*p.spread, p.value)) {
            problems.push_back({"invalid-uncertainty", where + ": " + *why});
            continue;
        }
        const auto& u = *p.spread;
        const bool bounded_dist =
            u.kind == distribution::uniform || u.kind == distribution::triangular;
        if (!bounded_dist && (p.max || (p.min && !(u.kind == distribution::lognormal &&
                                                   *p.min <= 0.0 && u.a > 0.0)))) {
            problems.push_back({"invalid-uncertainty",
                                where + ": a " + std::string(to_string(u.kind)) +
                                    " distribution is unbounded but the parameter has the range " +
                                    detail::range_text(p) +
                                    "; use a uniform or triangular one inside it"});
            continue;
        }
        if (bounded_dist) {
            const double lo = u.a;
            const double hi = u.kind == distribution::uniform ? u.b : u.c;
            if ((p.min && lo < *p.min) || (p.max && hi > *p.max))
                problems.push_back({"invalid-uncertainty",
                                    where + ": the distribution reaches outside the range " +
                                        detail::range_text(p)});
        }
        uncertain_parameters = true;
        us.parameter_inputs_.push_back(us.inputs_.size());
        us.inputs_.push_back(
            {"", "parameter", 0, p.name, p.name, u, p.value, input_key("parameter\x1f" + p.name)});
    }
    // the exchanges
    std::map<std::tuple<std::size_t, side, std::size_t>, std::size_t> varying_of;
    auto side_name = [](side s) {
        return s == side::output ? "output" : s == side::input ? "input" : "elementary";
    };
    for (std::size_t pi = 0; pi < model.processes.size(); ++pi) {
        const process& p = model.processes[pi];
        const std::array<std::pair<side, const std::vector<exchange>*>, 3> lists{
            {{side::output, &p.outputs},
             {side::input, &p.inputs},
             {side::elementary, &p.elementary}}};
        for (const auto& [s, list] : lists) {
            for (std::size_t k = 0; k < list->size(); ++k) {
                const exchange& e = (*list)[k];
                const std::string where =
                    "process '" + p.id + "' " + side_name(s) + " '" + e.flow + "'";
                const bool computed = uncertain_parameters && !e.formulas.amount.empty();
                if (e.spread && !e.formulas.amount.empty()) {
                    problems.push_back({"invalid-uncertainty",
                                        where + ": the amount is computed by a formula; give the "
                                                "distribution to its parameters"});
                    continue;
                }
                if (!e.spread && !computed) continue;
                uncertain_system::varying v;
                v.amount = e.amount;
                if (e.spread) {
                    if (auto why = uncertainty_problem(*e.spread, e.amount)) {
                        problems.push_back({"invalid-uncertainty", where + ": " + *why});
                        continue;
                    }
                    v.input = static_cast<long>(us.inputs_.size());
                    us.inputs_.push_back(
                        {p.id, side_name(s), k, e.flow,
                         (p.name.empty() ? p.id : p.name) + " / " + e.flow, *e.spread, e.amount,
                         input_key(std::string("exchange\x1f") + p.id + "\x1f" + side_name(s) +
                                   "\x1f" + std::to_string(k) + "\x1f" + e.flow)});
                } else {
                    v.formula = static_cast<long>(us.formulas_.size());
                    us.formulas_.push_back(parse_formula(e.formulas.amount));
                }
                varying_of.emplace(std::tuple{pi, s, k}, us.varying_.size());
                us.varying_.push_back(v);
                us.where_.push_back(where);
            }
        }
    }
    if (!problems.empty()) throw model_error(std::move(problems));
    // keys must be distinct, or two inputs would be one in every draw
    {
        std::vector<std::uint64_t> keys;
        for (const auto& in : us.inputs_)
            keys.push_back(in.key);
        std::sort(keys.begin(), keys.end());
        if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
            throw model_error(problem{"duplicate-id", "two uncertain inputs have the same identity "
                                                      "(a process or parameter declared twice?)"});
    }
    compile_trace trace;
    us.base_ = compile(model, us.varying_.empty() ? nullptr : &trace);
    // the slots of each varying exchange, together
    std::vector<std::vector<uncertain_system::slot>> slots(us.varying_.size());
    for (const auto& t : trace.entries) {
        auto it = varying_of.find({t.process, t.role, t.exchange});
        if (it == varying_of.end()) continue;
        const sparse_matrix& M = t.in_B ? us.base_.B : us.base_.A;
        slots[it->second].push_back({detail::value_position(M, t.row, t.col), t.coeff, t.in_B});
    }
    for (std::size_t k = 0; k < slots.size(); ++k) {
        us.varying_[k].first_slot = static_cast<std::uint32_t>(us.slots_.size());
        us.slots_.insert(us.slots_.end(), slots[k].begin(), slots[k].end());
        us.varying_[k].end_slot = static_cast<std::uint32_t>(us.slots_.size());
    }
    // draw the exchanges in the order of their entries in A, then B: the values of x and the
    // entries re-filled are then read and written nearly in sequence (the numbers do not depend
    // on the order: each input's stream is keyed by its identity)
    {
        const std::size_t n = us.varying_.size();
        std::vector<std::size_t> order(n);
        for (std::size_t k = 0; k < n; ++k)
            order[k] = k;
        auto first = [&](std::size_t k) {
            const auto& v = us.varying_[k];
            if (v.first_slot == v.end_slot) return std::pair<int, std::size_t>{2, 0};
            const auto& sl = us.slots_[v.first_slot];
            return std::pair<int, std::size_t>{sl.in_B ? 1 : 0, sl.pos};
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t i, std::size_t j) { return first(i) < first(j); });
        std::vector<uncertain_input> inputs(
            us.inputs_.begin(),
            us.inputs_.begin() + static_cast<std::ptrdiff_t>(us.parameter_inputs_.size()));
        std::vector<uncertain_system::varying> varying;
        std::vector<std::string> where;
        std::vector<uncertain_system::slot> all;
        for (std::size_t k : order) {
            auto v = us.varying_[k];
            if (v.input >= 0) {
                const auto old = static_cast<std::size_t>(v.input);
                v.input = static_cast<long>(inputs.size());
                inputs.push_back(std::move(us.inputs_[old]));
            }
            const auto b = static_cast<std::ptrdiff_t>(v.first_slot);
            const auto e = static_cast<std::ptrdiff_t>(v.end_slot);
            v.first_slot = static_cast<std::uint32_t>(all.size());
            all.insert(all.end(), us.slots_.begin() + b, us.slots_.begin() + e);
            v.end_slot = static_cast<std::uint32_t>(all.size());
            varying.push_back(v);
            where.push_back(std::move(us.where_[k]));
        }
        us.inputs_ = std::move(inputs);
        us.varying_ = std::move(varying);
        us.where_ = std::move(where);
        us.slots_ = std::move(all);
    }
    us.lognormal_a_ = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(us.inputs_.size()));
    us.log_gsd_ = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(us.inputs_.size()));
    for (std::size_t i = 0; i < us.inputs_.size(); ++i) {
        const auto& in = us.inputs_[i];
        const bool ln = in.spread.kind == distribution::lognormal;
        us.specs_.push_back({in.spread.kind, in.spread.a, in.spread.b, in.key});
        if (ln) {
            us.lognormal_a_(static_cast<Eigen::Index>(i)) = in.spread.a;
            us.log_gsd_(static_cast<Eigen::Index>(i)) = std::log(in.spread.b);
        }
    }
    us.parameters_.name = model.name;
    us.parameters_.parameters = model.parameters;
    return us;
}

} // namespace cradle
