// cradle — model -> index + matrices (technosphere A, interventions B).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/detail/id_table.hpp"
#include "cradle/engine/index.hpp"
#include "cradle/error.hpp"
#include "cradle/model/model.hpp"
#include "cradle/sparse.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
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

/// An exchange as checked: the factor from its unit to its flow's (NaN if the exchange is bad)
/// and the flow's position in product_system::flows (-1 if unknown). Each flow id is looked up
/// once per exchange, here; the later passes index by position.
struct checked_exchange {
    double factor{0.0};
    double value{0.0}; ///< amount × factor: the exchange in its flow's unit
    std::int32_t flow{-1};
    /// linked by its own "provider" or "avoids", or a rule of "providers" (else by its flow)
    bool named_link{false};
};

struct compile_context {
    const product_system& sys;
    std::vector<problem> problems;
    id_table flow_at; ///< flow id -> position in sys.flows (the first, if declared twice)
    /// What check_exchange needs of each flow, packed (24 bytes, not the 384 of a flow): the
    /// check then reads the model's flows only to word a problem.
    struct flow_brief {
        flow_kind kind{flow_kind::product};
        base_dimension base{base_dimension::mass};
        bool named{false}; ///< the dimension has a name (a currency or a unit group)
        double to_base{1.0};
    };
    std::vector<flow_brief> flow_briefs; ///< per position in sys.flows
    id_table process_at;                 ///< process id -> position in sys.processes (the first)
    std::vector<std::vector<std::size_t>> providers_of; // flow position -> columns making it
    std::vector<tech_flow> columns;
    std::vector<std::size_t> column_process; // column -> process position
    std::vector<std::size_t> column_output;  // column -> output position in the process
    std::vector<std::vector<std::size_t>> process_columns; // process position -> its columns
    /// per process: its outputs, inputs and elementary exchanges as checked
    std::vector<std::array<std::vector<checked_exchange>, 3>> factors;

    void add(std::string id, std::string msg) {
        problems.push_back({std::move(id), std::move(msg)});
    }

