// cradle — small text helpers shared by "did you mean" messages.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cradle {

namespace detail {
/// `s` without leading and trailing spaces, tabs, CR and LF.
/// A number as messages show it: up to 12 significant digits ("0.3", "1.8", "1e-05").
[[nodiscard]] inline std::string format_number(double v) {
    std::ostringstream os;
    os.precision(12);
    os << v;
    return os.str();
}

[[nodiscard]] inline std::string trim(std::string_view s) {
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return std::string(s);
}

[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t sub =
                prev[j - 1] + (std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                       std::tolower(static_cast<unsigned char>(b[j - 1]))
                                   ? 0
                                   : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
} // namespace detail

namespace detail {
/// Longest word "closest match" suggestions are computed for; a longer one gets none (the edit
/// distance costs |word| × |candidate| per candidate).
inline constexpr std::size_t closest_words_max_length = 128;

/// Up to `n` of `candidates` closest to `word` (case-insensitive edit distance). Bounded in
/// time: nothing for a word longer than closest_words_max_length, and a candidate whose length
/// alone puts it further away than the n-th best so far is skipped.
[[nodiscard]] inline std::vector<std::string>
closest_words(std::string_view word, const std::vector<std::string>& candidates,
              std::size_t n = 3) {
    if (word.size() > closest_words_max_length || n == 0) return {};
    std::vector<std::pair<std::size_t, std::string>> best; // sorted, at most n
    for (const auto& c : candidates) {
        const std::size_t floor =
            c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (best.size() == n && floor >= best.back().first) continue;
        std::pair<std::size_t, std::string> scored{edit_distance(word, c), c};
        if (best.size() == n && !(scored < best.back())) continue;
        best.insert(std::upper_bound(best.begin(), best.end(), scored), std::move(scored));
        if (best.size() > n) best.pop_back();
    }
    std::vector<std::string> out;
    for (auto& b : best)
        out.push_back(std::move(b.second));
    return out;
}

/// A piece of outside text fit to quote in a message: at most `max` bytes (then "..." and the
/// full length), control characters escaped as \\xNN (UTF-8 text passes), so a message never
/// carries more than a short, terminal-safe excerpt of a file.
[[nodiscard]] inline std::string excerpt(std::string_view s, std::size_t max = 60) {
    std::string out = escape_controls(s.substr(0, max), false);
    if (s.size() > max) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}
} // namespace detail

} // namespace cradle
