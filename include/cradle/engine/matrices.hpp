// cradle — model -> index + matrices (technosphere A, interventions B).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/index.hpp"
#include "cradle/error.hpp"
#include "cradle/model/model.hpp"
#include "cradle/sparse.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

namespace cradle {

/// The compiled system: immutable index maps and the two matrices.
/// A is square (products × processes; outputs positive, inputs negative);
/// B is elementary flows × processes (emissions positive, resources negative).
struct compiled_system {
    system_index index;
    sparse_matrix A;
    sparse_matrix B;
};

/// Where each entry of A and B came from: compile() records, when asked, every (row, column,
/// coefficient) it adds and the exchange behind it, so that the value of the entry is
/// coefficient × the exchange's amount (summed over duplicates). Monte Carlo (engine/uncertain.hpp)
/// uses it to re-fill the numbers of A and B on their fixed pattern when amounts change.
struct compile_trace {
    enum class side : std::uint8_t { output, input, elementary };
    struct entry {
        std::uint32_t process{0};  ///< position in product_system::processes
        std::uint32_t exchange{0}; ///< position in the process's outputs, inputs or elementary
        side role{side::output};
        bool in_B{false}; ///< an entry of B (else of A)
        int row{0};
        int col{0};
        double coeff{0.0}; ///< entry value per unit of the exchange's amount
    };
    std::vector<entry> entries;
};

namespace detail {

struct compile_context {
    const product_system& sys;
    std::vector<problem> problems;
    std::unordered_map<std::string, std::size_t> flow_at;
    std::unordered_map<std::string, std::size_t> process_at;
    std::unordered_map<std::string, std::vector<std::size_t>> providers_of; // flow -> columns
    std::vector<tech_flow> columns;
    std::vector<std::size_t> column_process; // column -> process position
    std::vector<std::size_t> column_output;  // column -> output position in the process
    std::vector<std::vector<std::size_t>> process_columns; // process position -> its columns
    /// per process: unit factors of outputs, inputs, elementary exchanges (NaN if bad)
    std::vector<std::array<std::vector<double>, 3>> factors;

    void add(std::string id, std::string msg) {
        problems.push_back({std::move(id), std::move(msg)});
    }

