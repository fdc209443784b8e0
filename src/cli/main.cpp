// cradle — command-line tool.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

namespace {

constexpr std::array<std::string_view, cradle::climate_indicator_count> indicator_labels{
    "Total (GWP100)",
    "  fossil",
    "  biogenic CO2 emissions",
    "  biogenic CO2 removals",
    "  biogenic non-CO2",
    "  land-use change",
    "  other (origin not stated)"};

struct footprint_args {
    std::string model;
    std::string format{"table"};
    std::string gwp{"AR6"};
    bool tree{false};
    double cutoff{0.01};
    std::size_t top{10};
    std::string factors;
    bool as_published{false};
};

std::string csv_quote(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int run_footprint(const footprint_args& a) {
    using namespace cradle;
    product_system model = read_model(a.model);
    if (has_background_refs(model)) {
        const factor_db db = a.factors.empty() ? default_factor_db() : load_factor_db(a.factors);
        model = link_background(model, db, link_options{!a.as_published});
    }
    if (!model.reference)
        throw input_error("json-missing",
                          a.model + ": /functional_unit: the model states no functional unit");
    const gwp_table table =
        a.factors.empty()
            ? default_gwp_table()
            : load_gwp_table(std::filesystem::path(a.factors) / "ipcc-gwp" / "gwp100.csv");
    const gwp_set& gwp = table.get(a.gwp);

    const compiled_system sys = compile(model);
    const characterization ch = characterize(sys.index, gwp);
    const factorization lu = factorize(sys);
    const Eigen::VectorXd f = demand_vector(sys, *model.reference);
    const footprint r = calculate(sys, ch, lu, f);
    const Eigen::MatrixXd contrib = process_contributions(sys, ch, r);
    const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
    const Eigen::VectorXd upstream = upstream_totals(sys, lambda, r);
    const auto tags = tag_contributions(sys, contrib);
    const Eigen::VectorXd direct = contrib.row(0).transpose();
    const auto ranked = top(direct, a.top);
    const double total = r.total();
    auto share = [&](double v) { return total != 0 ? 100.0 * v / total : 0.0; };

    const auto& fu = *model.reference;
    Eigen::Index root = 0;
    f.cwiseAbs().maxCoeff(&root);
    const process_col root_col{static_cast<std::size_t>(root)};
    std::vector<tree_node> tree;
    if (a.tree) {
        tree_options opt;
        opt.cutoff = a.cutoff;
        tree = upstream_tree(sys, ch, lambda, root_col, f(root), opt);
    }

    if (a.format == "json") {
        nlohmann::json j;
        j["model"] = model.name;
        j["functional_unit"] = {{"process", sys.index.column(root_col).process},
                                {"flow", fu.flow},
                                {"amount", fu.amount},
                                {"unit", fu.amount_unit.symbol}};
        j["gwp_set"] = gwp.name;
        j["unit"] = ch.unit;
        j["total"] = total;
        for (std::size_t k = 0; k < climate_indicator_count; ++k)
            j["indicators"][ch.indicators[k]] = r.impacts(static_cast<Eigen::Index>(k));
        j["processes"] = nlohmann::json::array();
        for (std::size_t c = 0; c < sys.index.size(); ++c) {
            const auto& t = sys.index.columns()[c];
            const auto ci = static_cast<Eigen::Index>(c);
            j["processes"].push_back({{"id", t.label()},
                                      {"name", t.name},
                                      {"scaling", r.scaling(ci)},
                                      {"direct", direct(ci)},
                                      {"upstream", upstream(ci)}});
        }
        j["tags"] = tags;
        j["uncharacterized"] = nlohmann::json::array();
        for (auto row : r.uncharacterized) {
            const auto& fl = sys.index.elementary(row);
            j["uncharacterized"].push_back(
                {{"flow", fl.id},
                 {"amount", r.inventory(static_cast<Eigen::Index>(row.value))},
                 {"unit", fl.ref_unit.symbol}});
        }
        if (a.tree) {
            j["tree"] = nlohmann::json::array();
            for (const auto& n : tree)
                j["tree"].push_back({{"parent", n.parent},
                                     {"depth", n.depth},
                                     {"process", sys.index.column(n.process).label()},
                                     {"amount", n.amount},
                                     {"direct", n.direct},
                                     {"total", n.total},
                                     {"share", n.share},
                                     {"loop", n.loop}});
        }
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    if (a.format == "csv") {
        std::cout << "section,key,value,unit\n";
        for (std::size_t k = 0; k < climate_indicator_count; ++k)
            std::cout << fmt::format("indicator,{},{:.10g},kg CO2e\n", ch.indicators[k],
                                     r.impacts(static_cast<Eigen::Index>(k)));
        for (std::size_t c = 0; c < sys.index.size(); ++c)
            std::cout << fmt::format("process-direct,{},{:.10g},kg CO2e\n",
                                     csv_quote(sys.index.columns()[c].label()),
                                     direct(static_cast<Eigen::Index>(c)));
        for (std::size_t c = 0; c < sys.index.size(); ++c)
            std::cout << fmt::format("process-upstream,{},{:.10g},kg CO2e\n",
                                     csv_quote(sys.index.columns()[c].label()),
                                     upstream(static_cast<Eigen::Index>(c)));
        for (const auto& [tag, v] : tags)
            std::cout << fmt::format("tag,{},{:.10g},kg CO2e\n", csv_quote(tag), v);
        for (const auto& n : tree)
            std::cout << fmt::format("tree,{}{},{:.10g},kg CO2e\n", std::string(n.depth, '>'),
                                     csv_quote(sys.index.column(n.process).label()), n.total);
        return 0;
    }
    // table
    std::cout << fmt::format("cradle {} — cradle-to-gate carbon footprint\n", cradle::version);
    std::cout << fmt::format("Model:           {}\n", model.name.empty() ? a.model : model.name);
    std::cout << fmt::format("Functional unit: {} {} of '{}' from '{}'\n", fu.amount,
                             fu.amount_unit.symbol, fu.flow, sys.index.column(root_col).label());
    std::cout << fmt::format(
        "Characterization: IPCC {} GWP100 ({} processes, {} elementary flows)\n\n", gwp.name,
        sys.index.size(), sys.index.elementary_size());
    for (std::size_t k = 0; k < climate_indicator_count; ++k)
        std::cout << fmt::format("{:<30} {:>14.4f} kg CO2e\n", indicator_labels[k],
                                 r.impacts(static_cast<Eigen::Index>(k)));
    std::cout << fmt::format("\nTop contributors (direct emissions by process):\n");
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const auto& [c, v] = ranked[i];
        std::cout << fmt::format("{:>3}. {:<40} {:>14.4f} kg CO2e {:>7.2f} %\n", i + 1,
                                 sys.index.columns()[c].label(), v, share(v));
    }
    std::cout
        << "\nAt each process's gate (its output in this system, with everything upstream):\n";
    const auto gates = top(upstream, a.top);
    for (std::size_t i = 0; i < gates.size(); ++i) {
        const auto& [c, v] = gates[i];
        const auto& t = sys.index.columns()[c];
        const double out = sys.A.coeff(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(c)) *
                           r.scaling(static_cast<Eigen::Index>(c));
        std::cout << fmt::format("{:>3}. {:<40} {:>14.4f} kg CO2e for {:.6g} {}\n", i + 1,
                                 t.label(), v, out, t.product_unit.symbol);
    }
    if (!tags.empty() && !(tags.size() == 1 && tags.begin()->first == "(untagged)")) {
        std::cout << "\nBy stage and tag (a process counts under each of its tags):\n";
        for (const auto& [tag, v] : tags)
            std::cout << fmt::format("     {:<40} {:>14.4f} kg CO2e {:>7.2f} %\n", tag, v,
                                     share(v));
    }
    if (!r.uncharacterized.empty()) {
        std::cout << "\nIn the inventory but without a GWP factor (not in the total):\n";
        for (auto row : r.uncharacterized) {
            const auto& fl = sys.index.elementary(row);
            std::cout << fmt::format("     {:<40} {:>14.6g} {}\n", fl.id,
                                     r.inventory(static_cast<Eigen::Index>(row.value)),
                                     fl.ref_unit.symbol);
        }
    }
    if (a.tree) {
        std::cout << fmt::format(
            "\nUpstream tree (branches below {:.2f} % of the total cut off):\n", 100 * a.cutoff);
        for (const auto& n : tree) {
            const auto& t = sys.index.column(n.process);
            std::cout << fmt::format("  {:>7.2f} %  {}{} ({:.6g} {}){}{}\n", 100 * n.share,
                                     std::string(2 * n.depth, ' '), t.label(), n.amount,
                                     t.product_unit.symbol, n.loop ? "  [loop: not expanded]" : "",
                                     n.truncated ? "  [+ smaller branches]" : "");
        }
    }
    return 0;
}

int run_useeio(const std::string& folder, const std::string& format, const std::string& path) {
    using namespace cradle;
    const io_path p = path == "flows"    ? io_path::flows
                      : path == "direct" ? io_path::direct
                                         : io_path::automatic;
    const io_model m = read_io_model(folder, p);
    const Eigen::MatrixXd N = total_impacts(m);
    if (format == "json") {
        nlohmann::json j;
        j["indicators"] = m.indicators;
        j["sectors"] = m.sectors;
        j["N"] = nlohmann::json::array();
        for (Eigen::Index k = 0; k < N.rows(); ++k) {
            std::vector<double> row(static_cast<std::size_t>(N.cols()));
            for (Eigen::Index s = 0; s < N.cols(); ++s)
                row[static_cast<std::size_t>(s)] = N(k, s);
            j["N"].push_back(row);
        }
        std::cout << j.dump() << '\n';
    } else {
        std::cout << "sector";
        for (const auto& ind : m.indicators)
            std::cout << ',' << csv_quote(ind);
        std::cout << '\n';
        for (Eigen::Index s = 0; s < N.cols(); ++s) {
            std::cout << csv_quote(m.sectors[static_cast<std::size_t>(s)]);
            for (Eigen::Index k = 0; k < N.rows(); ++k)
                std::cout << fmt::format(",{:.17g}", N(k, s));
            std::cout << '\n';
        }
    }
    return 0;
}

int run_factors_datasets(const cradle::factor_db& db) {
    std::cout << fmt::format("{:<17} {:>7}  {:<18} {:<10} {}\n", "dataset", "factors", "version",
                             "region", "licence");
    for (const auto& d : db.datasets()) {
        const auto& i = d->info();
        std::cout << fmt::format("{:<17} {:>7}  {:<18} {:<10} {}\n", i.id, d->factors().size(),
                                 i.version.substr(0, 18), i.region, i.licence);
    }
    return 0;
}

int run_factors_search(const cradle::factor_db& db, cradle::factor_query q,
                       const std::string& unit_text) {
    if (!unit_text.empty()) q.per_unit = cradle::parse_unit(unit_text);
    const auto hits = db.search(q);
    for (const auto* f : hits)
        std::cout << fmt::format("{:<44} {:>12.6g} kg {} / {:<8} {} [{} {}]\n", f->full_id(),
                                 f->value, f->quantity, f->per_unit.symbol, f->name, f->region,
                                 f->year);
    if (hits.empty())
        std::cout << "no factor matches\n";
    else if (hits.size() == q.limit)
        std::cout << "(first " << q.limit << "; use --limit)\n";
    return 0;
}

int run_factors_show(const cradle::factor_db& db, const std::string& id, const std::string& dir) {
    using namespace cradle;
    const factor& f = db.get(id);
    const auto& d = *f.dataset;
    std::cout << fmt::format("{}\n  name:      {}\n  category:  {}\n  region:    {}\n  year:      "
                             "{}\n  value:     {:.10g} kg {} per {}\n  origin:    {}\n",
                             f.full_id(), f.name, f.category, f.region, f.year, f.value, f.quantity,
                             f.per_unit.symbol, to_string(f.carbon_origin));
    if (!f.gases.empty()) {
        std::cout << "  gases (kg per " << f.per_unit.symbol << "):\n";
        for (const auto& g : f.gases)
            std::cout << fmt::format("    {:<10} {:.10g}\n", g.species, g.kg);
        const gwp_table t =
            dir.empty() ? default_gwp_table()
                        : load_gwp_table(std::filesystem::path(dir) / "ipcc-gwp" / "gwp100.csv");
        for (const auto& set : t.sets)
            std::cout << fmt::format("  under {}:  {:.10g} kg CO2e per {}\n", set.name,
                                     recharacterize(f, set), f.per_unit.symbol);
    }
    std::cout << fmt::format("  dataset:   {} — {}\n  publisher: {}\n  version:   {}\n  licence:   "
                             "{}\n  source:    {}\n  GWP basis: {}\n",
                             d.id, d.title, d.publisher, d.version, d.licence, d.source, d.gwp_set);
    return 0;
}

struct run_args {
    std::string folder;
    std::vector<std::string> set;
    std::string format{"table"};
    std::string gwp{"AR6"};
    std::string factors;
    std::size_t top{5};
    bool params{false};
};

int run_params(const cradle::calculator& c) {
    std::cout << fmt::format("{} — parameters (set with --set name=value)\n", c.title);
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
        std::cout << fmt::format("  {:<26} {:>12} {:<14} {}{}\n", p.name, value, p.unit,
                                 p.description, range.empty() ? "" : "  " + range);
    }
    return 0;
}

int run_calculator_cmd(const run_args& a) {
    using namespace cradle;
    const calculator calc = load_calculator(a.folder);
    if (a.params) return run_params(calc);
    std::map<std::string, parameter_override> set;
    for (const auto& s : a.set) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw input_error("bad-set", "--set '" + s + "': expected name=value");
        set[s.substr(0, eq)] = s.substr(eq + 1); // a number parameter parses the text
    }
    const factor_db db = a.factors.empty() ? default_factor_db() : load_factor_db(a.factors);
    const gwp_table table =
        a.factors.empty()
            ? default_gwp_table()
            : load_gwp_table(std::filesystem::path(a.factors) / "ipcc-gwp" / "gwp100.csv");
    const calculator_result r = run_calculator(calc, set, db, table.get(a.gwp));

