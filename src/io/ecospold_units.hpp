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
    // symbols that cradle reads back: a written model must parse again
    if (s == "kBq" || s == "Bq") {
        unit u = reference_of_group("kBq", "Units of radioactivity");
        if (s == "Bq") u.to_base = 1e-3; // a flow's own unit is its group's reference (kBq)
        return u;
    }
    if (s == "km*a" || s == "m3*a")
        return reference_of_group(s, s == "km*a" ? "Units of length*time" : "Units of volume*time");
    try {
        return parse_unit(s);
    } catch (const unit_error&) {
        return std::nullopt;
    }
}

/// The unit a flow first seen in `u` keeps as its reference: `u` itself, or for a unit of an
/// imported group, the group's reference unit (so that the written model reads back).
[[nodiscard]] inline unit flow_reference_unit(const unit& u) {
    if (u.dim.base != base_dimension::named || u.to_base == 1.0) return u;
    const auto colon = u.dim.name.rfind(':');
    return reference_of_group(u.dim.name.substr(colon + 1), u.dim.name.substr(0, colon));
}

} // namespace cradle::detail
