// cradle — the Circular Footprint Formula (CFF) of the EU Product Environmental Footprint
// method: recycled content and end-of-life recycling, energy recovery and disposal of a material
// input, turned into ordinary product inputs whose amounts the formula sets.
// SPDX-License-Identifier: Apache-2.0
//
// Commission Recommendation (EU) 2021/2279, Annex I, section 4.4.8.1, per unit of material:
//   material  (1 - R1) Ev + R1 (A Erecycled + (1 - A) Ev Qsin/Qp)
//             + (1 - A) R2 (ErecyclingEoL - E*v Qsout/Qp)
//   energy    (1 - B) R3 (EER - LHV XER,heat ESE,heat - LHV XER,elec ESE,elec)
//   disposal  (1 - R2 - R3) ED
// Every E is a process the model already has (or a factor); the formula is linear in them, so a
// material input declaring `"cff"` becomes one input per E with the coefficient above times the
// material's amount (negative for the avoided E*v, heat and electricity). The structure never
// depends on parameter values: apply_parameters() recomputes the amounts (including the switch
// "cff" / "cut-off") without adding or removing exchanges.
#pragma once

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/model/units.hpp"

#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cradle {

/// The term of the formula an input generated from a `"cff"` declaration stands for.
enum class cff_role : std::uint8_t {
    virgin,                  ///< Ev: virgin material (also E*v when `substituted` is not given)
    recycled,                ///< Erecycled: recycled material input, incl. its recycling process
    recycling_eol,           ///< ErecyclingEoL: recycling of the material at end of life
    substituted,             ///< E*v: virgin material the recycled output replaces (avoided)
    energy_recovery,         ///< EER: energy recovery (incineration with recovery)
    heat_substituted,        ///< ESE,heat: heat the recovered energy replaces (avoided, MJ)
    electricity_substituted, ///< ESE,elec: electricity it replaces (avoided, MJ)
    disposal,                ///< ED: disposal (landfill, incineration without recovery)
};

/// JSON names of the roles, in enum order.
inline constexpr std::array<std::string_view, 8> cff_role_names = {
    "virgin",          "recycled",         "recycling_eol",           "substituted",
    "energy_recovery", "heat_substituted", "electricity_substituted", "disposal"};

/// JSON names of the formula's parameters. LHV in MJ per kg of material; the others are
/// fractions (Q ratios: quality of the secondary over the primary material).
inline constexpr std::array<std::string_view, 10> cff_parameter_names = {
    "A", "B", "R1", "R2", "R3", "Qsin_Qp", "Qsout_Qp", "LHV", "XER_heat", "XER_elec"};

/// The A factor and quality ratios the PEF method publishes for a material (Annex C of the EF
/// method, version 2.1, May 2020: A = 0.2 for metals, 0.5 for plastics; the quality ratios of
/// metals are 1, those of plastics depend on the application and must be given).
struct cff_material {
    std::string_view name;
    double A;
    std::optional<double> quality; ///< Qsin/Qp = Qsout/Qp default, if the method gives one
};

inline constexpr std::array<cff_material, 4> cff_materials = {
    cff_material{"copper", 0.2, 1.0}, cff_material{"aluminium", 0.2, 1.0},
    cff_material{"steel", 0.2, 1.0}, cff_material{"plastics", 0.5, std::nullopt}};

/// A `"cff"` declaration on a material input, as written in the model (numbers or formulas).
struct cff_spec {
    std::string process;  ///< the declaring process (messages)
    std::string material; ///< the input's flow: the material the formula is about
    double amount{0.0};   ///< the material's amount (set by apply_parameters when a formula)
    std::string amount_formula;
    unit amount_unit;
    std::string method{"cff"};   ///< "cff" or "cut-off"
    std::string method_template; ///< e.g. "{recycling_method}", expanded by apply_parameters
    std::string defaults;        ///< a cff_materials name, or empty
    std::map<std::string, double> values;        ///< parameter -> number
    std::map<std::string, std::string> formulas; ///< parameter -> formula
};

/// What an input made from a `"cff"` declaration stands for; amounts follow from it.
struct cff_term {
    std::shared_ptr<const cff_spec> spec;
    cff_role role{cff_role::virgin};
};

/// The formula's parameters as numbers.
struct cff_values {
    double A{0}, B{0}, R1{0}, R2{0}, R3{0}, Qsin{1}, Qsout{1}, LHV{0}, XER_heat{0}, XER_elec{0};
};

/// Coefficient of `role` per unit of material (per kg for the MJ of substituted energy).
/// `substituted_apart`: E*v is its own input (else its term is folded into Ev's).
[[nodiscard]] inline double cff_coefficient(cff_role role, const cff_values& v,
                                            bool substituted_apart) {
    const double credit = (1 - v.A) * v.R2 * v.Qsout;
    switch (role) {
    case cff_role::virgin:
        return (1 - v.R1) + v.R1 * (1 - v.A) * v.Qsin - (substituted_apart ? 0.0 : credit);
    case cff_role::recycled:
        return v.R1 * v.A;
    case cff_role::recycling_eol:
        return (1 - v.A) * v.R2;
    case cff_role::substituted:
        return -credit;
    case cff_role::energy_recovery:
        return (1 - v.B) * v.R3;
    case cff_role::heat_substituted:
        return -(1 - v.B) * v.R3 * v.LHV * v.XER_heat;
    case cff_role::electricity_substituted:
        return -(1 - v.B) * v.R3 * v.LHV * v.XER_elec;
    case cff_role::disposal:
        return 1 - v.R2 - v.R3;
    }
    return 0;
}