    if (a.format == "json") {
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
        std::cout << j.dump(2) << '\n';
        return 0;
    }
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
        for (std::size_t k = 1; k < s.indicators.size(); ++k)
            if (s.impacts[k] != 0.0)
                std::cout << fmt::format("  {:<34} {:14.4f}\n", s.indicators[k], s.impacts[k]);
        if (!s.gates.empty()) {
            std::cout << "  gate by gate (cradle to each gate):\n";
            std::cout << fmt::format("    {:<26} {:>14} {:<10} {:>16} {:>14} {:>7}\n", "gate",
                                     "amount", "unit", "kg CO2e per unit", "embodied", "share");
            for (const auto& g : s.gates)
                std::cout << fmt::format(
                    "    {:<26} {:>14.6g} {:<10} {:>16.4f} {:>14.4f} {:>6.1f}%\n", g.label,
                    g.amount, g.unit, g.per_unit, g.embodied, pct(g.embodied));
        }
        std::cout << fmt::format("  top {} contributors (direct emissions):\n",
                                 std::min(a.top, s.contributors.size()));
        for (std::size_t i = 0; i < s.contributors.size() && i < a.top; ++i)
            std::cout << fmt::format("    {:<44} {:14.4f} {:6.1f}%\n", s.contributors[i].process,
                                     s.contributors[i].value, pct(s.contributors[i].value));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"cradle — cradle-to-gate product carbon footprints by the matrix method"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(cradle::version));

    footprint_args fa;
    auto* fp = app.add_subcommand("footprint", "Footprint of a model's functional unit");
    fp->add_option("model", fa.model, "Model file (JSON model format)")
        ->required()
        ->check(CLI::ExistingFile);
    fp->add_option("--format", fa.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    fp->add_option("--gwp", fa.gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    fp->add_flag("--tree", fa.tree, "Print the upstream tree");
    fp->add_option("--cutoff", fa.cutoff, "Tree cut-off, share of the total (0.01 = 1 %)")
        ->check(CLI::Range(0.0, 1.0));
    fp->add_option("--top", fa.top, "Number of top contributors listed");
    fp->add_option("--factors", fa.factors, "Factor directory (default: the bundled one)");
    fp->add_flag("--as-published", fa.as_published,
                 "Background factors as their published CO2e, not re-characterized per gas");

    run_args ra;
    auto* rc =
        app.add_subcommand("run", "Run a bundled calculator (a folder with calculator.json)");
    rc->add_option("calculator", ra.folder, "Calculator folder, e.g. examples/copper")
        ->required()
        ->check(CLI::ExistingDirectory);
    rc->add_option("--set", ra.set, "Parameter value, name=value (repeatable)");
    rc->add_option("--format", ra.format, "Output format")->check(CLI::IsMember({"table", "json"}));
    rc->add_option("--gwp", ra.gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    rc->add_option("--top", ra.top, "Number of top contributors listed");
    rc->add_option("--factors", ra.factors, "Factor directory (default: the bundled one)");
    rc->add_flag("--params", ra.params, "List the parameters with defaults, units and ranges");

    std::string fdir;
    auto* fc = app.add_subcommand("factors", "Browse the bundled emission-factor datasets");
    fc->require_subcommand(1);
    fc->add_option("--factors", fdir, "Factor directory (default: the bundled one)");
    auto* fc_list = fc->add_subcommand("datasets", "List the datasets");
    cradle::factor_query fq;
    std::string fq_unit;
    int fq_year = 0;
    auto* fc_search = fc->add_subcommand("search", "Search factors by text and filters");
    fc_search->add_option("text", fq.text, "Words that must all appear (id, name, category)");
    fc_search->add_option("--dataset", fq.dataset, "Dataset id");
    fc_search->add_option("--region", fq.region, "Region code, e.g. VN, GB, US");
    fc_search->add_option("--year", fq_year, "Year");
    fc_search->add_option("--category", fq.category, "Text in the category");
    fc_search->add_option("--unit", fq_unit, "Unit the factor must accept, e.g. kWh, l, USD2022");
    fc_search->add_option("--limit", fq.limit, "Maximum number of results");
    std::string show_id;
    auto* fc_show = fc->add_subcommand("show", "Show one factor with its provenance");
    fc_show->add_option("id", show_id, "<dataset>/<id>")->required();

    std::string io_folder, io_format{"json"}, io_pathname{"auto"};
    auto* io = app.add_subcommand("useeio", "Total impacts per USD of a USEEIO model folder");
    io->add_option("folder", io_folder, "Folder in the USEEIO API JSON layout")
        ->required()
        ->check(CLI::ExistingDirectory);
    io->add_option("--format", io_format, "Output format")->check(CLI::IsMember({"json", "csv"}));
    io->add_option("--path", io_pathname, "auto, flows (B and C) or direct (D)")
        ->check(CLI::IsMember({"auto", "flows", "direct"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        if (*fp) return run_footprint(fa);
        if (*rc) return run_calculator_cmd(ra);
        if (*io) return run_useeio(io_folder, io_format, io_pathname);
        if (*fc) {
            const cradle::factor_db db =
                fdir.empty() ? cradle::default_factor_db() : cradle::load_factor_db(fdir);
            if (*fc_list) return run_factors_datasets(db);
            if (*fc_search) {
                if (fq_year != 0) fq.year = fq_year;
                return run_factors_search(db, fq, fq_unit);
            }
            if (*fc_show) return run_factors_show(db, show_id, fdir);
        }
    } catch (const cradle::error& e) {
        // one line, whatever the number of problems: "N problems in the model: [id] ...; [id] ..."
        std::string msg = e.what();
        for (std::size_t at = msg.find("\n  "); at != std::string::npos; at = msg.find("\n  ", at))
            msg.replace(at, 3, at > 0 && msg[at - 1] == ':' ? " " : "; ");
        std::cerr << "cradle: error: " << msg << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "cradle: internal error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
