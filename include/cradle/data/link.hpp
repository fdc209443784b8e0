// cradle — linking a model to background factors: "<dataset>/<id>" providers
// become background processes in the product system.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/factors.hpp"
#include "cradle/detail/text.hpp"
#include "cradle/model/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace cradle {

struct link_options {
    /// Use the per-gas parts where a dataset gives them (then the chosen GWP
    /// set characterizes them); false: the published CO2e as one flow.
    bool per_gas{true};
};

/// Elementary flow id for `species` emitted to air with origin `o`: "air/CO2/fossil".
[[nodiscard]] inline std::string background_flow_id(std::string_view species, origin o) {
    return "air/" + std::string(species) + "/" + std::string(to_string(o));
}

namespace detail {

/// A product flow measured in `u` (background products, price-year bridges).
[[nodiscard]] inline flow product_flow(std::string id, std::string name, unit u) {
    flow f;
    f.id = std::move(id);
    f.name = std::move(name);
    f.kind = flow_kind::product;
    f.ref_unit = std::move(u);
    return f;
}

/// The system being built: the model plus the background flows and processes added so far,
/// each added once however many inputs name it.
struct background_builder {
    const product_system& in;
    product_system out;
    std::vector<problem> problems;
    std::unordered_set<std::string> flow_ids;
    std::set<std::string> added_processes;

    explicit background_builder(const product_system& model) : in(model), out(model) {
        for (const auto& f : model.flows)
            flow_ids.insert(f.id);
    }

    void add_flow(flow f) {
        if (flow_ids.insert(f.id).second) out.flows.push_back(std::move(f));
    }

