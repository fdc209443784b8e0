// cradle run FOLDER — a bundled calculator: scenarios, gates and contributors.
// SPDX-License-Identifier: Apache-2.0
#include "checks.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "uncertainty.hpp"

#include "cradle/analysis/calculator.hpp"
#include "cradle/data/link.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace cradle::cli {
namespace {

struct run_args {
    std::string folder;
    std::vector<std::string> set;
    std::string format{"table"};
    std::string gwp{"AR6"};
    std::string factors;
    std::size_t top{5};
    bool ids{false}; ///< --ids: the id beside each name in tables
    bool params{false};
    bool allow_outside{false};
    std::string meta, output, id, created, scenario;
    std::string sign;  ///< secret key file: sign the PACT export
    std::string rules; ///< --rules: product rules checked (and named in the PACT export)
    uncertainty_args mc;
};

int write_params(const calculator& c) {
    std::cout << fmt::format("{} — parameters (set with --set name=value)\n", c.title);
    table_writer t(std::cout, {{26}, {12, true}, {14}, {0, false, ""}}, "  ");
    for (const auto& p : c.model.parameters) {
        std::string value, range;
        if (!p.formula.empty()) {
            value = "= " + p.formula;
        } else if (p.is_text) {
            value = p.text;
            for (const auto& ch : p.choices)
                range += (range.empty() ? "one of: " : ", ") + ch;
        } else {
            value = fmt::format("{:g}", p.value);
            if (p.min || p.max)
                range = fmt::format("[{}, {}]", p.min ? fmt::format("{:g}", *p.min) : "-inf",
                                    p.max ? fmt::format("{:g}", *p.max) : "inf");
        }
        t.row({p.name, value, p.unit, p.description + (range.empty() ? "" : "  " + range)});
    }
    return 0;
}

void write_json_result(const calculator_result& r, const nlohmann::json& rules_checks) {
    nlohmann::json j;
    j["calculator"] = r.name;
    j["title"] = r.title;
    j["gwp_set"] = r.gwp_set;
    j["unit"] = "kg CO2e";
    j["scenarios"] = nlohmann::json::array();
    for (const auto& s : r.scenarios) {
        nlohmann::json js;
        js["name"] = s.name;
        js["functional_unit"] = s.functional_unit;
        js["total"] = s.total;
        js["pivot_ratio"] = s.pivot_ratio;
        for (std::size_t k = 0; k < s.indicators.size(); ++k)
            js["indicators"][s.indicators[k]] = s.impacts[k];
        js["parameters"] = s.values.numbers;
        for (const auto& [k, v] : s.values.texts)
            js["parameters"][k] = v;
        js["contributors"] = nlohmann::json::array();
        for (const auto& c : s.contributors)
            js["contributors"].push_back(
                {{"process", c.process}, {"name", c.name}, {"value", c.value}});
        js["tags"] = s.tags;
        js["gates"] = nlohmann::json::array();
        for (const auto& g : s.gates)
            js["gates"].push_back({{"label", g.label},
                                   {"flow", g.flow},
                                   {"unit", g.unit},
                                   {"amount", g.amount},
                                   {"per_unit", g.per_unit},
                                   {"embodied", g.embodied}});
        if (s.reduction_percent) js["reduction_percent"] = *s.reduction_percent;
        j["scenarios"].push_back(std::move(js));
    }
    if (!rules_checks.is_null()) j["rules"] = rules_checks;
    write_json(std::cout, j);
}

void write_table_result(const calculator_result& r, std::size_t top_n, bool ids) {
    std::cout << fmt::format("{}\n", r.title);
    for (const auto& s : r.scenarios) {
        const double total = s.total;
        auto pct = [&](double v) { return total != 0 ? 100.0 * v / total : 0.0; };
        std::cout << fmt::format("\n{}{}: {:.4f} kg CO2e per {} ({} GWP100)\n",
                                 r.scenarios.size() > 1 ? "scenario " : "",
                                 r.scenarios.size() > 1 ? s.name : std::string("footprint"), total,
                                 s.functional_unit, r.gwp_set);
        if (s.reduction_percent)
            std::cout << fmt::format("  reduction against the baseline: {:.2f} %\n",
                                     *s.reduction_percent);
        table_writer split(std::cout, {{34}, {14, true}}, "  ");
        for (std::size_t k = 1; k < s.indicators.size(); ++k)
            if (s.impacts[k] != 0.0) split.row({s.indicators[k], fixed(s.impacts[k], 4)});
        if (!s.gates.empty()) {
            std::cout << "  gate by gate (cradle to each gate):\n";
            table_writer(std::cout, {{26}, {14, true}, {10}, {16, true}, {14, true}, {7, true}},
                         "    ")
                .row({"gate", "amount", "unit", "kg CO2e per unit", "embodied", "share"});
            table_writer gates(std::cout,
                               {{26}, {14, true}, {10}, {16, true}, {14, true}, {6, true, "%"}},
                               "    ");
            for (const auto& g : s.gates)
                gates.row({g.label, number(g.amount, 6), g.unit, fixed(g.per_unit, 4),
                           fixed(g.embodied, 4), fixed(pct(g.embodied), 1)});
        }
        std::cout << fmt::format("  top {} contributors (direct emissions):\n",
                                 std::min(top_n, s.contributors.size()));
        table_writer top(std::cout, {{name_width}, {14, true}, {6, true, "%"}, {0, false, ""}},
                         "    ");
        for (std::size_t i = 0; i < s.contributors.size() && i < top_n; ++i) {
            const auto& c = s.contributors[i];
            top.row({shorten(c.name.empty() ? c.process : c.name, name_width), fixed(c.value, 4),
                     fixed(pct(c.value), 1), ids ? "  " + c.process : std::string()});
        }
    }
}

/// The PACT footprint of one scenario (the baseline, or --scenario) of the calculator.
int write_pact_result(const run_args& a, const calculator& calc, const calculator_result& r,
                      const factor_db& db, const gwp_table& gwps, const std::string& gwp_name,
                      const std::optional<crypto::secret_key>& key,
                      const std::optional<rules::rule_set>& rules_set,
                      const std::vector<checked>& checks) {
    const std::string want =
        !a.scenario.empty() ? a.scenario : (!calc.baseline.empty() ? calc.baseline : "");
    const scenario_result* chosen = r.scenarios.empty() ? nullptr : &r.scenarios.front();
    if (!want.empty()) {
        chosen = nullptr;
        std::string names;
        for (const auto& s : r.scenarios) {
            if (s.name == want) chosen = &s;
            names += (names.empty() ? "" : ", ") + s.name;
        }
        if (chosen == nullptr)
            throw input_error("unknown-scenario",
                              a.folder + ": no scenario '" + want + "' (scenarios: " + names + ")");
    }
    if (chosen == nullptr) throw input_error("unknown-scenario", a.folder + ": no scenario");
    provenance::export_request rq;
    rq.base = calc.folder;
    if (!a.meta.empty()) rq.meta_overlay = read_json_file(a.meta);
    const product_system model = apply_parameters(calc.model, chosen->values);
    if (rules_set) {
        // the export names the rules only when the scenario passes them: nothing is written else
        for (const auto& c : checks)
            if (c.scenario == chosen->name && !rules::passed(c.rows)) {
                print_checks(std::cerr, *rules_set, {c});
                std::cerr << "cradle: no PACT footprint written: scenario '" << chosen->name
                          << "' does not follow the rules '" << rules_set->id << "'\n";
                return 1;
            }
        rq.meta_overlay = meta_with_rules(pact::merge_meta(model, rq.meta_overlay.is_object()
                                                                      ? rq.meta_overlay
                                                                      : nlohmann::json::object()),
                                          *rules_set);
    }
    rq.gwp = gwp_name;
    rq.options = pact::export_options{a.id, a.created};
    auto out = provenance::export_model(model, db, gwps, rq);
    for (const auto& n : out.notes)
        std::cerr << "cradle: note: " << n << "\n";
    if (key) out.footprint = provenance::sign(std::move(out.footprint), *key);
    const auto& doc = out.footprint;
    if (write_json_to(a.output, doc))
        std::cerr << "cradle: wrote " << a.output << " (scenario '" << chosen->name << "')\n";
    return 0;
}

} // namespace

