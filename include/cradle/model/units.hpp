// cradle — units: parsed once at the edges, checked, never a silent factor of 1000.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cradle {

/// Physical dimension of a quantity. Currencies are each their own dimension
/// (USD does not convert to EUR, nor USD of 2012 to USD of 2022, without a
/// price index), carried in `name`. Units that an imported database defines in a unit group
/// cradle has no table row for (radioactivity, "Items" of a named kind, ...) have the dimension
/// `named`, also carried in `name` (the unit group), and convert only within it.
enum class base_dimension : std::uint8_t {
    mass,
    energy,
    volume,
    length,
    area,
    area_time, ///< land occupation, m2·a
    transport, ///< mass × distance, t·km
    items,
    time,
    passenger_distance, ///< passenger-km (travel factors)
    lodging,            ///< room-nights (hotel stays)
    work_time,          ///< full-time-equivalent hours (homeworking)
    currency,
    named, ///< a unit group of an imported database (io/olca.hpp), named in `dimension::name`
};

struct dimension {
    base_dimension base{base_dimension::mass};
    /// currency: e.g. "USD" or "USD2022"; named: the unit group; empty otherwise
    std::string name;

    [[nodiscard]] bool operator==(const dimension&) const = default;
};

[[nodiscard]] inline std::string to_string(const dimension& d) {
    switch (d.base) {
    case base_dimension::mass:
        return "mass";
    case base_dimension::energy:
        return "energy";
    case base_dimension::volume:
        return "volume";
    case base_dimension::length:
        return "length";
    case base_dimension::area:
        return "area";
    case base_dimension::area_time:
        return "area*time";
    case base_dimension::transport:
        return "mass*distance";
    case base_dimension::items:
        return "items";
    case base_dimension::time:
        return "time";
    case base_dimension::passenger_distance:
        return "passenger*distance";
    case base_dimension::lodging:
        return "room-nights";
    case base_dimension::work_time:
        return "FTE-time";
    case base_dimension::currency:
        return "currency " + d.name;
    case base_dimension::named:
        return "unit group " + d.name;
    }
    return "?";
}

/// A parsed unit: its dimension and the factor to the dimension's base unit
/// (kg, MJ, m3, m, m2, m2*a, kg*km, item, h, one currency unit).
struct unit {
    std::string symbol; ///< as the user wrote it, for messages and output only
    dimension dim;
    double to_base{1.0};

    [[nodiscard]] bool operator==(const unit&) const = default;
};

