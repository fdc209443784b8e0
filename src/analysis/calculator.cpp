// cradle — bundled calculators (calculator.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/analysis/calculator.hpp"

#include "cradle/detail/csv.hpp"

#include "cradle/analysis/contributions.hpp"
#include "cradle/data/link.hpp"
#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cradle {

namespace {

parameter_override override_of(const nlohmann::json& v) {
    if (v.is_number()) return v.get<double>();
    return v.get<std::string>();
}

/// Purchases CSV (naics, usd, year[, description]) → one input per row into `process`, in
/// USD of the row's year, with the provider template `provider` ({naics} filled in here, any
/// parameter later by apply_parameters).
void add_purchases(product_system& model, const nlohmann::json& spec,
                   const std::filesystem::path& folder, const std::string& where,
                   const calculator_options& options, std::vector<problem>& problems) {
    const auto file = resolve_inside(folder, spec.at("file").get<std::string>(),
                                     where + ": /purchases/file", options.allow_outside);
    const std::string proc_id = spec.at("process").get<std::string>();
    const std::string provider = spec.at("provider").get<std::string>();
    auto proc = std::find_if(model.processes.begin(), model.processes.end(),
                             [&](const process& p) { return p.id == proc_id; });
    if (proc == model.processes.end()) {
        problems.push_back({"unknown-process", where + ": /purchases/process: no process '" +
                                                   proc_id + "' in the model"});
        return;
    }
    std::istringstream in(read_text_file(file));
    std::string line;
    std::getline(in, line);
    const auto header = detail::split_csv_line(line);
    auto find_col = [&](const char* name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        return std::nullopt;
    };
    const auto c_naics = find_col("naics"), c_usd = find_col("usd"), c_year = find_col("year");
    const auto c_desc = find_col("description");
    for (const auto& [c, name] : {std::pair{c_naics, "naics"}, {c_usd, "usd"}, {c_year, "year"}})
        if (!c)
            problems.push_back(
                {"csv-missing-column", file.string() + ": row 1: no column '" + name + "'"});
    if (!c_naics || !c_usd || !c_year) return;
    std::size_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (line.empty() || line == "\r") continue;
        const auto f = detail::split_csv_line(line);
        const std::string at = file.string() + ": row " + std::to_string(row);
        if (f.size() != header.size()) {
            problems.push_back({"csv-row", at + ": " + std::to_string(f.size()) +
                                               " fields, the header has " +
                                               std::to_string(header.size())});
            continue;
        }
        const std::string& naics = f[*c_naics];
        const auto usd = detail::parse_number(f[*c_usd]);
        const auto year = detail::parse_number(f[*c_year]);
        bool ok = true;
        auto bad = [&](const std::string& what) {
            problems.push_back({"csv-value", at + ": " + what});
            ok = false;
        };
        if (naics.size() != 6 || naics.find_first_not_of("0123456789") != std::string::npos)
            bad("naics '" + detail::excerpt(naics) + "' is not a 6-digit NAICS code");
        if (!usd || *usd < 0)
            bad("usd '" + detail::excerpt(f[*c_usd]) + "' is not a non-negative number");
        // the range first: only then is the cast to int defined
        if (!year || !(*year >= 1900 && *year <= 2100) || *year != std::floor(*year))
            bad("year '" + detail::excerpt(f[*c_year]) + "' is not a year from 1900 to 2100");
        if (!ok) continue;
        flow fl;
        fl.id = "row" + std::to_string(row) + "/" + naics;
        fl.name = c_desc ? f[*c_desc] : naics;
        fl.kind = flow_kind::product;
        fl.ref_unit = parse_unit("USD" + std::to_string(static_cast<int>(*year)));
        exchange e = make_exchange(fl.id, *usd, fl.ref_unit);
        std::string tmpl = provider;
        for (auto p = tmpl.find("{naics}"); p != std::string::npos; p = tmpl.find("{naics}"))
            tmpl.replace(p, 7, naics);
        e.formulas.provider = tmpl;
        e.provider = tmpl;
        model.flows.push_back(std::move(fl));
        proc->inputs.push_back(std::move(e));
    }
}

