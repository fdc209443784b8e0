// cradle footprint MODEL — the cradle-to-gate footprint of a model's functional unit.
// SPDX-License-Identifier: Apache-2.0
#include "checks.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "uncertainty.hpp"

#include "cradle/analysis/contributions.hpp"
#include "cradle/analysis/upstream.hpp"
#include "cradle/data/link.hpp"
#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"
#include "cradle/io/files.hpp"
#include "cradle/version.hpp"

#include <fmt/format.h>

#include <array>
#include <iostream>
#include <memory>

namespace cradle::cli {
namespace {

/// Indicator names for the table: the origin rows indented under the total.
std::string indicator_label(std::size_t k) {
    return (k == 0 ? "" : "  ") + std::string(climate_indicator_names[k]);
}

struct footprint_args {
    std::string model;
    std::string product; ///< --product: the product to compute (a database needs it)
    std::string format{"table"};
    std::string gwp{"AR6"};
    bool tree{false};
    bool ids{false}; ///< --ids: the id beside each name in tables
    double cutoff{0.01};
    std::size_t top{10};
    std::string factors;
    bool as_published{false};
    std::string meta;   ///< PACT metadata file (overlays the model's "pact" section)
    std::string output; ///< write the PACT document here instead of stdout
    std::string id;
    std::string created;
    bool accept_invalid{false};
    std::string sign;  ///< secret key file: sign the PACT export
    std::string rules; ///< --rules: product rules checked (and named in the PACT export)
    uncertainty_args mc;
};

/// Everything the three output formats show, computed once.
struct footprint_report {
    product_system model;
    compiled_system sys;
    characterization ch;
    footprint r;
    Eigen::VectorXd direct;   ///< direct impact of each process (total GWP)
    Eigen::VectorXd upstream; ///< cumulative impact at each process's gate
    std::map<std::string, double> tags;
    process_col root;
    std::vector<tree_node> tree;
    std::string gwp_name;
};

/// The model of `a`, with supplier footprints and background factors linked.
product_system prepare(const footprint_args& a) {
    return load_linked(a.model, a.product, a.factors, !a.as_published, a.accept_invalid);
}

footprint_report compute(const footprint_args& a) {
    footprint_report rep;
    rep.model = prepare(a);
    const gwp_table table = gwp_table_from(a.factors);
    const gwp_set& gwp = table.get(a.gwp);
    rep.gwp_name = gwp.name;
    rep.sys = compile(rep.model);
    rep.ch = characterize(rep.sys.index, gwp);
    const factorization lu = factorize(rep.sys);
    const Eigen::VectorXd f = demand_vector(rep.sys, *rep.model.reference);
    rep.r = calculate(rep.sys, rep.ch, lu, f);
    const Eigen::MatrixXd contrib = process_contributions(rep.sys, rep.ch, rep.r);
    const Eigen::VectorXd lambda = intensities(rep.sys, rep.ch, lu, climate_indicator::total);
    rep.upstream = upstream_totals(rep.sys, lambda, rep.r);
    rep.tags = tag_contributions(rep.sys, contrib);
    rep.direct = contrib.row(0).transpose();
    Eigen::Index root = 0;
    f.cwiseAbs().maxCoeff(&root);
    rep.root = process_col{static_cast<std::size_t>(root)};
    if (a.tree) {
        tree_options opt;
        opt.cutoff = a.cutoff;
        rep.tree = upstream_tree(rep.sys, rep.ch, lambda, rep.root, f(root), opt);
    }
    return rep;
}

/// The rules of --rules checked against the computed footprint (its model with --meta merged).
std::vector<checked> check_rules(const footprint_args& a, const rules::rule_set& r,
                                 const footprint_report& rep) {
    const product_system m = with_meta(rep.model, a.meta);
    return {{"", rules::check(r, rules::subject{m, rep.sys, rep.r, rep.ch, current_year()})}};
}

/// --format pact: the PACT footprint with its provenance (docs/provenance.md), signed with --sign.
int export_pact(const footprint_args& a) {
    std::optional<crypto::secret_key> key;
    if (!a.sign.empty()) key = crypto::read_secret_key(a.sign); // refused before any work
    // as authored: the export links the process databases itself and records them
    const product_system model = load_for_footprint(a.model, a.product, a.factors, false);
    if (!model.reference)
        throw input_error("json-missing",
                          a.model + ": /functional_unit: the model states no functional unit");
    provenance::export_request rq;
    rq.base = std::filesystem::path(a.model).parent_path();
    if (!a.meta.empty()) rq.meta_overlay = read_json_file(a.meta);
    if (!a.rules.empty()) {
        // the export names the rules only when the footprint passes them: nothing is written else
        const rules::rule_set r = rules::find_rules(a.rules);
        const auto checks = check_rules(a, r, compute(a));
        if (!all_passed(checks)) {
            print_checks(std::cerr, r, checks);
            std::cerr << "cradle: no PACT footprint written: it does not follow the rules '" << r.id
                      << "'\n";
            return 1;
        }
        rq.meta_overlay = meta_with_rules(pact::merge_meta(model, rq.meta_overlay.is_object()
                                                                      ? rq.meta_overlay
                                                                      : nlohmann::json::object()),
                                          r);
    }
    rq.gwp = a.gwp;
    rq.per_gas = !a.as_published;
    rq.accept_invalid = a.accept_invalid;
    rq.options = pact::export_options{a.id, a.created};
    rq.process_dbs = process_dbs_from(a.factors);
    auto out =
        provenance::export_model(model, factors_from(a.factors), gwp_table_from(a.factors), rq);
    for (const auto& n : out.notes)
        std::cerr << "cradle: note: " << n << "\n";
    warn_conditioning(out.pivot_ratio, a.model);
    if (key) out.footprint = provenance::sign(std::move(out.footprint), *key);
    if (write_json_to(a.output, out.footprint))
        std::cerr << "cradle: wrote " << a.output << (key ? " (signed)" : "") << "\n";
    return 0;
}

void write_json_report(const footprint_args& a, const footprint_report& rep,
                       const nlohmann::json& rules_checks) {
    const auto& sys = rep.sys;
    const auto& fu = *rep.model.reference;
    nlohmann::json j;
    j["model"] = rep.model.name;
    j["functional_unit"] = {{"process", sys.index.column(rep.root).process},
                            {"flow", fu.flow},
                            {"amount", fu.amount},
                            {"unit", fu.amount_unit.symbol}};
    j["gwp_set"] = rep.gwp_name;
    j["unit"] = rep.ch.unit;
    j["total"] = rep.r.total();
    j["pivot_ratio"] = rep.r.pivot_ratio;
    for (std::size_t k = 0; k < climate_indicator_count; ++k)
        j["indicators"][rep.ch.indicators[k]] = rep.r.impacts(static_cast<Eigen::Index>(k));
    j["processes"] = nlohmann::json::array();
    for (std::size_t c = 0; c < sys.index.size(); ++c) {
        const auto& t = sys.index.columns()[c];
        const auto ci = static_cast<Eigen::Index>(c);
        j["processes"].push_back({{"id", t.label()},
                                  {"name", t.name},
                                  {"scaling", rep.r.scaling(ci)},
                                  {"direct", rep.direct(ci)},
                                  {"upstream", rep.upstream(ci)}});
    }
    j["tags"] = rep.tags;
    j["uncharacterized"] = nlohmann::json::array();
    for (auto row : rep.r.uncharacterized) {
        const auto& fl = sys.index.elementary(row);
        j["uncharacterized"].push_back(
            {{"flow", fl.id},
             {"name", fl.name},
             {"amount", rep.r.inventory(static_cast<Eigen::Index>(row.value))},
             {"unit", fl.ref_unit.symbol}});
    }
    if (a.tree) {
        j["tree"] = nlohmann::json::array();
        for (const auto& n : rep.tree)
            j["tree"].push_back({{"parent", n.parent},
                                 {"depth", n.depth},
                                 {"process", sys.index.column(n.process).label()},
                                 {"name", display_name(sys.index.column(n.process))},
                                 {"amount", n.amount},
                                 {"direct", n.direct},
                                 {"total", n.total},
                                 {"share", n.share},
                                 {"loop", n.loop}});
    }
    if (!rules_checks.is_null()) j["rules"] = rules_checks;
    write_json(std::cout, j);
}

void write_csv_report(const footprint_report& rep) {
    const auto& sys = rep.sys;
    csv_writer csv(std::cout, {"section", "key", "name", "value", "unit"});
    for (std::size_t k = 0; k < climate_indicator_count; ++k)
        csv.row({"indicator", rep.ch.indicators[k], std::string(climate_indicator_names[k]),
                 number(rep.r.impacts(static_cast<Eigen::Index>(k))), "kg CO2e"});
    for (std::size_t c = 0; c < sys.index.size(); ++c)
        csv.row({"process-direct", sys.index.columns()[c].label(),
                 display_name(sys.index.columns()[c]),
                 number(rep.direct(static_cast<Eigen::Index>(c))), "kg CO2e"});
    for (std::size_t c = 0; c < sys.index.size(); ++c)
        csv.row({"process-upstream", sys.index.columns()[c].label(),
                 display_name(sys.index.columns()[c]),
                 number(rep.upstream(static_cast<Eigen::Index>(c))), "kg CO2e"});
    for (const auto& [tag, v] : rep.tags)
        csv.row({"tag", tag, tag, number(v), "kg CO2e"});
    csv.row({"solver", "pivot_ratio", "", number(rep.r.pivot_ratio), ""});
    for (const auto& n : rep.tree)
        csv.row({"tree", std::string(n.depth, '>') + sys.index.column(n.process).label(),
                 display_name(sys.index.column(n.process)), number(n.total), "kg CO2e"});
}

void write_table_report(const footprint_args& a, const footprint_report& rep) {
    const auto& sys = rep.sys;
    const auto& fu = *rep.model.reference;
    const double total = rep.r.total();
    auto share = [&](double v) { return fixed(total != 0 ? 100.0 * v / total : 0.0, 2); };
    std::cout << fmt::format("cradle {} — cradle-to-gate carbon footprint\n", cradle::version);
    std::cout << fmt::format("Model:           {}\n",
                             rep.model.name.empty() ? a.model : rep.model.name);
    std::cout << fmt::format("Functional unit: {} {} of '{}' from '{}'{}\n", fu.amount,
                             fu.amount_unit.symbol, fu.flow,
                             display_name(sys.index.column(rep.root)),
                             a.ids ? " [" + sys.index.column(rep.root).label() + "]" : "");
    std::cout << fmt::format(
        "Characterization: IPCC {} GWP100 ({} processes, {} elementary flows)\n", rep.gwp_name,
        sys.index.size(), sys.index.elementary_size());
    std::cout << fmt::format("Pivot ratio:     {:.1e} (smallest/largest LU pivot of the loops; "
                             "a warning below {:.0e})\n\n",
                             rep.r.pivot_ratio, ill_conditioned_pivot_ratio);
    table_writer impacts(std::cout, {{32}, {14, true, " kg CO2e"}});
    for (std::size_t k = 0; k < climate_indicator_count; ++k)
        impacts.row({indicator_label(k), fixed(rep.r.impacts(static_cast<Eigen::Index>(k)), 4)});

    std::cout << "\nTop contributors (direct emissions by process):\n";
    // the name, shortened, and with --ids the id after the numbers (ids are long and unaligned)
    auto who = [&](const tech_flow& t) { return shorten(display_name(t), name_width); };
    auto id_of = [&](const tech_flow& t) { return a.ids ? "  " + t.label() : std::string(); };
    table_writer ranked(
        std::cout,
        {{3, true, ". "}, {name_width}, {14, true, " kg CO2e "}, {7, true, " %"}, {0, false, ""}});
    const auto contributors = top(rep.direct, a.top);
    for (std::size_t i = 0; i < contributors.size(); ++i) {
        const auto& [c, v] = contributors[i];
        const auto& t = sys.index.columns()[c];
        ranked.row({std::to_string(i + 1), who(t), fixed(v, 4), share(v), id_of(t)});
    }
    std::cout
        << "\nAt each process's gate (its output in this system, with everything upstream):\n";
    table_writer gate_table(std::cout, {{3, true, ". "},
                                        {name_width},
                                        {14, true, " kg CO2e for "},
                                        {0, false, ""},
                                        {0, false, ""}});
    const auto gates = top(rep.upstream, a.top);
    for (std::size_t i = 0; i < gates.size(); ++i) {
        const auto& [c, v] = gates[i];
        const auto& t = sys.index.columns()[c];
        const auto j = static_cast<Eigen::Index>(c);
        const double out = sys.A.coeff(j, j) * rep.r.scaling(j);
        gate_table.row({std::to_string(i + 1), who(t), fixed(v, 4),
                        number(out, 6) + " " + t.product_unit.symbol, id_of(t)});
    }
    if (!rep.tags.empty() && !(rep.tags.size() == 1 && rep.tags.begin()->first == "(untagged)")) {
        std::cout << "\nBy stage and tag (a process counts under each of its tags):\n";
        table_writer tag_table(std::cout, {{40}, {14, true, " kg CO2e "}, {7, true, " %"}},
                               "     ");
        for (const auto& [tag, v] : rep.tags)
            tag_table.row({tag, fixed(v, 4), share(v)});
    }
    if (!rep.r.uncharacterized.empty()) {
        std::cout << "\nIn the inventory but without a GWP factor (not in the total):\n";
        table_writer flows(std::cout, {{40}, {14, true}, {0}}, "     ");
        for (auto row : rep.r.uncharacterized) {
            const auto& fl = sys.index.elementary(row);
            flows.row(
                {shorten(fl.name.empty() ? fl.id : fl.name, 40) + (a.ids ? " [" + fl.id + "]" : ""),
                 number(rep.r.inventory(static_cast<Eigen::Index>(row.value)), 6),
                 fl.ref_unit.symbol});
        }
    }
    if (a.tree) {
        std::cout << fmt::format(
            "\nUpstream tree (branches below {:.2f} % of the total cut off):\n", 100 * a.cutoff);
        table_writer tree(std::cout, {{7, true, " %  "}, {0, false, ""}}, "  ");
        for (const auto& n : rep.tree) {
            const auto& t = sys.index.column(n.process);
            tree.row({fixed(100 * n.share, 2),
                      std::string(2 * n.depth, ' ') + shorten(display_name(t), name_width) +
                          (a.ids ? " [" + t.label() + "]" : "") + " (" + number(n.amount, 6) + " " +
                          t.product_unit.symbol + ")" + (n.loop ? "  [loop: not expanded]" : "") +
                          (n.truncated ? "  [+ smaller branches]" : "")});
        }
    }
}

} // namespace

command add_footprint(CLI::App& app) {
    auto a = std::make_shared<footprint_args>();
    auto* fp = app.add_subcommand("footprint", "Footprint of a model's functional unit");
    fp->add_option("model", a->model,
                   "Model file (JSON model format), or an inventory database (openLCA JSON-LD "
                   "folder or zip) with --product")
        ->required();
    fp->add_option("--product", a->product,
                   "Compute 1 unit of this product: a process or product flow, by id or name");
    fp->add_option("--format", a->format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv", "pact"}));
    fp->add_option("--meta", a->meta,
                   "PACT metadata (JSON; docs/pact.md), over the model's \"pact\" section");
    fp->add_option("-o,--output", a->output, "Write the result to this file (any format)");
    fp->add_option("--id", a->id, "PACT footprint id (default: a random UUID v4)");
    fp->add_option("--created", a->created, "PACT creation time, RFC 3339 (default: now)");
    fp->add_option("--sign", a->sign, "Sign the PACT export with this secret key (cradle keygen)");
    fp->add_flag("--accept-invalid", a->accept_invalid,
                 "Use invalid or expired supplier footprints (pact: providers), with a warning");
    fp->add_option("--gwp", a->gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    fp->add_flag("--tree", a->tree, "Print the upstream tree");
    fp->add_flag("--ids", a->ids, "Show each process's id beside its name in tables");
    fp->add_option("--cutoff", a->cutoff, "Tree cut-off, share of the total (0.01 = 1 %)")
        ->check(CLI::Range(0.0, 1.0));
    fp->add_option("--top", a->top, "Number of top contributors listed");
    fp->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    fp->add_flag("--as-published", a->as_published,
                 "Background factors as their published CO2e, not re-characterized per gas");
    fp->add_option("--rules", a->rules,
                   "Check these product rules (file or bundled id; exit 1 if one fails); the "
                   "PACT export names them");
    add_uncertainty_options(fp, a->mc);
    return {fp, [a] {
                if (!a->rules.empty() && (a->mc.draws > 0 || a->format == "csv"))
                    throw input_error("bad-option",
                                      "--rules checks a footprint in the table, json or pact "
                                      "format (cradle check --format json for machines)");
                if (a->mc.draws > 0) {
                    if (a->format == "pact" || !a->sign.empty() || a->tree)
                        throw input_error("bad-option",
                                          "--uncertainty writes statistics (table, json, csv); "
                                          "it does not combine with --format pact, --sign or "
                                          "--tree");
                    a->mc.top = a->top;
                    const product_system model = prepare(*a);
                    const gwp_table table = gwp_table_from(a->factors);
                    stdout_to_file out(a->output);
                    const int rc = run_monte_carlo(model.name.empty() ? a->model : model.name,
                                                   {{model.name, model}}, 0, table.get(a->gwp),
                                                   a->mc, a->format);
                    out.finish();
                    return rc;
                }
                if (a->format == "pact") return export_pact(*a);
                if (!a->sign.empty())
                    throw input_error("bad-option", "--sign signs PACT exports: add --format pact");
                std::optional<rules::rule_set> r;
                if (!a->rules.empty()) r = rules::find_rules(a->rules); // refused before any work
                const footprint_report rep = compute(*a);
                warn_conditioning(rep.r.pivot_ratio, a->model);
                std::vector<checked> checks;
                if (r) checks = check_rules(*a, *r, rep);
                stdout_to_file out(a->output);
                if (a->format == "json")
                    write_json_report(*a, rep, r ? checks_json(*r, checks) : nlohmann::json());
                else if (a->format == "csv")
                    write_csv_report(rep);
                else {
                    write_table_report(*a, rep);
                    if (r) {
                        std::cout << '\n';
                        print_checks(std::cout, *r, checks);
                    }
                }
                out.finish();
                return all_passed(checks) ? 0 : 1;
            }};
}

} // namespace cradle::cli