namespace detail {
struct unit_entry {
    std::string_view symbol;
    base_dimension dim;
    double to_base;
};

// Base units: kg, MJ, m3, m, m2, m2*a, kg*km, item, h.
inline constexpr double kWh_MJ = 3.6;
inline constexpr double btu_MJ = 1.055056e-3; // International Table BTU
inline constexpr double lb_kg = 0.45359237;
inline constexpr double gal_m3 = 3.785411784e-3; // US liquid gallon
inline constexpr double mile_m = 1609.344;

inline constexpr std::array unit_table{
    // mass
    unit_entry{"kg", base_dimension::mass, 1.0},
    unit_entry{"g", base_dimension::mass, 1e-3},
    unit_entry{"mg", base_dimension::mass, 1e-6},
    unit_entry{"ug", base_dimension::mass, 1e-9},
    unit_entry{"t", base_dimension::mass, 1e3},
    unit_entry{"tonne", base_dimension::mass, 1e3},
    unit_entry{"tonnes", base_dimension::mass, 1e3},
    unit_entry{"metric ton", base_dimension::mass, 1e3},
    unit_entry{"kt", base_dimension::mass, 1e6},
    unit_entry{"Mt", base_dimension::mass, 1e9},
    unit_entry{"lb", base_dimension::mass, lb_kg},
    unit_entry{"short ton", base_dimension::mass, 2000 * lb_kg},
    unit_entry{"long ton", base_dimension::mass, 2240 * lb_kg},
    // energy
    unit_entry{"MJ", base_dimension::energy, 1.0},
    unit_entry{"J", base_dimension::energy, 1e-6},
    unit_entry{"kJ", base_dimension::energy, 1e-3},
    unit_entry{"GJ", base_dimension::energy, 1e3},
    unit_entry{"TJ", base_dimension::energy, 1e6},
    unit_entry{"Wh", base_dimension::energy, kWh_MJ * 1e-3},
    unit_entry{"kWh", base_dimension::energy, kWh_MJ},
    unit_entry{"MWh", base_dimension::energy, kWh_MJ * 1e3},
    unit_entry{"GWh", base_dimension::energy, kWh_MJ * 1e6},
    unit_entry{"TWh", base_dimension::energy, kWh_MJ * 1e9},
    unit_entry{"Btu", base_dimension::energy, btu_MJ},
    unit_entry{"BTU", base_dimension::energy, btu_MJ},
    unit_entry{"MMBtu", base_dimension::energy, btu_MJ * 1e6},
    unit_entry{"mmBtu", base_dimension::energy, btu_MJ * 1e6},
    unit_entry{"therm", base_dimension::energy, btu_MJ * 1e5},
    // volume
    unit_entry{"m3", base_dimension::volume, 1.0},
    unit_entry{"L", base_dimension::volume, 1e-3},
    unit_entry{"l", base_dimension::volume, 1e-3},
    unit_entry{"litre", base_dimension::volume, 1e-3},
    unit_entry{"litres", base_dimension::volume, 1e-3},
    unit_entry{"liter", base_dimension::volume, 1e-3},
    unit_entry{"liters", base_dimension::volume, 1e-3},
    unit_entry{"million litres", base_dimension::volume, 1e3},
    unit_entry{"mL", base_dimension::volume, 1e-6},
    unit_entry{"ml", base_dimension::volume, 1e-6},
    unit_entry{"gal", base_dimension::volume, gal_m3},
    unit_entry{"gallon", base_dimension::volume, gal_m3},
    unit_entry{"bbl", base_dimension::volume, 42 * gal_m3},
    unit_entry{"scf", base_dimension::volume, 0.028316846592},
    unit_entry{"ft3", base_dimension::volume, 0.028316846592},
    unit_entry{"cu ft", base_dimension::volume, 0.028316846592},
    // length
    unit_entry{"m", base_dimension::length, 1.0},
    unit_entry{"km", base_dimension::length, 1e3},
    unit_entry{"cm", base_dimension::length, 1e-2},
    unit_entry{"mm", base_dimension::length, 1e-3},
    unit_entry{"mi", base_dimension::length, mile_m},
    unit_entry{"mile", base_dimension::length, mile_m},
    unit_entry{"miles", base_dimension::length, mile_m},
    unit_entry{"ft", base_dimension::length, 0.3048},
    // area
    unit_entry{"m2", base_dimension::area, 1.0},
    unit_entry{"ha", base_dimension::area, 1e4},
    unit_entry{"km2", base_dimension::area, 1e6},
    // area*time
    unit_entry{"m2*a", base_dimension::area_time, 1.0},
    unit_entry{"m2a", base_dimension::area_time, 1.0},
    unit_entry{"ha*a", base_dimension::area_time, 1e4},
    // transport
    unit_entry{"kg*km", base_dimension::transport, 1.0},
    unit_entry{"kgkm", base_dimension::transport, 1.0},
    unit_entry{"t*km", base_dimension::transport, 1e3},
    unit_entry{"tkm", base_dimension::transport, 1e3},
    unit_entry{"tonne*km", base_dimension::transport, 1e3},
    unit_entry{"t*mi", base_dimension::transport, 1e3 * mile_m / 1e3},
    unit_entry{"short ton*mi", base_dimension::transport, 2000 * lb_kg* mile_m / 1e3},
    // items
    unit_entry{"item", base_dimension::items, 1.0},
    unit_entry{"items", base_dimension::items, 1.0},
    unit_entry{"unit", base_dimension::items, 1.0},
    unit_entry{"units", base_dimension::items, 1.0},
    unit_entry{"piece", base_dimension::items, 1.0},
    unit_entry{"pieces", base_dimension::items, 1.0},
    unit_entry{"pcs", base_dimension::items, 1.0},
    unit_entry{"p", base_dimension::items, 1.0},
    // time
    unit_entry{"h", base_dimension::time, 1.0},
    unit_entry{"hr", base_dimension::time, 1.0},
    unit_entry{"min", base_dimension::time, 1.0 / 60},
    unit_entry{"s", base_dimension::time, 1.0 / 3600},
    unit_entry{"d", base_dimension::time, 24.0},
    unit_entry{"a", base_dimension::time, 8760.0},
    unit_entry{"yr", base_dimension::time, 8760.0},
    // passenger transport (base passenger*km), lodging, work time
    unit_entry{"passenger*km", base_dimension::passenger_distance, 1.0},
    unit_entry{"pkm", base_dimension::passenger_distance, 1.0},
    unit_entry{"passenger*mi", base_dimension::passenger_distance, mile_m / 1e3},
    unit_entry{"room*night", base_dimension::lodging, 1.0},
    unit_entry{"room-night", base_dimension::lodging, 1.0},
    unit_entry{"FTE*h", base_dimension::work_time, 1.0},
};

// Spellings refused on purpose: each has two common meanings a factor apart.
inline constexpr std::array<std::string_view, 4> ambiguous_units{"ton", "tons", "Ton", "gal (imp)"};

[[nodiscard]] inline std::string normalize_unit(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    // trim
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB7) {
            out += '*'; // U+00B7 middle dot
            ++i;
        } else if (c == 0xC2 && i + 1 < s.size() &&
                   (static_cast<unsigned char>(s[i + 1]) == 0xB2 ||
                    static_cast<unsigned char>(s[i + 1]) == 0xB3)) {
            out += static_cast<unsigned char>(s[i + 1]) == 0xB2 ? '2' : '3'; // ² ³
            ++i;
        } else if (c == ' ' && !out.empty() && out.back() == '*') {
            continue;
        } else if (c == ' ' && i + 1 < s.size() && s[i + 1] == '*') {
            continue;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

[[nodiscard]] inline bool is_currency(std::string_view s) {
    // ISO-4217-like: three capital letters, optionally followed by a price year
    // ("USD2022" or "USD_2022"). Checked only after the unit table, so BTU stays energy.
    if (s.size() < 3) return false;
    for (std::size_t i = 0; i < 3; ++i)
        if (s[i] < 'A' || s[i] > 'Z') return false;
    std::string_view rest = s.substr(3);
    if (rest.empty()) return true;
    if (rest.front() == '_' || rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() != 4) return false;
    for (char c : rest)
        if (c < '0' || c > '9') return false;
    return true;
}
/// "kBq [Units of radioactivity]": the reference unit `kBq` of an imported database's unit
/// group (io/olca.hpp writes it so for units cradle has no table row for). The dimension is the
/// group and its reference unit together, so "Bq [Units of radioactivity]" is another dimension
/// and never silently taken for kBq.
[[nodiscard]] inline std::optional<unit> named_unit(const std::string& s) {
    const auto open = s.rfind(" [");
    if (open == std::string::npos || open == 0 || s.back() != ']' || s.size() < open + 4)
        return std::nullopt;
    const std::string symbol = trim(s.substr(0, open));
    const std::string group = trim(s.substr(open + 2, s.size() - open - 3));
    if (symbol.empty() || group.empty()) return std::nullopt;
    return unit{s, dimension{base_dimension::named, group + ":" + symbol}, 1.0};
}

/// The unit `symbol` taken as the reference unit of the imported unit group `group`.
[[nodiscard]] inline unit reference_of_group(const std::string& symbol, const std::string& group) {
    return unit{symbol + " [" + group + "]", dimension{base_dimension::named, group + ":" + symbol},
                1.0};
}
} // namespace detail

/// Parse a unit symbol ("kg", "kWh", "t*km", "m3", "USD2022"). Throws
/// unit_error "unknown-unit" for anything not in the table, and for
/// ambiguous spellings such as "ton" (metric or short?).
[[nodiscard]] inline unit parse_unit(std::string_view text) {
    const std::string s = detail::normalize_unit(text);
    for (auto amb : detail::ambiguous_units)
        if (s == amb)
            throw unit_error("unknown-unit", "unit '" + std::string(text) +
                                                 "' is ambiguous (metric tonne 't' or "
                                                 "'short ton'/'long ton'?)"); // short: in the list
    for (const auto& e : detail::unit_table)
        if (e.symbol == s) return unit{std::string(text), dimension{e.dim, {}}, e.to_base};
    if (s.find(' ') != std::string::npos) { // "t km" -> "t*km"
        std::string starred = s;
        for (char& c : starred)
            if (c == ' ') c = '*';
        for (const auto& e : detail::unit_table)
            if (e.symbol == starred)
                return unit{std::string(text), dimension{e.dim, {}}, e.to_base};
    }
    if (auto named = detail::named_unit(s)) return *named;
    if (detail::is_currency(s)) {
        std::string code = s.substr(0, 3);
        if (s.size() > 3) code += s.substr(s.size() - 4);
        return unit{std::string(text), dimension{base_dimension::currency, code}, 1.0};
    }
    throw unit_error("unknown-unit", "unknown unit '" + detail::excerpt(text, 60) + "'");
}

/// Factor that converts an amount in `from` into `to`. Throws unit_error
/// "incompatible-unit" if the dimensions differ; `context` names the culprit.
[[nodiscard]] inline double conversion_factor(const unit& from, const unit& to,
                                              std::string_view context = {}) {
    if (!(from.dim == to.dim)) {
        std::string msg = "cannot convert '" + from.symbol + "' (" + to_string(from.dim) +
                          ") to '" + to.symbol + "' (" + to_string(to.dim) + ")";
        if (!context.empty()) msg = std::string(context) + ": " + msg;
        throw unit_error("incompatible-unit", msg);
    }
    return from.to_base / to.to_base;
}

} // namespace cradle
