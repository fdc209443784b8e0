// SPDX-License-Identifier: Apache-2.0
// Monte Carlo speed: the synthetic 20,000-process system with a lognormal on every input and
// emission (GSD drawn in 1.1-1.5), and the bundled US LCI with the distributions it publishes;
// draws per second on 1 and 2 threads, by numeric refactorization and by iterative refinement,
// the time per draw split into sampling / factorization / solve, and the peak memory.
//
//   cradle_bench_monte_carlo [draws] [--export DIR]
//
// --export writes the synthetic system's matrices with their distributions (CSV) and the
// demand for benchmarks/compare_brightway_mc.py, which runs Brightway's Monte Carlo on them, and
// the model itself (synthetic.json) for benchmarks/bench_dask.py.
#include "synthetic.hpp"

#include <cradle/analysis/monte_carlo.hpp>
#include <cradle/cradle.hpp>

#include <fmt/format.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using namespace cradle;

namespace {
/// Resident memory now (VmRSS), MB.
double rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

double peak_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// A lognormal (geometric mean = the amount, GSD in 1.1-1.5) on every input and emission.
product_system with_spreads(product_system m, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> gsd(1.1, 1.5);
    for (auto& p : m.processes) {
        for (auto* list : {&p.inputs, &p.elementary})
            for (auto& e : *list)
                if (e.amount != 0.0)
                    e.spread = make_uncertainty(distribution::lognormal, e.amount, gsd(rng));
    }
    return m;
}

void run(const char* what, const uncertain_system& us, const characterization& ch,
         const Eigen::VectorXd& f, std::size_t draws) {
    for (auto method : {mc_method::refactorize, mc_method::refine}) {
        for (unsigned threads : {1u, 2u}) {
            monte_carlo_options o;
            o.draws = draws;
            o.seed = 1;
            o.threads = threads;
            o.method = method;
            const auto r = monte_carlo(us, ch, f, o);
            const double per = 1000.0 / static_cast<double>(draws);
            fmt::print("{}: {} draws, {}, {} thread{}: {:.1f} draws/s; per draw (thread time) "
                       "sampling {:.2f} ms, factorization {:.2f} ms, solve {:.2f} ms; {} "
                       "refactorizations, {} refined ({:.1f} steps each); max residual {:.1e}; "
                       "peak RSS {:.0f} MB; total: deterministic {:.6g}, mean {:.6g} ± {:.2g} "
                       "(standard error)\n",
                       what, draws, method == mc_method::refine ? "refine" : "refactorize", threads,
                       threads == 1 ? "" : "s", static_cast<double>(draws) / r.wall_seconds,
                       r.sample_seconds * per, r.factor_seconds * per, r.solve_seconds * per,
                       r.refactorizations, r.refined,
                       r.refined ? static_cast<double>(r.refinement_steps) /
                                       static_cast<double>(r.refined)
                                 : 0.0,
                       r.max_residual, peak_mb(), r.deterministic(0),
                       summarize(r.impacts.col(0)).mean, summarize(r.impacts.col(0)).se_mean);
        }
    }
}

void export_for_brightway(const fs::path& dir, const product_system& m, const uncertain_system& us,
                          const characterization& ch, const Eigen::VectorXd& f) {
    fs::create_directories(dir);
    // one row per exchange: the matrix entry it lands in, its amount there and its GSD
    std::ofstream tech(dir / "technosphere.csv"), bio(dir / "biosphere.csv");
    tech << "row,col,amount,gsd\n";
    bio << "row,col,amount,gsd\n";
    tech.precision(17);
    bio.precision(17);
    const auto& idx = us.base().index;
    std::unordered_map<std::string, std::size_t> col_of, row_of;
    for (std::size_t j = 0; j < idx.size(); ++j)
        col_of[idx.columns()[j].process] = j;
    for (std::size_t i = 0; i < idx.elementary_size(); ++i)
        row_of[idx.elementary_flows()[i].id] = i;
    std::unordered_map<std::string, std::size_t> product_row;
    for (std::size_t j = 0; j < idx.size(); ++j)
        product_row[idx.columns()[j].product] = j;
    for (const auto& p : m.processes) {
        const std::size_t j = col_of.at(p.id);
        tech << j << ',' << j << ',' << p.outputs[0].amount << ",1\n";
        for (const auto& e : p.inputs)
            tech << product_row.at(e.flow) << ',' << j << ',' << -e.amount << ','
                 << (e.spread ? e.spread->b : 1.0) << '\n';
        for (const auto& e : p.elementary)
            bio << row_of.at(e.flow) << ',' << j << ',' << e.amount << ','
                << (e.spread ? e.spread->b : 1.0) << '\n';
    }
    std::ofstream cf(dir / "characterization.csv");
    cf.precision(17);
    cf << "flow,factor\n";
    const sparse_matrix Ct = ch.C.transpose();
    for (sparse_matrix::InnerIterator it(Ct, 0); it; ++it)
        cf << it.row() << ',' << it.value() << '\n';
    std::ofstream d(dir / "demand.csv");
    Eigen::Index k = 0;
    f.cwiseAbs().maxCoeff(&k);
    d << "col,amount\n" << k << ',' << f(k) << '\n';
    fmt::print("exported to {}\n", dir.string());
}
} // namespace

int main(int argc, char** argv) {
    std::size_t draws = 200;
    fs::path export_dir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--export" && i + 1 < argc)
            export_dir = argv[++i];
        else
            draws = static_cast<std::size_t>(std::atol(argv[i]));
    }
    const auto gwps = default_gwp_table();
    const auto& ar6 = gwps.get("AR6");
    {
        const double rss0 = rss_mb();
        const product_system m = with_spreads(bench::synthetic_system(), 7);
        const double rss_model = rss_mb();
        const auto t0 = std::chrono::steady_clock::now();
        const uncertain_system us = compile_uncertain(m);
        const double prep =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        const characterization ch = characterize(us.base().index, ar6);
        Eigen::VectorXd f =
            Eigen::VectorXd::Zero(static_cast<Eigen::Index>(us.base().index.size()));
        f(static_cast<Eigen::Index>(us.base().index.size()) - 1) =
            1.0; // the last (most upstream) product
        fmt::print("synthetic 20,000 processes (core 6,000): {} uncertain inputs, {} non-zeros in "
                   "A; compile_uncertain {:.0f} ms; resident memory: the model {:.0f} MB, the "
                   "uncertain system {:.0f} MB more\n",
                   us.inputs().size(), us.base().A.nonZeros(), prep, rss_model - rss0,
                   rss_mb() - rss_model);
        if (!export_dir.empty()) {
            export_for_brightway(export_dir, m, us, ch, f);
            product_system with_fu = m;
            const auto& last = m.processes.back();
            with_fu.reference = functional_unit{last.id, last.outputs[0].flow, 1.0,
                                                last.outputs[0].amount_unit, ""};
            std::ofstream(export_dir / "synthetic.json") << model_to_json(with_fu).dump();
        }
        run("synthetic", us, ch, f, draws);
    }
    {
        const auto dbs = default_process_databases();
        const product_system& m = dbs.front()->model;
        const uncertain_system us = compile_uncertain(m);
        const characterization ch = characterize(us.base().index, ar6);
        // one unit of every product at once: every uncertain number counts
        const Eigen::VectorXd f =
            Eigen::VectorXd::Ones(static_cast<Eigen::Index>(us.base().index.size()));
        fmt::print("US LCI ({} processes): {} uncertain inputs\n", us.base().index.size(),
                   us.inputs().size());
        run("US LCI", us, ch, f, draws * 5);
    }
    return 0;
}
