// SPDX-License-Identifier: Apache-2.0
// Times each stage on a synthetic ecoinvent-sized system (or on a model file); prints a table.
// Usage: cradle_bench_engine [processes] [repeats] [hub_share] [sector] [hubs] [--colamd]
//        [--core N] [--dense F] [--export DIR] [--model FILE]
//        (flags may stand anywhere; unknown ones refused)
// --model FILE: time the model in FILE instead (read_model; `processes` and the structure
// arguments are then ignored); the demand is its functional unit, or one unit of every product.
// --dense F: AMD's dense-node factor (solver_options::dense_factor; SuiteSparse's is 10).
// --core N: the cyclic core's size (default 30 % of the processes, at most 6,000).
// --export DIR: also write A.mtx, B.mtx, C.mtx (Matrix Market, 17 significant digits), the demand
// (f.txt: the last product; for a model, as --model says), cradle's s, h and all-product
// intensities of the total (s.txt, h.txt, y.txt) and the timings (cradle.json) there, for
// benchmarks/compare/compare.py.
#include "timing.hpp"

#include "cradle/cradle.hpp"
#include "synthetic.hpp"

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
using bench::median_ms;
using bench::reset_peak;
using bench::vm_hwm_mb;

double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

template <class T> void keep(const T& v) {
    asm volatile("" : : "g"(&v) : "memory");
}

/// A sparse matrix as Matrix Market coordinate real general, 17 significant digits.
void write_market(const std::filesystem::path& file, const cradle::sparse_matrix& m) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + file.string());
    std::fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%ld %ld %ld\n",
                 long(m.rows()), long(m.cols()), long(m.nonZeros()));
    for (int c = 0; c < m.outerSize(); ++c)
        for (cradle::sparse_matrix::InnerIterator it(m, c); it; ++it)
            std::fprintf(f, "%ld %d %.17g\n", long(it.row()) + 1, c + 1, it.value());
    std::fclose(f);
}

void write_vector(const std::filesystem::path& file, const Eigen::VectorXd& v) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + file.string());
    for (Eigen::Index i = 0; i < v.size(); ++i)
        std::fprintf(f, "%.17g\n", v(i));
    std::fclose(f);
}

} // namespace

