// cradle report MODEL_OR_CALCULATOR -o report.html — the footprint as one self-contained page.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/analysis/calculator.hpp"
#include "cradle/analysis/monte_carlo.hpp"
#include "cradle/analysis/report.hpp"
#include "cradle/data/link.hpp"
#include "cradle/engine/uncertain.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace cradle::cli {
namespace {

struct report_args {
    std::string input;
    std::string output;
    std::string product;
    std::vector<std::string> set;
    std::string scenario;
    std::string gwp{"AR6"};
    std::string factors;
    std::string meta;
    double cutoff{0.01};
    std::size_t draws{0};
    std::uint64_t seed{0};
    unsigned threads{1};
    bool no_pact{false};
};

/// The PACT footprint's headline properties, for the summary; a model without the metadata a
/// PACT export needs gets a note instead (the report is still written).
std::vector<std::pair<std::string, std::string>> pact_summary(const product_system& authored,
                                                              const std::filesystem::path& base,
                                                              const report_args& a) {
    if (authored.sections.find("pact") == authored.sections.end() && a.meta.empty()) return {};
    provenance::export_request rq;
    rq.base = base;
    if (!a.meta.empty()) rq.meta_overlay = read_json_file(a.meta);
    rq.gwp = a.gwp;
    rq.process_dbs = process_dbs_from(a.factors);
    nlohmann::json doc;
    try {
        doc = provenance::export_model(authored, factors_from(a.factors), gwp_table_from(a.factors),
                                       rq)
                  .footprint;
    } catch (const cradle::error& e) {
        std::cerr << "cradle: note: no PACT summary in the report: " << e.what() << "\n";
        return {};
    }
    std::vector<std::pair<std::string, std::string>> out;
    auto add = [&](const std::string& key, const nlohmann::json& v) {
        if (v.is_string())
            out.emplace_back(key, v.get<std::string>());
        else if (v.is_number() || v.is_boolean())
            out.emplace_back(key, v.dump());
    };
    for (const auto& key :
         {"id", "specVersion", "productNameCompany", "companyName", "created", "status"})
        if (doc.contains(key)) add(key, doc[key]);
    if (const auto it = doc.find("pcf"); it != doc.end() && it->is_object())
        for (const auto& [k, v] : it->items())
            add("pcf." + k, v);
    return out;
}

/// Monte Carlo totals of `model`'s functional unit.
report_distribution distribution(const product_system& model, const gwp_set& gwp,
                                 const report_args& a, double deterministic) {
    const uncertain_system us = compile_uncertain(model);
    if (!us.uncertain())
        throw input_error("no-uncertainty",
                          a.input + ": nothing in the model is uncertain (docs/uncertainty.md)");
    const characterization ch = characterize(us.base().index, gwp);
    monte_carlo_options o;
    o.draws = a.draws;
    o.seed = a.seed;
    o.threads = a.threads;
    const auto r = monte_carlo(us, ch, demand_vector(us.base(), *model.reference), o);
    report_distribution d;
    d.totals.assign(r.impacts.col(0).data(), r.impacts.col(0).data() + r.impacts.rows());
    d.deterministic = deterministic;
    d.seed = a.seed;
    return d;
}

report build_report(const report_args& a) {
    const factor_db db = factors_from(a.factors);
    const gwp_table table = gwp_table_from(a.factors);
    const gwp_set& gwp = table.get(a.gwp);
    const bool is_calculator =
        std::filesystem::is_directory(a.input) &&
        std::filesystem::exists(std::filesystem::path(a.input) / "calculator.json");
    product_system authored, model;
    std::filesystem::path base;
    report rep;
    std::optional<calculator_result> calc_result;
    std::string title;
    if (is_calculator) {
        const calculator calc = load_calculator(a.input);
        std::map<std::string, parameter_override> settings;
        for (const auto& s : a.set) {
            const auto eq = s.find('=');
            if (eq == std::string::npos || eq == 0)
                throw input_error("bad-set", "--set '" + s + "': expected name=value");
            settings[s.substr(0, eq)] = s.substr(eq + 1);
        }
        const std::string want = !a.scenario.empty() ? a.scenario : calc.baseline;
        auto models = scenario_models(calc, settings, db);
        const scenario_model* chosen = &models.front();
        if (!want.empty()) {
            chosen = nullptr;
            std::string names;
            for (const auto& m : models) {
                if (m.name == want) chosen = &m;
                names += (names.empty() ? "" : ", ") + m.name;
            }
            if (chosen == nullptr)
                throw input_error("unknown-scenario", a.input + ": no scenario '" + want +
                                                          "' (scenarios: " + names + ")");
        }
        model = chosen->model;
        authored = apply_parameters(calc.model, chosen->values);
        base = calc.folder;
        title = calc.title;
        rep.scenario = models.size() > 1 ? chosen->name : "";
        calc_result = run_calculator(calc, settings, db, gwp);
        for (const auto& s : calc_result->scenarios) {
            if (s.name != chosen->name) continue;
            for (const auto& g : s.gates)
                rep.gates.push_back({g.label, g.flow, g.unit, g.amount, g.per_unit, g.embodied});
        }
        if (calc_result->scenarios.size() > 1)
            for (const auto& s : calc_result->scenarios)
                rep.scenarios.push_back({s.name, s.name, s.total});
    } else {
        if (!a.set.empty() || !a.scenario.empty())
            throw input_error("bad-option", "--set and --scenario are for calculator folders");
        authored = load_for_footprint(a.input, a.product, a.factors, false);
        model = load_linked(a.input, a.product, a.factors);
        base = std::filesystem::path(a.input).parent_path();
        title = model.name.empty() ? a.input : model.name;
    }
    if (!model.reference)
        throw input_error("json-missing",
                          a.input + ": /functional_unit: the model states no functional unit");
    const compiled_system sys = compile(model);
    const characterization ch = characterize(sys.index, gwp);
    const factorization lu = factorize(sys);
    const footprint r = calculate(sys, ch, lu, demand_vector(sys, *model.reference));
    warn_conditioning(r.pivot_ratio, a.input);
    report_options ro;
    ro.cutoff = a.cutoff;
    report full = make_report(model, sys, ch, lu, r, ro);
    full.title = title;
    full.scenario = rep.scenario;
    full.gates = std::move(rep.gates);
    full.scenarios = std::move(rep.scenarios);
    if (a.draws > 0) full.uncertainty = distribution(model, gwp, a, r.total());
    if (!a.no_pact) full.pact = pact_summary(authored, base, a);
    return full;
}

} // namespace