/// The parameters of `spec` as numbers: its own values, then (for names it gives as formulas)
/// `evaluated`, then the material's published defaults; "cut-off" sets A = 1 (recycled content
/// at its recycling burden, end-of-life recycling without credit) and no energy credits.
/// Ranges are checked; every problem is appended to `problems`, named by process and material.
[[nodiscard]] inline std::optional<cff_values>
cff_resolve(const cff_spec& spec, const std::map<std::string, double>& evaluated,
            std::vector<problem>& problems) {
    const std::string where = "process '" + spec.process + "' input '" + spec.material + "' cff";
    const std::size_t before = problems.size();
    const cff_material* mat = nullptr;
    for (const auto& m : cff_materials)
        if (m.name == spec.defaults) mat = &m;
    if (!spec.defaults.empty() && mat == nullptr) {
        std::string known;
        for (const auto& m : cff_materials)
            known.append(known.empty() ? "" : ", ").append(m.name);
        problems.push_back(
            {"cff-unknown-material", where + " material '" + spec.defaults +
                                         "': no published defaults (known: " + known + ")"});
    }
    auto get = [&](std::string_view name) -> std::optional<double> {
        const std::string key(name);
        if (auto it = evaluated.find(key); it != evaluated.end()) return it->second;
        if (auto it = spec.values.find(key); it != spec.values.end()) return it->second;
        if (mat != nullptr) {
            if (name == "A") return mat->A;
            if ((name == "Qsin_Qp" || name == "Qsout_Qp") && mat->quality) return *mat->quality;
        }
        return std::nullopt;
    };
    cff_values v;
    auto fraction = [&](std::string_view name, double& out, std::optional<double> fallback) {
        auto x = get(name);
        if (!x) x = fallback;
        if (!x) {
            problems.push_back(
                {"cff-missing",
                 where + ": '" + std::string(name) + "' is required" +
                     (name == "A" ? " (or \"material\" with published defaults)" : "")});
            return;
        }
        if (!(*x >= 0.0 && *x <= 1.0))
            problems.push_back({"out-of-range", where + " " + std::string(name) + " = " +
                                                    detail::format_number(*x) +
                                                    ": must be from 0 to 1"});
        out = *x;
    };
    fraction("R1", v.R1, 0.0);
    fraction("R2", v.R2, 0.0);
    fraction("R3", v.R3, 0.0);
    fraction("B", v.B, 0.0);
    fraction("XER_heat", v.XER_heat, 0.0);
    fraction("XER_elec", v.XER_elec, 0.0);
    if (spec.method == "cut-off") {
        v.A = 1.0;
    } else if (spec.method == "cff") {
        fraction("A", v.A, std::nullopt);
    } else {
        problems.push_back(
            {"out-of-range", where + " method '" + spec.method + "' is not one of: cff, cut-off"});
    }
    auto positive = [&](std::string_view name, double& out, bool required) {
        const auto x = get(name);
        if (!x) {
            if (required)
                problems.push_back({"cff-missing", where + ": '" + std::string(name) +
                                                       "' is required (the material has no "
                                                       "published default)"});
            return;
        }
        if (!(*x > 0.0 && std::isfinite(*x)))
            problems.push_back({"out-of-range", where + " " + std::string(name) + " = " +
                                                    detail::format_number(*x) +
                                                    ": must be positive"});
        out = *x;
    };
    // the quality ratios matter only where (1 - A) weighs them
    positive("Qsin_Qp", v.Qsin, v.R1 != 0.0 && v.A < 1.0);
    positive("Qsout_Qp", v.Qsout, v.R2 != 0.0 && v.A < 1.0);
    if (get("LHV")) {
        const double lhv = *get("LHV");
        if (!(lhv >= 0.0 && std::isfinite(lhv)))
            problems.push_back({"out-of-range", where + " LHV = " + detail::format_number(lhv) +
                                                    " MJ/kg: must be zero or positive"});
        v.LHV = lhv;
    }
    if (v.R2 + v.R3 > 1.0 + 1e-12)
        problems.push_back(
            {"out-of-range", where + ": R2 + R3 = " + detail::format_number(v.R2 + v.R3) +
                                 " (recycled plus energy-recovered share of the "
                                 "material at end of life) exceeds 1"});
    if (spec.method == "cut-off") v.XER_heat = v.XER_elec = 0.0; // no credits under cut-off
    if (problems.size() != before) return std::nullopt;
    return v;
}

} // namespace cradle
