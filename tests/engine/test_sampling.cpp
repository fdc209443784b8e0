// SPDX-License-Identifier: Apache-2.0
// Random numbers and distributions for Monte Carlo: the generator against its published known
// answer, the moments of each distribution, refusal of bad distributions.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

TEST_CASE("Philox4x32-10 known-answer test", "[sampling]") {
    // Known-answer vectors of Random123 (kat_vectors, philox4x32 10 rounds): counter and key all
    // zeros, and all ones.
    CHECK(philox4x32({0, 0, 0, 0}, 0) ==
          std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    CHECK(philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, 0xffffffffffffffffull) ==
          std::array<std::uint32_t, 4>{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    // counter and key from the digits of pi; key words (a4093822, 299f31d0), low word first
    CHECK(philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, 0x299f31d0a4093822ull) ==
          std::array<std::uint32_t, 4>{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("normal quantiles (AS 241) against tabulated values", "[sampling]") {
    // Φ⁻¹ of 0.975, 0.1 and 1e-10 to 16 digits (e.g. scipy.stats.norm.ppf, R qnorm)
    CHECK(normal_quantile(0.5) == 0.0);
    CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
    CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-15));
    CHECK(normal_quantile(0.1) == Approx(-1.2815515655446004).epsilon(1e-15));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-14));
    CHECK(normal_quantile(1.0 - 1e-10) == Approx(6.361340889697422).epsilon(1e-9));
}

namespace {
struct moments {
    double mean{0}, var{0};
};
moments sample_moments(const uncertainty& u, int n, bool logs = false) {
    double m = 0, m2 = 0;
    for (int i = 0; i < n; ++i) {
        draw_stream rng(7, static_cast<std::uint64_t>(i), input_key("x"));
        double x = sample(u, rng);
        if (logs) x = std::log(std::abs(x));
        const double d = x - m;
        m += d / (i + 1);
        m2 += d * (x - m);
    }
    return {m, m2 / (n - 1)};
}
} // namespace

TEST_CASE("distributions have their moments (100,000 draws, fixed seed)", "[sampling]") {
    // Deterministic: the seed is fixed, so these are exact regression values of a correct
    // sampler; the tolerances are 4 standard errors of each estimate.
    constexpr int n = 100000;
    const double sqn = std::sqrt(double{n});
    SECTION("lognormal: ln x ~ N(ln gm, ln gsd)") {
        const uncertainty u = make_uncertainty(distribution::lognormal, 2.0, 1.5);
        const auto m = sample_moments(u, n, true);
        const double s = std::log(1.5);
        CHECK(std::abs(m.mean - std::log(2.0)) < 4 * s / sqn);
        CHECK(std::abs(std::sqrt(m.var) - s) < 4 * s / std::sqrt(2.0 * n));
        // the sign rule: a negative geometric mean gives negative values of the same spread
        const auto neg =
            sample_moments(make_uncertainty(distribution::lognormal, -2.0, 1.5), n, true);
        CHECK(neg.mean == m.mean);
        draw_stream r(1, 2, 3);
        CHECK(sample(make_uncertainty(distribution::lognormal, -2.0, 1.5), r) < 0);
        CHECK(mean(u) == Approx(2.0 * std::exp(s * s / 2)));
    }
    SECTION("normal") {
        const auto m = sample_moments(make_uncertainty(distribution::normal, 10.0, 2.0), n);
        CHECK(std::abs(m.mean - 10.0) < 4 * 2.0 / sqn);
        CHECK(std::abs(std::sqrt(m.var) - 2.0) < 4 * 2.0 / std::sqrt(2.0 * n));
    }
    SECTION("uniform: mean (a+b)/2, variance (b-a)²/12") {
        const auto m = sample_moments(make_uncertainty(distribution::uniform, 1.0, 3.0), n);
        const double var = 4.0 / 12.0;
        CHECK(std::abs(m.mean - 2.0) < 4 * std::sqrt(var) / sqn);
        CHECK(m.var == Approx(var).epsilon(0.01));
    }
    SECTION("triangular: mean (a+b+c)/3, variance (a²+b²+c²-ab-ac-bc)/18") {
        const double a = 1, b = 2, c = 6;
        const auto m = sample_moments(make_uncertainty(distribution::triangular, a, b, c), n);
        const double var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        CHECK(std::abs(m.mean - (a + b + c) / 3.0) < 4 * std::sqrt(var) / sqn);
        CHECK(m.var == Approx(var).epsilon(0.015));
        // never outside [min, max]
        for (int i = 0; i < 1000; ++i) {
            draw_stream rng(3, static_cast<std::uint64_t>(i), 9);
            const double x = sample(make_uncertainty(distribution::triangular, a, b, c), rng);
            CHECK((x >= a && x <= c));
        }
    }
}

TEST_CASE("the stream is a function of (seed, draw, key) only", "[sampling]") {
    draw_stream a(42, 17, input_key("p")), b(42, 17, input_key("p"));
    CHECK(a.uniform() == b.uniform());
    draw_stream c(42, 18, input_key("p")), d(43, 17, input_key("p")), e(42, 17, input_key("q"));
    draw_stream f(42, 17, input_key("p"));
    const double x = f.uniform();
    CHECK(c.uniform() != x);
    CHECK(d.uniform() != x);
    CHECK(e.uniform() != x);
}

TEST_CASE("bad distributions are named and refused", "[sampling]") {
    CHECK(uncertainty_problem(make_uncertainty(distribution::lognormal, 2.0, 0.5), 2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::lognormal, 0.0, 1.2), 2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::lognormal, 2.0, 1.2),
                              -2.0)); // sign rule
    CHECK_FALSE(uncertainty_problem(make_uncertainty(distribution::lognormal, -2.0, 1.2), -2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::normal, 2.0, -1.0), 2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::uniform, 3.0, 1.0), 2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::triangular, 1.0, 4.0, 3.0), 2.0));
    CHECK(uncertainty_problem(make_uncertainty(distribution::normal, 2.0, std::nan("")), 2.0));
    CHECK_FALSE(
        uncertainty_problem(make_uncertainty(distribution::triangular, 1.0, 2.0, 3.0), 2.0));
}