command add_report(CLI::App& app) {
    auto a = std::make_shared<report_args>();
    auto* rc = app.add_subcommand(
        "report", "One self-contained HTML page of a footprint: charts, supply chain, sources");
    rc->add_option("input", a->input,
                   "A model file (or database with --product), or a calculator folder")
        ->required();
    rc->add_option("-o,--output", a->output, "The HTML file to write")->required();
    rc->add_option("--product", a->product, "Compute 1 unit of this product of a database");
    rc->add_option("--set", a->set, "Calculator parameter, name=value (repeatable)");
    rc->add_option("--scenario", a->scenario, "Calculator scenario shown (default: baseline)");
    rc->add_option("--gwp", a->gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    rc->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    rc->add_option("--meta", a->meta, "PACT metadata (JSON) for the PACT summary");
    rc->add_flag("--no-pact", a->no_pact, "Leave out the PACT summary");
    rc->add_option("--cutoff", a->cutoff, "Supply-chain diagram cut-off, share of the total")
        ->check(CLI::Range(0.0, 1.0));
    rc->add_option("--uncertainty", a->draws, "Add a Monte Carlo distribution of N draws");
    rc->add_option("--seed", a->seed, "Monte Carlo seed");
    rc->add_option("--threads", a->threads, "Monte Carlo threads")->check(CLI::Range(1U, 256U));
    return {rc, [a] {
                const report rep = build_report(*a);
                const std::string html = render_html(rep);
                std::ofstream out(a->output, std::ios::binary);
                out << html;
                out.close();
                if (!out) throw input_error("write-failed", a->output + ": could not be written");
                std::cerr << "cradle: wrote " << a->output << " (" << (html.size() + 512) / 1024
                          << " kB)\n";
                return 0;
            }};
}

} // namespace cradle::cli