command add_run(CLI::App& app) {
    auto a = std::make_shared<run_args>();
    auto* rc =
        app.add_subcommand("run", "Run a bundled calculator (a folder with calculator.json)");
    rc->add_option("calculator", a->folder, "Calculator folder, e.g. examples/copper")->required();
    rc->add_option("--set", a->set, "Parameter value, name=value (repeatable)");
    rc->add_option("--format", a->format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv", "pact"}));
    rc->add_option("--meta", a->meta, "PACT metadata (JSON), over the model's \"pact\" section");
    rc->add_option("--scenario", a->scenario,
                   "Scenario exported by --format pact (default: baseline)");
    rc->add_option("-o,--output", a->output, "Write the result to this file (any format)");
    rc->add_option("--sign", a->sign, "Sign the PACT export with this secret key (cradle keygen)");
    rc->add_option("--id", a->id, "PACT footprint id (default: a random UUID v4)");
    rc->add_option("--created", a->created, "PACT creation time, RFC 3339 (default: now)");
    rc->add_option("--gwp", a->gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    rc->add_option("--top", a->top, "Number of top contributors listed");
    rc->add_flag("--ids", a->ids, "Show each process's id beside its name in tables");
    rc->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    rc->add_flag("--params", a->params, "List the parameters with defaults, units and ranges");
    rc->add_flag("--allow-outside", a->allow_outside,
                 "Let calculator.json name files outside the calculator's folder");
    rc->add_option("--rules", a->rules,
                   "Check these product rules on every scenario (file or bundled id; exit 1 if "
                   "one fails); the PACT export names them");
    add_uncertainty_options(rc, a->mc);
    return {rc, [a] {
                const calculator calc =
                    load_calculator(a->folder, calculator_options{a->allow_outside});
                if (a->params) return write_params(calc);
                if (!a->sign.empty() && a->format != "pact")
                    throw input_error("bad-option", "--sign signs PACT exports: add --format pact");
                std::optional<crypto::secret_key> key;
                if (!a->sign.empty()) key = crypto::read_secret_key(a->sign);
                const auto settings = parse_settings(a->set);
                const factor_db db = factors_from(a->factors);
                const gwp_table table = gwp_table_from(a->factors);
                std::optional<rules::rule_set> rules_set;
                if (!a->rules.empty()) {
                    if (a->mc.draws > 0)
                        throw input_error("bad-option", "--rules checks footprints, not "
                                                        "--uncertainty runs");
                    rules_set = rules::find_rules(a->rules);
                }
                if (a->mc.draws > 0) {
                    if (a->format == "pact" || key)
                        throw input_error("bad-option", "--uncertainty writes statistics (table, "
                                                        "json, csv), not PACT exports");
                    std::vector<mc_case> cases;
                    std::size_t baseline = 0;
                    for (auto& sm : scenario_models(calc, settings, db)) {
                        if (sm.name == calc.baseline) baseline = cases.size();
                        cases.push_back({sm.name, std::move(sm.model)});
                    }
                    a->mc.top = a->top;
                    stdout_to_file out(a->output);
                    const int status = run_monte_carlo(calc.title, cases, baseline,
                                                       table.get(a->gwp), a->mc, a->format);
                    out.finish();
                    return status;
                }
                if (a->format == "csv")
                    throw input_error("bad-option", "--format csv is for --uncertainty runs");
                const calculator_result r = run_calculator(calc, settings, db, table.get(a->gwp));
                for (const auto& s : r.scenarios)
                    warn_conditioning(s.pivot_ratio, a->folder + " scenario '" + s.name + "'");
                std::vector<checked> checks;
                if (rules_set)
                    for (const auto& sm : scenario_models(calc, settings, db))
                        checks.push_back(
                            {sm.name, rules::check_model(*rules_set, with_meta(sm.model, a->meta),
                                                         table.get(a->gwp), current_year())});
                if (a->format == "pact")
                    return write_pact_result(*a, calc, r, db, table, a->gwp, key, rules_set,
                                             checks);
                stdout_to_file out(a->output);
                if (a->format == "json")
                    write_json_result(r, rules_set ? checks_json(*rules_set, checks)
                                                   : nlohmann::json());
                else {
                    write_table_result(r, a->top, a->ids);
                    if (rules_set) {
                        std::cout << '\n';
                        print_checks(std::cout, *rules_set, checks);
                    }
                }
                out.finish();
                return all_passed(checks) ? 0 : 1;
            }};
}

} // namespace cradle::cli
