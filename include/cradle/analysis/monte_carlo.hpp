// cradle — Monte Carlo: the footprint's distribution from the model's uncertain numbers, its
// statistics, convergence, paired comparisons and contributions to variance.
// SPDX-License-Identifier: Apache-2.0
//
//   const uncertain_system us = compile_uncertain(model);
//   const characterization ch = characterize(us.base().index, gwp);
//   const monte_carlo_result r = monte_carlo(us, ch, demand_vector(us.base(), fu),
//                                            {.draws = 10000, .seed = 42, .threads = 2});
//   const summary s = summarize(r.impacts.col(0));            // mean, sd, percentiles
//   const auto top = variance_contributions(r, us);          // needs keep_inputs
//
// Each draw samples every uncertain number (engine/uncertain.hpp), re-fills A and B on their
// fixed pattern, factorizes A numerically on the one symbolic analysis (or refines the base
// factorization's solution, method::refine) and solves: s = A⁻¹f, g = Bs, h = Cg. Every draw's
// relative residual ‖As − f‖ / ‖f‖ is checked against monte_carlo_options::tolerance. Draw d is
// the same numbers whatever the threads or chunks (sampling.hpp), so results are bit-for-bit
// reproducible; impacts.row(i) is draw first_draw + i.
#pragma once

#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/engine/uncertain.hpp"
#include "cradle/error.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>
#include <span>
#include <thread>
#include <vector>