    const flow* find_flow(const std::string& id) const {
        auto it = flow_at.find(id);
        return it == flow_at.end() ? nullptr : &sys.flows[it->second];
    }
};

/// A number as people write it: 0, -2, 0.25, 1e-20 (not std::to_string's 0.000000).
inline std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

/// Magnitudes an amount may have in the matrices: 0, or normal doubles well inside the range, so
/// that scalings and inventories have room before they overflow (|x| in [1e-200, 1e200]).
inline constexpr double smallest_amount = 1e-200;
inline constexpr double largest_amount = 1e200;

[[nodiscard]] inline bool amount_in_range(double x) {
    const double a = std::abs(x);
    return x == 0.0 || (a >= smallest_amount && a <= largest_amount);
}

/// Why amount_in_range(x) is false, for messages.
[[nodiscard]] inline std::string range_problem(double x) {
    if (!std::isfinite(x)) return "not a finite number";
    return std::abs(x) > largest_amount ? "beyond the largest amount cradle accepts (1e200)"
                                        : "below the smallest amount cradle accepts (1e-200)";
}

inline std::string where(const process& p, std::string_view role, const exchange& e) {
    return "process '" + p.id + "' " + std::string(role) + " '" + e.flow + "'";
}

/// Checks one exchange: known flow of the right kind, finite amount,
/// convertible unit. Returns the factor to the flow's unit, or NaN if bad.
/// Message strings are built only when there is a problem (this runs for
/// every exchange of the model).
inline double check_exchange(compile_context& cx, const process& p, std::string_view role,
                             const exchange& e, flow_kind expected) {
    const flow* f = cx.find_flow(e.flow);
    bool ok = true;
    if (!std::isfinite(e.amount)) {
        cx.add("invalid-amount", where(p, role, e) + ": amount is not a finite number");
        ok = false;
    }
    if (f == nullptr) {
        cx.add("unknown-flow", where(p, role, e) + ": no flow with this id is declared in 'flows'");
        return std::nan("");
    }
    if (f->kind != expected) {
        cx.add("wrong-flow-kind",
               where(p, role, e) + ": flow '" + f->id + "' is " +
                   (f->kind == flow_kind::product ? "a product" : "elementary") + ", expected " +
                   (expected == flow_kind::product ? "a product" : "elementary"));
        ok = false;
    }
    if (!(e.amount_unit.dim == f->ref_unit.dim)) {
        try {
            (void)conversion_factor(e.amount_unit, f->ref_unit, where(p, role, e));
        } catch (const unit_error& err) {
            cx.add(err.id(), err.message());
        }
        return std::nan("");
    }
    const double factor = e.amount_unit.to_base / f->ref_unit.to_base;
    if (ok && !amount_in_range(e.amount * factor))
        cx.add("invalid-amount",
               where(p, role, e) + ": amount " + number(e.amount) + " " + e.amount_unit.symbol +
                   (factor == 1.0 ? std::string()
                                  : " is " + number(e.amount * factor) + " " + f->ref_unit.symbol) +
                   ", " + range_problem(e.amount * factor));
    return ok ? factor : std::nan("");
}

inline void check_processes(compile_context& cx) {
    const auto& sys = cx.sys;
    for (std::size_t i = 0; i < sys.flows.size(); ++i)
        if (!cx.flow_at.emplace(sys.flows[i].id, i).second)
            cx.add("duplicate-id", "flow id '" + sys.flows[i].id + "' is declared twice");
    for (std::size_t i = 0; i < sys.processes.size(); ++i)
        if (!cx.process_at.emplace(sys.processes[i].id, i).second)
            cx.add("duplicate-id", "process id '" + sys.processes[i].id + "' is declared twice");

    cx.factors.resize(sys.processes.size());
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi) {
        const process& p = sys.processes[pi];
        if (p.outputs.empty()) {
            cx.add("no-output", "process '" + p.id + "' has no output (needs a reference product)");
            continue;
        }
        auto& fac = cx.factors[pi];
        for (const auto& e : p.outputs)
            fac[0].push_back(check_exchange(cx, p, "output", e, flow_kind::product));
        for (const auto& e : p.inputs)
            fac[1].push_back(check_exchange(cx, p, "input", e, flow_kind::product));
        for (const auto& e : p.elementary)
            fac[2].push_back(check_exchange(cx, p, "elementary flow", e, flow_kind::elementary));

        const auto& ref = p.outputs.front();
        if (std::isfinite(ref.amount) && ref.amount <= 0)
            cx.add("bad-reference-output", "process '" + p.id + "' reference output '" + ref.flow +
                                               "' must be positive, got " + number(ref.amount));
        if (p.outputs.size() > 1 && p.method == coproduct_method::none)
            cx.add("coproduct-method-missing",
                   "process '" + p.id + "' has " + std::to_string(p.outputs.size()) +
                       " outputs but no co-product method (substitution, mass, economic, factors)");
        if (p.outputs.size() < 2) continue;

        if (p.method == coproduct_method::mass) {
            for (const auto& e : p.outputs)
                if (e.amount_unit.dim.base != base_dimension::mass)
                    cx.add("allocation-unit", "process '" + p.id + "' output '" + e.flow +
                                                  "': mass allocation needs a mass unit, got '" +
                                                  e.amount_unit.symbol + "'");
        } else if (p.method == coproduct_method::economic) {
            for (const auto& e : p.outputs) {
                if (!e.price || !std::isfinite(*e.price) || *e.price < 0)
                    cx.add("allocation-price", "process '" + p.id + "' output '" + e.flow +
                                                   "': economic allocation needs a price >= 0");
            }
        } else if (p.method == coproduct_method::factors) {
            double sum = 0;
            bool all = true;
            for (const auto& e : p.outputs) {
                if (!e.allocation_factor || !std::isfinite(*e.allocation_factor) ||
                    *e.allocation_factor < 0 || *e.allocation_factor > 1) {
                    cx.add("allocation-factor", "process '" + p.id + "' output '" + e.flow +
                                                    "': needs an allocation factor in [0, 1]");
                    all = false;
                } else {
                    sum += *e.allocation_factor;
                }
            }
            if (all && std::abs(sum - 1.0) > 1e-9)
                cx.add("allocation-factor", "process '" + p.id + "': allocation factors sum to " +
                                                number(sum) + ", not 1");
        }
    }
}

/// Allocation share of each output of an allocated process (already checked).
inline std::vector<double> allocation_shares(const process& p) {
    std::vector<double> w(p.outputs.size(), 0.0);
    for (std::size_t k = 0; k < p.outputs.size(); ++k) {
        const auto& e = p.outputs[k];
        switch (p.method) {
        case coproduct_method::mass:
            w[k] = e.amount * e.amount_unit.to_base;
            break;
        case coproduct_method::economic:
            w[k] = e.amount * e.price.value_or(0.0);
            break;
        case coproduct_method::factors:
            w[k] = e.allocation_factor.value_or(0.0);
            break;
        default:
            break;
        }
    }
    double sum = 0;
    for (double v : w)
        sum += v;
    if (!(sum > 0)) return {};
    for (double& v : w)
        v /= sum;
    return w;
}

inline bool is_allocated(const process& p) {
    return p.outputs.size() > 1 &&
           (p.method == coproduct_method::mass || p.method == coproduct_method::economic ||
            p.method == coproduct_method::factors);
}

inline void make_columns(compile_context& cx) {
    const auto& sys = cx.sys;
    cx.process_columns.resize(sys.processes.size());
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi) {
        const process& p = sys.processes[pi];
        if (p.outputs.empty()) continue;
        std::vector<double> shares{1.0};
        std::size_t n_cols = 1;
        if (is_allocated(p)) {
            shares = allocation_shares(p);
            if (shares.empty()) {
                cx.add("allocation-factor",
                       "process '" + p.id + "': allocation shares sum to zero");
                continue;
            }
            n_cols = p.outputs.size();
        }
        for (std::size_t k = 0; k < n_cols; ++k) {
            const auto& out = p.outputs[k];
            const flow* f = cx.find_flow(out.flow);
            tech_flow t;
            t.process = p.id;
            t.product = out.flow;
            t.name = p.name.empty() ? p.id : p.name;
            t.location = p.location;
            t.stage = p.stage;
            t.tags = p.tags;
            t.product_unit = f ? f->ref_unit : out.amount_unit;
            t.allocation = shares[k];
            t.allocated = n_cols > 1;
            cx.providers_of[out.flow].push_back(cx.columns.size());
            cx.process_columns[pi].push_back(cx.columns.size());
            cx.columns.push_back(std::move(t));
            cx.column_process.push_back(pi);
            cx.column_output.push_back(k);
        }
    }
}

