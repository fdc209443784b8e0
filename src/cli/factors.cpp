// cradle factors datasets|search|show — browse the emission-factor datasets.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

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

int search(const factor_db& db, factor_query q, const std::string& unit_text) {
    if (!unit_text.empty()) q.per_unit = parse_unit(unit_text);
    const auto hits = db.search(q);
    table_writer t(std::cout, {{44}, {12, true, " kg "}, {0, false, " / "}, {8}, {0}});
    for (const auto* f : hits)
        t.row({f->full_id(), number(f->value, 6), f->quantity, f->per_unit.symbol,
               f->name + " [" + f->region + " " + std::to_string(f->year) + "]"});
    if (hits.empty())
        std::cout << "no factor matches\n";
    else if (hits.size() == q.limit)
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
        table_writer gases(std::cout, {{10}, {0}}, "    ");
        for (const auto& g : f.gases)
            gases.row({g.species, number(g.kg)});
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

} // namespace

command add_factors(CLI::App& app) {
    struct args {
        std::string dir;
        factor_query query;
        std::string unit;
        int year{0};
        std::string id;
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
    auto* one = fc->add_subcommand("show", "Show one factor with its provenance");
    one->add_option("id", a->id, "<dataset>/<id>")->required();
    return {fc, [a, list, find, one] {
                const factor_db db = factors_from(a->dir);
                if (*list) return list_datasets(db);
                if (*find) {
                    if (a->year != 0) a->query.year = a->year;
                    return search(db, a->query, a->unit);
                }
                if (*one) return show(db, a->id, a->dir);
                return 0;
            }};
}

} // namespace cradle::cli
