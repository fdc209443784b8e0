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
#pragma once

#include "cradle/model/model.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>

namespace cradle {

namespace detail {
inline void philox_round(std::array<std::uint32_t, 4>& c, std::uint32_t k0, std::uint32_t k1) {
    constexpr std::uint64_t m0 = 0xD2511F53u;
    constexpr std::uint64_t m1 = 0xCD9E8D57u;
    const std::uint64_t p0 = m0 * c[0];
    const std::uint64_t p1 = m1 * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<std::uint32_t>(p0)};
}
} // namespace detail

/// Philox4x32-10 of a 128-bit counter under a 64-bit key: four 32-bit words.
[[nodiscard]] inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c,
                                                             std::uint64_t key) {
    auto k0 = static_cast<std::uint32_t>(key);
    auto k1 = static_cast<std::uint32_t>(key >> 32);
    for (int r = 0; r < 10; ++r) {
        detail::philox_round(c, k0, k1);
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    return c;
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
          key_lo_(static_cast<std::uint32_t>(key)), key_hi_(static_cast<std::uint32_t>(key >> 32)) {}

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

    /// A standard normal number (Box–Muller on one uniform pair).
    [[nodiscard]] double standard_normal() noexcept {
        const auto u = uniform_pair();
        return std::sqrt(-2.0 * std::log(u[0])) * std::cos(2.0 * std::numbers::pi * u[1]);
    }

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
            return "triangular needs finite min <= mode <= max (got " + std::to_string(u.a) +
                   ", " + std::to_string(u.b) + ", " + std::to_string(u.c) + ")";
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