    /// Position of flow `id` in sys.flows (the first, if declared twice), or -1.
    [[nodiscard]] std::int32_t flow_position(const std::string& id) const {
        const std::size_t at = flow_at.find(id);
        return at == id_table::npos ? -1 : static_cast<std::int32_t>(at);
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
/// convertible unit. Returns the factor to the flow's unit (NaN if bad) and the flow's position.
/// Message strings are built only when there is a problem (this runs for
/// every exchange of the model).
inline checked_exchange check_exchange(compile_context& cx, const process& p, std::string_view role,
                                       const exchange& e, flow_kind expected) {
    const std::int32_t at = cx.flow_position(e.flow);
    bool ok = true;
    if (!std::isfinite(e.amount)) {
        cx.add("invalid-amount", where(p, role, e) + ": amount is not a finite number");
        ok = false;
    }
    if (at < 0) {
        cx.add("unknown-flow", where(p, role, e) + ": no flow with this id is declared in 'flows'");
        return {std::nan(""), std::nan(""), -1, false};
    }
    const auto& brief = cx.flow_briefs[static_cast<std::size_t>(at)];
    const dimension& dim = e.amount_unit.dim;
    if (ok && brief.kind == expected && brief.base == dim.base && !brief.named &&
        dim.name.empty()) { // the common case, without touching the flow
        const double factor = e.amount_unit.to_base / brief.to_base;
        if (amount_in_range(e.amount * factor)) return {factor, e.amount * factor, at, false};
    }
    const flow* f = &cx.sys.flows[static_cast<std::size_t>(at)];
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
        return {std::nan(""), std::nan(""), at, false};
    }
    const double factor = e.amount_unit.to_base / f->ref_unit.to_base;
    if (ok && !amount_in_range(e.amount * factor))
        cx.add("invalid-amount",
               where(p, role, e) + ": amount " + number(e.amount) + " " + e.amount_unit.symbol +
                   (factor == 1.0 ? std::string()
                                  : " is " + number(e.amount * factor) + " " + f->ref_unit.symbol) +
                   ", " + range_problem(e.amount * factor));
    return ok ? checked_exchange{factor, e.amount * factor, at, false}
              : checked_exchange{std::nan(""), std::nan(""), at, false};
}

/// Whether exchange `e` names its provider: its own "avoids" or "provider", or a rule of the
/// system's "providers" for its flow.
[[nodiscard]] inline bool has_named_link(const product_system& sys, const exchange& e) {
    return !e.avoids.empty() || !e.provider.empty() ||
           (!sys.providers.empty() && sys.providers.count(e.flow) != 0);
}

inline void check_processes(compile_context& cx) {
    const auto& sys = cx.sys;
    cx.flow_at.reserve(sys.flows.size());
    cx.process_at.reserve(sys.processes.size());
    cx.flow_briefs.reserve(sys.flows.size());
    for (const flow& f : sys.flows)
        cx.flow_briefs.push_back(
            {f.kind, f.ref_unit.dim.base, !f.ref_unit.dim.name.empty(), f.ref_unit.to_base});
    for (std::size_t i = 0; i < sys.flows.size(); ++i)
        if (!cx.flow_at.insert(sys.flows[i].id, i))
            cx.add("duplicate-id", "flow id '" + sys.flows[i].id + "' is declared twice");
    for (std::size_t i = 0; i < sys.processes.size(); ++i)
        if (!cx.process_at.insert(sys.processes[i].id, i))
            cx.add("duplicate-id", "process id '" + sys.processes[i].id + "' is declared twice");

    cx.factors.resize(sys.processes.size());
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi) {
        const process& p = sys.processes[pi];
        if (p.outputs.empty()) {
            cx.add("no-output", "process '" + p.id + "' has no output (needs a reference product)");
            continue;
        }
        auto& fac = cx.factors[pi];
        fac[0].reserve(p.outputs.size());
        fac[1].reserve(p.inputs.size());
        fac[2].reserve(p.elementary.size());
        for (const auto& e : p.outputs)
            fac[0].push_back(check_exchange(cx, p, "output", e, flow_kind::product));
        for (const auto& e : p.inputs) {
            fac[1].push_back(check_exchange(cx, p, "input", e, flow_kind::product));
            fac[1].back().named_link = has_named_link(sys, e);
        }
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
    cx.providers_of.resize(sys.flows.size());
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
            const std::int32_t at = cx.factors[pi][0][k].flow;
            const flow* f = at < 0 ? nullptr : &sys.flows[static_cast<std::size_t>(at)];
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
            if (at >= 0) cx.providers_of[static_cast<std::size_t>(at)].push_back(cx.columns.size());
            cx.process_columns[pi].push_back(cx.columns.size());
            cx.columns.push_back(std::move(t));
            cx.column_process.push_back(pi);
            cx.column_output.push_back(k);
        }
    }
}

