// cradle — reproducible random numbers for Monte Carlo: a counter-based generator (Philox) and
// the distributions of model/model.hpp (lognormal, normal, triangular, uniform).
// SPDX-License-Identifier: Apache-2.0
//
// Reproducibility by construction: the numbers of uncertain input `key` in draw `d` are a pure
// function of (seed, d, key) — the counter of the generator — so a draw is the same whatever
// the number of threads, chunks or machines, and two models that share an input (same process,
// side, position and flow; or the same parameter name) see the same numbers in the same draw
// (paired comparisons). The distributions are computed here with <cmath> only (no
// std::normal_distribution, whose algorithm differs between standard libraries).
//
// Philox4x32-10: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11, 2011 (the round constants and the key schedule are theirs).
// Normal numbers by inverting the normal distribution function with Wichura's algorithm AS 241
// (PPND16, M. J. Wichura, Applied Statistics 37 (1988) 477-484; its coefficients are carried
// over), accurate to about 1e-16: one uniform per normal, and no transcendental function for
// 85 % of them (the central rational approximation).
#pragma once

#include "cradle/model/model.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cradle {

namespace detail {
inline constexpr double horner8(const double (&c)[8], double x) noexcept {
    double v = c[7];
    for (int i = 6; i >= 0; --i)
        v = v * x + c[i];
    return v;
}
} // namespace detail

/// The standard normal quantile Φ⁻¹(p) for p in (0, 1) (AS 241, PPND16).
[[nodiscard]] inline double normal_quantile(double p) noexcept {
    static constexpr double a[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                                    1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                    4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                    3.3430575583588128105e+4, 2.5090809287301226727e+3};
    static constexpr double b[8] = {1.0,
                                    4.2313330701600911252e+1,
                                    6.8718700749205790830e+2,
                                    5.3941960214247511077e+3,
                                    2.1213794301586595867e+4,
                                    3.9307895800092710610e+4,
                                    2.8729085735721942674e+4,
                                    5.2264952788528545610e+3};
    static constexpr double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                    5.76949722146069140550e0,  3.64784832476320460504e0,
                                    1.27045825245236838258e0,  2.41780725177450611770e-1,
                                    2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static constexpr double d[8] = {1.0,
                                    2.05319162663775882187e0,
                                    1.67638483018380384940e0,
                                    6.89767334985100004550e-1,
                                    1.48103976427480074590e-1,
                                    1.51986665636164571966e-2,
                                    5.47593808499534494600e-4,
                                    1.05075007164441684324e-9};
    static constexpr double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                    1.78482653991729133580e0,  2.96560571828504891230e-1,
                                    2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                    2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static constexpr double f[8] = {1.0,
                                    5.99832206555887937690e-1,
                                    1.36929880922735805310e-1,
                                    1.48753612908506148525e-2,
                                    7.86869131145613259100e-4,
                                    1.84631831751005468180e-5,
                                    1.42151175831644588870e-7,
                                    2.04426310338993978564e-15};
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * detail::horner8(a, r) / detail::horner8(b, r);
    }
    double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
    double z = 0.0;
    if (r <= 5.0) {
        r -= 1.6;
        z = detail::horner8(c, r) / detail::horner8(d, r);
    } else {
        r -= 5.0;
        z = detail::horner8(e, r) / detail::horner8(f, r);
    }
    return q < 0 ? -z : z;
}

/// Philox4x32-10 of a 128-bit counter under a 64-bit key: four 32-bit words.
[[nodiscard]] inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c,
                                                             std::uint64_t key) noexcept {
    constexpr std::uint64_t m0 = 0xD2511F53u;
    constexpr std::uint64_t m1 = 0xCD9E8D57u;
    std::uint32_t c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
    auto k0 = static_cast<std::uint32_t>(key);
    auto k1 = static_cast<std::uint32_t>(key >> 32);
    for (int r = 0; r < 10; ++r) {
        const std::uint64_t p0 = m0 * c0;
        const std::uint64_t p1 = m1 * c2;
        c0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
        c1 = static_cast<std::uint32_t>(p1);
        c2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
        c3 = static_cast<std::uint32_t>(p0);
        k0 += 0x9E3779B9u; // the key schedule: bumped after each round
        k1 += 0xBB67AE85u;
    }
    return {c0, c1, c2, c3};
}

/// A stable 64-bit key for a name (FNV-1a): the identity of an uncertain input.
[[nodiscard]] constexpr std::uint64_t input_key(std::string_view name) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char ch : name) {
        h ^= static_cast<unsigned char>(ch);
        h *= 0x100000001b3ull;
    }
    return h;
}

/// The stream of random numbers of one input in one draw: counter (n, draw, key) under `seed`.
class draw_stream {
  public:
    draw_stream(std::uint64_t seed, std::uint64_t draw, std::uint64_t key) noexcept
        : seed_(seed), draw_(static_cast<std::uint32_t>(draw)),
          key_lo_(static_cast<std::uint32_t>(key)), key_hi_(static_cast<std::uint32_t>(key >> 32)) {
    }

