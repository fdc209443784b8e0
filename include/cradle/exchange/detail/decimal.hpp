// cradle — PACT decimals (numbers written as strings) and RFC 3339 date-times.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace cradle::pact::detail {

/// True if `s` is a decimal as PACT defines it, anchored: [+-]?digits(.digits)?
[[nodiscard]] inline bool is_decimal(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t int_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    if (i == int_start) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    const std::size_t frac_start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    return i > frac_start && i == s.size();
}

/// Digits after the decimal point of a decimal string.
[[nodiscard]] inline std::size_t decimals_of(std::string_view s) {
    const auto dot = s.find('.');
    return dot == std::string_view::npos ? 0 : s.size() - dot - 1;
}

/// The value of a decimal string (nullopt if it is not one, or beyond a double).
[[nodiscard]] inline std::optional<double> decimal_value(std::string_view s) {
    if (!is_decimal(s)) return std::nullopt;
    if (s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

/// `v` as a PACT decimal: fixed notation, the shortest text that reads back as the same double
/// (so 1e-12 relative and better), never an exponent, "0" for ±0.
[[nodiscard]] inline std::string format_decimal(double v) {
    if (v == 0.0) return "0";
    char buf[400];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (ec != std::errc{}) return "0";
    return std::string(buf, end);
}

/// Exact sum of decimal strings (arbitrary length), as a decimal string without a '+' sign and
/// with no more decimals than the longest term. Terms must satisfy is_decimal().
[[nodiscard]] inline std::string add_decimals(std::string_view a, std::string_view b) {
    struct parsed {
        bool negative{false};
        std::string digits; // integer and fraction digits, fraction padded to `scale`
    };
    const std::size_t scale = std::max(decimals_of(a), decimals_of(b));
    auto parse = [&](std::string_view s) {
        parsed p;
        if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
            p.negative = s[0] == '-';
            s.remove_prefix(1);
        }
        const auto dot = s.find('.');
        std::string ip(s.substr(0, dot));
        std::string fp(dot == std::string_view::npos ? "" : s.substr(dot + 1));
        fp.append(scale - fp.size(), '0');
        p.digits = ip + fp;
        return p;
    };
    parsed x = parse(a), y = parse(b);
    const std::size_t n = std::max(x.digits.size(), y.digits.size()) + 1;
    x.digits.insert(0, n - x.digits.size(), '0');
    y.digits.insert(0, n - y.digits.size(), '0');
    auto magnitude_less = [](const std::string& p, const std::string& q) { return p < q; };
    std::string out(n, '0');
    bool negative = false;
    if (x.negative == y.negative) {
        int carry = 0;
        for (std::size_t i = n; i-- > 0;) {
            const int d = (x.digits[i] - '0') + (y.digits[i] - '0') + carry;
            out[i] = static_cast<char>('0' + d % 10);
            carry = d / 10;
        }
        negative = x.negative;
    } else {
        if (magnitude_less(x.digits, y.digits)) std::swap(x, y); // |x| >= |y|
        int borrow = 0;
        for (std::size_t i = n; i-- > 0;) {
            int d = (x.digits[i] - '0') - (y.digits[i] - '0') - borrow;
            borrow = d < 0 ? 1 : 0;
            out[i] = static_cast<char>('0' + d + 10 * borrow);
        }
        negative = x.negative;
    }
    std::string ip = out.substr(0, n - scale), fp = out.substr(n - scale);
    const auto first = ip.find_first_not_of('0');
    ip = first == std::string::npos ? "0" : ip.substr(first);
    while (!fp.empty() && fp.back() == '0')
        fp.pop_back();
    std::string r = ip + (fp.empty() ? "" : "." + fp);
    if (negative && r != "0") r.insert(0, "-");
    return r;
}

/// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time
/// ("2025-04-30T00:00:00Z", "...T00:00:00.5+02:00"), or nullopt if `s` is not one (including
/// impossible dates such as February 30).
[[nodiscard]] inline std::optional<double> parse_date_time(std::string_view s) {
    auto num = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        if (at + len > s.size()) return std::nullopt;
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    const auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
               se = num(17, 2);
    if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
    if (*mo < 1 || *mo > 12 || *d < 1 || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
    const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*d > month_days[*mo - 1] + (*mo == 2 && leap ? 1 : 0)) return std::nullopt;
    std::size_t i = 19;
    double frac = 0;
    if (i < s.size() && s[i] == '.') {
        const std::size_t start = ++i;
        double scale = 0.1;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            frac += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == start) return std::nullopt;
    }
    int offset = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const auto oh = num(i + 1, 2), om = num(i + 4, 2);
        if (!oh || !om || i + 3 >= s.size() || s[i + 3] != ':' || *oh > 23 || *om > 59)
            return std::nullopt;
        offset = (s[i] == '-' ? -1 : 1) * (*oh * 60 + *om) * 60;
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    // days from civil (H. Hinnant's algorithm)
    const int yy = *y - (*mo <= 2 ? 1 : 0);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (*mo + (*mo > 2 ? -3 : 9)) + 2) / 5 + *d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    return static_cast<double>(days * 86400 + *h * 3600 + *mi * 60 + *se - offset) + frac;
}

/// RFC 3339 UTC text of `seconds` since the epoch, whole seconds: "2025-04-30T00:00:00Z".
[[nodiscard]] inline std::string format_date_time(std::int64_t seconds) {
    std::int64_t days = seconds / 86400, rem = seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
}

} // namespace cradle::pact::detail
