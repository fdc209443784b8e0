// cradle — RFC 8785 JSON canonicalization (include/cradle/exchange/canonical.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/canonical.hpp"

#include "cradle/error.hpp"
#include "cradle/exchange/detail/pointer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace cradle::jcs {
namespace {

/// Nesting deeper than this is refused rather than recursed into (hostile input).
constexpr int max_depth = 256;

/// Decode UTF-8, handing each UTF-16 code unit to `emit`; false if it is not valid UTF-8.
template <class Emit> bool utf8_to_utf16(std::string_view s, Emit&& emit) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) { // ASCII, the common case
            emit(static_cast<char16_t>(b0));
            ++i;
            continue;
        }
        char32_t cp = 0;
        std::size_t len = 0;
        if ((b0 & 0xE0) == 0xC0) {
            cp = b0 & 0x1Fu;
            len = 2;
        } else if ((b0 & 0xF0) == 0xE0) {
            cp = b0 & 0x0Fu;
            len = 3;
        } else if ((b0 & 0xF8) == 0xF0) {
            cp = b0 & 0x07u;
            len = 4;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        // overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8
        static constexpr std::array<char32_t, 5> min_of{0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_of[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            emit(static_cast<char16_t>(0xD800 + (cp >> 10)));
            emit(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            emit(static_cast<char16_t>(cp));
        }
        i += len;
    }
    return true;
}

/// Where a value sits, built into a JSON pointer only when an error names it.
struct where {
    const where* parent{nullptr};
    const std::string* key{nullptr}; ///< member name, or nullptr for an array element
    std::size_t index{0};
};

std::string pointer(const where* w) {
    if (w == nullptr) return "/";
    std::string up = w->parent ? pointer(w->parent) : std::string();
    if (up == "/") up.clear();
    return up + "/" + (w->key ? pact::detail::pointer_token(*w->key) : std::to_string(w->index));
}

void put_string(std::string& out, std::string_view s, const where* at) {
    if (!utf8_to_utf16(s, [](char16_t) {}))
        throw exchange_error("jcs-string", pointer(at) + ": a string is not valid UTF-8");
    out += '"';
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void put(std::string& out, const nlohmann::json& v, const where* at, int depth) {
    using t = nlohmann::json::value_t;
    if (depth > max_depth)
        throw exchange_error("jcs-depth", pointer(at) + ": nested deeper than " +
                                              std::to_string(max_depth) + " levels");
    switch (v.type()) {
    case t::null:
        out += "null";
        return;
    case t::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case t::number_integer:
        out += number(static_cast<double>(v.get<std::int64_t>()));
        return;
    case t::number_unsigned:
        out += number(static_cast<double>(v.get<std::uint64_t>()));
        return;
    case t::number_float: {
        const double d = v.get<double>();
        if (!std::isfinite(d))
            throw exchange_error("jcs-number",
                                 pointer(at) + ": NaN and infinities have no JSON form");
        out += number(d);
        return;
    }
    case t::string:
        put_string(out, v.get_ref<const std::string&>(), at);
        return;
    case t::array: {
        out += '[';
        where w{at, nullptr, 0};
        for (const auto& e : v) {
            if (w.index) out += ',';
            put(out, e, &w, depth + 1);
            ++w.index;
        }
        out += ']';
        return;
    }
    case t::object: {
        const auto& obj = v.get_ref<const nlohmann::json::object_t&>();
        // The map is in UTF-8 byte order, which is code point order. UTF-16 order differs only
        // between a code point >= U+10000 and one in U+E000..U+FFFF: names without a lead byte
        // >= 0xEE keep the map's order.
        bool reorder = false;
        for (const auto& kv : obj)
            for (char c : kv.first)
                reorder = reorder || static_cast<unsigned char>(c) >= 0xEE;
        std::vector<const nlohmann::json::object_t::value_type*> members;
        members.reserve(obj.size());
        for (const auto& kv : obj)
            members.push_back(&kv);
        if (reorder) {
            std::vector<std::pair<std::u16string, const nlohmann::json::object_t::value_type*>>
                keyed;
            for (const auto* kv : members) {
                std::u16string key;
                if (!utf8_to_utf16(kv->first, [&](char16_t u) { key.push_back(u); }))
                    throw exchange_error("jcs-string",
                                         pointer(at) + ": a member name is not valid UTF-8");
                keyed.emplace_back(std::move(key), kv);
            }
            std::sort(keyed.begin(), keyed.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = 0; i < keyed.size(); ++i)
                members[i] = keyed[i].second;
        }
        out += '{';
        bool first = true;
        for (const auto* kv : members) {
            if (!first) out += ',';
            first = false;
            const where w{at, &kv->first, 0};
            put_string(out, kv->first, &w);
            out += ':';
            put(out, kv->second, &w, depth + 1);
        }
        out += '}';
        return;
    }
    case t::binary:
    case t::discarded:
        throw exchange_error("jcs-type", pointer(at) + ": not a JSON value");
    }
}

} // namespace

std::string number(double v) {
    if (!std::isfinite(v))
        throw exchange_error("jcs-number", "NaN and infinities have no JSON form");
    if (v == 0) return "0"; // also -0
    // the shortest digits that round-trip (closest to v among them): d.ddde±x
    std::array<char, 64> buf{};
    const auto res =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    const std::string_view sci(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    std::string out;
    std::size_t i = 0;
    if (sci[0] == '-') {
        out += '-';
        i = 1;
    }
    const auto e_at = sci.find('e');
    std::string digits;
    for (std::size_t k = i; k < e_at; ++k)
        if (sci[k] != '.') digits += sci[k];
    int exp10 = 0;
    std::from_chars(sci.data() + e_at + (sci[e_at + 1] == '+' ? 2 : 1), sci.data() + sci.size(),
                    exp10);
    const int k = static_cast<int>(digits.size());
    const int n = exp10 + 1; // ECMAScript's n: the decimal point sits after n digits
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n));
        out += '.';
        out += digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out += digits.substr(1);
        }
        out += 'e';
        out += n - 1 >= 0 ? '+' : '-';
        out += std::to_string(std::abs(n - 1));
    }
    return out;
}

std::string canonicalize(const nlohmann::json& value) {
    std::string out;
    put(out, value, nullptr, 0);
    return out;
}

} // namespace cradle::jcs