    /// Two uniform numbers in the open interval (0, 1), 53 random bits each.
    [[nodiscard]] std::array<double, 2> uniform_pair() noexcept {
        const auto w = philox4x32({n_++, draw_, key_lo_, key_hi_}, seed_);
        auto unit = [](std::uint32_t hi, std::uint32_t lo) {
            const std::uint64_t x = (std::uint64_t{hi} << 32 | lo) >> 11;
            return (static_cast<double>(x) + 0.5) * 0x1.0p-53;
        };
        return {unit(w[0], w[1]), unit(w[2], w[3])};
    }

    [[nodiscard]] double uniform() noexcept { return uniform_pair()[0]; }

    /// A standard normal number: Φ⁻¹ of one uniform (normal_quantile).
    [[nodiscard]] double standard_normal() noexcept { return normal_quantile(uniform()); }

  private:
    std::uint64_t seed_;
    std::uint32_t n_{0};
    std::uint32_t draw_;
    std::uint32_t key_lo_, key_hi_;
};

/// One value of `u` from `rng`. Lognormal: a·exp(ln(GSD)·z), the geometric mean carrying the
/// sign; normal: a + b·z; triangular by inverting its distribution function; uniform: a + (b−a)·u.
[[nodiscard]] inline double sample(const uncertainty& u, draw_stream& rng) noexcept {
    switch (u.kind) {
    case distribution::lognormal:
        return u.a * std::exp(std::log(u.b) * rng.standard_normal());
    case distribution::normal:
        return u.a + u.b * rng.standard_normal();
    case distribution::triangular: {
        const double x = rng.uniform();
        const double lo = u.a, mode = u.b, hi = u.c;
        if (hi == lo) return lo;
        const double fc = (mode - lo) / (hi - lo);
        return x < fc ? lo + std::sqrt(x * (hi - lo) * (mode - lo))
                      : hi - std::sqrt((1.0 - x) * (hi - lo) * (hi - mode));
    }
    case distribution::uniform:
        return u.a + (u.b - u.a) * rng.uniform();
    }
    return u.a;
}

/// The mean of `u` (for tests and summaries).
[[nodiscard]] inline double mean(const uncertainty& u) {
    switch (u.kind) {
    case distribution::lognormal: {
        const double s = std::log(u.b);
        return u.a * std::exp(s * s / 2.0);
    }
    case distribution::normal:
        return u.a;
    case distribution::triangular:
        return (u.a + u.b + u.c) / 3.0;
    case distribution::uniform:
        return (u.a + u.b) / 2.0;
    }
    return u.a;
}

/// Why `u` cannot be sampled for an amount `amount` (nullopt if it can): a GSD below 1 or not
/// finite, a zero geometric mean, a lognormal whose geometric mean has the sign opposite to the
/// amount (the sign rule: a lognormal keeps the sign of its geometric mean, which must be the
/// amount's), a negative or non-finite standard deviation, min > mode or mode > max, min > max.
[[nodiscard]] inline std::optional<std::string> uncertainty_problem(const uncertainty& u,
                                                                    double amount) {
    auto finite = [](double v) { return std::isfinite(v); };
    switch (u.kind) {
    case distribution::lognormal:
        if (!finite(u.b) || !(u.b >= 1.0))
            return "lognormal GSD " + std::to_string(u.b) + " is not a finite number >= 1";
        if (!finite(u.a) || u.a == 0.0)
            return std::string("lognormal geometric mean is zero or not finite");
        if (amount != 0.0 && (u.a < 0.0) != (amount < 0.0))
            return "lognormal geometric mean " + std::to_string(u.a) +
                   " has the sign opposite to the amount " + std::to_string(amount) +
                   " (a lognormal keeps the sign of its geometric mean; give it the amount's)";
        return std::nullopt;
    case distribution::normal:
        if (!finite(u.a) || !finite(u.b) || u.b < 0.0)
            return "normal mean and standard deviation must be finite, the deviation >= 0 (got " +
                   std::to_string(u.a) + ", " + std::to_string(u.b) + ")";
        return std::nullopt;
    case distribution::triangular:
        if (!finite(u.a) || !finite(u.b) || !finite(u.c) || !(u.a <= u.b && u.b <= u.c))
            return "triangular needs finite min <= mode <= max (got " + std::to_string(u.a) + ", " +
                   std::to_string(u.b) + ", " + std::to_string(u.c) + ")";
        return std::nullopt;
    case distribution::uniform:
        if (!finite(u.a) || !finite(u.b) || !(u.a <= u.b))
            return "uniform needs finite min <= max (got " + std::to_string(u.a) + ", " +
                   std::to_string(u.b) + ")";
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace cradle