    /// The elementary flow of `species` emitted to air with origin `o` (a published-CO2e flow
    /// per dataset); reports a clash with a model product of the same id.
    std::string elementary(std::string_view species, origin o, const dataset_info& ds) {
        const bool co2e = normalize_species(species) == "CO2E";
        flow f;
        f.kind = flow_kind::elementary;
        f.ref_unit = parse_unit("kg");
        f.compartment = "air";
        f.carbon_origin = o;
        if (co2e) {
            f.id = "air/CO2e/" + ds.id;
            f.name = "CO2e as published by " + ds.id + " (" + ds.gwp_set + ")";
            f.substance = "CO2e";
        } else {
            f.id = background_flow_id(species, o);
            f.name = std::string(species) + " (" + std::string(to_string(o)) + ")";
            f.substance = std::string(species);
        }
        std::string id = f.id;
        if (flow_ids.contains(id)) {
            for (const auto& g : in.flows)
                if (g.id == id && g.kind != flow_kind::elementary)
                    problems.push_back({"flow-clash", "flow '" + id +
                                                          "' is declared by the model as a "
                                                          "product; cradle uses this id for "
                                                          "background emissions"});
        }
        add_flow(std::move(f));
        return id;
    }
};

/// A background process for factor `f`, with its provenance as metadata (no exchanges yet).
[[nodiscard]] inline process background_process(const factor& f) {
    process p;
    p.id = f.full_id();
    p.name = f.label();
    p.location = f.region;
    p.stage = "background";
    p.tags = {"background", f.dataset->id};
    p.metadata = {{"dataset", f.dataset->id},
                  {"dataset_title", f.dataset->title},
                  {"gwp_set", f.dataset->gwp_set},
                  {"version", f.dataset->version},
                  {"licence", f.dataset->licence},
                  {"source", f.dataset->source},
                  {"factor", f.id}};
    return p;
}

/// One factor as a process making 1 unit of its product and emitting its gases (per gas, or its
/// published CO2e as one flow).
inline void add_factor(background_builder& b, const factor& f, bool per_gas) {
    const std::string id = f.full_id();
    if (!b.added_processes.insert(id).second) return;
    b.add_flow(product_flow(id, f.name, f.per_unit));
    process p = background_process(f);
    p.outputs.push_back(make_exchange(id, 1.0, f.per_unit));
    const unit kg = parse_unit("kg");
    if (per_gas && !f.gases.empty()) {
        for (const auto& g : f.gases)
            if (g.kg != 0.0)
                p.elementary.push_back(
                    make_exchange(b.elementary(g.species, g.origin_in(f), *f.dataset), g.kg, kg));
    } else if (f.value != 0.0) {
        p.elementary.push_back(
            make_exchange(b.elementary(f.quantity, f.carbon_origin, *f.dataset), f.value, kg));
    }
    b.out.processes.push_back(std::move(p));
}

/// The whole economy of an input-output dataset: one process per sector, linked by its A.
inline void add_io_model(background_builder& b, const factor_dataset& ds) {
    const io_background& io = *ds.io();
    const std::string prefix = ds.info().id + "/";
    if (!b.added_processes.insert(prefix).second) return;
    const unit usd = parse_unit(io.currency);
    const unit kg = parse_unit("kg");
    std::string ghg;
    for (std::size_t j = 0; j < io.codes.size(); ++j)
        b.add_flow(product_flow(prefix + io.codes[j], ds.factors()[j].name, usd));
    for (std::size_t j = 0; j < io.codes.size(); ++j) {
        const factor& f = ds.factors()[j];
        process p = background_process(f);
        b.added_processes.insert(p.id);
        p.outputs.push_back(make_exchange(p.id, 1.0, usd));
        for (sparse_matrix::InnerIterator it(io.A, static_cast<Eigen::Index>(j)); it; ++it) {
            const std::string in_id = prefix + io.codes[static_cast<std::size_t>(it.row())];
            p.inputs.push_back(make_exchange(in_id, it.value(), usd, in_id));
        }
        if (io.direct[j] != 0.0) {
            if (ghg.empty()) ghg = b.elementary("CO2e", origin::other, ds.info());
            p.elementary.push_back(make_exchange(ghg, io.direct[j], kg));
        }
        b.out.processes.push_back(std::move(p));
    }
}

/// Process that delivers input-output sector `f` in the currency of `want`: the sector itself,
/// or a price-year bridge (USEEIO Rho) in front of it. "" after recording a problem.
inline std::string io_provider(background_builder& b, const factor_dataset& ds, const factor& f,
                               const unit& want, const std::string& where) {
    const io_background& io = *ds.io();
    add_io_model(b, ds);
    const std::string id = f.full_id();
    if (want.dim.base != base_dimension::currency) {
        b.problems.push_back(
            {"incompatible-unit", where + ": " + id + " is an input-output sector measured in " +
                                      io.currency + "; '" + want.symbol + "' is not a currency"});
        return {};
    }
    const std::string& cur = want.dim.name;
    if (cur == io.currency) return id;
    if (cur.size() != 7 || cur.substr(0, 3) != io.currency.substr(0, 3)) {
        b.problems.push_back(
            {"incompatible-unit", where + ": " + id + " is measured in " + io.currency + "; '" +
                                      want.symbol +
                                      "' needs a price year (USD2012 ... USD2018) or is not USD"});
        return {};
    }
    const int year = std::stoi(cur.substr(3));
    auto y = std::find(io.price_years.begin(), io.price_years.end(), year);
    if (y == io.price_years.end()) {
        b.problems.push_back(
            {"price-year", where + ": " + id + " converts US dollars of " +
                               std::to_string(io.price_years.front()) + "-" +
                               std::to_string(io.price_years.back()) +
                               " to the model's 2012 dollars (USEEIO Rho); no price ratio for " +
                               std::to_string(year)});
        return {};
    }
    const std::size_t j = static_cast<std::size_t>(&f - ds.factors().data());
    const double ratio = io.price_ratio[j][static_cast<std::size_t>(y - io.price_years.begin())];
    const std::string bridge = id + "@" + cur;
    if (b.added_processes.insert(bridge).second) {
        b.add_flow(product_flow(bridge, f.name + " (" + cur + ")", want));
        process p = background_process(f);
        p.id = bridge;
        p.name = f.name + ": " + cur + " to " + io.currency + " (Rho " + std::to_string(year) + ")";
        p.metadata["price_ratio"] = std::to_string(ratio);
        p.outputs.push_back(make_exchange(bridge, 1.0, want));
        p.inputs.push_back(make_exchange(id, ratio, parse_unit(io.currency), id));
        b.out.processes.push_back(std::move(p));
    }
    return bridge;
}

/// Resolve one background reference "<dataset>/<id>" of input `e`; returns the provider process
/// id to use, or "" after recording a problem (unknown factor, incompatible unit).
inline std::string resolve_reference(background_builder& b, const factor_db& db,
                                     const link_options& opt, const std::string& ref,
                                     const exchange& e, const std::string& where) {
    if (ref.rfind("pact:", 0) == 0) { // a supplier footprint: the exchange stage links those
        b.problems.push_back({"unlinked-supplier-footprint",
                              where + ": '" + detail::excerpt(ref, 120) +
                                  "' is a supplier's PACT footprint; link it first "
                                  "(pact::link_supplier_footprints, cradle.pact.link_suppliers; "
                                  "`cradle footprint` does it)"});
        return {};
    }
    const auto slash = ref.find('/');
    const factor_dataset* ds = db.dataset(ref.substr(0, slash));
    if (ds == nullptr || ds->find(ref.substr(slash + 1)) == nullptr) {
        try {
            (void)db.get(ref);
        } catch (const data_error& err) {
            b.problems.push_back({"unknown-factor", where + ": " + err.message()});
        }
        return {};
    }
    const factor& f = *ds->find(ref.substr(slash + 1));
    if (ds->io() != nullptr) return io_provider(b, *ds, f, e.amount_unit, where);
    if (!(e.amount_unit.dim == f.per_unit.dim)) {
        std::string hint;
        if (e.amount_unit.dim.base == base_dimension::currency &&
            f.per_unit.dim.base == base_dimension::currency)
            hint = " (factors in " + f.per_unit.dim.name +
                   " need amounts in that currency and price year)";
        b.problems.push_back(
            {"incompatible-unit", where + ": factor " + ref + " is per " + f.per_unit.symbol +
                                      " (" + to_string(f.per_unit.dim) + "); the amount is in '" +
                                      e.amount_unit.symbol + "' (" + to_string(e.amount_unit.dim) +
                                      ")" + hint});
        return {};
    }
    add_factor(b, f, opt.per_gas);
    return ref;
}

} // namespace detail

