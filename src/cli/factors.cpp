// cradle factors datasets|search|show — browse the emission-factor datasets.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/analysis/supply_chain.hpp"

#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace cradle::cli {
namespace {

int list_datasets(const factor_db& db) {
    table_writer t(std::cout, {{17}, {7, true, "  "}, {18}, {10}, {0}});
    t.row({"dataset", "factors", "version", "region", "licence"});
    for (const auto& d : db.datasets()) {
        const auto& i = d->info();
        t.row({i.id, std::to_string(d->factors().size()), i.version.substr(0, 18), i.region,
               i.licence});
    }
    return 0;
}

/// Lower case, for word matching.
std::string lowered(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Processes of the process databases (factors/uslci) whose id, name, location or category
/// hold every word of the query, with their cradle-to-gate GWP per unit (AR6).
std::size_t search_processes(const std::vector<std::shared_ptr<const process_database>>& dbs,
                             const std::string& dir, const factor_query& q, table_writer& t,
                             std::size_t room) {
    if (room == 0 || !q.category.empty() || q.year) return 0;
    std::vector<std::string> words;
    {
        std::istringstream in(lowered(q.text));
        for (std::string w; in >> w;)
            words.push_back(w);
    }
    std::size_t n = 0;
    std::optional<gwp_table> gwps;
    for (const auto& d : dbs) {
        if (!q.dataset.empty() && q.dataset != d->id) continue;
        if (!gwps) gwps = gwp_table_from(dir);
        const supply_chain_table table = supply_chain_factors(d->model, gwps->get("AR6"));
        for (std::size_t j = 0; j < table.products.size() && n < room; ++j) {
            const auto& c = table.products[j];
            if (!q.region.empty() && lowered(c.location) != lowered(q.region)) continue;
            if (q.per_unit && !(q.per_unit->dim == c.product_unit.dim)) continue;
            const std::string hay = lowered(c.process + " " + c.name + " " + c.location);
            bool all = true;
            for (const auto& w : words)
                all = all && hay.find(w) != std::string::npos;
            if (!all) continue;
            t.row({d->id + "/" + c.process,
                   number(table.values(0, static_cast<Eigen::Index>(j)), 6), "CO2e",
                   c.product_unit.symbol,
                   c.name + " [" + c.location + ", cradle-to-gate, " + table.gwp_set + "]"});
            ++n;
        }
    }
    return n;
}

int search(const factor_db& db, factor_query q, const std::string& unit_text,
           const std::string& dir) {
    if (!unit_text.empty()) q.per_unit = parse_unit(unit_text);
    const auto dbs = process_dbs_from(dir); // loaded once: the filter and the search use them
    bool process_db = false;
    for (const auto& d : dbs)
        process_db = process_db || d->id == q.dataset;
    std::vector<const factor*> hits;
    if (!process_db) hits = db.search(q);
    table_writer t(std::cout, {{44}, {12, true, " kg "}, {0, false, " / "}, {8}, {0}});
    for (const auto* f : hits)
        t.row({f->full_id(), number(f->value, 6), f->quantity, f->per_unit.symbol,
               f->name + " [" + f->region + " " + std::to_string(f->year) + "]"});
    const std::size_t more =
        search_processes(dbs, dir, q, t, q.limit - std::min(q.limit, hits.size()));
    if (hits.empty() && more == 0)
        std::cout << "no factor matches\n";
    else if (hits.size() + more == q.limit)
        std::cout << "(first " << q.limit << "; use --limit)\n";
    return 0;
}

int show(const factor_db& db, const std::string& id, const std::string& dir) {
    const factor& f = db.get(id);
    const auto& d = *f.dataset;
    std::cout << fmt::format("{}\n  name:      {}\n  category:  {}\n  region:    {}\n  year:      "
                             "{}\n  value:     {:.10g} kg {} per {}\n  origin:    {}\n",
                             f.full_id(), f.name, f.category, f.region, f.year, f.value, f.quantity,
                             f.per_unit.symbol, to_string(f.carbon_origin));
    if (!f.gases.empty()) {
        std::cout << "  gases (kg per " << f.per_unit.symbol << "):\n";
        table_writer gases(std::cout, {{10}, {0}, {0}}, "    ");
        for (const auto& g : f.gases)
            gases.row({g.species, number(g.kg),
                       g.gas_origin ? std::string(to_string(*g.gas_origin)) : std::string()});
        const gwp_table t = gwp_table_from(dir);
        for (const auto& set : t.sets)
            std::cout << fmt::format("  under {}:  {:.10g} kg CO2e per {}\n", set.name,
                                     recharacterize(f, set), f.per_unit.symbol);
    }
    std::cout << fmt::format("  dataset:   {} — {}\n  publisher: {}\n  version:   {}\n  licence:   "
                             "{}\n  source:    {}\n  GWP basis: {}\n",
                             d.id, d.title, d.publisher, d.version, d.licence, d.source, d.gwp_set);
    return 0;
}

int print_table(const std::string& dir, const std::string& id, const std::string& format,
                const std::string& gwp) {
    const auto dbs = process_dbs_from(dir);
    const process_database* d = nullptr;
    std::string known;
    for (const auto& x : dbs) {
        if (x->id == id) d = x.get();
        known += (known.empty() ? "" : ", ") + x->id;
    }
    if (!d)
        throw input_error("unknown-dataset",
                          "no process database '" + id + "' (available: " + known + ")");
    const supply_chain_table t = supply_chain_factors(d->model, gwp_table_from(dir).get(gwp));
    if (format == "json") {
        nlohmann::json j;
        j["database"] = d->id;
        j["version"] = d->version;
        j["licence"] = d->licence;
        j["gwp"] = t.gwp_set;
        j["unit"] = "kg CO2e per unit of product";
        j["indicators"] = t.indicators;
        j["pivot_ratio"] = t.pivot_ratio;
        j["products"] = nlohmann::json::array();
        for (std::size_t c = 0; c < t.products.size(); ++c) {
            const auto& p = t.products[c];
            std::vector<double> v(static_cast<std::size_t>(t.values.rows()));
            for (Eigen::Index k = 0; k < t.values.rows(); ++k)
                v[static_cast<std::size_t>(k)] = t.values(k, static_cast<Eigen::Index>(c));
            j["products"].push_back({{"id", d->id + "/" + p.process},
                                     {"name", p.name},
                                     {"location", p.location},
                                     {"unit", p.product_unit.symbol},
                                     {"values", v}});
        }
        write_json(std::cout, j);
        return 0;
    }
    std::vector<std::string> header{"id", "name", "location", "unit"};
    for (const auto& i : t.indicators)
        header.push_back(i);
    csv_writer csv(std::cout, header);
    for (std::size_t c = 0; c < t.products.size(); ++c) {
        const auto& p = t.products[c];
        std::vector<std::string> row{d->id + "/" + p.process, p.name, p.location,
                                     p.product_unit.symbol};
        for (Eigen::Index k = 0; k < t.values.rows(); ++k)
            row.push_back(number(t.values(k, static_cast<Eigen::Index>(c)), 17));
        csv.row(row);
    }
    return 0;
}

} // namespace

command add_factors(CLI::App& app) {
    struct args {
        std::string dir;
        factor_query query;
        std::string unit;
        int year{0};
        std::string id;
        std::string format{"csv"};
        std::string gwp{"AR6"};
    };
    auto a = std::make_shared<args>();
    auto* fc = app.add_subcommand("factors", "Browse the bundled emission-factor datasets");
    fc->require_subcommand(1);
    fc->add_option("--factors", a->dir, "Factor directory (default: the bundled one)");
    auto* list = fc->add_subcommand("datasets", "List the datasets");
    auto* find = fc->add_subcommand("search", "Search factors by text and filters");
    find->add_option("text", a->query.text, "Words that must all appear (id, name, category)");
    find->add_option("--dataset", a->query.dataset, "Dataset id");
    find->add_option("--region", a->query.region, "Region code, e.g. VN, GB, US");
    find->add_option("--year", a->year, "Year");
    find->add_option("--category", a->query.category, "Text in the category");
    find->add_option("--unit", a->unit, "Unit the factor must accept, e.g. kWh, l, USD2022");
    find->add_option("--limit", a->query.limit, "Maximum number of results");
    auto* table = fc->add_subcommand(
        "table", "Every product of a process database with its cradle-to-gate GWP per unit");
    table->add_option("database", a->id, "Process database id, e.g. uslci")->required();
    table->add_option("--format", a->format, "Output format")
        ->check(CLI::IsMember({"csv", "json"}));
    table->add_option("--gwp", a->gwp, "IPCC GWP100 set")
        ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    auto* one = fc->add_subcommand("show", "Show one factor with its provenance");
    one->add_option("id", a->id, "<dataset>/<id>")->required();
    return {fc, [a, list, find, one, table] {
                if (*table) return print_table(a->dir, a->id, a->format, a->gwp);
                const factor_db db = factors_from(a->dir);
                if (*list) return list_datasets(db);
                if (*find) {
                    if (a->year != 0) a->query.year = a->year;
                    return search(db, a->query, a->unit, a->dir);
                }
                if (*one) return show(db, a->id, a->dir);
                return 0;
            }};
}

} // namespace cradle::cli
