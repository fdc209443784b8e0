// SPDX-License-Identifier: Apache-2.0
// Properties that hold for every system, checked on randomly generated ones.
#include "helpers.hpp"

#include <random>

using namespace cradle;
using Catch::Detail::Approx;

namespace {
// A random productive system: n processes, each making 1..3 units of its own
// product, buying from ~4 random others (loops included) with input
// coefficients small enough that the system is productive, and emitting a
// few of the GHG flows (fossil, biogenic, LUC; some resources).
product_system random_system(unsigned seed, std::size_t n) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    product_system s;
    s.flows.push_back(test::emission("co2_f", "CO2", origin::fossil));
    s.flows.push_back(test::emission("ch4_f", "CH4", origin::fossil));
    s.flows.push_back(test::emission("ch4_b", "CH4", origin::biogenic));
    s.flows.push_back(test::emission("n2o", "N2O", origin::fossil, "g"));
    s.flows.push_back(test::emission("co2_b", "CO2", origin::biogenic));
    s.flows.push_back(test::emission("co2_up", "CO2", origin::biogenic, "kg", direction::resource));
    s.flows.push_back(test::emission("co2_luc", "CO2", origin::land_use_change));
    s.flows.push_back(test::emission("so2", "SO2"));
    for (std::size_t j = 0; j < n; ++j)
        s.flows.push_back(test::product("p" + std::to_string(j)));
    for (std::size_t j = 0; j < n; ++j) {
        process p;
        p.id = "proc" + std::to_string(j);
        const double out = 1.0 + 2.0 * u01(rng);
        p.outputs = {test::ex("p" + std::to_string(j), out)};
        p.stage = j % 3 == 0 ? "upstream" : "core";
        if (j % 5 == 0) p.tags = {"transport"};
        for (int k = 0; k < 4; ++k) {
            const std::size_t i = pick(rng);
            if (i == j) continue;
            p.inputs.push_back(test::ex("p" + std::to_string(i), 0.2 * out * u01(rng), "kg",
                                        "proc" + std::to_string(i)));
        }
        for (std::size_t e = 0; e < 8; ++e)
            if (u01(rng) < 0.4)
                p.elementary.push_back(test::ex(s.flows[e].id, 5 * u01(rng), e == 3 ? "g" : "kg"));
        s.processes.push_back(std::move(p));
    }
    return s;
}
} // namespace