/// Column providing `product` for an exchange of process `p` (its flow at position `flow_at`,
/// -1 if unknown); records a problem and returns -1 if there is none or several. Messages are
/// built only on a problem: this runs for every input of the model, and an input linked by its
/// flow (`named_link` false, as has_named_link found) is not read again.
inline long resolve_provider(compile_context& cx, const process& p, std::string_view role,
                             const exchange& e, std::int32_t flow_at, bool named_link) {
    auto explicit_provider = [&](const std::string& proc, std::string_view why) -> long {
        const std::size_t at = cx.process_at.find(proc);
        if (at == id_table::npos) {
            cx.add("unknown-provider", where(p, role, e) + ": " + std::string(why) + " '" + proc +
                                           "' is not a process of the system");
            return -1;
        }
        for (std::size_t c : cx.process_columns[at])
            if (cx.columns[c].product == e.flow) return static_cast<long>(c);
        cx.add("unknown-provider", where(p, role, e) + ": " + std::string(why) + " '" + proc +
                                       "' does not output '" + e.flow + "'");
        return -1;
    };
    if (named_link) {
        if (!e.avoids.empty()) return explicit_provider(e.avoids, "avoided process");
        if (!e.provider.empty()) return explicit_provider(e.provider, "provider");
        if (auto rule = cx.sys.providers.find(e.flow); rule != cx.sys.providers.end())
            return explicit_provider(rule->second, "linking rule provider");
    }

    static const std::vector<std::size_t> none;
    const auto& makers = flow_at < 0 ? none : cx.providers_of[static_cast<std::size_t>(flow_at)];
    const bool input = role == "input";
    long found = -1;
    std::size_t count = 0;
    for (std::size_t c : makers)
        if (input || cx.columns[c].process != p.id) {
            if (count++ == 0) found = static_cast<long>(c);
        }
    if (count == 1) return found;
    if (count == 0) {
        cx.add("unlinked-input", where(p, role, e) + ": no process in the system provides '" +
                                     e.flow + "'" +
                                     (input ? "" : " (the product it would displace)"));
        return -1;
    }
    std::string names;
    for (std::size_t c : makers)
        if (input || cx.columns[c].process != p.id)
            names += (names.empty() ? "'" : ", '") + cx.columns[c].process + "'";
    cx.add("ambiguous-provider", where(p, role, e) + ": several processes provide '" + e.flow +
                                     "' (" + names +
                                     "); name one with \"provider\" or a \"providers\" rule");
    return -1;
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
    detail::compile_context cx{sys, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    detail::check_processes(cx);
    detail::make_columns(cx);

    // the rows of B: elementary flows in declaration order, each id once (the first)
    std::vector<flow> elementary;
    std::vector<int> elem_row(sys.flows.size(), -1); // flow position -> row of B
    std::vector<double> elem_sign;                   // row of B -> -1 resource, 1 emission
    for (std::size_t i = 0; i < sys.flows.size(); ++i) {
        const flow& f = sys.flows[i];
        if (f.kind != flow_kind::elementary) continue;
        if (cx.flow_at.find(f.id) != i) continue; // a repeated id
        elem_row[i] = static_cast<int>(elementary.size());
        elem_sign.push_back(f.dir == direction::resource ? -1.0 : 1.0);
        elementary.push_back(f);
    }

    std::vector<triplet> ta, tb;
    std::size_t nnz_estimate = 0, nnz_b = 0;
    for (const auto& p : sys.processes) {
        nnz_estimate += p.inputs.size() + p.outputs.size();
        nnz_b += p.elementary.size();
    }
    ta.reserve(nnz_estimate);
    tb.reserve(nnz_b);

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
            const double amount = fac[0][k].value;
            int row = -1;
            if (split) {
                if (k == cx.column_output[j]) row = col;
            } else if (k == 0) {
                row = col;
            } else if (p.method == coproduct_method::substitution) {
                long c = detail::resolve_provider(cx, p, "co-product", out, fac[0][k].flow,
                                                  detail::has_named_link(sys, out));
                if (c >= 0) row = static_cast<int>(c);
            }
            if (row < 0) continue;
            ta.emplace_back(row, col, amount);
            record(pi, side::output, k, false, row, col, fac[0][k].factor);
        }
        // product inputs (linked)
        for (std::size_t k = 0; k < p.inputs.size(); ++k) {
            const auto& in = fac[1][k];
            const double factor = in.factor;
            if (std::isnan(factor)) continue; // a bad exchange is reported once, already
            long c = detail::resolve_provider(cx, p, "input", p.inputs[k], in.flow, in.named_link);
            if (c < 0) continue;
            // an unallocated column takes the checked value; the same number bit for bit
            ta.emplace_back(static_cast<int>(c), col,
                            share == 1.0 ? -in.value : -share * p.inputs[k].amount * factor);
            record(pi, side::input, k, false, static_cast<int>(c), col, -share * factor);
        }
        // elementary exchanges
        for (std::size_t k = 0; k < p.elementary.size(); ++k) {
            const std::int32_t at = fac[2][k].flow;
            const int row = at < 0 ? -1 : elem_row[static_cast<std::size_t>(at)];
            if (row < 0) continue; // reported by check_exchange
            const double sign = elem_sign[static_cast<std::size_t>(row)];
            const double factor = fac[2][k].factor;
            tb.emplace_back(row, col,
                            share == 1.0 ? sign * fac[2][k].value
                                         : sign * share * p.elementary[k].amount * factor);
            record(pi, side::elementary, k, true, row, col, sign * share * factor);
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
