// cradle — finishing an imported inventory database: waste, allocation, linking, cut-offs.
// SPDX-License-Identifier: Apache-2.0
#include "raw_inventory.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/model/formula.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

namespace cradle {

namespace detail {

namespace {

struct classified {
    std::vector<const raw_exchange*> products; ///< outputs of the process (after waste turning)
    std::vector<std::pair<const raw_exchange*, double>> inputs;     ///< (exchange, signed amount)
    std::vector<std::pair<const raw_exchange*, double>> elementary; ///< (exchange, signed amount)
    const raw_exchange* reference{nullptr};
};

std::string_view kind_name(allocation_kind k) {
    switch (k) {
    case allocation_kind::physical:
        return "physical";
    case allocation_kind::economic:
        return "economic";
    case allocation_kind::causal:
        return "causal";
    }
    return "?";
}

/// Allocation factors of `p` for its products, of one kind, if complete: product id -> factor
/// (physical, economic) or (product id, exchange key) -> factor (causal).
struct allocation_plan {
    allocation_kind kind{allocation_kind::physical};
    std::map<std::string, double> per_product;
    std::map<std::pair<std::string, std::string>, double> causal;
};

std::optional<allocation_plan> plan_allocation(const raw_process& p, const classified& c) {
    auto complete = [&](allocation_kind k) -> std::optional<allocation_plan> {
        allocation_plan plan;
        plan.kind = k;
        for (const auto& a : p.allocation) {
            if (a.kind != k || a.product.empty()) continue;
            if (k == allocation_kind::causal) {
                if (!a.exchange.empty()) plan.causal[{a.product, a.exchange}] = a.value;
            } else if (a.exchange.empty()) {
                plan.per_product[a.product] = a.value;
            }
        }
        if (k == allocation_kind::causal) {
            if (plan.causal.empty()) return std::nullopt;
            // products without a causal factor for an exchange fall back to the physical one
            for (const auto& a : p.allocation)
                if (a.kind == allocation_kind::physical && !a.product.empty() && a.exchange.empty())
                    plan.per_product[a.product] = a.value;
            return plan;
        }
        for (const auto* e : c.products)
            if (!plan.per_product.count(e->flow)) return std::nullopt;
        return plan;
    };
    if (p.default_allocation)
        if (auto plan = complete(*p.default_allocation)) return plan;
    for (auto k : {allocation_kind::physical, allocation_kind::economic, allocation_kind::causal})
        if (auto plan = complete(k)) return plan;
    return std::nullopt;
}

} // namespace

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<double> evaluate_formula(const std::string& text,
                                       const std::map<std::string, double>& values,
                                       const std::string& where, std::vector<problem>& notes) {
    try {
        const expression ex = parse_formula(text);
        std::map<std::string, double> bound;
        for (const auto& n : ex.names()) {
            auto it = values.find(lower(n));
            if (it == values.end())
                throw formula_error("unknown-parameter", "unknown name '" + n + "'");
            bound[n] = it->second;
        }
        const double v = ex.evaluate(bound);
        if (!std::isfinite(v)) throw formula_error("bad-number", "not a finite number");
        return v;
    } catch (const cradle::error& e) {
        notes.push_back({"formula-not-evaluated", where + ": formula '" + excerpt(text, 80) +
                                                      "' not evaluated (" + e.message() +
                                                      "); the stated amount is used"});
        return std::nullopt;
    }
}

void evaluate_parameters(std::map<std::string, double>& values,
                         const std::vector<std::pair<std::string, std::string>>& computed) {
    for (std::size_t pass = 0; pass <= computed.size(); ++pass) {
        bool changed = false;
        for (const auto& [name, formula] : computed) {
            try {
                const expression ex = parse_formula(formula);
                std::map<std::string, double> bound;
                bool ready = true;
                for (const auto& n : ex.names()) {
                    auto it = values.find(lower(n));
                    if (it == values.end())
                        ready = false;
                    else
                        bound[n] = it->second;
                }
                if (!ready) continue;
                const double v = ex.evaluate(bound);
                auto it = values.find(name);
                if (std::isfinite(v) && (it == values.end() || it->second != v)) {
                    values[name] = v;
                    changed = true;
                }
            } catch (const cradle::error&) {
            }
        }
        if (!changed) break;
    }
}

void apply_formula(double& amount, const std::string& formula,
                   const std::map<std::string, double>& values, const std::string& where,
                   std::vector<problem>& notes) {
    if (formula.empty()) return;
    const auto v = evaluate_formula(formula, values, where, notes);
    if (!v) return;
    if (std::abs(*v - amount) > 1e-9 * std::max(std::abs(*v), std::abs(amount)))
        notes.push_back({"formula-differs", where + ": formula '" + excerpt(formula, 80) +
                                                "' gives " + std::to_string(*v) +
                                                ", the stated amount is " + std::to_string(amount) +
                                                "; the formula's value is used"});
    amount = *v;
}

imported_database finish_inventory(raw_database db, const import_options& opt) {
    imported_database out;
    auto& rep = out.report;
    rep.source = db.source;
    rep.format = db.format;
    rep.notes = std::move(db.notes);
    std::vector<problem> errors = std::move(db.errors);

    std::unordered_map<std::string, std::size_t> flow_at;
    for (std::size_t i = 0; i < db.flows.size(); ++i)
        if (!flow_at.emplace(db.flows[i].id, i).second)
            errors.push_back(
                {"duplicate-id", db.source + ": flow '" + db.flows[i].id + "' is defined twice"});
    {
        std::map<std::string, const raw_process*> seen;
        for (const auto& p : db.processes)
            if (auto [it, fresh] = seen.emplace(p.id, &p); !fresh)
                errors.push_back({"duplicate-id", p.where + ": process '" + p.id +
                                                      "' is also defined in " + it->second->where});
    }

    // 1. Classify each exchange; waste turned around, avoided products as negative inputs.
    std::vector<classified> cls(db.processes.size());
    std::vector<char> usable(db.processes.size(), 1);
    for (std::size_t pi = 0; pi < db.processes.size(); ++pi) {
        const auto& p = db.processes[pi];
        auto& c = cls[pi];
        for (const auto& e : p.exchanges) {
            ++rep.exchanges;
            auto fi = flow_at.find(e.flow);
            if (fi == flow_at.end()) {
                errors.push_back({"unknown-flow", e.where + ": process '" + p.id +
                                                      "' exchanges flow '" + e.flow +
                                                      "', which the database does not define"});
                usable[pi] = 0;
                continue;
            }
            if (!std::isfinite(e.amount)) {
                errors.push_back({"bad-number", e.where + ": process '" + p.id + "', flow '" +
                                                    e.flow + "': the amount is not finite"});
                usable[pi] = 0;
                continue;
            }
            const flow& f = db.flows[fi->second];
            if (f.kind == flow_kind::elementary) {
                const bool as_resource = f.dir == direction::resource;
                c.elementary.emplace_back(&e, e.input == as_resource ? e.amount : -e.amount);
                continue;
            }
            const bool waste = db.waste_flows.count(f.id) != 0;
            if (e.avoided) {
                c.inputs.emplace_back(&e, -e.amount);
                continue;
            }
            if (e.input != waste) { // a product input, or a waste output to be treated
                c.inputs.emplace_back(&e, e.amount);
                continue;
            }
            c.products.push_back(&e);
            if (e.reference) c.reference = &e;
        }
        if (!usable[pi]) continue;
        if (!c.reference) {
            if (c.products.empty()) { // a quirk of real exports (21 datasets of the USLCI's
                                      // EcoSpold 2): nothing can be made of it, so it is left out
                rep.notes.push_back({"dataset-skipped",
                                     p.where + ": process '" + p.id + "' (" + excerpt(p.name, 80) +
                                         ") has no product output (nor waste input) to be its "
                                         "reference; it is left out"});
                usable[pi] = 0;
                continue;
            }
            for (const auto* e : c.products)
                if (e->reference) c.reference = e;
            if (!c.reference) {
                bool stated = false;
                for (const auto& e : p.exchanges)
                    stated = stated || e.reference;
                if (stated) {
                    errors.push_back({"bad-reference",
                                      p.where + ": process '" + p.id +
                                          "': its quantitative reference is not a product output "
                                          "or a waste input"});
                    usable[pi] = 0;
                    continue;
                }
                c.reference = c.products.front();
            }
        }
        double largest_input = 0.0;
        for (const auto& [e, amount] : c.inputs)
            largest_input = std::max(largest_input, std::abs(amount));
        if (c.reference->amount > 0.0 && c.reference->amount < 1e-12 * largest_input) {
            // e.g. the USLCI's EcoSpold 1 "Dioxins" dataset: 5.5e-14 kg of product from 0.62 kg
            // of steel scrap; the solver would refuse the whole database as nearly singular
            rep.notes.push_back({"dataset-skipped",
                                 p.where + ": process '" + p.id + "' (" + excerpt(p.name, 80) +
                                     ") makes " + std::to_string(c.reference->amount) +
                                     " of its product from " + std::to_string(largest_input) +
                                     " of an input (more than 1e12 times as much): likely a unit "
                                     "error; it is left out"});
            usable[pi] = 0;
            continue;
        }
        if (!(c.reference->amount > 0.0)) {
            errors.push_back({"bad-reference", c.reference->where + ": process '" + p.id +
                                                   "': its reference product amount is " +
                                                   std::to_string(c.reference->amount) +
                                                   "; it must be positive"});
            usable[pi] = 0;
        }
    }

    // 2. Processes of the model: single-output, split by allocation where stated.
    struct pending_input {
        std::size_t process; ///< index into out.system.processes
        std::size_t raw;     ///< index into db.processes
        const raw_exchange* e;
        double amount;
    };
    std::vector<pending_input> pending;
    std::map<std::string, std::vector<std::size_t>> makers; ///< product flow -> model processes
    std::map<std::string, std::map<std::string, std::size_t>> split_of; ///< raw id -> flow -> proc
    std::set<std::string> used_flows;
    auto& procs = out.system.processes;
    for (std::size_t pi = 0; pi < db.processes.size(); ++pi) {
        if (!usable[pi]) continue;
        const auto& p = db.processes[pi];
        const auto& c = cls[pi];
        std::optional<allocation_plan> plan;
        std::vector<const raw_exchange*> products{c.reference};
        if (c.products.size() > 1) {
            plan = plan_allocation(p, c);
            if (plan) {
                for (const auto* e : c.products)
                    if (e != c.reference) products.push_back(e);
            } else {
                std::string dropped;
                for (const auto* e : c.products)
                    if (e != c.reference)
                        dropped += (dropped.empty() ? "'" : ", '") +
                                   db.flows[flow_at.at(e->flow)].name + "'";
                rep.notes.push_back(
                    {"multi-output-unallocated",
                     p.where + ": process '" + p.id + "' (" + excerpt(p.name, 80) + ") has " +
                         std::to_string(c.products.size()) +
                         " products and no complete allocation factors; all its burdens go to "
                         "its reference product, its co-products " +
                         dropped + " are left out"});
            }
        }
        for (const auto* prod : products) {
            if (!(prod->amount > 0.0)) { // only a co-product can get here
                rep.notes.push_back(
                    {"coproduct-skipped", prod->where + ": process '" + p.id + "': co-product '" +
                                              prod->flow + "' has an amount of " +
                                              std::to_string(prod->amount) + "; it is left out"});
                continue;
            }
            const double f_prod = plan && plan->per_product.count(prod->flow)
                                      ? plan->per_product.at(prod->flow)
                                      : 1.0;
            auto factor = [&](const raw_exchange& e) {
                if (!plan) return 1.0;
                if (plan->kind == allocation_kind::causal) {
                    const std::string& key = e.key.empty() ? e.flow : e.key;
                    if (auto it = plan->causal.find({prod->flow, key}); it != plan->causal.end())
                        return it->second;
                    if (auto it = plan->causal.find({prod->flow, e.flow}); it != plan->causal.end())
                        return it->second;
                }
                return f_prod;
            };
            process q;
            q.id = prod == c.reference ? p.id : p.id + "/" + prod->flow;
            q.name = p.name;
            if (prod != c.reference)
                q.name += " [" + db.flows[flow_at.at(prod->flow)].name + ", " +
                          std::string(kind_name(plan->kind)) + " allocation]";
            q.location = p.location;
            if (!p.category.empty()) q.metadata["category"] = p.category;
            q.metadata["source"] = p.entry.empty() ? p.where : p.entry;
            if (plan) q.metadata["allocation"] = std::string(kind_name(plan->kind));
            const flow& pf = db.flows[flow_at.at(prod->flow)];
            // every process per 1 unit of its product: exchanges divided by the product's
            // amount (a dataset of 5e-14 kg of product would otherwise look singular)
            const double per = 1.0 / prod->amount;
            exchange o = make_exchange(prod->flow, 1.0, pf.ref_unit);
            if (prod->spread) o.spread = scaled(*prod->spread, per);
            q.outputs.push_back(std::move(o));
            used_flows.insert(prod->flow);
            for (const auto& [e, amount] : c.elementary) {
                const double k = factor(*e);
                const flow& ef = db.flows[flow_at.at(e->flow)];
                exchange x = make_exchange(e->flow, amount * k * per, ef.ref_unit);
                if (e->spread)
                    x.spread =
                        scaled(*e->spread, e->amount == 0 ? k * per : amount * k * per / e->amount);
                q.elementary.push_back(std::move(x));
                used_flows.insert(e->flow);
            }
            const std::size_t at = procs.size();
            for (const auto& [e, amount] : c.inputs)
                pending.push_back({at, pi, e, amount * factor(*e) * per});
            makers[prod->flow].push_back(at);
            split_of[p.id][prod->flow] = at;
            procs.push_back(std::move(q));
        }
    }
    rep.processes = procs.size();

    // 3. Link product inputs.
    std::map<std::string, std::size_t> cut_at; ///< flow -> index in rep.cut_offs
    for (const auto& in : pending) {
        const auto& raw = db.processes[in.raw];
        const raw_exchange& e = *in.e;
        const flow& f = db.flows[flow_at.at(e.flow)];
        process& consumer = procs[in.process];
        std::optional<std::size_t> chosen;
        if (!e.default_provider.empty()) {
            auto s = split_of.find(e.default_provider);
            if (s != split_of.end()) {
                if (auto it = s->second.find(e.flow); it != s->second.end()) {
                    chosen = it->second;
                    ++rep.linked_default;
                }
            }
            if (!chosen)
                rep.notes.push_back(
                    {"invalid-provider",
                     e.where + ": process '" + raw.id + "': the default provider '" +
                         excerpt(e.default_provider, 80) + "' of flow '" + f.id + "' (" +
                         excerpt(f.name, 80) +
                         ") is not a process of the database making it; linked by the rules"});
        }
        const auto mk = makers.find(e.flow);
        if (!chosen && mk != makers.end()) {
            const auto& cand = mk->second;
            if (cand.size() == 1) {
                chosen = cand.front();
                ++rep.linked_unique;
            } else {
                std::vector<std::size_t> local;
                for (auto j : cand)
                    if (!raw.location.empty() && procs[j].location == raw.location)
                        local.push_back(j);
                ambiguous_link amb;
                amb.process = consumer.id;
                amb.flow = e.flow;
                for (auto j : cand)
                    amb.candidates.push_back(procs[j].id);
                std::sort(amb.candidates.begin(), amb.candidates.end());
                if (local.size() == 1) {
                    chosen = local.front();
                    amb.rule = "same location";
                    ++rep.linked_location;
                } else {
                    const auto& pool = local.empty() ? cand : local;
                    chosen = *std::min_element(pool.begin(), pool.end(), [&](auto a, auto b) {
                        return procs[a].id < procs[b].id;
                    });
                    amb.rule = local.empty() ? "first by id" : "first by id in the same location";
                    ++rep.linked_first;
                }
                amb.chosen = procs[*chosen].id;
                rep.ambiguous.push_back(std::move(amb));
            }
        }
        if (!chosen) {
            ++rep.cut_off_exchanges;
            const double per_unit = in.amount / procs[in.process].outputs.front().amount;
            auto [it, fresh] = cut_at.emplace(e.flow, rep.cut_offs.size());
            if (fresh) rep.cut_offs.push_back({e.flow, f.name, f.ref_unit.symbol, 0.0, {}});
            auto& co = rep.cut_offs[it->second];
            co.amount += per_unit;
            if (co.processes.empty() || co.processes.back() != consumer.id)
                co.processes.push_back(consumer.id);
            if (opt.cutoffs == cutoff_rule::error)
                errors.push_back({"cut-off-flow", e.where + ": process '" + raw.id +
                                                      "' uses flow '" + f.id + "' (" +
                                                      excerpt(f.name, 80) +
                                                      "), which no process of the database makes"});
            continue;
        }
        exchange x = make_exchange(e.flow, in.amount, f.ref_unit, procs[*chosen].id);
        if (e.spread) x.spread = scaled(*e.spread, in.amount / (e.amount == 0 ? 1 : e.amount));
        consumer.inputs.push_back(std::move(x));
        used_flows.insert(e.flow);
    }
    if (!errors.empty()) throw input_error(std::move(errors));

    for (auto& f : db.flows)
        if (used_flows.count(f.id)) out.system.flows.push_back(std::move(f));
    rep.flows = out.system.flows.size();
    return out;
}

} // namespace detail

nlohmann::json to_json(const import_report& rep) {
    nlohmann::json j;
    j["source"] = rep.source;
    j["format"] = rep.format;
    j["processes"] = rep.processes;
    j["flows"] = rep.flows;
    j["exchanges"] = rep.exchanges;
    j["linked"] = {{"default_provider", rep.linked_default},
                   {"unique_provider", rep.linked_unique},
                   {"same_location", rep.linked_location},
                   {"first_by_id", rep.linked_first}};
    j["cut_off_exchanges"] = rep.cut_off_exchanges;
    j["cut_offs"] = nlohmann::json::array();
    for (const auto& c : rep.cut_offs)
        j["cut_offs"].push_back({{"flow", c.flow},
                                 {"name", c.name},
                                 {"unit", c.unit},
                                 {"amount", c.amount},
                                 {"processes", c.processes}});
    j["ambiguous"] = nlohmann::json::array();
    for (const auto& a : rep.ambiguous)
        j["ambiguous"].push_back({{"process", a.process},
                                  {"flow", a.flow},
                                  {"chosen", a.chosen},
                                  {"rule", a.rule},
                                  {"candidates", a.candidates}});
    j["notes"] = nlohmann::json::array();
    for (const auto& n : rep.notes)
        j["notes"].push_back({{"id", n.id}, {"message", n.message}});
    return j;
}

functional_unit find_product(const product_system& sys, const std::string& what) {
    std::vector<const process*> hits;
    for (const auto& p : sys.processes)
        if (p.id == what) hits.push_back(&p);
    if (hits.empty())
        for (const auto& p : sys.processes)
            if (!p.outputs.empty() && p.outputs.front().flow == what) hits.push_back(&p);
    if (hits.empty())
        for (const auto& p : sys.processes)
            if (detail::trim(p.name) == detail::trim(what)) hits.push_back(&p);
    if (hits.empty()) {
        std::map<std::string, const flow*> by_id;
        for (const auto& f : sys.flows)
            by_id[f.id] = &f;
        for (const auto& p : sys.processes) {
            if (p.outputs.empty()) continue;
            auto it = by_id.find(p.outputs.front().flow);
            if (it != by_id.end() && detail::trim(it->second->name) == detail::trim(what))
                hits.push_back(&p);
        }
    }
    if (hits.empty()) {
        std::vector<std::string> names;
        for (const auto& p : sys.processes)
            names.push_back(p.name);
        std::string msg = "no process or product is named '" + detail::excerpt(what, 80) + "'";
        auto close = detail::closest_words(what, names, 3);
        if (!close.empty()) {
            msg += "; did you mean";
            for (std::size_t i = 0; i < close.size(); ++i)
                msg += (i ? ", '" : " '") + close[i] + "'";
            msg += "?";
        }
        throw input_error({problem{"unknown-product", msg}});
    }
    if (hits.size() > 1) {
        std::string msg = "'" + detail::excerpt(what, 80) + "' names " +
                          std::to_string(hits.size()) + " processes; name one by id:";
        for (const auto* p : hits)
            msg +=
                "\n    " + p->id + "  " + detail::excerpt(p->name, 80) + " (" + p->location + ")";
        throw input_error({problem{"ambiguous-product", msg}});
    }
    const process& p = *hits.front();
    functional_unit fu;
    fu.process = p.id;
    fu.flow = p.outputs.front().flow;
    fu.amount = 1.0;
    fu.amount_unit = p.outputs.front().amount_unit;
    return fu;
}

} // namespace cradle
