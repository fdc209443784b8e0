// SPDX-License-Identifier: Apache-2.0
// Times the importers on the US LCI (factors/sources/uslci): reading each format (parse, units,
// waste, allocation) and linking, the GHG flow mapping, the bundled model's load, and the
// supply-chain factor table of the whole database (compile, characterize, factorize, one
// transposed solve for every product).
#include "timing.hpp"

#include <cradle/analysis/supply_chain.hpp>
#include <cradle/cradle.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    using namespace cradle;
    using bench::median_ms;
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
    const fs::path src = fs::path(CRADLE_FACTOR_SOURCES) / "uslci";
    const auto gwps = default_gwp_table();
    const auto& ar6 = gwps.get("AR6");
    const auto map = default_ghg_flow_map();

    imported_database db;
    const double jsonld =
        median_ms(repeats, [&] { db = read_olca_jsonld(src / "uslci_olca1_5_0_json_ld.zip"); });
    fmt::print("read + link, openLCA JSON-LD zip ({} processes, {} exchanges): {:.0f} ms\n",
               db.report.processes, db.report.exchanges, jsonld);
    imported_database es2;
    const double es2_ms = median_ms(
        repeats, [&] { es2 = read_ecospold2(src / "uslci_fy18_q1_01_olca1_5_ecospold2.zip"); });
    fmt::print("read + link, EcoSpold 2 zip ({} processes): {:.0f} ms\n", es2.report.processes,
               es2_ms);
    imported_database es1;
    const double es1_ms = median_ms(
        repeats, [&] { es1 = read_ecospold1(src / "uslci_fy20_q2_01_olca1_10_3_ecospold1.zip"); });
    fmt::print("read + link, EcoSpold 1 zip ({} processes): {:.0f} ms\n", es1.report.processes,
               es1_ms);
    ghg_mapping mapped;
    const double map_ms = median_ms(repeats, [&] { mapped = map_ghg_flows(db.system, map, ar6); });
    fmt::print("GHG flow mapping ({} mapped): {:.1f} ms\n", mapped.mapped, map_ms);

    std::vector<std::shared_ptr<const process_database>> dbs;
    const double load_ms = median_ms(repeats, [&] { dbs = default_process_databases(); });
    fmt::print("load the bundled factors/uslci model: {:.0f} ms\n", load_ms);
    const product_system& m = dbs.front()->model;

    compiled_system sys;
    const double compile_ms = median_ms(repeats, [&] { sys = compile(m); });
    characterization ch;
    const double char_ms = median_ms(repeats, [&] { ch = characterize(sys.index, ar6); });
    factorization lu;
    const double lu_ms = median_ms(repeats, [&] { lu = factorize(sys); });
    Eigen::MatrixXd lambda;
    const double solve_ms = median_ms(repeats, [&] { lambda = intensities(sys, ch, lu); });
    fmt::print("all products ({} x {}, {} non-zeros in A): compile {:.1f} ms, characterize {:.2f} "
               "ms, factorize {:.2f} ms, transposed solve (11 indicators) {:.2f} ms\n",
               sys.A.rows(), sys.A.cols(), sys.A.nonZeros(), compile_ms, char_ms, lu_ms, solve_ms);
    Eigen::VectorXd total;
    const double one_ms =
        median_ms(repeats, [&] { total = intensities(sys, ch, lu, climate_indicator::total); });
    fmt::print("all products, total GWP only (one right-hand side): {:.3f} ms\n", one_ms);
    supply_chain_table t;
    const double table_ms = median_ms(repeats, [&] { t = supply_chain_factors(m, ar6); });
    fmt::print("supply_chain_factors end to end: {:.1f} ms\n", table_ms);
    return 0;
}