/// Providers built from templates must name a factor that exists: an unknown grid country (or
/// NAICS code) is reported with the template, the value it got and the closest factor ids.
void check_template_providers(const product_system& m, const factor_db& db,
                              std::vector<problem>& problems) {
    for (const auto& p : m.processes)
        for (const auto& e : p.inputs) {
            if (e.formulas.provider.empty()) continue;
            const auto slash = e.provider.find('/');
            if (slash == std::string::npos) continue; // a process of the model
            const std::string ds = e.provider.substr(0, slash);
            const factor_dataset* d = db.dataset(ds);
            if (d == nullptr) continue; // not a factor reference; linking reports it
            const std::string id = e.provider.substr(slash + 1);
            if (d->find(id) != nullptr) continue;
            std::string hint;
            for (const auto& c : d->closest(id, 3))
                hint += (hint.empty() ? "" : ", ") + ds + "/" + c;
            problems.push_back({"unknown-parameter-value",
                                "process '" + p.id + "' input '" + e.flow + "': provider '" +
                                    e.provider + "' (from '" + e.formulas.provider +
                                    "') is not in the factor database" +
                                    (hint.empty() ? "" : " (closest: " + hint + ")")});
        }
}

std::string unit_label(double amount, const unit& u, const std::string& flow) {
    return detail::format_number(amount) + " " + u.symbol + " " + flow;
}

} // namespace

calculator load_calculator(const std::filesystem::path& folder, const calculator_options& options) {
    const auto file = folder / "calculator.json";
    const std::string where = file.string();
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_text_file(file));
    } catch (const nlohmann::json::exception& e) {
        throw input_error("json-parse", where + ": not valid JSON: " + detail::json_error_text(e));
    }
    detail::json_reader rd(where);
    rd.only(doc, "",
            {"format", "name", "title", "model", "gates", "scenarios", "baseline", "purchases"});
    if (auto fmt = rd.str(doc, "", "format", true); fmt && *fmt != "cradle-calculator/1")
        rd.fail("/format", "json-value", "expected 'cradle-calculator/1'");
    calculator c;
    c.folder = folder;
    c.name = rd.str(doc, "", "name", true).value_or("");
    c.title = rd.str(doc, "", "title", false).value_or(c.name);
    const auto model_file = rd.str(doc, "", "model", true);
    rd.array(doc, "", "gates", false, [&](const nlohmann::json& j, const std::string& p) {
        rd.only(j, p, {"label", "flow"});
        c.gates.push_back(
            {rd.str(j, p, "label", true).value_or(""), rd.str(j, p, "flow", true).value_or("")});
    });
    rd.array(doc, "", "scenarios", false, [&](const nlohmann::json& j, const std::string& p) {
        rd.only(j, p, {"name", "set"});
        calculator_scenario s;
        s.name = rd.str(j, p, "name", true).value_or("");
        if (auto set = j.find("set"); set != j.end()) {
            for (const auto& [k, v] : set->items()) {
                if (v.is_number() || v.is_string())
                    s.set[k] = override_of(v);
                else
                    rd.fail(p + "/set/" + k, "json-type", "expected a number or a text");
            }
        }
        c.scenarios.push_back(std::move(s));
    });
    c.baseline = rd.str(doc, "", "baseline", false).value_or("");
    if (!c.baseline.empty() &&
        std::none_of(c.scenarios.begin(), c.scenarios.end(),
                     [&](const calculator_scenario& s) { return s.name == c.baseline; }))
        rd.fail("/baseline", "json-value", "no scenario named '" + c.baseline + "'");
    if (auto pu = doc.find("purchases"); pu != doc.end()) {
        rd.only(*pu, "/purchases", {"file", "process", "provider"});
        for (const char* k : {"file", "process", "provider"})
            (void)rd.str(*pu, "/purchases", k, true);
    }
    if (!rd.problems().empty()) throw input_error(std::move(rd.problems()));

    c.model =
        read_model(resolve_inside(folder, *model_file, where + ": /model", options.allow_outside));
    if (auto pu = doc.find("purchases"); pu != doc.end()) {
        std::vector<problem> problems;
        add_purchases(c.model, *pu, folder, where, options, problems);
        if (!problems.empty()) throw input_error(std::move(problems));
        c.model = with_parameters(c.model); // the purchases' provider templates
    }
    std::vector<problem> problems;
    for (const auto& g : c.gates)
        if (std::none_of(c.model.flows.begin(), c.model.flows.end(),
                         [&](const flow& f) { return f.id == g.flow; }))
            problems.push_back({"unknown-flow", where + ": gate '" + g.label + "': no flow '" +
                                                    g.flow + "' in the model"});
    for (const auto& s : c.scenarios)
        try {
            (void)resolve_parameters(c.model, s.set);
        } catch (const model_error& e) {
            for (const auto& pr : e.problems())
                problems.push_back({pr.id, where + ": scenario '" + s.name + "': " + pr.message});
        }
    if (!problems.empty()) throw model_error(std::move(problems));
    return c;
}