/// True if some input of `sys` names a provider that is not one of its
/// processes and looks like a factor reference ("<dataset>/<id>"), or a supplier footprint
/// ("pact:...") that is not linked yet (link_background then says how to link it).
/// The model's "factor_uncertainty" section ({dataset id or "dataset/factor": {"gsd": g}}) applied
/// to the linked background processes: each elementary exchange of a factor's process gets a
/// lognormal with its amount as geometric mean and the factor's GSD (its own entry, else its
/// dataset's), unless it has a distribution already. The gases of one factor are drawn
/// independently. Problems (an unknown dataset or factor, a GSD below 1) are collected into
/// `problems`, each naming its JSON path.
inline void apply_factor_uncertainty(product_system& out, const factor_db& db,
                                     std::vector<problem>& problems) {
    auto sec = out.sections.find("factor_uncertainty");
    if (sec == out.sections.end()) return;
    std::map<std::string, double> gsd_of;
    const auto doc = nlohmann::json::parse(sec->second, nullptr, false);
    if (!doc.is_object()) {
        problems.push_back({"json-type", "/factor_uncertainty: expected an object"});
        return;
    }
    for (const auto& [key, v] : doc.items()) {
        const std::string at = "/factor_uncertainty/" + key;
        if (db.dataset(key) == nullptr && db.find(key) == nullptr) {
            problems.push_back({"unknown-factor", at + ": no bundled factor dataset or factor '" +
                                                      key +
                                                      "' (a dataset id such as "
                                                      "'uk-desnz-2025', or 'dataset/factor')"});
            continue;
        }
        const auto g = v.is_object() ? v.find("gsd") : v.end();
        if (!v.is_object() || v.size() != 1 || g == v.end() || !g->is_number() ||
            !(g->get<double>() >= 1.0) || !std::isfinite(g->get<double>())) {
            problems.push_back(
                {"invalid-uncertainty", at + ": expected {\"gsd\": a number >= 1} only"});
            continue;
        }
        gsd_of[key] = g->get<double>();
    }
    for (auto& p : out.processes) {
        auto ds = p.metadata.find("dataset");
        auto fa = p.metadata.find("factor");
        if (p.stage != "background" || ds == p.metadata.end() || fa == p.metadata.end()) continue;
        auto it = gsd_of.find(ds->second + "/" + fa->second);
        if (it == gsd_of.end()) it = gsd_of.find(ds->second);
        if (it == gsd_of.end()) continue;
        for (auto& e : p.elementary)
            if (!e.spread && e.amount != 0.0)
                e.spread = make_uncertainty(distribution::lognormal, e.amount, it->second);
    }
}

[[nodiscard]] inline bool has_background_refs(const product_system& sys) {
    std::unordered_set<std::string> procs;
    for (const auto& p : sys.processes)
        procs.insert(p.id);
    auto is_ref = [&](const std::string& s) {
        return !s.empty() && (s.find('/') != std::string::npos || s.rfind("pact:", 0) == 0) &&
               !procs.contains(s);
    };
    return any_provider(sys, is_ref);
}

/// Replace every factor reference among the providers of `sys` by a
/// background process (and, for an input-output dataset, its whole economy),
/// so that compile() places them in A and B. Pure: `sys` is not changed.
/// Problems (unknown factor with the closest ids, incompatible unit, price
/// year out of range) are collected and thrown together as model_error.
[[nodiscard]] inline product_system link_background(const product_system& sys, const factor_db& db,
                                                    const link_options& opt = {}) {
    detail::background_builder lk(sys);
    std::unordered_set<std::string> model_processes;
    for (const auto& p : sys.processes)
        model_processes.insert(p.id);
    // resolve() appends background processes: index, never hold references
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi) {
        for (std::size_t k = 0; k < sys.processes[pi].inputs.size(); ++k) {
            const exchange& e = sys.processes[pi].inputs[k];
            const std::string ref = named_provider(sys, e);
            if (ref.empty() || model_processes.contains(ref) ||
                (ref.find('/') == std::string::npos && ref.rfind("pact:", 0) != 0))
                continue;
            const std::string where =
                "process '" + sys.processes[pi].id + "' input '" + e.flow + "'";
            const std::string provider = detail::resolve_reference(lk, db, opt, ref, e, where);
            if (provider.empty()) continue;
            exchange& target = lk.out.processes[pi].inputs[k];
            target.flow = provider;
            target.provider = provider;
        }
    }
    // rules pointing at factors have been applied to the inputs above
    for (auto it = lk.out.providers.begin(); it != lk.out.providers.end();)
        it = (it->second.find('/') != std::string::npos && !model_processes.contains(it->second))
                 ? lk.out.providers.erase(it)
                 : std::next(it);
    apply_factor_uncertainty(lk.out, db, lk.problems);
    if (!lk.problems.empty()) throw model_error(std::move(lk.problems));
    return std::move(lk.out);
}

} // namespace cradle