/// Column providing `product` for an exchange of process `p`; records a
/// problem and returns -1 if there is none or several.
inline long resolve_provider(compile_context& cx, const process& p, std::string_view role,
                             const exchange& e) {
    auto explicit_provider = [&](const std::string& proc, std::string_view why) -> long {
        const auto it = cx.process_at.find(proc);
        if (it == cx.process_at.end()) {
            cx.add("unknown-provider", where(p, role, e) + ": " + std::string(why) + " '" + proc +
                                           "' is not a process of the system");
            return -1;
        }
        for (std::size_t c : cx.process_columns[it->second])
            if (cx.columns[c].product == e.flow) return static_cast<long>(c);
        cx.add("unknown-provider", where(p, role, e) + ": " + std::string(why) + " '" + proc +
                                       "' does not output '" + e.flow + "'");
        return -1;
    };
    if (!e.avoids.empty()) return explicit_provider(e.avoids, "avoided process");
    if (!e.provider.empty()) return explicit_provider(e.provider, "provider");
    if (auto rule = cx.sys.providers.find(e.flow); rule != cx.sys.providers.end())
        return explicit_provider(rule->second, "linking rule provider");

    const std::string at = where(p, role, e);
    std::vector<std::size_t> candidates;
    for (std::size_t c : cx.providers_of[e.flow])
        if (cx.columns[c].process != p.id || role == "input") candidates.push_back(c);
    if (candidates.empty()) {
        cx.add("unlinked-input", at + ": no process in the system provides '" + e.flow + "'" +
                                     (role == "input" ? "" : " (the product it would displace)"));
        return -1;
    }
    if (candidates.size() > 1) {
        std::string names;
        for (std::size_t c : candidates)
            names += (names.empty() ? "'" : ", '") + cx.columns[c].process + "'";
        cx.add("ambiguous-provider", at + ": several processes provide '" + e.flow + "' (" + names +
                                         "); name one with \"provider\" or a \"providers\" rule");
        return -1;
    }
    return static_cast<long>(candidates.front());
}