int main(int argc, char** argv) {
    using namespace cradle;
    bench::synthetic_options o;
    // flags (with their values) first, then what is left is positional: a flag is never read as a
    // positional argument (compare.py passes "N repeats --core C --export DIR")
    bool with_colamd = false;
    std::string export_dir;
    std::string model_file;
    long core = -1;
    double dense_factor = solver_options{}.dense_factor;
    std::vector<std::string> pos;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--colamd") {
            with_colamd = true;
        } else if (a == "--core" && i + 1 < argc) {
            core = std::strtol(argv[++i], nullptr, 10);
        } else if (a == "--dense" && i + 1 < argc) {
            dense_factor = std::strtod(argv[++i], nullptr);
        } else if (a == "--export" && i + 1 < argc) {
            export_dir = argv[++i];
        } else if (a == "--model" && i + 1 < argc) {
            model_file = argv[++i];
        } else if (a.rfind("--", 0) == 0) {
            std::fprintf(stderr, "cradle_bench_engine: unknown or incomplete option '%s'\n",
                         a.c_str());
            return 2;
        } else {
            pos.push_back(a);
        }
    }
    if (pos.size() > 0) o.processes = std::strtoul(pos[0].c_str(), nullptr, 10);
    o.core = std::min(o.core, o.processes * 3 / 10);
    const int repeats = pos.size() > 1 ? std::atoi(pos[1].c_str()) : 7;
    if (pos.size() > 2) o.hub_share = std::strtod(pos[2].c_str(), nullptr);
    if (pos.size() > 3) o.cluster = std::strtoul(pos[3].c_str(), nullptr, 10);
    if (pos.size() > 4) o.hubs = std::strtoul(pos[4].c_str(), nullptr, 10);
    if (core >= 0) o.core = static_cast<std::size_t>(core);
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    if (o.core > o.processes) o.core = o.processes;

    compiled_system sys;
    double gen_ms = 0, compile_ms = 0;
    std::optional<functional_unit> reference;
    {
        const auto t0 = std::chrono::steady_clock::now();
        const product_system model =
            model_file.empty() ? bench::synthetic_system(o) : read_model(model_file);
        reference = model.reference;
        gen_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                     .count();
        compile_ms = median_ms(repeats, [&] { sys = compile(model); });
    } // the string-keyed model is freed here; the engine works on sys alone
    const double rss_model = peak_rss_mb();
    malloc_trim(0); // hand the model's freed heap back, so the engine's own peak can be seen
    const bool peak_reset = reset_peak();

    // assembly from triplets alone (what compile() ends with)
    std::vector<triplet> ta, tb;
    for (int c = 0; c < sys.A.outerSize(); ++c) {
        for (sparse_matrix::InnerIterator it(sys.A, c); it; ++it)
            ta.emplace_back(int(it.row()), c, it.value());
        for (sparse_matrix::InnerIterator it(sys.B, c); it; ++it)
            tb.emplace_back(int(it.row()), c, it.value());
    }
    const double triplets_ms = median_ms(repeats, [&] {
        sparse_matrix A(sys.A.rows(), sys.A.cols()), B(sys.B.rows(), sys.B.cols());
        A.setFromTriplets(ta.begin(), ta.end());
        B.setFromTriplets(tb.begin(), tb.end());
        keep(A);
        keep(B);
    });

    const gwp_table gwps = default_gwp_table();
    characterization ch;
    const double char_ms =
        median_ms(repeats, [&] { ch = characterize(sys.index, gwps.get("AR6")); });
    const sparse_matrix M = direct_impacts(sys, ch);

    if (model_file.empty())
        std::printf("synthetic system: %zu processes (core %zu, %zu hubs, sectors of %zu), A nnz "
                    "%ld (%.2f per column), %zu elementary flows, B nnz %ld (%.2f per column); "
                    "generated in %.0f ms\n",
                    o.processes, o.core, o.hubs, o.cluster, long(sys.A.nonZeros()),
                    double(sys.A.nonZeros()) / double(sys.A.cols()), o.elementary_flows,
                    long(sys.B.nonZeros()), double(sys.B.nonZeros()) / double(sys.B.cols()),
                    gen_ms);
    else
        std::printf("model %s: %ld columns, A nnz %ld (%.2f per column), %ld elementary flows, B "
                    "nnz %ld (%.2f per column); read in %.0f ms\n",
                    model_file.c_str(), long(sys.A.cols()), long(sys.A.nonZeros()),
                    double(sys.A.nonZeros()) / double(sys.A.cols()), long(sys.B.rows()),
                    long(sys.B.nonZeros()), double(sys.B.nonZeros()) / double(sys.B.cols()),
                    gen_ms);
    std::printf("%-44s %10.2f ms\n", "compile(model): index + A + B", compile_ms);
    std::printf("%-44s %10.2f ms\n", "  of which setFromTriplets A + B", triplets_ms);
    std::printf("%-44s %10.2f ms\n", "characterize (C, AR6)", char_ms);

    // synthetic: a product at the top of the acyclic rest; a model: its functional unit, or one
    // unit of every product (a database has no product at its top, and one picked at random may
    // have no suppliers at all)
    Eigen::VectorXd f = Eigen::VectorXd::Zero(sys.A.rows());
    if (reference)
        f = demand_vector(sys, *reference);
    else if (!model_file.empty())
        f.setOnes();
    else
        f(sys.A.rows() - 1) = 1.0;
    if (!export_dir.empty()) {
        std::filesystem::create_directories(export_dir);
        write_market(std::filesystem::path(export_dir) / "A.mtx", sys.A);
        write_market(std::filesystem::path(export_dir) / "B.mtx", sys.B);
        write_market(std::filesystem::path(export_dir) / "C.mtx", ch.C);
        write_vector(std::filesystem::path(export_dir) / "f.txt", f);
    }
    std::vector<ordering> orders{ordering::amd_symmetric};
    if (with_colamd) orders.push_back(ordering::colamd);
    for (ordering ord : orders) {
        const char* name = ord == ordering::colamd ? "COLAMD" : "AMD(A+A')";
        const solver_options opt{ord, 1e-13, dense_factor};
        std::optional<symbolic_analysis> sym;
        const double sym_ms = median_ms(repeats, [&] { sym.emplace(sys.A, opt); });
        std::optional<factorization> lu;
        const double num_ms = median_ms(repeats, [&] { lu.emplace(factorize(*sym, sys.A)); });
        Eigen::VectorXd s;
        const double solve_ms = median_ms(repeats * 7, [&] { s = lu->solve(f); });
        const double resid = (sys.A * s - f).norm() / f.norm();
        Eigen::VectorXd m0 = Eigen::VectorXd(M.row(0).transpose());
        Eigen::VectorXd y;
        const double tr1_ms = median_ms(repeats * 3, [&] { y = lu->solve_transposed(m0); });
        const Eigen::MatrixXd Mt = Eigen::MatrixXd(M.transpose());
        Eigen::MatrixXd Y;
        const double tr7_ms = median_ms(repeats, [&] { Y = lu->solve_transposed_batch(Mt); });
        footprint r;
        const double calc_ms = median_ms(repeats * 3, [&] { r = calculate(sys, ch, *lu, f); });
        // all products of the total, its row of C·B included (what a peer must do too)
        Eigen::VectorXd y_all;
        const double all_cb_ms = median_ms(
            repeats * 3, [&] { y_all = intensities(sys, ch, *lu, climate_indicator::total); });
        Eigen::MatrixXd Y2;
        const double tr7_2t_ms =
            median_ms(repeats, [&] { Y2 = lu->solve_transposed_batch(Mt, 2); });
        Eigen::MatrixXd F64 = Eigen::MatrixXd::Zero(sys.A.rows(), 64);
        for (Eigen::Index c = 0; c < 64; ++c)
            F64(sys.A.rows() - 1 - c * (sys.A.rows() / 64), c) = 1.0;
        Eigen::MatrixXd S1, S2;
        const double b1_ms = median_ms(repeats, [&] { S1 = lu->solve_batch(F64, 1); });
        const double b2_ms = median_ms(repeats, [&] { S2 = lu->solve_batch(F64, 2); });
        if (S1 != S2 || Y != Y2) {
            std::fprintf(stderr, "threaded batch solves differ from one thread\n");
            return 1;
        }
        std::printf("-- ordering %s: %zu blocks, largest cyclic block %d, L+U non-zeros %ld, "
                    "pivot ratio %.2e, residual %.1e\n",
                    name, sym->block_count(), sym->largest_block(), long(lu->factor_non_zeros()),
                    lu->pivot_ratio(), resid);
        std::printf("%-44s %10.2f ms\n", "  symbolic analysis (ordering)", sym_ms);
        std::printf("%-44s %10.2f ms\n", "  numeric factorization", num_ms);
        std::printf("%-44s %10.2f ms\n", "  factorization total", sym_ms + num_ms);
        std::printf("%-44s %10.3f ms\n", "  one demand: s = A^-1 f", solve_ms);
        std::printf("%-44s %10.3f ms\n", "  one demand: s, g = Bs, h = Cg", calc_ms);
        std::printf("%-44s %10.3f ms\n", "  all products, 1 indicator (A^T y = m)", tr1_ms);
        std::printf("%-44s %10.3f ms\n", "  all products, 1 indicator, incl. C·B", all_cb_ms);
        std::printf("%-44s %10.3f ms\n", "  all products, 7 indicators", tr7_ms);
        std::printf("%-44s %10.3f ms\n", "  all products, 7 indicators, 2 threads", tr7_2t_ms);
        std::printf("%-44s %10.3f ms\n", "  64 demands (s only), 1 thread", b1_ms);
        std::printf("%-44s %10.3f ms\n", "  64 demands (s only), 2 threads", b2_ms);
        if (!export_dir.empty() && ord == ordering::amd_symmetric) {
            const std::filesystem::path d(export_dir);
            write_vector(d / "s.txt", r.scaling);
            write_vector(d / "h.txt", r.impacts);
            write_vector(d / "y.txt", y_all);
            std::ofstream j(d / "cradle.json");
            j << "{\"processes\": " << (model_file.empty() ? long(o.processes) : long(sys.A.cols()))
              << ", \"core\": " << (model_file.empty() ? long(o.core) : long(sym->largest_block()))
              << ", \"largest_block\": " << sym->largest_block()
              << ", \"A_nnz\": " << sys.A.nonZeros() << ", \"B_nnz\": " << sys.B.nonZeros()
              << ", \"dense_factor\": " << dense_factor << ", \"compile_ms\": " << compile_ms
              << ", \"symbolic_ms\": " << sym_ms << ", \"refactorize_ms\": " << num_ms
              << ", \"factorize_ms\": " << sym_ms + num_ms << ", \"solve_ms\": " << solve_ms
              << ", \"solve_gh_ms\": " << calc_ms << ", \"all_products_ms\": " << tr1_ms
              << ", \"all_products_cb_ms\": " << all_cb_ms << ", \"all_products_7_ms\": " << tr7_ms
              << ", \"all_products_7_2t_ms\": " << tr7_2t_ms << ", \"batch64_ms\": " << b1_ms
              << ", \"batch64_2t_ms\": " << b2_ms << ", \"lu_nnz\": " << lu->factor_non_zeros()
              << ", \"peak_rss_model_mb\": " << rss_model
              << ", \"peak_rss_engine_mb\": " << (peak_reset ? vm_hwm_mb() : -1.0) << "}\n";
        }
        keep(y);
        keep(Y);
        keep(y_all);
        keep(r);
    }
    std::printf("%-44s %10.1f MB\n", "peak RSS, model generation + compile", rss_model);
    if (peak_reset)
        std::printf("%-44s %10.1f MB\n", "peak RSS, engine stages (model freed)", vm_hwm_mb());
    return 0;
}
