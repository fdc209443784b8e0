// cradle — data-quality (pedigree) scores turned into a lognormal spread, the ecoinvent way.
// SPDX-License-Identifier: Apache-2.0
//
// Source: B. P. Weidema, C. Bauer, R. Hischier, C. Mutel, T. Nemecek, J. Reinhard, C. O. Vadenbo,
// G. Wernet, "Overview and methodology. Data quality guideline for the ecoinvent database
// version 3", ecoinvent report 1 (v3), St. Gallen, 2013, section 10.2: the variance of the
// underlying normal of a lognormal amount is the basic variance plus one additional variance per
// pedigree indicator,
//
//     σ² = σb² + σ1² + σ2² + σ3² + σ4² + σ5²,      GSD = exp(σ),
//
// with the additional variances of table 10.5 (carried over below) and the basic variances of
// table 10.4 (the rows for product inputs and greenhouse gases carried over below). The table's
// variances are the ecoinvent 2 uncertainty factors U of the same scores re-expressed:
// σi² ≈ (ln Ui)² / 4 (ecoinvent 2 applied U to the 95 % interval GSD²), e.g. reliability 2:
// U = 1.05, (ln 1.05)²/4 = 0.000595 ≈ 0.0006.
#pragma once

#include "cradle/error.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace cradle {

/// The five pedigree scores of ecoinvent 3, each 1 (best) to 5 (worst).
struct pedigree_scores {
    int reliability{1};
    int completeness{1};
    int temporal{1};      ///< temporal correlation
    int geographical{1};  ///< geographical correlation
    int technological{1}; ///< further technological correlation

    [[nodiscard]] bool operator==(const pedigree_scores&) const = default;
};

namespace detail {
/// Weidema et al. 2013, table 10.5: additional variance of ln(amount) per score 1..5.
inline constexpr std::array<std::array<double, 5>, 5> pedigree_variances{{
    {0.0, 0.0006, 0.002, 0.008, 0.04},      // reliability
    {0.0, 0.0001, 0.0006, 0.002, 0.008},    // completeness
    {0.0, 0.0002, 0.002, 0.008, 0.04},      // temporal correlation
    {0.0, 0.000025, 0.0001, 0.0006, 0.002}, // geographical correlation
    {0.0, 0.0006, 0.008, 0.04, 0.12},       // further technological correlation
}};
} // namespace detail

/// Reads a pedigree as inventory databases write it: "(1;2;1;1;3)" (ecoinvent 3, openLCA) or
/// "(1,2,1,1,3)"; six scores (ecoinvent 2, the sixth is sample size, which ecoinvent 3 dropped)
/// keep the first five. Scores must be 1..5. Returns nullopt for anything else.
[[nodiscard]] inline std::optional<pedigree_scores> parse_pedigree(std::string_view text) {
    std::array<int, 6> v{};
    std::size_t n = 0;
    std::size_t i = 0;
    auto skip = [&] {
        while (i < text.size() && text[i] == ' ')
            ++i;
    };
    skip();
    const bool paren = i < text.size() && text[i] == '(';
    if (paren) ++i;
    while (true) {
        skip();
        if (i >= text.size() || text[i] < '1' || text[i] > '5') return std::nullopt;
        if (n == v.size()) return std::nullopt;
        v[n++] = text[i++] - '0';
        skip();
        if (i < text.size() && (text[i] == ';' || text[i] == ',')) {
            ++i;
            continue;
        }
        break;
    }
    if (paren) {
        if (i >= text.size() || text[i] != ')') return std::nullopt;
        ++i;
    }
    skip();
    if (i != text.size() || (n != 5 && n != 6)) return std::nullopt;
    return pedigree_scores{v[0], v[1], v[2], v[3], v[4]};
}

/// Σ of the additional variances of ln(amount) for `s` (Weidema et al. 2013, table 10.5).
[[nodiscard]] inline double pedigree_variance(const pedigree_scores& s) {
    const std::array<int, 5> k{s.reliability, s.completeness, s.temporal, s.geographical,
                               s.technological};
    double sum = 0.0;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i] < 1 || k[i] > 5)
            throw model_error(problem{"invalid-pedigree", "pedigree score " + std::to_string(k[i]) +
                                                              " is outside 1..5"});
        sum += detail::pedigree_variances[i][static_cast<std::size_t>(k[i] - 1)];
    }
    return sum;
}

/// The GSD of an amount with basic GSD `base_gsd` (>= 1) and pedigree `s`:
/// exp(sqrt(ln(base_gsd)² + Σσi²)).
[[nodiscard]] inline double pedigree_gsd(const pedigree_scores& s, double base_gsd) {
    if (!(base_gsd >= 1.0) || !std::isfinite(base_gsd))
        throw model_error(problem{"invalid-uncertainty", "a basic GSD is a finite number >= 1"});
    const double lb = std::log(base_gsd);
    return std::exp(std::sqrt(lb * lb + pedigree_variance(s)));
}

/// Kinds of exchanges with a basic uncertainty in Weidema et al. 2013, table 10.4 (the rows cradle
/// needs: product and service inputs and the greenhouse gases to air).
enum class basic_uncertainty : std::uint8_t {
    product_input,    ///< energy, semi-finished products, materials, waste treatment: 0.0006
    transport,        ///< transport services: 0.12
    infrastructure,   ///< capital goods: 0.3
    resource,         ///< primary energy carriers, metals, salts: 0.0006
    co2,              ///< CO2 to air (combustion and process): 0.0006
    combustion_ch4,   ///< CH4 to air from combustion: 0.04
    combustion_n2o,   ///< N2O to air from combustion: 0.04
    agricultural_ch4, ///< CH4 to air from agriculture: 0.008
    agricultural_n2o, ///< N2O to air from agriculture: 0.03
};

/// The basic variance of ln(amount) for `k` (Weidema et al. 2013, table 10.4).
[[nodiscard]] constexpr double basic_variance(basic_uncertainty k) noexcept {
    switch (k) {
    case basic_uncertainty::product_input:
    case basic_uncertainty::resource:
    case basic_uncertainty::co2:
        return 0.0006;
    case basic_uncertainty::transport:
        return 0.12;
    case basic_uncertainty::infrastructure:
        return 0.3;
    case basic_uncertainty::combustion_ch4:
    case basic_uncertainty::combustion_n2o:
        return 0.04;
    case basic_uncertainty::agricultural_ch4:
        return 0.008;
    case basic_uncertainty::agricultural_n2o:
        return 0.03;
    }
    return 0.0;
}

/// The basic GSD exp(sqrt(basic variance)) of `k`.
[[nodiscard]] inline double basic_gsd(basic_uncertainty k) {
    return std::exp(std::sqrt(basic_variance(k)));
}

} // namespace cradle