std::vector<scenario_model>
scenario_models(const calculator& calc, const std::map<std::string, parameter_override>& overrides,
                const factor_db& db) {
    std::vector<calculator_scenario> scenarios = calc.scenarios;
    if (scenarios.empty()) scenarios.push_back({"default", {}});
    std::vector<scenario_model> out;
    for (const auto& sc : scenarios) {
        auto set = overrides;
        for (const auto& [k, v] : sc.set)
            set[k] = v; // the scenario's own settings win
        scenario_model m;
        m.name = sc.name;
        m.values = resolve_parameters(calc.model, set);
        m.model = apply_parameters(calc.model, m.values);
        for (auto& p : m.model.parameters) // a value set on purpose is a choice, not uncertain
            if (set.contains(p.name)) p.spread.reset();
        std::vector<problem> problems;
        check_template_providers(m.model, db, problems);
        if (!problems.empty()) throw model_error(std::move(problems));
        if (has_background_refs(m.model))
            m.model = link_background(m.model, db, link_options{true});
        if (!m.model.reference)
            throw input_error("json-missing", calc.name + ": the model states no functional unit");
        out.push_back(std::move(m));
    }
    return out;
}

calculator_result run_calculator(const calculator& calc,
                                 const std::map<std::string, parameter_override>& overrides,
                                 const factor_db& db, const gwp_set& gwp) {
    calculator_result out;
    out.name = calc.name;
    out.title = calc.title;
    out.gwp_set = gwp.name;
    for (const auto& sm : scenario_models(calc, overrides, db)) {
        scenario_result r;
        r.name = sm.name;
        r.values = sm.values;
        const product_system& model = sm.model;

        const compiled_system sys = compile(model);
        const characterization ch = characterize(sys.index, gwp);
        const factorization lu = factorize(sys);
        const Eigen::VectorXd f = demand_vector(sys, *model.reference);
        const footprint fp = calculate(sys, ch, lu, f);
        r.functional_unit = unit_label(model.reference->amount, model.reference->amount_unit,
                                       model.reference->flow);
        r.total = fp.total();
        r.pivot_ratio = fp.pivot_ratio;
        r.indicators = fp.indicators;
        r.impacts.assign(fp.impacts.data(), fp.impacts.data() + fp.impacts.size());
        const Eigen::MatrixXd contrib = process_contributions(sys, ch, fp);
        for (std::size_t j = 0; j < sys.index.size(); ++j) {
            const double v = contrib(0, static_cast<Eigen::Index>(j));
            if (v != 0.0)
                r.contributors.push_back(
                    {sys.index.columns()[j].label(), sys.index.columns()[j].name, v});
        }
        std::stable_sort(r.contributors.begin(), r.contributors.end(),
                         [](const contributor& a, const contributor& b) {
                             return std::abs(a.value) > std::abs(b.value);
                         });
        r.tags = tag_contributions(sys, contrib);
        if (!calc.gates.empty()) {
            const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
            for (const auto& g : calc.gates) {
                gate_result gr;
                gr.label = g.label;
                gr.flow = g.flow;
                for (std::size_t j = 0; j < sys.index.size(); ++j) {
                    const auto& col = sys.index.columns()[j];
                    if (col.product != g.flow) continue;
                    const auto jj = static_cast<Eigen::Index>(j);
                    gr.unit = col.product_unit.symbol;
                    gr.amount += fp.scaling(jj) * sys.A.coeff(jj, jj);
                    gr.per_unit = lambda(jj);
                }
                gr.embodied = gr.amount * gr.per_unit;
                r.gates.push_back(std::move(gr));
            }
        }
        out.scenarios.push_back(std::move(r));
    }
    if (!calc.baseline.empty()) {
        double base = 0.0;
        for (const auto& s : out.scenarios)
            if (s.name == calc.baseline) base = s.total;
        for (auto& s : out.scenarios)
            if (s.name != calc.baseline && base != 0.0)
                s.reduction_percent = 100.0 * (base - s.total) / base;
    }
    return out;
}

} // namespace cradle
