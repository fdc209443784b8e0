// cradle — internal: the unit names EcoSpold files use, as cradle units.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/model/units.hpp"

#include <optional>
#include <string>
#include <utility>

namespace cradle::detail {

/// The unit EcoSpold names `name`: cradle's table, else an EcoSpold spelling of a table unit,
/// else a radioactivity unit (the group "Units of radioactivity" of openLCA, kBq its reference,
/// so EcoSpold and JSON-LD imports agree). nullopt if unknown.
[[nodiscard]] inline std::optional<unit> ecospold_unit(const std::string& name) {
    static const std::pair<const char*, const char*> aliases[] = {
        {"metric ton*km", "t*km"},
        {"tkm", "t*km"},
        {"hour", "h"},
        {"hours", "h"},
        {"year", "a"},
        {"person*km", "passenger*km"},
        {"personkm", "passenger*km"},
        {"m2*year", "m2*a"},
        {"m2year", "m2*a"},
        {"sh tn", "short ton"},
        {"btu", "Btu"},
        {"unit", "item"},
        {"Item(s)", "item"},
        {"p*km", "passenger*km"},
        {"km*year", "km*a"},
        {"cu ft", "ft3"},
        {"ft3", "ft3"},
        {"lb av", "lb"},
        {"m3*year", "m3*a"},
    };
    std::string s = name;
    for (const auto& [from, to] : aliases)
        if (s == from) s = to;
    if (s == "ft3") return unit{name, dimension{base_dimension::volume, {}}, 0.028316846592};
    if (s == "kBq" || s == "Bq") {
        unit u = reference_of_group("kBq", "Units of radioactivity");
        u.symbol = name;
        if (s == "Bq") u.to_base = 1e-3;
        return u;
    }
    if (s == "km*a" || s == "m3*a") {
        unit u =
            reference_of_group(s, s == "km*a" ? "Units of length*time" : "Units of volume*time");
        u.symbol = name;
        return u;
    }
    try {
        unit u = parse_unit(s);
        u.symbol = name;
        return u;
    } catch (const unit_error&) {
        return std::nullopt;
    }
}

} // namespace cradle::detail
