// cradle import FORMAT PATH — an inventory database (openLCA JSON-LD) as a cradle model; and the
// loading of a database or model for `cradle footprint` (--product).
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/data/ghg_flows.hpp"
#include "cradle/data/link.hpp"
#include "cradle/data/process_db.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/io/archive.hpp"
#include "cradle/io/ecospold.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"
#include "cradle/io/olca.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>

namespace cradle::cli {

namespace {

struct import_result {
    imported_database db;
    ghg_mapping ghg;
};

import_result import_database(const std::string& format, const std::string& path,
                              const import_options& opt, const std::string& factors) {
    import_result r;
    if (format == "jsonld")
        r.db = read_olca_jsonld(path, opt);
    else if (format == "ecospold2")
        r.db = read_ecospold2(path, opt);
    else if (format == "ecospold1")
        r.db = read_ecospold1(path, opt);
    else
        throw input_error("bad-option", "import format '" + format +
                                            "' is not supported (jsonld, ecospold2, ecospold1)");
    const ghg_flow_map map =
        factors.empty()
            ? default_ghg_flow_map()
            : load_ghg_flow_map(std::filesystem::path(factors) / "ghg-flows" / "ghg-flows.csv");
    const gwp_table table = gwp_table_from(factors);
    r.ghg = map_ghg_flows(std::move(r.db.system), map, table.get("AR6"));
    if (!r.ghg.problems.empty())
        throw data_error("unknown-species", r.ghg.problems.front().message);
    return r;
}

nlohmann::json report_json(const import_result& r) {
    nlohmann::json j = to_json(r.db.report);
    j["ghg_flows_mapped"] = r.ghg.mapped;
    j["unmapped_ghg_like"] = nlohmann::json::array();
    std::map<std::string, const flow*> flows;
    for (const auto& f : r.ghg.system.flows)
        flows[f.id] = &f;
    for (const auto& id : r.ghg.unmapped_ghg_like)
        j["unmapped_ghg_like"].push_back({{"flow", id},
                                          {"name", flows.at(id)->name},
                                          {"compartment", flows.at(id)->compartment}});
    return j;
}

void print_summary(std::ostream& os, const import_result& r) {
    const auto& rep = r.db.report;
    os << fmt::format("cradle: read {} ({})\n", rep.source, rep.format);
    os << fmt::format("  {} processes, {} flows, {} exchanges\n", rep.processes, rep.flows,
                      rep.exchanges);
    os << fmt::format("  inputs linked: {} by default provider, {} to the only provider, {} by "
                      "location, {} first by id (ambiguous: {})\n",
                      rep.linked_default, rep.linked_unique, rep.linked_location, rep.linked_first,
                      rep.ambiguous.size());
    os << fmt::format("  cut off (no provider in the database): {} flows in {} exchanges\n",
                      rep.cut_offs.size(), rep.cut_off_exchanges);
    std::map<std::string, std::size_t> by_id;
    for (const auto& n : rep.notes)
        ++by_id[n.id];
    for (const auto& [id, n] : by_id)
        os << fmt::format("  note [cradle:{}]: {}\n", id, n);
    os << fmt::format("  greenhouse-gas flows mapped: {}; unmapped that look like GHGs: {}\n",
                      r.ghg.mapped, r.ghg.unmapped_ghg_like.size());
}

/// The format of the database at `path` ("jsonld", "ecospold2", "ecospold1"), or "" if it is
/// a cradle model file: a folder or zip holding .spold files is EcoSpold 2, one holding
/// processes/ JSON-LD, an .xml file (or a folder or zip of them) EcoSpold 1.
std::string database_format(const std::string& path) {
    const std::filesystem::path p(path);
    std::error_code ec;
    if (p.extension() == ".xml") return "ecospold1";
    if (!std::filesystem::is_directory(p, ec) && p.extension() != ".zip") return {};
    const archive ar = archive::open(p);
    bool xml = false;
    for (const auto& e : ar.entries()) {
        if (e.size() > 6 && e.compare(e.size() - 6, 6, ".spold") == 0) return "ecospold2";
        if (e.find("processes/") != std::string::npos) return "jsonld";
        xml = xml || (e.size() > 4 && e.compare(e.size() - 4, 4, ".xml") == 0);
    }
    return xml ? "ecospold1" : "jsonld";
}

} // namespace

product_system load_for_footprint(const std::string& path, const std::string& product,
                                  const std::string& factors, bool link_databases) {
    product_system m;
    if (const std::string format = database_format(path); !format.empty()) {
        import_result r = import_database(format, path, {}, factors);
        print_summary(std::cerr, r);
        m = std::move(r.ghg.system);
        if (m.name.empty()) m.name = std::filesystem::path(path).filename().string();
        if (product.empty())
            throw input_error("bad-option", path + " is a database: name the product to compute "
                                                   "with --product (a process or product, by "
                                                   "name or id)");
    } else {
        m = read_model(path);
    }
    if (!product.empty()) m.reference = find_product(m, product);
    // "uslci/<process>" providers: the process and its upstream from the bundled database
    if (link_databases && has_background_refs(m)) {
        const auto dbs = process_dbs_from(factors);
        if (has_process_db_refs(m, dbs)) m = link_process_databases(m, dbs);
    }
    return m;
}

command add_import(CLI::App& app) {
    struct args {
        std::string format, path, output, report, factors;
        bool cutoff_error{false};
    };
    auto a = std::make_shared<args>();
    auto* im = app.add_subcommand("import", "Read an inventory database into a cradle model");
    im->add_option("format", a->format, "Database format")
        ->required()
        ->check(CLI::IsMember({"jsonld", "ecospold2", "ecospold1"}));
    im->add_option("path", a->path, "The database: a folder or a zip file")->required();
    im->add_option("-o,--output", a->output, "Write the model (JSON model format) to this file")
        ->required();
    im->add_option("--report", a->report,
                   "Write the import report (links, cut-offs, notes, unmapped GHGs) as JSON");
    im->add_flag("--cut-offs-are-errors", a->cutoff_error,
                 "Refuse the database if a product input has no provider in it");
    im->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    return {im, [a] {
                import_options opt;
                opt.cutoffs = a->cutoff_error ? cutoff_rule::error : cutoff_rule::cut_off;
                const import_result r = import_database(a->format, a->path, opt, a->factors);
                print_summary(std::cerr, r);
                product_system m = r.ghg.system;
                if (m.name.empty()) m.name = std::filesystem::path(a->path).filename().string();
                write_model(m, a->output);
                if (!a->report.empty()) {
                    std::ofstream os(a->report);
                    write_json(os, report_json(r));
                    if (!os) throw input_error("file-not-writable", a->report + ": cannot write");
                }
                return 0;
            }};
}

product_system load_linked(const std::string& path, const std::string& product,
                           const std::string& factors, bool per_gas, bool accept_invalid) {
    product_system model = load_for_footprint(path, product, factors);
    if (pact::has_supplier_footprints(model)) {
        pact::import_options opt;
        opt.base = std::filesystem::path(path).parent_path();
        opt.accept_invalid = accept_invalid;
        std::vector<std::string> notes;
        model = pact::link_supplier_footprints(model, opt, &notes);
        for (const auto& n : notes)
            std::cerr << "cradle: note: " << n << "\n";
    }
    if (has_background_refs(model))
        model = link_background(model, factors_from(factors), link_options{per_gas});
    if (!model.reference)
        throw input_error("json-missing",
                          path + ": /functional_unit: the model states no functional unit");
    return model;
}

} // namespace cradle::cli
