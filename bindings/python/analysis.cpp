// cradle._core — contributions and upstream trees on a System, and the calculators.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "cradle/analysis/report.hpp"
#include "cradle/analysis/rules.hpp"

#include <nlohmann/json.hpp>

namespace cradle::python {

namespace {
py::dict summary_dict(const summary& s) {
    py::dict d;
    d["draws"] = s.draws;
    d["mean"] = s.mean;
    d["sd"] = s.sd;
    d["median"] = s.median;
    d["p2_5"] = s.p2_5;
    d["p5"] = s.p5;
    d["p25"] = s.p25;
    d["p75"] = s.p75;
    d["p95"] = s.p95;
    d["p97_5"] = s.p97_5;
    d["se_mean"] = s.se_mean;
    d["se_p95"] = s.se_p95;
    return d;
}
/// Calculator settings from a Python dict of numbers and texts.
std::map<std::string, parameter_override> overrides_of(const py::dict& set) {
    std::map<std::string, parameter_override> overrides;
    for (const auto& [k, v] : set) {
        const auto name = k.cast<std::string>();
        if (py::isinstance<py::str>(v))
            overrides[name] = v.cast<std::string>();
        else if (py::isinstance<py::bool_>(v) ||
                 (!py::isinstance<py::float_>(v) && !py::isinstance<py::int_>(v)))
            throw input_error("parameter-type",
                              "parameter '" + name + "': expected a number or a text");
        else
            overrides[name] = v.cast<double>();
    }
    return overrides;
}

/// What `cradle check --format json` prints, as JSON text.
std::string
checks_text(const rules::rule_set& r,
            const std::vector<std::pair<std::string, std::vector<rules::check_result>>>& all) {
    nlohmann::json j = {
        {"rules", {{"id", r.id}, {"name", r.name}, {"version", r.version}, {"file", r.file}}},
        {"passed", true},
        {"scenarios", nlohmann::json::array()}};
    for (const auto& [name, rows] : all) {
        if (!rules::passed(rows)) j["passed"] = false;
        j["scenarios"].push_back({{"scenario", name}, {"checks", rows}});
    }
    return j.dump();
}
} // namespace

void bind_analysis(py::module_& m, system_class& system) {
    system.def(
        "_report_html",
        [](const solved_system& s, const Eigen::VectorXd& f, const std::string& title,
           double cutoff, const std::optional<Eigen::VectorXd>& totals, std::uint64_t seed) {
            const product_system none;
            const product_system& model = s.model ? *s.model : none;
            report rep;
            {
                py::gil_scoped_release release;
                const footprint r = calculate(*s.sys, *s.ch, *s.lu, f);
                report_options o;
                o.cutoff = cutoff;
                rep = make_report(model, *s.sys, *s.ch, *s.lu, r, o);
            }
            if (!title.empty()) rep.title = title;
            // a demand other than the model's functional unit is reported as such
            if (!model.reference || !f.isApprox(demand_vector(*s.sys, *model.reference), 0.0))
                rep.functional_unit = "the given demand";
            if (totals) {
                report_distribution d;
                d.totals.assign(totals->data(), totals->data() + totals->size());
                d.deterministic = rep.total;
                d.seed = seed;
                rep.uncertainty = std::move(d);
            }
            return render_html(rep);
        },
        py::arg("demand"), py::arg("title") = "", py::arg("cutoff") = 0.01,
        py::arg("totals") = py::none(), py::arg("seed") = 0);
    // ---- Monte Carlo (analysis/monte_carlo.hpp)
    auto run_monte_carlo = [](const solved_system& s, std::size_t draws, std::uint64_t seed,
                              unsigned threads, std::uint64_t first_draw, const std::string& method,
                              bool keep_inputs, const std::optional<Eigen::VectorXd>& demand,
                              const py::object& progress) {
        if (method != "refactorize" && method != "refine")
            throw input_error("bad-option",
                              "method must be 'refactorize' or 'refine', not '" + method + "'");
        std::shared_ptr<const uncertain_system> usp;
        std::shared_ptr<const monte_carlo_base> pre;
        {
            py::gil_scoped_release release;
            std::lock_guard lock(s.mc->mutex);
            if (!s.mc->us) {
                auto made = std::make_shared<const uncertain_system>(compile_uncertain(*s.model));
                s.mc->base = std::make_shared<const monte_carlo_base>(prepare_monte_carlo(*made));
                s.mc->us = std::move(made);
            }
            usp = s.mc->us;
            pre = s.mc->base;
        }
        const uncertain_system& us = *usp;
        if (!us.uncertain())
            throw input_error("no-uncertainty",
                              "nothing in the model is uncertain: give exchanges or parameters an "
                              "\"uncertainty\", or factors a \"factor_uncertainty\" "
                              "(docs/uncertainty.md)");
        Eigen::VectorXd f;
        if (demand) {
            f = *demand;
        } else {
            if (!s.model->reference)
                throw input_error("json-missing", "the model states no functional unit");
            f = demand_vector(us.base(), *s.model->reference);
        }
        monte_carlo_options o;
        o.draws = draws;
        o.seed = seed;
        o.threads = threads;
        o.first_draw = first_draw;
        o.method = method == "refine" ? mc_method::refine : mc_method::refactorize;
        o.keep_inputs = keep_inputs;
        if (!progress.is_none())
            o.progress = [&progress](std::size_t done) {
                py::gil_scoped_acquire gil;
                progress(done);
                if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            };
        monte_carlo_result r;
        {
            py::gil_scoped_release release;
            r = monte_carlo(us, *pre, *s.ch, f, o);
        }
        // the inputs are described only when their draws are kept: a list per call is costly at
        // 10^5 inputs, and chunked runs (cradle.dask) send every result around
        py::list inputs;
        const std::vector<uncertain_input> none;
        for (const auto& in : keep_inputs ? us.inputs() : none) {
            py::dict d;
            d["process"] = in.process;
            d["side"] = in.side;
            d["position"] = in.position;
            d["flow"] = in.flow;
            d["name"] = in.name;
            d["distribution"] = std::string(to_string(in.spread.kind));
            d["amount"] = in.amount;
            inputs.append(d);
        }
        py::dict out;
        out["indicators"] = r.indicators;
        out["seed"] = r.seed;
        out["first_draw"] = r.first_draw;
        out["deterministic"] = std::move(r.deterministic);
        out["impacts"] = std::move(r.impacts);
        out["inputs"] = inputs;
        out["input_count"] = us.inputs().size();
        if (keep_inputs) out["input_samples"] = std::move(r.inputs);
        py::dict solver;
        solver["method"] = method;
        solver["max_relative_residual"] = r.max_residual;
        solver["refactorizations"] = r.refactorizations;
        solver["refined"] = r.refined;
        solver["refinement_steps"] = r.refinement_steps;
        solver["sample_seconds"] = r.sample_seconds;
        solver["factor_seconds"] = r.factor_seconds;
        solver["solve_seconds"] = r.solve_seconds;
        solver["wall_seconds"] = r.wall_seconds;
        out["solver"] = solver;
        return out;
    };
    // System.monte_carlo: the numbers from C++, wrapped in cradle.uncertainty.MonteCarloResult
    system.def(
        "monte_carlo",
        [run_monte_carlo](const solved_system& s, std::size_t draws, std::uint64_t seed,
                          unsigned threads, const std::string& method, bool keep_inputs,
                          const std::optional<Eigen::VectorXd>& demand, const py::object& progress,
                          std::uint64_t first_draw) {
            const py::module_ mod = py::module_::import("cradle.uncertainty");
            py::object callback = progress;
            if (py::isinstance<py::bool_>(progress)) // True: a tqdm bar when tqdm is installed
                callback = progress.cast<bool>() ? mod.attr("_progress_bar")(draws) : py::none();
            py::dict raw = run_monte_carlo(s, draws, seed, threads, first_draw, method, keep_inputs,
                                           demand, callback);
            if (py::hasattr(callback, "close")) callback.attr("close")();
            return mod.attr("MonteCarloResult")(raw);
        },
        py::arg("draws"), py::arg("seed") = 0, py::arg("threads") = 1,
        py::arg("method") = "refactorize", py::arg("keep_inputs") = true,
        py::arg("demand") = py::none(), py::arg("progress") = py::none(),
        py::arg("first_draw") = 0);
    m.def(
        "summarize",
        [](const Eigen::Ref<const Eigen::VectorXd>& x) { return summary_dict(summarize(x)); },
        py::arg("samples"));
    m.def(
        "convergence",
        [](const Eigen::Ref<const Eigen::VectorXd>& x) {
            py::list out;
            for (const auto& p : convergence(x)) {
                py::dict d;
                d["draws"] = p.draws;
                d["mean"] = p.mean;
                d["se_mean"] = p.se_mean;
                d["p95"] = p.p95;
                d["se_p95"] = p.se_p95;
                out.append(d);
            }
            return out;
        },
        py::arg("samples"));
    m.def(
        "variance_contributions",
        [](const Eigen::Ref<const Eigen::MatrixXf>& inputs,
           const Eigen::Ref<const Eigen::VectorXd>& output) {
            monte_carlo_result r;
            r.inputs = inputs;
            r.impacts = output;
            std::vector<variance_share> v;
            {
                py::gil_scoped_release release;
                v = variance_contributions(r, 0);
            }
            std::vector<std::tuple<std::size_t, double, double>> out;
            for (const auto& x : v)
                out.emplace_back(x.input, x.rank_correlation, x.share);
            return out;
        },
        py::arg("inputs"), py::arg("output"));
    m.def(
        "supply_chain_table",
        [](const product_system& model, const gwp_table& t, const std::string& set) {
            supply_chain_table tab;
            {
                py::gil_scoped_release release;
                tab = supply_chain_factors(model, t.get(set));
            }
            std::vector<std::string> ids, names, locations, units;
            for (const auto& p : tab.products) {
                ids.push_back(p.label());
                names.push_back(p.name);
                locations.push_back(p.location);
                units.push_back(p.product_unit.symbol);
            }
            return py::make_tuple(ids, names, locations, units, tab.indicators,
                                  std::move(tab.values), tab.pivot_ratio);
        },
        py::arg("model"), py::arg("gwp_table"), py::arg("set") = "AR6");

    system
        .def(
            "process_contributions",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& scaling) {
                footprint r;
                r.scaling = scaling;
                return Eigen::MatrixXd(process_contributions(*s.sys, *s.ch, r));
            },
            py::arg("scaling"))
        .def(
            "flow_contributions",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& inventory) {
                footprint r;
                r.inventory = inventory;
                return Eigen::MatrixXd(flow_contributions(*s.ch, r));
            },
            py::arg("inventory"))
        .def(
            "upstream_tree",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& demand,
               double cutoff) {
                Eigen::Index root = 0;
                demand.cwiseAbs().maxCoeff(&root);
                const Eigen::VectorXd lambda =
                    intensities(*s.sys, *s.ch, *s.lu, climate_indicator::total);
                tree_options opt;
                opt.cutoff = cutoff;
                py::list out;
                for (const auto& n : upstream_tree(*s.sys, *s.ch, lambda,
                                                   process_col{static_cast<std::size_t>(root)},
                                                   demand(root), opt)) {
                    py::dict d;
                    d["parent"] = n.parent;
                    d["depth"] = n.depth;
                    d["process"] = s.sys->index.column(n.process).process;
                    d["product"] = s.sys->index.column(n.process).product;
                    d["amount"] = n.amount;
                    d["direct"] = n.direct;
                    d["total"] = n.total;
                    d["share"] = n.share;
                    d["loop"] = n.loop;
                    out.append(d);
                }
                return out;
            },
            py::arg("demand"), py::arg("cutoff") = 0.01);
    ;
    // ---- calculators
    m.def(
        "run_calculator",
        [](const std::filesystem::path& folder, const py::dict& set, const factor_db& db,
           const gwp_table& t, const std::string& gwp) {
            const auto overrides = overrides_of(set);
            const calculator c = load_calculator(folder);
            const calculator_result r = [&] {
                py::gil_scoped_release release;
                return run_calculator(c, overrides, db, t.get(gwp));
            }();
            py::dict out;
            out["calculator"] = r.name;
            out["title"] = r.title;
            out["gwp_set"] = r.gwp_set;
            py::list scenarios;
            for (const auto& s : r.scenarios) {
                py::dict d;
                d["name"] = s.name;
                d["functional_unit"] = s.functional_unit;
                d["total"] = s.total;
                py::dict ind;
                for (std::size_t k = 0; k < s.indicators.size(); ++k)
                    ind[py::str(s.indicators[k])] = s.impacts[k];
                d["indicators"] = ind;
                py::dict params;
                for (const auto& [k, v] : s.values.numbers)
                    params[py::str(k)] = v;
                for (const auto& [k, v] : s.values.texts)
                    params[py::str(k)] = v;
                d["parameters"] = params;
                py::list contributors;
                for (const auto& c2 : s.contributors)
                    contributors.append(py::make_tuple(c2.process, c2.value));
                d["contributors"] = contributors;
                d["tags"] = s.tags;
                py::list gates;
                for (const auto& g : s.gates) {
                    py::dict gd;
                    gd["label"] = g.label;
                    gd["flow"] = g.flow;
                    gd["unit"] = g.unit;
                    gd["amount"] = g.amount;
                    gd["per_unit"] = g.per_unit;
                    gd["embodied"] = g.embodied;
                    gates.append(gd);
                }
                d["gates"] = gates;
                d["pivot_ratio"] = s.pivot_ratio;
                d["reduction_percent"] = s.reduction_percent
                                             ? py::object(py::float_(*s.reduction_percent))
                                             : py::object(py::none());
                scenarios.append(d);
            }
            out["scenarios"] = scenarios;
            return out;
        },
        py::arg("folder"), py::arg("set"), py::arg("db"), py::arg("gwp_table"),
        py::arg("gwp_set") = "AR6");
    m.def(
        "calculator_parameters",
        [](const std::filesystem::path& folder) {
            const calculator c = load_calculator(folder);
            py::list out;
            for (const auto& p : c.model.parameters) {
                py::dict d;
                d["name"] = p.name;
                d["description"] = p.description;
                d["unit"] = p.unit;
                if (!p.formula.empty())
                    d["formula"] = p.formula;
                else if (p.is_text)
                    d["default"] = p.text;
                else
                    d["default"] = p.value;
                d["min"] = p.min ? py::object(py::float_(*p.min)) : py::object(py::none());
                d["max"] = p.max ? py::object(py::float_(*p.max)) : py::object(py::none());
                d["choices"] = p.choices;
                out.append(d);
            }
            return out;
        },
        py::arg("folder"));

    m.def(
        "read_rules",
        [](const std::filesystem::path& file) {
            const rules::rule_set r = rules::read_rules(file);
            nlohmann::json docs = nlohmann::json::array();
            for (const auto& d : r.documents)
                docs.push_back({{"id", d.id}, {"title", d.title}, {"url", d.url}});
            return nlohmann::json{{"id", r.id},           {"name", r.name},
                                  {"version", r.version}, {"file", r.file},
                                  {"documents", docs},    {"pact", rules::pact_rule_entry(r)}}
                .dump();
        },
        py::arg("file"), "A rules file read strictly (docs/rules.md), as JSON text.");
    m.def(
        "check_rules",
        [](const std::filesystem::path& file, const product_system& model, const gwp_table& t,
           const std::string& gwp, int year) {
            const rules::rule_set r = rules::read_rules(file);
            auto rows = [&] {
                py::gil_scoped_release release;
                return rules::check_model(r, model, t.get(gwp), year);
            }();
            return checks_text(r, {{"", std::move(rows)}});
        },
        py::arg("file"), py::arg("model"), py::arg("gwp_table"), py::arg("gwp"), py::arg("year"),
        "A linked model checked against a rules file: `cradle check --format json` as text.");
    m.def(
        "check_rules_calculator",
        [](const std::filesystem::path& file, const std::filesystem::path& folder,
           const py::dict& set, const factor_db& db, const gwp_table& t, const std::string& gwp,
           int year) {
            const rules::rule_set r = rules::read_rules(file);
            const auto overrides = overrides_of(set);
            const calculator c = load_calculator(folder);
            std::vector<std::pair<std::string, std::vector<rules::check_result>>> all;
            {
                py::gil_scoped_release release;
                for (const auto& sm : scenario_models(c, overrides, db))
                    all.emplace_back(sm.name, rules::check_model(r, sm.model, t.get(gwp), year));
            }
            return checks_text(r, all);
        },
        py::arg("file"), py::arg("folder"), py::arg("set"), py::arg("db"), py::arg("gwp_table"),
        py::arg("gwp"), py::arg("year"),
        "Every scenario of a calculator checked against a rules file, as JSON text.");
}

} // namespace cradle::python
