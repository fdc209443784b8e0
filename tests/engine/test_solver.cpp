// SPDX-License-Identifier: Apache-2.0
// The factorization on its own: orderings and their dense-node rule, the pattern a symbolic
// analysis is reused for, and batches of solves on several threads.
#include "helpers.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <random>

using namespace cradle;
using Catch::Contains;

namespace {
/// A productive technosphere with hubs, like a database's markets: n products, each made by
/// its own process (diagonal 1..3); every process buys from 3 random others and from 2 of the
/// `hubs` first products; every hub buys from 6 random processes, so hubs close loops through
/// the whole system. Inputs per column sum to less than half the output: productive.
sparse_matrix hub_system(unsigned seed, int n, int hubs) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::uniform_int_distribution<int> any(0, n - 1), hub(0, hubs - 1);
    std::vector<triplet> t;
    for (int j = 0; j < n; ++j) {
        const double out = 1.0 + 2.0 * u01(rng);
        t.emplace_back(j, j, out);
        const int inputs = j < hubs ? 6 : 5;
        for (int k = 0; k < inputs; ++k) {
            const int i = (j >= hubs && k >= 3) ? hub(rng) : any(rng);
            if (i != j) t.emplace_back(i, j, -0.09 * out * u01(rng));
        }
    }
    sparse_matrix A(n, n);
    A.setFromTriplets(t.begin(), t.end());
    A.makeCompressed();
    return A;
}
} // namespace

TEST_CASE("every dense-node factor and both orderings solve a hub-heavy system alike") {
    const sparse_matrix A = hub_system(7, 600, 25);
    Eigen::VectorXd f = Eigen::VectorXd::Zero(A.rows());
    f(599) = 1.0;
    f(17) = 2.5;
    const Eigen::VectorXd m = Eigen::VectorXd::LinSpaced(A.rows(), 0.1, 2.0);
    // the reference: SuiteSparse AMD's own rule (hubs above 10·√n only)
    const auto ref = factorize(A, {}, solver_options{ordering::amd_symmetric, 1e-13, 10.0});
    const Eigen::VectorXd s_ref = ref.solve(f);
    const Eigen::VectorXd y_ref = ref.solve_transposed(m);
    REQUIRE((A * s_ref - f).norm() <= 1e-13 * f.norm());
    REQUIRE((A.transpose() * y_ref - m).norm() <= 1e-13 * m.norm());
    REQUIRE(s_ref.minCoeff() >= 0.0);
    for (const solver_options opt : {solver_options{ordering::amd_symmetric, 1e-13, 0.01},
                                     solver_options{ordering::amd_symmetric, 1e-13, 1.0},
                                     solver_options{ordering::amd_symmetric, 1e-13, 1e6},
                                     solver_options{ordering::colamd, 1e-13, 1.0}}) {
        CAPTURE(int(opt.order), opt.dense_factor);
        const symbolic_analysis sym(A, opt);
        CHECK(sym.largest_block() > 500); // one loop through the hubs
        const auto lu = factorize(sym, A);
        CHECK((lu.solve(f) - s_ref).norm() <= 1e-13 * s_ref.norm());
        CHECK((lu.solve_transposed(m) - y_ref).norm() <= 1e-13 * y_ref.norm());
    }
    // hubs left out of the search fill a little more, never less than the matrix itself
    const auto lu_low = factorize(A, {}, solver_options{ordering::amd_symmetric, 1e-13, 0.01});
    CHECK(lu_low.factor_non_zeros() >= ref.factor_non_zeros() / 2);
}