TEST_CASE("properties on random systems") {
    const auto& gwp = test::gwps().get("AR6");
    for (unsigned seed : {1u, 2u, 3u, 42u, 2026u}) {
        const std::size_t n = 40 + seed % 50;
        CAPTURE(seed, n);
        const auto model = random_system(seed, n);
        const auto sys = compile(model);
        const auto ch = characterize(sys.index, gwp);
        const auto lu = factorize(sys);
        std::mt19937 rng(seed + 100);
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        Eigen::VectorXd f = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
        for (Eigen::Index i = 0; i < f.size(); i += 7)
            f(i) = 1 + u01(rng);
        const auto r = calculate(sys, ch, lu, f);

        // residual of the solve
        const double resid = (sys.A * r.scaling - f).norm() / f.norm();
        CHECK(resid < 1e-12);

        // linearity: footprint(k f) = k footprint(f)
        const double k = 3.7;
        const auto rk = calculate(sys, ch, lu, Eigen::VectorXd(k * f));
        for (Eigen::Index i = 0; i < r.impacts.size(); ++i)
            CHECK(rk.impacts(i) == Approx(k * r.impacts(i)).epsilon(1e-12).margin(1e-12));

        // origin rows partition the total
        CHECK(r.impacts.tail(climate_indicator_count - 1).sum() ==
              Approx(r.total()).epsilon(1e-12));

        // process contributions sum to the total (every indicator); flows too
        const Eigen::MatrixXd pc = process_contributions(sys, ch, r);
        const Eigen::MatrixXd fc = flow_contributions(ch, r);
        for (Eigen::Index i = 0; i < r.impacts.size(); ++i) {
            CHECK(pc.row(i).sum() == Approx(r.impacts(i)).epsilon(1e-11).margin(1e-10));
            CHECK(fc.row(i).sum() == Approx(r.impacts(i)).epsilon(1e-11).margin(1e-10));
        }
        // stage tags partition the processes: they sum to the total
        const auto tags = tag_contributions(sys, pc);
        CHECK(tags.at("stage:upstream") + tags.at("stage:core") ==
              Approx(r.total()).epsilon(1e-11));

        // all-products transposed solve equals one-at-a-time solves
        const Eigen::MatrixXd lambda = intensities(sys, ch, lu);
        CHECK(intensities(sys, ch, lu, 2u) == lambda); // threads: the same numbers
        const Eigen::VectorXd lambda_total = intensities(sys, ch, lu, climate_indicator::total);
        CHECK((lambda_total.transpose() - lambda.row(0)).norm() <= 1e-13 * lambda.row(0).norm());
        for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(n); j += 3) {
            Eigen::VectorXd e = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
            e(j) = 1.0;
            const auto rj = calculate(sys, ch, lu, e);
            for (Eigen::Index i = 0; i < r.impacts.size(); ++i)
                CHECK(lambda(i, j) == Approx(rj.impacts(i)).epsilon(1e-11).margin(1e-12));
        }
        // ... and f-weighted intensities give the total
        CHECK((lambda.row(0) * f)(0) == Approx(r.total()).epsilon(1e-11));

        // a batch of demands on one factorization equals single solves
        Eigen::MatrixXd F(static_cast<Eigen::Index>(n), 2);
        F.col(0) = f;
        F.col(1) = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(n));
        const auto batch = calculate_batch(sys, ch, lu, F);
        CHECK(batch.impacts(0, 0) == Approx(r.total()).epsilon(1e-12));
        CHECK(batch.impacts(0, 1) == Approx(lambda.row(0).sum()).epsilon(1e-11));

        // reuse of the symbolic analysis when only the numbers change
        const symbolic_analysis sym(sys.A);
        sparse_matrix A2 = sys.A;
        for (int c = 0; c < A2.outerSize(); ++c)
            for (sparse_matrix::InnerIterator it(A2, c); it; ++it)
                if (it.row() != it.col()) it.valueRef() *= 0.5 + u01(rng);
        const auto lu2 = factorize(sym, A2);
        const auto lu2_fresh = factorize(A2);
        const Eigen::VectorXd s2 = lu2.solve(f);
        CHECK((s2 - lu2_fresh.solve(f)).norm() <= 1e-12 * s2.norm());
        CHECK((A2 * s2 - f).norm() <= 1e-12 * f.norm());

        // both orderings give the same answer
        const auto lu_colamd = factorize(sys.A, {}, solver_options{ordering::colamd, 1e-13});
        CHECK((lu_colamd.solve(f) - r.scaling).norm() <= 1e-12 * r.scaling.norm());
    }
}

TEST_CASE("upstream totals and tree on a looped random system") {
    const auto model = random_system(7, 30);
    const auto sys = compile(model);
    const auto ch = characterize(sys.index, test::gwps().get("AR5"));
    const auto lu = factorize(sys);
    Eigen::VectorXd f = Eigen::VectorXd::Zero(30);
    f(4) = 2.5;
    const auto r = calculate(sys, ch, lu, f);
    const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
    // upstream of each process = intensity x gross output; in these looped systems the
    // reference process's gross output exceeds the demand by what the loops take back
    const Eigen::VectorXd up = upstream_totals(sys, lambda, r);
    CHECK(sys.A.coeff(4, 4) * r.scaling(4) >= 2.5 * (1 - 1e-12));
    // ... and the excess over the footprint is the intensity times that take-back
    const double take_back = sys.A.coeff(4, 4) * r.scaling(4) - 2.5;
    CHECK(up(4) - r.total() == Approx(lambda(4) * take_back).epsilon(1e-9).margin(1e-12));
    // the tree's root total is the footprint; with no cut-off the direct parts of a
    // loop-free expansion never exceed it in magnitude
    const auto tree = upstream_tree(sys, ch, lambda, process_col{4}, 2.5, {0.05, 30, 5000});
    REQUIRE_FALSE(tree.empty());
    CHECK(tree.front().total == Approx(r.total()).epsilon(1e-12));
    for (const auto& node : tree) {
        if (node.parent >= 0)
            CHECK(node.depth == tree[static_cast<std::size_t>(node.parent)].depth + 1);
        if (node.parent >= 0)
            CHECK(std::abs(node.total) >= 0.05 * std::abs(r.total()) * (1 - 1e-12));
    }
}