/// A process must make more of its reference product than it uses itself: the diagonal of A (its
/// output less its own use, linked back to it) must be positive, or the process cannot deliver.
inline void check_net_outputs(const compiled_system& out, const product_system& sys,
                              const std::vector<std::size_t>& column_process,
                              const std::vector<std::size_t>& column_output) {
    std::vector<problem> problems;
    const Eigen::VectorXd diag = out.A.diagonal();
    for (Eigen::Index j = 0; j < diag.size(); ++j) {
        if (diag(j) > 0.0) continue;
        const auto uj = static_cast<std::size_t>(j);
        const process& p = sys.processes[column_process[uj]];
        const tech_flow& t = out.index.columns()[uj];
        const exchange& made = p.outputs[column_output[uj]];
        const double made_amount = made.amount * made.amount_unit.to_base / t.product_unit.to_base;
        problems.push_back({"unproductive-process",
                            "process '" + t.label() + "' makes " + number(made_amount) + " " +
                                t.product_unit.symbol + " of '" + t.product + "' and uses " +
                                number(made_amount - diag(j)) + " " + t.product_unit.symbol +
                                " of it itself: its net output is " + number(diag(j)) + " " +
                                t.product_unit.symbol + " (it must make more than it uses)"});
    }
    if (!problems.empty()) throw model_error(std::move(problems));
}

} // namespace detail