TEST_CASE("a symbolic analysis is reused only for its own pattern") {
    const sparse_matrix A = hub_system(3, 200, 10);
    const symbolic_analysis sym(A);

    SECTION("other numbers on the same pattern: a scatter, the same answer as a fresh analysis") {
        sparse_matrix A2 = A;
        for (Eigen::Index k = 0; k < A2.nonZeros(); ++k)
            if (A2.valuePtr()[k] < 0) A2.valuePtr()[k] *= 0.7;
        const Eigen::VectorXd f = Eigen::VectorXd::Ones(A.rows());
        const Eigen::VectorXd s = factorize(sym, A2).solve(f);
        CHECK((s - factorize(A2).solve(f)).norm() <= 1e-13 * s.norm());
        CHECK((A2 * s - f).norm() <= 1e-13 * f.norm());
        // an uncompressed copy of the same pattern is accepted too
        sparse_matrix U = A2;
        U.uncompress();
        CHECK((factorize(sym, U).solve(f) - s).norm() <= 1e-13 * s.norm());
        // P A Pᵀ is block upper triangular
        const sparse_matrix P = sym.permuted(A2);
        const auto& ptr = sym.block_pointers();
        std::vector<int> block_of(static_cast<std::size_t>(A.rows()));
        for (std::size_t b = 0; b + 1 < ptr.size(); ++b)
            for (int i = ptr[b]; i < ptr[b + 1]; ++i)
                block_of[static_cast<std::size_t>(i)] = static_cast<int>(b);
        bool upper = true;
        for (Eigen::Index c = 0; c < P.outerSize(); ++c)
            for (sparse_matrix::InnerIterator it(P, c); it; ++it)
                upper = upper && block_of[static_cast<std::size_t>(it.row())] <=
                                     block_of[static_cast<std::size_t>(c)];
        CHECK(upper);
    }
    SECTION("as many non-zeros in other places: refused, naming the column") {
        // move one off-diagonal entry of column 5 to another row: same count, other pattern
        std::vector<triplet> t;
        bool moved = false;
        for (int c = 0; c < A.outerSize(); ++c)
            for (sparse_matrix::InnerIterator it(A, c); it; ++it) {
                int row = static_cast<int>(it.row());
                if (!moved && c == 5 && row != 5) {
                    for (int r = 0; r < A.rows(); ++r)
                        if (r != 5 && A.coeff(r, 5) == 0.0) {
                            row = r;
                            break;
                        }
                    moved = true;
                }
                t.emplace_back(row, c, it.value());
            }
        REQUIRE(moved);
        sparse_matrix B(A.rows(), A.cols());
        B.setFromTriplets(t.begin(), t.end());
        REQUIRE(B.nonZeros() == A.nonZeros());
        const auto msg = test::message_of<solver_error>([&] { (void)factorize(sym, B); });
        CHECK_THAT(msg, Contains("[cradle:pattern-mismatch]") && Contains("column 5") &&
                            Contains("new analysis"));
    }
    SECTION("another size: refused") {
        const sparse_matrix C = hub_system(3, 150, 10);
        CHECK_THAT(test::message_of<solver_error>([&] { (void)factorize(sym, C); }),
                   Contains("[cradle:pattern-mismatch]") && Contains("150 x 150"));
    }
}

TEST_CASE("the dense-node factor must be a positive number") {
    const sparse_matrix A = hub_system(1, 50, 5);
    for (double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity()}) {
        CAPTURE(bad);
        CHECK_THAT(
            test::message_of<solver_error>([&] {
                (void)symbolic_analysis(A, solver_options{ordering::amd_symmetric, 1e-13, bad});
            }),
            Contains("[cradle:invalid-option]") && Contains("dense_factor"));
    }
}

TEST_CASE("batches of solves give the same numbers on any number of threads") {
    const sparse_matrix A = hub_system(11, 400, 20);
    const auto lu = factorize(A);
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    Eigen::MatrixXd F(A.rows(), 9);
    for (Eigen::Index i = 0; i < F.size(); ++i)
        F.data()[i] = u01(rng) < 0.1 ? u01(rng) : 0.0;
    const Eigen::MatrixXd S1 = lu.solve_batch(F, 1);
    const Eigen::MatrixXd T1 = lu.solve_transposed_batch(F, 1);
    for (unsigned threads : {2u, 3u, 16u, 0u}) {
        CAPTURE(threads);
        CHECK(lu.solve_batch(F, threads) == S1); // bit for bit
        CHECK(lu.solve_transposed_batch(F, threads) == T1);
    }
    for (Eigen::Index c = 0; c < F.cols(); ++c) {
        CHECK((A * S1.col(c) - F.col(c)).norm() <= 1e-13 * std::max(1.0, F.col(c).norm()));
        CHECK(S1.col(c) == lu.solve(F.col(c)));
    }
    // a wrong height is refused before any thread starts
    CHECK_THROWS_AS(lu.solve_batch(Eigen::MatrixXd::Ones(3, 2), 2), solver_error);
}

TEST_CASE("an error in one column of a threaded batch reaches the caller once") {
    std::atomic<int> runs{0};
    std::vector<std::atomic<int>> seen(100);
    CHECK_THROWS_WITH(detail::for_each_column(100, 4,
                                              [&](Eigen::Index c) {
                                                  ++runs;
                                                  ++seen[static_cast<std::size_t>(c)];
                                                  if (c == 37)
                                                      throw solver_error("x", "column 37", {});
                                              }),
                      Contains("column 37"));
    for (const auto& s : seen)
        CHECK(s.load() <= 1); // no column twice
    CHECK(seen[37].load() == 1);
    // without an error every column runs exactly once
    std::vector<std::atomic<int>> all(57);
    detail::for_each_column(57, 0, [&](Eigen::Index c) { ++all[static_cast<std::size_t>(c)]; });
    for (const auto& s : all)
        CHECK(s.load() == 1);
}
