// SPDX-License-Identifier: Apache-2.0
// Times PACT v3 exchange on the copper calculator's model (examples/copper, linked to the bundled
// factors): export of 1,000 footprints (figures + document + its own validation), validation of
// a 1,000-footprint list response, and the import of 1,000 supplier footprints into one model.
#include "timing.hpp"

#include <cradle/cradle.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

namespace {
using bench::median_ms;

std::string id_of(int i) {
    return fmt::format("00000000-0000-4000-8000-{:012d}", i);
}
} // namespace

int main(int argc, char** argv) {
    using namespace cradle;
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
    const int n = argc > 2 ? std::atoi(argv[2]) : 1000;
    const auto db = default_factor_db();
    const auto gwp = default_gwp_table();
    const auto model = link_background(read_model(CRADLE_COPPER_MODEL), db);
    const auto meta = pact::merge_meta(model, nlohmann::json());
    const auto sys = compile(model);
    const auto ch = characterize(sys.index, gwp.get("AR6"));
    const auto lu = factorize(sys);
    const auto r = calculate(sys, ch, lu, demand_vector(sys, *model.reference));

    std::vector<nlohmann::json> docs(static_cast<std::size_t>(n));
    const double figures_ms = median_ms(repeats, [&] {
        for (int i = 0; i < n; ++i)
            (void)pact::compute_figures(model, sys, ch, lu, r);
    });
    const auto figs = pact::compute_figures(model, sys, ch, lu, r);
    const double export_ms = median_ms(repeats, [&] {
        for (int i = 0; i < n; ++i)
            docs[static_cast<std::size_t>(i)] =
                pact::to_pact(figs, meta, {id_of(i), "2026-01-15T00:00:00Z"});
    });
    nlohmann::json list = {{"data", nlohmann::json::array()}};
    for (const auto& d : docs)
        list["data"].push_back(d);
    const std::string text = list.dump();
    const double dump_ms = median_ms(repeats, [&] { (void)list.dump(); });
    std::size_t parsed = 0;
    const double parse_ms =
        median_ms(repeats, [&] { parsed = nlohmann::json::parse(text)["data"].size(); });
    std::size_t problems = 0;
    const double validate_ms =
        median_ms(repeats, [&] { problems = pact::validate_document(list).size(); });

    // import: one process buying from each of the n footprints of the list file
    const auto dir = std::filesystem::temp_directory_path() / "cradle-bench-pact";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "list.json") << text;
    product_system buyer;
    flow out;
    out.id = "bundle";
    out.ref_unit = parse_unit("kg");
    buyer.flows.push_back(out);
    process p;
    p.id = "assemble";
    p.outputs.push_back(make_exchange("bundle", 1.0, parse_unit("kg")));
    for (int i = 0; i < n; ++i) {
        flow f;
        f.id = "wire" + std::to_string(i);
        f.ref_unit = parse_unit("kg");
        buyer.flows.push_back(f);
        p.inputs.push_back(
            make_exchange(f.id, 1.0, parse_unit("kg"), "pact:list.json#" + id_of(i)));
    }
    buyer.processes.push_back(p);
    buyer.reference = functional_unit{"assemble", "bundle", 1.0, parse_unit("kg"), {}};
    pact::import_options opt;
    opt.base = dir;
    opt.now = 1767225600.0; // 2026-01-01
    product_system linked;
    const double import_ms =
        median_ms(repeats, [&] { linked = pact::link_supplier_footprints(buyer, opt); });
    const auto bought = pact::compute_figures(linked, gwp.get("AR6"));

    fmt::print("PACT v3 exchange, examples/copper linked ({} processes), {} footprints, median of "
               "{}\n",
               sys.index.size(), n, repeats);
    fmt::print("{:<58} {:>10.1f} ms  ({:.3f} ms each)\n", "compute_figures (split, shares, DQR)",
               figures_ms, figures_ms / n);
    fmt::print("{:<58} {:>10.1f} ms  ({:.3f} ms each)\n", "to_pact (document + its own validation)",
               export_ms, export_ms / n);
    fmt::print("{:<58} {:>10.1f} ms  ({:.1f} MB)\n", "serialize the list response (dump)", dump_ms,
               static_cast<double>(text.size()) / 1e6);
    fmt::print("{:<58} {:>10.1f} ms  ({} footprints)\n", "parse the list response", parse_ms,
               parsed);
    fmt::print("{:<58} {:>10.1f} ms  ({} problems)\n", "validate_document (all footprints)",
               validate_ms, problems);
    fmt::print("{:<58} {:>10.1f} ms  ({:.6g} kg CO2e for {} x 1 kg; expected {:.6g})\n",
               "link_supplier_footprints (read, validate, link all)", import_ms,
               bought.parts.fossil, n, n * figs.parts.fossil / figs.declared_amount);
    std::filesystem::remove_all(dir);
    return problems == 0 ? 0 : 1;
}