/// Compile a product system into its index and the matrices A and B.
/// Validates everything first and throws one model_error listing every
/// problem found (unlinked inputs, ambiguous providers, unknown flows or
/// units, bad amounts, inconsistent allocation). Pure: the model is not changed.
/// With `trace`, also records where every entry came from (see compile_trace).
[[nodiscard]] inline compiled_system compile(const product_system& sys,
                                             compile_trace* trace = nullptr) {
    detail::compile_context cx{sys, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    detail::check_processes(cx);
    detail::make_columns(cx);

    std::vector<flow> elementary;
    std::unordered_map<std::string, int> elem_row;
    for (const auto& f : sys.flows)
        if (f.kind == flow_kind::elementary && !elem_row.contains(f.id)) {
            elem_row.emplace(f.id, static_cast<int>(elementary.size()));
            elementary.push_back(f);
        }

    std::vector<triplet> ta, tb;
    std::size_t nnz_estimate = 0;
    for (const auto& p : sys.processes)
        nnz_estimate += p.inputs.size() + p.outputs.size();
    ta.reserve(nnz_estimate);

    using side = compile_trace::side;
    auto record = [&](std::size_t pi, side role, std::size_t k, bool in_B, int row, int col,
                      double coeff) {
        if (trace != nullptr)
            trace->entries.push_back({static_cast<std::uint32_t>(pi), static_cast<std::uint32_t>(k),
                                      role, in_B, row, col, coeff});
    };
    for (std::size_t j = 0; j < cx.columns.size(); ++j) {
        const std::size_t pi = cx.column_process[j];
        const process& p = sys.processes[pi];
        const int col = static_cast<int>(j);
        const double share = cx.columns[j].allocation;
        const bool split = cx.columns[j].allocated;
        const auto& fac = cx.factors[pi];
        // outputs
        for (std::size_t k = 0; k < p.outputs.size(); ++k) {
            const auto& out = p.outputs[k];
            const double amount = out.amount * fac[0][k];
            int row = -1;
            if (split) {
                if (k == cx.column_output[j]) row = col;
            } else if (k == 0) {
                row = col;
            } else if (p.method == coproduct_method::substitution) {
                long c = detail::resolve_provider(cx, p, "co-product", out);
                if (c >= 0) row = static_cast<int>(c);
            }
            if (row < 0) continue;
            ta.emplace_back(row, col, amount);
            record(pi, side::output, k, false, row, col, fac[0][k]);
        }
        // product inputs (linked)
        for (std::size_t k = 0; k < p.inputs.size(); ++k) {
            if (std::isnan(fac[1][k])) continue; // a bad exchange is reported once, already
            long c = detail::resolve_provider(cx, p, "input", p.inputs[k]);
            if (c < 0) continue;
            ta.emplace_back(static_cast<int>(c), col, -share * p.inputs[k].amount * fac[1][k]);
            record(pi, side::input, k, false, static_cast<int>(c), col, -share * fac[1][k]);
        }
        // elementary exchanges
        for (std::size_t k = 0; k < p.elementary.size(); ++k) {
            const auto& e = p.elementary[k];
            auto it = elem_row.find(e.flow);
            if (it == elem_row.end()) continue; // reported by check_exchange
            const flow& f = elementary[static_cast<std::size_t>(it->second)];
            const double sign = f.dir == direction::resource ? -1.0 : 1.0;
            tb.emplace_back(it->second, col, sign * share * e.amount * fac[2][k]);
            record(pi, side::elementary, k, true, it->second, col, sign * share * fac[2][k]);
        }
    }
    if (!cx.problems.empty()) throw model_error(std::move(cx.problems));

    const auto n = static_cast<Eigen::Index>(cx.columns.size());
    compiled_system out{system_index(std::move(cx.columns), std::move(elementary)), {}, {}};
    out.A.resize(n, n);
    out.A.setFromTriplets(ta.begin(), ta.end()); // duplicates are summed
    out.B.resize(static_cast<Eigen::Index>(out.index.elementary_size()), n);
    out.B.setFromTriplets(tb.begin(), tb.end());
    out.A.makeCompressed();
    out.B.makeCompressed();
    detail::check_net_outputs(out, sys, cx.column_process, cx.column_output);
    return out;
}

/// The demand vector f for a functional unit, in the product's matrix unit.
[[nodiscard]] inline Eigen::VectorXd demand_vector(const compiled_system& sys,
                                                   const functional_unit& fu) {
    std::optional<process_col> col;
    if (!fu.process.empty()) {
        col = sys.index.find(fu.process, fu.flow);
        if (!col)
            throw model_error(problem{
                "unknown-reference", "functional unit: process '" + fu.process + "'" +
                                         (fu.flow.empty() ? "" : " with output '" + fu.flow + "'") +
                                         " is not in the system"});
    } else {
        std::vector<std::size_t> found;
        for (std::size_t j = 0; j < sys.index.size(); ++j)
            if (sys.index.columns()[j].product == fu.flow) found.push_back(j);
        if (found.size() != 1)
            throw model_error(problem{found.empty() ? "unknown-reference" : "ambiguous-provider",
                                      "functional unit: " + std::to_string(found.size()) +
                                          " processes provide '" + fu.flow +
                                          "'; name the process"});
        col = process_col{found.front()};
    }
    if (!std::isfinite(fu.amount))
        throw model_error(
            problem{"invalid-amount", "functional unit: amount is not a finite number"});
    const tech_flow& t = sys.index.column(*col);
    const double factor =
        conversion_factor(fu.amount_unit, t.product_unit, "functional unit '" + t.label() + "'");
    if (!detail::amount_in_range(fu.amount * factor))
        throw model_error(
            problem{"invalid-amount",
                    "functional unit: " + detail::number(fu.amount) + " " + fu.amount_unit.symbol +
                        " is " + detail::number(fu.amount * factor) + " " + t.product_unit.symbol +
                        ", " + detail::range_problem(fu.amount * factor)});
    Eigen::VectorXd f = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(sys.index.size()));
    f(static_cast<Eigen::Index>(col->value)) = fu.amount * factor;
    return f;
}

} // namespace cradle