namespace cradle {

/// How each draw's technosphere is solved.
enum class mc_method : std::uint8_t {
    /// numeric LU of every draw's A on the shared symbolic analysis (exact; the default)
    refactorize,
    /// iterative refinement of the base factorization's solution, s ← s + A₀⁻¹(f − As), until
    /// the residual meets the tolerance; a draw where it does not converge within
    /// monte_carlo_options::max_refinements steps (or stalls) is refactorized
    refine,
};

struct monte_carlo_options {
    std::size_t draws{1000};
    std::uint64_t seed{0};
    unsigned threads{1};
    /// draws first_draw .. first_draw + draws − 1 (a chunk of a larger run; cradle.dask)
    std::uint64_t first_draw{0};
    mc_method method{mc_method::refactorize};
    /// each draw's ‖As − f‖ / ‖f‖ must be at most this
    double tolerance{1e-10};
    int max_refinements{30};
    /// keep every draw's input values (draws × inputs, as float) for variance_contributions
    bool keep_inputs{false};
    /// called on the calling thread about ten times a second with the draws done; may throw to
    /// stop the run (the exception is passed on once the workers have stopped)
    std::function<void(std::size_t done)> progress;
};

/// The outcome of a run. impacts.row(i) is draw first_draw + i: h (indicators, as
/// characterization::indicators).
struct monte_carlo_result {
    std::vector<std::string> indicators;
    std::uint64_t seed{0};
    std::uint64_t first_draw{0};
    Eigen::MatrixXd impacts;       ///< draws × indicators
    Eigen::MatrixXf inputs;        ///< draws × uncertain inputs (keep_inputs), else empty
    Eigen::VectorXd deterministic; ///< h of the deterministic model
    double max_residual{0.0};      ///< the largest ‖As − f‖ / ‖f‖ of any draw
    std::size_t refactorizations{0};
    std::size_t refined{0};          ///< draws solved by refinement alone
    std::size_t refinement_steps{0}; ///< their steps, in all
    /// seconds spent, summed over threads: sampling and re-filling A and B; numeric
    /// factorization; solves (including refinement) and g, h
    double sample_seconds{0}, factor_seconds{0}, solve_seconds{0};
    double wall_seconds{0};
};

namespace detail {
struct mc_worker_stats {
    double max_residual{0};
    std::size_t refactorizations{0}, refined{0}, refinement_steps{0};
    double sample{0}, factor{0}, solve{0};
};

inline double relative_residual(const sparse_matrix& A, const Eigen::VectorXd& s,
                                const Eigen::VectorXd& f, double fnorm, Eigen::VectorXd& r) {
    r.noalias() = f - A * s;
    return r.norm() / fnorm;
}
} // namespace detail

/// What every run on one uncertain system shares: the symbolic analysis of A (its pattern does
/// not change between draws) and the factorization of the deterministic A. Immutable; keep it
/// to run many chunks of draws without redoing it.
struct monte_carlo_base {
    std::shared_ptr<const symbolic_analysis> symbolic;
    factorization lu;
};

/// The symbolic analysis and deterministic factorization of `us`.
[[nodiscard]] inline monte_carlo_base prepare_monte_carlo(const uncertain_system& us) {
    auto sym = std::make_shared<const symbolic_analysis>(us.base().A);
    factorization lu = factorize(*sym, us.base().A, column_labels(us.base()));
    return {std::move(sym), std::move(lu)};
}

/// Runs the Monte Carlo of demand `f` on `us` characterized by `ch` (see the file comment), on
/// the analysis and factorization `pre` made by prepare_monte_carlo(us). Throws model_error (a
/// drawn parameter out of range), solver_error (a draw's technosphere singular or unproductive,
/// or its residual above the tolerance: the draw is named).
[[nodiscard]] inline monte_carlo_result
monte_carlo(const uncertain_system& us, const monte_carlo_base& pre, const characterization& ch,
            const Eigen::Ref<const Eigen::VectorXd>& f, const monte_carlo_options& opt = {}) {
    using clock = std::chrono::steady_clock;
    const auto wall0 = clock::now();
    const compiled_system& base = us.base();
    if (f.size() != static_cast<Eigen::Index>(base.index.size()))
        throw solver_error("dimension-mismatch",
                           "demand has " + std::to_string(f.size()) + " rows, the system " +
                               std::to_string(base.index.size()),
                           {});
    if (opt.first_draw + opt.draws > 0xFFFFFFFFull)
        throw solver_error("too-many-draws", "Monte Carlo draws are numbered below 2^32", {});
    if (!(opt.tolerance > 0.0))
        throw solver_error("invalid-option", "the residual tolerance must be positive", {});
    const Eigen::VectorXd fv = f;
    const double fnorm = fv.norm();
    const auto names = column_labels(base);
    if (!pre.symbolic || pre.symbolic->size() != base.A.rows() ||
        pre.symbolic->non_zeros() != base.A.nonZeros() || pre.lu.size() != base.A.rows())
        throw solver_error("pattern-mismatch",
                           "the Monte Carlo base was prepared for another system", {});
    const symbolic_analysis& sym = *pre.symbolic;
    const factorization& lu0 = pre.lu;

    monte_carlo_result out;
    out.indicators = ch.indicators;
    out.seed = opt.seed;
    out.first_draw = opt.first_draw;
    out.deterministic = calculate(base, ch, lu0, fv).impacts;
    const auto n_ind = static_cast<Eigen::Index>(ch.indicators.size());
    const auto n_draws = static_cast<Eigen::Index>(opt.draws);
    const std::size_t n_inputs = us.inputs().size();
    out.impacts.resize(n_draws, n_ind);
    if (opt.keep_inputs) out.inputs.resize(n_draws, static_cast<Eigen::Index>(n_inputs));

    const unsigned threads =
        std::max(1u, std::min<unsigned>(
                         opt.threads, static_cast<unsigned>(std::max<std::size_t>(1, opt.draws))));
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex err_mutex;
    std::exception_ptr first_error;
    std::uint64_t error_draw = ~0ull;
    std::vector<detail::mc_worker_stats> stats(threads);
    constexpr std::size_t chunk = 4;

    auto worker = [&](unsigned w) {
        auto& st = stats[w];
        sparse_matrix A = base.A;
        sparse_matrix B = base.B;
        std::vector<double> x(n_inputs), scratch(n_inputs);
        Eigen::VectorXd s, r, g, h;
        const std::span<double> av(A.valuePtr(), static_cast<std::size_t>(A.nonZeros()));
        const std::span<double> bv(B.valuePtr(), static_cast<std::size_t>(B.nonZeros()));
        while (!stop.load(std::memory_order_relaxed)) {
            const std::size_t begin = next.fetch_add(chunk);
            if (begin >= opt.draws) break;
            const std::size_t end = std::min(opt.draws, begin + chunk);
            for (std::size_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) {
                const std::uint64_t d = opt.first_draw + i;
                try {
                    auto t0 = clock::now();
                    us.draw(opt.seed, d, x, av, bv, scratch);
                    auto t1 = clock::now();
                    st.sample += std::chrono::duration<double>(t1 - t0).count();
                    double res = 0.0;
                    bool solved = false;
                    if (opt.method == mc_method::refine) {
                        s = lu0.solve(fv);
                        double prev = std::numeric_limits<double>::infinity();
                        for (int k = 0; k <= opt.max_refinements; ++k) {
                            res = detail::relative_residual(A, s, fv, fnorm, r);
                            if (res <= opt.tolerance) {
                                solved = true;
                                st.refinement_steps += static_cast<std::size_t>(k);
                                ++st.refined;
                                break;
                            }
                            if (!(res < 0.9 * prev) || k == opt.max_refinements) break;
                            prev = res;
                            s += lu0.solve(r);
                        }
                        t0 = clock::now();
                        st.solve += std::chrono::duration<double>(t0 - t1).count();
                        t1 = t0;
                    }
                    if (!solved) {
                        const factorization lu = factorize(sym, A, names);
                        auto t2 = clock::now();
                        st.factor += std::chrono::duration<double>(t2 - t1).count();
                        ++st.refactorizations;
                        s = lu.solve(fv);
                        res = detail::relative_residual(A, s, fv, fnorm, r);
                        for (int k = 0; k < 3 && res > opt.tolerance; ++k) { // polish
                            s += lu.solve(r);
                            res = detail::relative_residual(A, s, fv, fnorm, r);
                        }
                        t1 = clock::now();
                        st.solve += std::chrono::duration<double>(t1 - t2).count();
                    }
                    if (!(res <= opt.tolerance))
                        throw solver_error("residual-too-large",
                                           "Monte Carlo draw " + std::to_string(d) +
                                               ": relative residual " + detail::scientific(res) +
                                               " above the tolerance " +
                                               detail::scientific(opt.tolerance) +
                                               " (the drawn technosphere is ill-conditioned)",
                                           {});
                    g.noalias() = B * s;
                    h.noalias() = ch.C * g;
                    detail::check_finite(base, ch, s, g, h);
                    auto t3 = clock::now();
                    st.solve += std::chrono::duration<double>(t3 - t1).count();
                    st.max_residual = std::max(st.max_residual, res);
                    out.impacts.row(static_cast<Eigen::Index>(i)) = h.transpose();
                    if (opt.keep_inputs)
                        for (std::size_t k = 0; k < n_inputs; ++k)
                            out.inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
                                static_cast<float>(x[k]);
                } catch (const solver_error& e) {
                    std::lock_guard lock(err_mutex);
                    if (d < error_draw) { // name the draw; keep the processes named
                        error_draw = d;
                        first_error = std::make_exception_ptr(
                            e.message().rfind("Monte Carlo draw", 0) == 0
                                ? e
                                : solver_error(e.id(),
                                               "Monte Carlo draw " + std::to_string(d) + ": " +
                                                   e.message(),
                                               e.processes()));
                    }
                    stop = true;
                } catch (...) {
                    std::lock_guard lock(err_mutex);
                    if (d < error_draw) {
                        error_draw = d;
                        first_error = std::current_exception();
                    }
                    stop = true;
                }
                done.fetch_add(1, std::memory_order_relaxed);
            }
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned w = 0; w < threads; ++w)
        pool.emplace_back(worker, w);
    std::exception_ptr progress_error;
    if (opt.progress) {
        while (done.load() < opt.draws && !stop.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            try {
                opt.progress(done.load());
            } catch (...) {
                progress_error = std::current_exception();
                stop = true;
            }
        }
    }
    for (auto& t : pool)
        t.join();
    if (first_error) std::rethrow_exception(first_error);
    if (progress_error) std::rethrow_exception(progress_error);
    if (opt.progress) opt.progress(done.load());
    for (const auto& st : stats) {
        out.max_residual = std::max(out.max_residual, st.max_residual);
        out.refactorizations += st.refactorizations;
        out.refined += st.refined;
        out.refinement_steps += st.refinement_steps;
        out.sample_seconds += st.sample;
        out.factor_seconds += st.factor;
        out.solve_seconds += st.solve;
    }
    out.wall_seconds = std::chrono::duration<double>(clock::now() - wall0).count();
    return out;
}

/// The same, preparing the analysis and factorization first.
[[nodiscard]] inline monte_carlo_result monte_carlo(const uncertain_system& us,
                                                    const characterization& ch,
                                                    const Eigen::Ref<const Eigen::VectorXd>& f,
                                                    const monte_carlo_options& opt = {}) {
    return monte_carlo(us, prepare_monte_carlo(us), ch, f, opt);
}

/// Statistics of a sample. Percentiles interpolate linearly between order statistics (Hyndman
/// and Fan's definition 7, numpy's default). se_p95 is distribution-free: the half-width of the
/// 95 % confidence interval of the 95th percentile from the binomial distribution of its rank,
/// divided by 1.96.
struct summary {
    std::size_t draws{0};
    double mean{0}, sd{0}, median{0};
    double p2_5{0}, p5{0}, p25{0}, p75{0}, p95{0}, p97_5{0};
    double se_mean{0}, se_p95{0};
};

namespace detail {
inline double percentile_sorted(const std::vector<double>& v, double p) {
    if (v.empty()) return std::nan("");
    const double h = (static_cast<double>(v.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
} // namespace detail

[[nodiscard]] inline summary summarize(const Eigen::Ref<const Eigen::VectorXd>& x) {
    summary s;
    s.draws = static_cast<std::size_t>(x.size());
    if (x.size() == 0) return s;
    std::vector<double> v(x.data(), x.data() + x.size());
    // mean and variance by Welford's update (stable for large means)
    double m = 0.0, m2 = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double d = v[i] - m;
        m += d / static_cast<double>(i + 1);
        m2 += d * (v[i] - m);
    }
    const auto n = static_cast<double>(v.size());
    s.mean = m;
    s.sd = v.size() > 1 ? std::sqrt(m2 / (n - 1.0)) : 0.0;
    s.se_mean = s.sd / std::sqrt(n);
    std::sort(v.begin(), v.end());
    s.median = detail::percentile_sorted(v, 0.5);
    s.p2_5 = detail::percentile_sorted(v, 0.025);
    s.p5 = detail::percentile_sorted(v, 0.05);
    s.p25 = detail::percentile_sorted(v, 0.25);
    s.p75 = detail::percentile_sorted(v, 0.75);
    s.p95 = detail::percentile_sorted(v, 0.95);
    s.p97_5 = detail::percentile_sorted(v, 0.975);
    const double half = 1.96 * std::sqrt(n * 0.95 * 0.05);
    const auto lo = static_cast<std::size_t>(std::clamp(std::floor(n * 0.95 - half), 0.0, n - 1));
    const auto hi = static_cast<std::size_t>(std::clamp(std::ceil(n * 0.95 + half), 0.0, n - 1));
    s.se_p95 = (v[hi] - v[lo]) / (2.0 * 1.96);
    return s;
}

/// How the estimates settle as draws grow: the summary of the first n/16, n/8, n/4, n/2 and all
/// n draws (those with at least 2 draws).
struct convergence_point {
    std::size_t draws{0};
    double mean{0}, se_mean{0}, p95{0}, se_p95{0};
};

[[nodiscard]] inline std::vector<convergence_point>
convergence(const Eigen::Ref<const Eigen::VectorXd>& x) {
    std::vector<convergence_point> out;
    for (int k = 4; k >= 0; --k) {
        const Eigen::Index n = x.size() >> k;
        if (n < 2 || (!out.empty() && static_cast<std::size_t>(n) == out.back().draws)) continue;
        const summary s = summarize(x.head(n));
        out.push_back({s.draws, s.mean, s.se_mean, s.p95, s.se_p95});
    }
    return out;
}

/// Ranks 1..n of `v`, ties given their average rank.
[[nodiscard]] inline Eigen::VectorXd ranks(const Eigen::Ref<const Eigen::VectorXd>& v) {
    const auto n = static_cast<std::size_t>(v.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return v(static_cast<Eigen::Index>(a)) < v(static_cast<Eigen::Index>(b));
    });
    Eigen::VectorXd r(v.size());
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n &&
               v(static_cast<Eigen::Index>(order[j + 1])) == v(static_cast<Eigen::Index>(order[i])))
            ++j;
        const double avg = (static_cast<double>(i + j) / 2.0) + 1.0;
        for (std::size_t k = i; k <= j; ++k)
            r(static_cast<Eigen::Index>(order[k])) = avg;
        i = j + 1;
    }
    return r;
}

/// Spearman's rank correlation of x and y (Pearson's on their ranks); 0 if either is constant.
[[nodiscard]] inline double spearman(const Eigen::Ref<const Eigen::VectorXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& y) {
    const Eigen::VectorXd rx = ranks(x), ry = ranks(y);
    const Eigen::VectorXd a = rx.array() - rx.mean();
    const Eigen::VectorXd b = ry.array() - ry.mean();
    const double den = std::sqrt(a.squaredNorm() * b.squaredNorm());
    return den > 0 ? a.dot(b) / den : 0.0;
}

/// One uncertain input's share of the output's variance.
struct variance_share {
    std::size_t input{0};       ///< position in uncertain_system::inputs()
    double rank_correlation{0}; ///< Spearman's ρ between the input and the output
    double share{0};            ///< ρ² / Σρ² over all inputs
};

/// Contribution to variance of each uncertain input for indicator `indicator` (0: the total):
/// squared Spearman rank correlations, normalized to sum to 1, largest first. Rank correlation
/// because the model is monotone but not linear in its inputs (products of lognormal amounts
/// along supply chains) and because it needs no regression, which could not be fitted with more
/// inputs than draws; its squares sum to the explained variance only for independent inputs and
/// an additive model, so the shares rank the inputs rather than split the variance exactly.
/// Needs a run with keep_inputs.
[[nodiscard]] inline std::vector<variance_share> variance_contributions(const monte_carlo_result& r,
                                                                        std::size_t indicator = 0) {
    if (r.inputs.rows() != r.impacts.rows() || r.impacts.rows() < 3)
        throw solver_error("no-inputs-kept",
                           "contributions to variance need the drawn inputs: run Monte Carlo "
                           "with keep_inputs and at least 3 draws",
                           {});
    const Eigen::VectorXd y = r.impacts.col(static_cast<Eigen::Index>(indicator));
    std::vector<variance_share> out;
    double sum = 0.0;
    for (Eigen::Index k = 0; k < r.inputs.cols(); ++k) {
        const Eigen::VectorXd xk = r.inputs.col(k).cast<double>();
        const double rho = spearman(xk, y);
        out.push_back({static_cast<std::size_t>(k), rho, rho * rho});
        sum += rho * rho;
    }
    for (auto& v : out)
        v.share = sum > 0 ? v.share / sum : 0.0;
    std::stable_sort(out.begin(), out.end(), [](const variance_share& a, const variance_share& b) {
        return a.share > b.share;
    });
    return out;
}

/// Two alternatives on the same draws: the distribution of a − b and the probability a < b.
struct comparison {
    Eigen::VectorXd difference; ///< a − b, per draw
    summary of_difference;
    double probability_a_lower{0}; ///< share of draws where a < b
};

/// Compares indicator `indicator` of two runs made with the same seed and draws (the same
/// numbers for the inputs the two share: paired). Refuses runs of different seeds or draws.
[[nodiscard]] inline comparison compare(const monte_carlo_result& a, const monte_carlo_result& b,
                                        std::size_t indicator = 0) {
    if (a.seed != b.seed || a.first_draw != b.first_draw || a.impacts.rows() != b.impacts.rows())
        throw solver_error("unpaired-runs",
                           "a paired comparison needs two runs with the same seed and draws", {});
    comparison c;
    const auto k = static_cast<Eigen::Index>(indicator);
    c.difference = a.impacts.col(k) - b.impacts.col(k);
    c.of_difference = summarize(c.difference);
    std::size_t lower = 0;
    for (Eigen::Index i = 0; i < a.impacts.rows(); ++i)
        if (a.impacts(i, k) < b.impacts(i, k)) ++lower;
    c.probability_a_lower =
        a.impacts.rows() ? static_cast<double>(lower) / static_cast<double>(a.impacts.rows()) : 0.0;
    return c;
}

} // namespace cradle
