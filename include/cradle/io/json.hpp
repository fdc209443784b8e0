// cradle — the JSON model format (read and write), with nlohmann/json.
// SPDX-License-Identifier: Apache-2.0
//
// The format is documented in docs/model-format.md and schema/cradle-model.schema.json.
// Reading reports every problem of a document at once, each with the source
// name and the JSON path (e.g. "model.json: /processes/2 (smelter)/inputs/0/amount").
#pragma once

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/io/detail/json_reader.hpp"
#include "cradle/io/detail/json_stream.hpp"
#include "cradle/model/model.hpp"
#include "cradle/model/parameters.hpp"
#include "cradle/model/pedigree.hpp"
#include "cradle/model/units.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cradle {

inline constexpr std::string_view model_format_id = "cradle-model/1";

namespace detail {
/// nlohmann/json's message with the text it quotes ("last read: '...'") cut to a short, escaped
/// excerpt: a file that is not JSON (say, a password file) is never echoed.
[[nodiscard]] inline std::string json_error_text(std::string m) {
    const std::string marker = "last read: '";
    if (const auto at = m.find(marker); at != std::string::npos) {
        const auto start = at + marker.size();
        const auto end = m.rfind('\'');
        const std::string quoted = end != std::string::npos && end >= start
                                       ? m.substr(start, end - start)
                                       : m.substr(start);
        m = m.substr(0, start) + excerpt(quoted, 24) + "'";
    }
    return excerpt(m, 300);
}
[[nodiscard]] inline std::string json_error_text(const nlohmann::json::exception& e) {
    return json_error_text(std::string(e.what()));
}
} // namespace detail

namespace detail {

inline std::optional<uncertainty> read_uncertainty(json_reader& rd, const nlohmann::json& j,
                                                   const std::string& p0);

/// One entry of "parameters".
inline parameter read_parameter(json_reader& rd, const nlohmann::json& j, const std::string& p0) {
    parameter par;
    par.name = rd.str(j, p0, "name", true).value_or("");
    const std::string p = par.name.empty() ? p0 : p0 + " (" + par.name + ")";
    rd.only(j, p,
            {"name", "description", "unit", "default", "formula", "min", "max", "choices",
             "uncertainty"});
    par.description = rd.str(j, p, "description", false).value_or("");
    par.unit = rd.str(j, p, "unit", false).value_or("");
    par.min = rd.num(j, p, "min", false);
    par.max = rd.num(j, p, "max", false);
    if (!par.name.empty() &&
        (!(std::isalpha(static_cast<unsigned char>(par.name[0])) || par.name[0] == '_') ||
         par.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789_") != std::string::npos))
        rd.fail(p + "/name", "json-value",
                "'" + par.name + "' is not a name (letters, digits and '_')");
    auto def = j.find("default");
    auto formula = rd.str(j, p, "formula", false);
    if (formula && def != j.end()) {
        rd.fail(p, "json-value", "a parameter has either a 'default' or a 'formula'");
    } else if (formula) {
        par.formula = *formula;
        try {
            (void)parse_formula(par.formula);
        } catch (const formula_error& e) {
            rd.fail(p + "/formula", e.id(), e.message());
        }
    } else if (def == j.end()) {
        rd.fail(p + "/default", "json-missing", "a parameter needs a 'default' or a 'formula'");
    } else if (def->is_number()) {
        par.value = def->get<double>();
    } else if (def->is_string()) {
        par.is_text = true;
        par.text = def->get<std::string>();
    } else {
        rd.fail(p + "/default", "json-type",
                std::string("expected a number or a text, got ") + def->type_name());
    }
    if (auto c = j.find("choices"); c != j.end()) {
        if (c->is_object()) { // {choice: the text it stands for in templates}
            for (const auto& [k, x] : c->items()) {
                par.choices.push_back(k);
                if (x.is_string())
                    par.choice_text[k] = x.get<std::string>();
                else
                    rd.fail(p + "/choices/" + k, "json-type", "expected a string");
            }
        } else if (!c->is_array()) {
            rd.fail(p + "/choices", "json-type",
                    "expected an array of strings or an object of strings");
        } else {
            for (const auto& x : *c)
                if (x.is_string())
                    par.choices.push_back(x.get<std::string>());
                else
                    rd.fail(p + "/choices", "json-type", "expected an array of strings");
        }
    }
    par.spread = read_uncertainty(rd, j, p);
    if (par.spread && (par.is_text || !par.formula.empty()))
        rd.fail(p + "/uncertainty", "json-value",
                "only a number parameter with a default can have a distribution");
    return par;
}

/// A number, or a formula in a string (syntax checked here, evaluated by apply_parameters).
inline std::optional<double> number_or_formula(json_reader& rd, const nlohmann::json& j,
                                               const std::string& p, const char* key, bool required,
                                               std::string& formula) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) {
        formula = it->get<std::string>();
        try {
            (void)parse_formula(formula);
        } catch (const formula_error& e) {
            rd.fail(p + "/" + key, e.id(), e.message());
        }
        return 0.0;
    }
    if (it != j.end() && !it->is_number()) {
        rd.fail(p + "/" + key, "json-type",
                std::string("expected a number or a formula, got ") + it->type_name());
        return std::nullopt;
    }
    return rd.num(j, p, key, required);
}

/// An optional number or formula at `key`, stored into `value` or, as text, into
/// `formulas[name]`.
inline void optional_quantity(json_reader& rd, const nlohmann::json& j, const std::string& p,
                              const char* key, const std::string& name,
                              std::optional<double>& value,
                              std::map<std::string, std::string>& formulas, bool non_negative) {
    if (!j.contains(key)) return;
    std::string formula;
    auto v = number_or_formula(rd, j, p, key, false, formula);
    if (!formula.empty()) {
        formulas[name] = formula;
        value = 0.0;
        return;
    }
    if (v && non_negative && !(*v >= 0.0))
        rd.fail(p + "/" + key, "out-of-range", "must be zero or positive");
    value = v;
}

/// One entry of "flows".
inline flow read_flow(json_reader& rd, const nlohmann::json& j, const std::string& p) {
    rd.only(j, p,
            {"id", "name", "type", "unit", "compartment", "substance", "cas", "origin", "direction",
             "mass_per_unit", "carbon_content"});
    flow f;
    f.id = rd.str(j, p, "id", true).value_or("");
    f.name = rd.str(j, p, "name", false).value_or(f.id);
    f.kind = rd.enumeration<flow_kind>(
                   j, p, "type",
                   {{"product", flow_kind::product}, {"elementary", flow_kind::elementary}})
                 .value_or(flow_kind::product);
    if (auto u = rd.unit_of(j, p, "unit", true)) f.ref_unit = *u;
    f.compartment = rd.str(j, p, "compartment", false).value_or("");
    f.substance = rd.str(j, p, "substance", false).value_or("");
    f.cas = rd.str(j, p, "cas", false).value_or("");
    f.carbon_origin = rd.enumeration<origin>(j, p, "origin",
                                             {{"fossil", origin::fossil},
                                              {"biogenic", origin::biogenic},
                                              {"land-use-change", origin::land_use_change},
                                              {"land-management", origin::land_management},
                                              {"technological", origin::technological},
                                              {"ccs", origin::ccs},
                                              {"other", origin::other}})
                          .value_or(origin::other);
    f.dir = rd.enumeration<direction>(
                  j, p, "direction",
                  {{"emission", direction::emission}, {"resource", direction::resource}})
                .value_or(direction::emission);
    if (f.kind == flow_kind::product && (j.contains("origin") || j.contains("substance")))
        rd.fail(p, "json-value", "'origin' and 'substance' apply to elementary flows only");
    if (f.kind == flow_kind::elementary &&
        (j.contains("mass_per_unit") || j.contains("carbon_content")))
        rd.fail(p, "json-value",
                "'mass_per_unit' and 'carbon_content' apply to product flows only");
    optional_quantity(rd, j, p, "mass_per_unit", "mass_per_unit", f.mass_per_unit, f.formulas,
                      true);
    if (auto c = j.find("carbon_content"); c != j.end()) {
        const std::string pc = p + "/carbon_content";
        if (!c->is_object()) {
            rd.fail(pc, "json-type",
                    "expected an object {fossil, biogenic, recycled, "
                    "packaging_biogenic} in kg C per unit of the flow");
        } else {
            rd.only(*c, pc, {"fossil", "biogenic", "recycled", "packaging_biogenic"});
            optional_quantity(rd, *c, pc, "fossil", "carbon.fossil", f.carbon.fossil, f.formulas,
                              true);
            optional_quantity(rd, *c, pc, "biogenic", "carbon.biogenic", f.carbon.biogenic,
                              f.formulas, true);
            optional_quantity(rd, *c, pc, "recycled", "carbon.recycled", f.carbon.recycled,
                              f.formulas, true);
            optional_quantity(rd, *c, pc, "packaging_biogenic", "carbon.packaging_biogenic",
                              f.carbon.packaging_biogenic, f.formulas, true);
        }
    }
    return f;
}

/// "data_quality" of a process: ratings 1 (best) to 5 (worst).
inline data_quality read_data_quality(json_reader& rd, const nlohmann::json& j,
                                      const std::string& p) {
    data_quality q;
    auto it = j.find("data_quality");
    if (it == j.end()) return q;
    const std::string pq = p + "/data_quality";
    if (!it->is_object()) {
        rd.fail(pq, "json-type", "expected an object of ratings 1..5");
        return q;
    }
    rd.only(*it, pq, {"technological", "geographical", "temporal", "completeness", "reliability"});
    auto rating = [&](const char* key, std::optional<double>& out) {
        out = rd.num(*it, pq, key, false);
        if (out && !(*out >= 1.0 && *out <= 5.0)) {
            rd.fail(pq + "/" + key, "out-of-range",
                    "a data-quality rating is between 1 (best) and 5 (worst)");
            out.reset();
        }
    };
    rating("technological", q.technological);
    rating("geographical", q.geographical);
    rating("temporal", q.temporal);
    rating("completeness", q.completeness);
    rating("reliability", q.reliability);
    return q;
}

/// "uncertainty" of an exchange or a parameter: {"distribution": "lognormal", "geometric_mean",
/// "gsd"} | {"normal", "mean", "sd"} | {"triangular", "min", "mode", "max"} | {"uniform", "min",
/// "max"} | {"distribution": "none"}, with an optional "pedigree" (text) and "base_gsd". A
/// lognormal may give "pedigree" and "base_gsd" instead of "gsd": the GSD is then computed from
/// them (model/pedigree.hpp).
inline std::optional<uncertainty> read_uncertainty(json_reader& rd, const nlohmann::json& j,
                                                   const std::string& p0) {
    auto it = j.find("uncertainty");
    if (it == j.end()) return std::nullopt;
    const std::string p = p0 + "/uncertainty";
    if (!it->is_object()) {
        rd.fail(p, "json-type", "expected an object {distribution, ...}");
        return std::nullopt;
    }
    if (auto d = it->find("distribution"); d != it->end() && d->is_string() && *d == "none") {
        rd.only(*it, p, {"distribution"});
        return std::nullopt;
    }
    uncertainty u;
    auto kind = rd.enumeration<distribution>(*it, p, "distribution",
                                             {{"lognormal", distribution::lognormal},
                                              {"normal", distribution::normal},
                                              {"triangular", distribution::triangular},
                                              {"uniform", distribution::uniform}});
    if (!kind) {
        if (!it->contains("distribution"))
            rd.fail(p + "/distribution", "json-missing", "required member is missing");
        return std::nullopt;
    }
    u.kind = *kind;
    const std::size_t before = rd.problems().size();
    u.pedigree = rd.str(*it, p, "pedigree", false).value_or("");
    switch (u.kind) {
    case distribution::lognormal: {
        rd.only(*it, p, {"distribution", "geometric_mean", "gsd", "base_gsd", "pedigree"});
        u.a = rd.num(*it, p, "geometric_mean", true).value_or(0.0);
        u.base_gsd = rd.num(*it, p, "base_gsd", false);
        const bool from_pedigree = !it->contains("gsd") && u.base_gsd && !u.pedigree.empty();
        if (from_pedigree) {
            const auto scores = parse_pedigree(u.pedigree);
            if (!scores)
                rd.fail(p + "/pedigree", "invalid-pedigree",
                        "'" + u.pedigree + "' is not five scores 1..5 such as \"(1;2;1;1;3)\"");
            else if (!(*u.base_gsd >= 1.0))
                rd.fail(p + "/base_gsd", "out-of-range", "a GSD is at least 1");
            else
                u.b = pedigree_gsd(*scores, *u.base_gsd);
        } else {
            u.b = rd.num(*it, p, "gsd", true).value_or(1.0);
            if (!(u.b >= 1.0)) rd.fail(p + "/gsd", "out-of-range", "a GSD is at least 1");
        }
        if (u.a == 0.0 && it->contains("geometric_mean"))
            rd.fail(p + "/geometric_mean", "out-of-range", "a geometric mean is not zero");
        break;
    }
    case distribution::normal:
        rd.only(*it, p, {"distribution", "mean", "sd", "pedigree"});
        u.a = rd.num(*it, p, "mean", true).value_or(0.0);
        u.b = rd.num(*it, p, "sd", true).value_or(0.0);
        if (!(u.b >= 0.0)) rd.fail(p + "/sd", "out-of-range", "a standard deviation is >= 0");
        break;
    case distribution::triangular:
        rd.only(*it, p, {"distribution", "min", "mode", "max", "pedigree"});
        u.a = rd.num(*it, p, "min", true).value_or(0.0);
        u.b = rd.num(*it, p, "mode", true).value_or(0.0);
        u.c = rd.num(*it, p, "max", true).value_or(0.0);
        if (!(u.a <= u.b && u.b <= u.c))
            rd.fail(p, "out-of-range", "a triangular distribution needs min <= mode <= max");
        break;
    case distribution::uniform:
        rd.only(*it, p, {"distribution", "min", "max", "pedigree"});
        u.a = rd.num(*it, p, "min", true).value_or(0.0);
        u.b = rd.num(*it, p, "max", true).value_or(0.0);
        if (!(u.a <= u.b)) rd.fail(p, "out-of-range", "a uniform distribution needs min <= max");
        break;
    }
    if (rd.problems().size() != before) return std::nullopt;
    return u;
}

[[nodiscard]] inline nlohmann::json uncertainty_to_json(const uncertainty& u) {
    nlohmann::json j = {{"distribution", to_string(u.kind)}};
    switch (u.kind) {
    case distribution::lognormal:
        j["geometric_mean"] = u.a;
        j["gsd"] = u.b;
        if (u.base_gsd) j["base_gsd"] = *u.base_gsd;
        break;
    case distribution::normal:
        j["mean"] = u.a;
        j["sd"] = u.b;
        break;
    case distribution::triangular:
        j["min"] = u.a;
        j["mode"] = u.b;
        j["max"] = u.c;
        break;
    case distribution::uniform:
        j["min"] = u.a;
        j["max"] = u.b;
        break;
    }
    if (!u.pedigree.empty()) j["pedigree"] = u.pedigree;
    return j;
}

/// Flow id -> its unit, for exchanges that state no unit of their own.
using flow_unit_map = std::map<std::string, unit>;

/// One exchange (output, input or elementary flow) with the members `allowed` on its side.
inline exchange read_exchange(json_reader& rd, const nlohmann::json& j, const std::string& p,
                              std::initializer_list<std::string_view> allowed,
                              const flow_unit_map& flow_units) {
    rd.only(j, p, allowed);
    exchange e;
    e.flow = rd.str(j, p, "flow", true).value_or("");
    e.amount = number_or_formula(rd, j, p, "amount", true, e.formulas.amount).value_or(0.0);
    if (auto u = rd.unit_of(j, p, "unit", false)) {
        e.amount_unit = *u;
    } else if (!j.contains("unit")) {
        auto it = flow_units.find(e.flow);
        if (it != flow_units.end()) e.amount_unit = it->second; // default: the flow's unit
    }
    e.provider = rd.str(j, p, "provider", false).value_or("");
    if (e.provider.find('{') != std::string::npos) e.formulas.provider = e.provider;
    e.avoids = rd.str(j, p, "avoids", false).value_or("");
    e.price = number_or_formula(rd, j, p, "price", false, e.formulas.price);
    e.allocation_factor =
        number_or_formula(rd, j, p, "allocation_factor", false, e.formulas.allocation_factor);
    e.spread = read_uncertainty(rd, j, p);
    return e;
}

/// A material input declaring `"cff"` (model/cff.hpp): one input per term of the Circular
/// Footprint Formula the declaration names (virgin, recycled, ...), in the declared order of
/// roles; their amounts are set by apply_parameters().
inline void read_cff_input(json_reader& rd, const nlohmann::json& j, const std::string& p,
                           const std::string& process_id, const flow_unit_map& flow_units,
                           std::vector<exchange>& inputs) {
    const exchange material =
        read_exchange(rd, j, p, {"flow", "amount", "unit", "cff", "uncertainty"}, flow_units);
    const std::string at = p + "/cff";
    const auto& c = j.at("cff");
    if (!c.is_object()) {
        rd.fail(at, "json-type", std::string("expected an object, got ") + c.type_name());
        return;
    }
    if (material.spread)
        rd.fail(p + "/uncertainty", "json-value",
                "a material with \"cff\" takes no uncertainty of its own: give it to the "
                "parameters its amount or the formula's parameters use");
    {
        std::vector<std::string_view> allowed = {"method", "material"};
        for (auto n : cff_parameter_names)
            allowed.push_back(n);
        for (auto n : cff_role_names)
            allowed.push_back(n);
        for (const auto& [key, _] : c.items())
            if (key != "$schema" && key != "comment" &&
                std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                rd.fail(at + "/" + key, "json-unknown-member",
                        "unknown member '" + key +
                            "' (parameters: A, B, R1, R2, R3, Qsin_Qp, Qsout_Qp, LHV, XER_heat, "
                            "XER_elec; terms: virgin, recycled, recycling_eol, substituted, "
                            "energy_recovery, heat_substituted, electricity_substituted, "
                            "disposal)");
    }
    auto spec = std::make_shared<cff_spec>();
    spec->process = process_id;
    spec->material = material.flow;
    spec->amount = material.amount;
    spec->amount_formula = material.formulas.amount;
    spec->amount_unit = material.amount_unit;
    if (auto m = rd.str(c, at, "method", false)) {
        if (m->find('{') != std::string::npos)
            spec->method_template = *m;
        else if (*m == "cff" || *m == "cut-off")
            spec->method = *m;
        else
            rd.fail(at + "/method", "json-value", "'" + *m + "' is not one of: cff, cut-off");
    }
    spec->defaults = rd.str(c, at, "material", false).value_or("");
    for (auto name : cff_parameter_names) {
        std::string formula;
        const std::string key(name);
        const auto v = number_or_formula(rd, c, at, key.c_str(), false, formula);
        if (!formula.empty())
            spec->formulas[key] = formula;
        else if (v)
            spec->values[key] = *v;
    }
    const unit mj = parse_unit("MJ");
    bool has_virgin = false, needs_mass = false;
    std::vector<exchange> terms;
    for (std::size_t r = 0; r < cff_role_names.size(); ++r) {
        const std::string key(cff_role_names[r]);
        auto it = c.find(key);
        if (it == c.end()) continue;
        const std::string pr = at + "/" + key;
        if (!it->is_object()) {
            rd.fail(pr, "json-type",
                    "expected an object {\"flow\": ..., \"provider\": ...}, got " +
                        std::string(it->type_name()));
            continue;
        }
        rd.only(*it, pr, {"flow", "provider"});
        exchange e;
        e.flow = rd.str(*it, pr, "flow", true).value_or("");
        e.provider = rd.str(*it, pr, "provider", false).value_or("");
        if (e.provider.find('{') != std::string::npos) e.formulas.provider = e.provider;
        const auto role = static_cast<cff_role>(r);
        const bool energy =
            role == cff_role::heat_substituted || role == cff_role::electricity_substituted;
        needs_mass = needs_mass || energy;
        e.amount_unit = energy ? mj : material.amount_unit;
        e.cff = std::make_shared<const cff_term>(cff_term{nullptr, role});
        has_virgin = has_virgin || role == cff_role::virgin;
        terms.push_back(std::move(e));
    }
    if (!has_virgin)
        rd.fail(at + "/virgin", "json-missing",
                "required member is missing (Ev: the virgin material's flow and provider)");
    if (needs_mass && material.amount_unit.dim.base != base_dimension::mass)
        rd.fail(p + "/unit", "cff-unit",
                "the substituted energy is LHV (MJ/kg) times the material's mass: the material's "
                "unit must be a mass, got '" +
                    material.amount_unit.symbol + "'");
    const std::shared_ptr<const cff_spec> shared = spec;
    for (auto& e : terms) {
        e.cff = std::make_shared<const cff_term>(cff_term{shared, e.cff->role});
        inputs.push_back(std::move(e));
    }
}

/// An array of strings at `key` (absent: empty).
inline std::vector<std::string> read_strings(json_reader& rd, const nlohmann::json& j,
                                             const std::string& p, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array()) {
        rd.fail(p + "/" + key, "json-type", "expected an array of strings");
        return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
        if ((*it)[i].is_string())
            out.push_back((*it)[i].get<std::string>());
        else
            rd.fail(p + "/" + key + "/" + std::to_string(i), "json-type", "expected a string");
    }
    return out;
}

/// An object of strings at `key` (absent: empty); `what` describes the expected values.
inline std::map<std::string, std::string> read_string_map(json_reader& rd, const nlohmann::json& j,
                                                          const std::string& p, const char* key,
                                                          const char* expected,
                                                          const char* expected_value) {
    std::map<std::string, std::string> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    const std::string at = p + "/" + key;
    if (!it->is_object()) {
        rd.fail(at, "json-type", expected);
        return out;
    }
    for (const auto& [k, v] : it->items()) {
        if (v.is_string())
            out[k] = v.get<std::string>();
        else
            rd.fail(at + "/" + k, "json-type", expected_value);
    }
    return out;
}

/// One entry of "processes".
inline process read_process(json_reader& rd, const nlohmann::json& j, const std::string& p0,
                            const flow_unit_map& flow_units) {
    process pr;
    pr.id = rd.str(j, p0, "id", true).value_or("");
    const std::string p = pr.id.empty() ? p0 : p0 + " (" + pr.id + ")";
    rd.only(j, p,
            {"id", "name", "location", "stage", "tags", "metadata", "data_quality",
             "coproduct_method", "outputs", "inputs", "elementary"});
    pr.name = rd.str(j, p, "name", false).value_or(pr.id);
    pr.location = rd.str(j, p, "location", false).value_or("");
    pr.stage = rd.str(j, p, "stage", false).value_or("");
    pr.tags = read_strings(rd, j, p, "tags");
    pr.metadata =
        read_string_map(rd, j, p, "metadata", "expected an object of strings", "expected a string");
    pr.quality = read_data_quality(rd, j, p);
    if (auto m = j.find("coproduct_method");
        m != j.end() && m->is_string() && m->get<std::string>().find('{') != std::string::npos)
        pr.method_template = m->get<std::string>();
    else
        pr.method =
            rd.enumeration<coproduct_method>(j, p, "coproduct_method",
                                             {{"none", coproduct_method::none},
                                              {"substitution", coproduct_method::substitution},
                                              {"mass", coproduct_method::mass},
                                              {"economic", coproduct_method::economic},
                                              {"factors", coproduct_method::factors}})
                .value_or(coproduct_method::none);
    auto reserve = [&](const char* key, std::vector<exchange>& v) { // moving 448-byte exchanges
        if (auto it = j.find(key); it != j.end() && it->is_array()) v.reserve(it->size());
    };
    reserve("outputs", pr.outputs);
    reserve("inputs", pr.inputs);
    reserve("elementary", pr.elementary);
    rd.array(j, p, "outputs", true, [&](const nlohmann::json& e, const std::string& pe) {
        pr.outputs.push_back(read_exchange(
            rd, e, pe,
            {"flow", "amount", "unit", "price", "allocation_factor", "avoids", "uncertainty"},
            flow_units));
    });
    rd.array(j, p, "inputs", false, [&](const nlohmann::json& e, const std::string& pe) {
        if (e.contains("cff"))
            read_cff_input(rd, e, pe, pr.id, flow_units, pr.inputs);
        else
            pr.inputs.push_back(read_exchange(
                rd, e, pe, {"flow", "amount", "unit", "provider", "uncertainty"}, flow_units));
    });
    rd.array(j, p, "elementary", false, [&](const nlohmann::json& e, const std::string& pe) {
        pr.elementary.push_back(
            read_exchange(rd, e, pe, {"flow", "amount", "unit", "uncertainty"}, flow_units));
    });
    return pr;
}

/// "functional_unit".
inline std::optional<functional_unit>
read_functional_unit(json_reader& rd, const nlohmann::json& doc, const flow_unit_map& flow_units) {
    auto it = doc.find("functional_unit");
    if (it == doc.end()) return std::nullopt;
    if (!it->is_object()) {
        rd.fail("/functional_unit", "json-type", "expected an object");
        return std::nullopt;
    }
    const auto& j = *it;
    const std::string p = "/functional_unit";
    rd.only(j, p, {"process", "flow", "amount", "unit"});
    functional_unit fu;
    fu.process = rd.str(j, p, "process", false).value_or("");
    fu.flow = rd.str(j, p, "flow", true).value_or("");
    fu.amount = number_or_formula(rd, j, p, "amount", true, fu.amount_formula).value_or(1.0);
    if (auto u = rd.unit_of(j, p, "unit", false)) {
        fu.amount_unit = *u;
    } else if (!j.contains("unit")) {
        auto fit = flow_units.find(fu.flow);
        if (fit != flow_units.end()) fu.amount_unit = fit->second;
    }
    return fu;
}

/// "flows": each flow into `flows` (if given) and its unit into `units`.
inline void read_flows(json_reader& rd, const nlohmann::json& doc, std::vector<flow>* flows,
                       flow_unit_map& units) {
    rd.array(doc, "", "flows", true, [&](const nlohmann::json& j, const std::string& p) {
        flow f = read_flow(rd, j, p);
        if (!f.id.empty()) units.emplace(f.id, f.ref_unit);
        if (flows != nullptr) flows->push_back(std::move(f));
    });
}

/// The processes of a document read while it streams by (parse_model): each element of
/// "processes" is read as it closes, once the flows are known (their units are the exchanges'
/// default); elements closing before "flows" has been read are kept and read with the rest of the
/// document, in order. Problems are those the whole-document reader finds, in its order.
struct streamed_processes {
    explicit streamed_processes(const std::string& source) : rd(source) {}

    json_reader rd;
    std::vector<process> processes;
    std::vector<std::pair<std::size_t, nlohmann::json>> deferred;
    std::optional<flow_unit_map> units; ///< from the document's "flows", once read
    bool stale{false}; ///< "flows" came again after processes were read with the first

    void restart() { // "processes" (again: the last one wins, as in a parsed document)
        rd.problems().clear();
        processes.clear();
        deferred.clear();
    }
    void take(const nlohmann::json& root, std::size_t i, nlohmann::json&& e) {
        if (!units && deferred.empty() && root.contains("flows")) {
            json_reader scratch(""); // its problems are reported by the whole-document reader
            units.emplace();
            read_flows(scratch, root, nullptr, *units);
        }
        if (!units || !deferred.empty()) {
            deferred.emplace_back(i, std::move(e));
            return;
        }
        read(rd, i, e, *units);
    }
    void read(json_reader& r, std::size_t i, const nlohmann::json& e, const flow_unit_map& u) {
        r.element(e, "/processes/" + std::to_string(i),
                  [&](const nlohmann::json& j, const std::string& p) {
                      processes.push_back(read_process(r, j, p, u));
                  });
    }
};

/// model_from_json, with the processes already read (or kept) by parse_model when `streamed`.
[[nodiscard]] inline product_system read_model_document(const nlohmann::json& doc,
                                                        const std::string& source,
                                                        streamed_processes* streamed) {
    detail::json_reader rd(source);
    product_system sys;
    if (!doc.is_object()) {
        rd.fail("", "json-type", std::string("expected a JSON object, got ") + doc.type_name());
        throw input_error(std::move(rd.problems()));
    }
    rd.only(doc, "",
            {"format", "name", "description", "parameters", "flows", "processes", "providers",
             "functional_unit", "pact", "factor_uncertainty"});
    if (auto fmt = rd.str(doc, "", "format", false); fmt && *fmt != model_format_id)
        rd.fail("/format", "json-value",
                "unsupported format '" + *fmt + "' (expected '" + std::string(model_format_id) +
                    "')");
    sys.name = rd.str(doc, "", "name", false).value_or("");
    sys.description = rd.str(doc, "", "description", false).value_or("");
    rd.array(doc, "", "parameters", false, [&](const nlohmann::json& j, const std::string& p) {
        sys.parameters.push_back(detail::read_parameter(rd, j, p));
    });
    detail::flow_unit_map flow_units;
    read_flows(rd, doc, &sys.flows, flow_units);
    if (streamed != nullptr) {
        for (auto& pr : streamed->rd.problems())
            rd.problems().push_back(std::move(pr));
        for (const auto& [i, e] : streamed->deferred)
            streamed->read(rd, i, e, flow_units);
        sys.processes = std::move(streamed->processes);
    } else if (auto it = doc.find("processes"); it != doc.end() && it->is_array()) {
        sys.processes.reserve(it->size());
    }
    // with `streamed`, "processes" is an empty array here unless it is missing or not an array
    rd.array(doc, "", "processes", true, [&](const nlohmann::json& j, const std::string& p) {
        sys.processes.push_back(detail::read_process(rd, j, p, flow_units));
    });
    sys.providers = detail::read_string_map(rd, doc, "", "providers",
                                            "expected an object {product flow id: process id}",
                                            "expected a process id (string)");
    sys.reference = detail::read_functional_unit(rd, doc, flow_units);
    if (auto pact = doc.find("pact"); pact != doc.end()) { // checked by the exchange stage
        if (pact->is_object())
            sys.sections["pact"] = pact->dump();
        else
            rd.fail("/pact", "json-type", "expected an object (PACT export metadata)");
    }
    // checked by the data stage when factors are linked (data/link.hpp)
    if (auto fu = doc.find("factor_uncertainty"); fu != doc.end()) {
        if (fu->is_object())
            sys.sections["factor_uncertainty"] = fu->dump();
        else
            rd.fail("/factor_uncertainty", "json-type",
                    "expected an object {dataset or factor id: {\"gsd\": number}}");
    }
    if (!rd.problems().empty()) throw input_error(std::move(rd.problems()));
    if (!is_parametric(sys)) return sys;
    try { // evaluate with the defaults, so the model can be compiled as read
        return with_parameters(sys);
    } catch (const model_error& e) {
        std::vector<problem> ps;
        for (const auto& pr : e.problems())
            ps.push_back({pr.id, source + ": " + pr.message});
        throw model_error(std::move(ps));
    }
}

} // namespace detail

/// Build a product system from a parsed JSON document. `source` names the
/// document in error messages (usually the file path). Throws input_error
/// listing every problem found.
[[nodiscard]] inline product_system model_from_json(const nlohmann::json& doc,
                                                    const std::string& source) {
    return detail::read_model_document(doc, source, nullptr);
}

/// Parse JSON text; syntax errors name `source`, line and column. The same model and problems as
/// model_from_json(nlohmann::json::parse(text)), without holding the whole document as a tree:
/// the processes are read as the text streams by (detail/json_stream.hpp).
[[nodiscard]] inline product_system parse_model(std::string_view text, const std::string& source) {
    detail::streamed_processes st(source);
    detail::streaming_dom_builder builder(
        "processes",
        {[&](const std::string& key) {
             if (key == "processes") st.restart(); // the last one wins
             if (key == "flows" && st.units) st.stale = true;
         },
         [&](std::size_t i, nlohmann::json&& e) { st.take(builder.root(), i, std::move(e)); }});
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) // syntax, number overflow
        throw input_error("json-parse",
                          source + ": not valid JSON: " + detail::json_error_text(builder.error()));
    if (st.stale) return model_from_json(nlohmann::json::parse(text.begin(), text.end()), source);
    return detail::read_model_document(builder.root(), source, &st);
}

/// Write a product system in the JSON model format (round-trips through model_from_json).
[[nodiscard]] inline nlohmann::json model_to_json(const product_system& sys) {
    using nlohmann::json;
    json doc = json::object();
    doc["format"] = model_format_id;
    if (!sys.name.empty()) doc["name"] = sys.name;
    if (!sys.description.empty()) doc["description"] = sys.description;
    doc["flows"] = json::array();
    for (const auto& f : sys.flows) {
        json j = {{"id", f.id}, {"name", f.name}, {"unit", f.ref_unit.symbol}};
        j["type"] = f.kind == flow_kind::product ? "product" : "elementary";
        if (f.kind == flow_kind::elementary) {
            if (!f.compartment.empty()) j["compartment"] = f.compartment;
            if (!f.substance.empty()) j["substance"] = f.substance;
            if (!f.cas.empty()) j["cas"] = f.cas;
            j["origin"] = to_string(f.carbon_origin);
            j["direction"] = f.dir == direction::emission ? "emission" : "resource";
        }
        auto put = [&](json& target, const char* key, const std::string& name,
                       const std::optional<double>& v) {
            if (auto fo = f.formulas.find(name); fo != f.formulas.end())
                target[key] = fo->second;
            else if (v)
                target[key] = *v;
        };
        put(j, "mass_per_unit", "mass_per_unit", f.mass_per_unit);
        json c = json::object();
        put(c, "fossil", "carbon.fossil", f.carbon.fossil);
        put(c, "biogenic", "carbon.biogenic", f.carbon.biogenic);
        put(c, "recycled", "carbon.recycled", f.carbon.recycled);
        put(c, "packaging_biogenic", "carbon.packaging_biogenic", f.carbon.packaging_biogenic);
        if (!c.empty()) j["carbon_content"] = std::move(c);
        doc["flows"].push_back(std::move(j));
    }
    if (!sys.parameters.empty()) {
        doc["parameters"] = json::array();
        for (const auto& p : sys.parameters) {
            json j = {{"name", p.name}};
            if (!p.description.empty()) j["description"] = p.description;
            if (!p.unit.empty()) j["unit"] = p.unit;
            if (!p.formula.empty())
                j["formula"] = p.formula;
            else if (p.is_text)
                j["default"] = p.text;
            else
                j["default"] = p.value;
            if (p.min) j["min"] = *p.min;
            if (p.max) j["max"] = *p.max;
            if (!p.choice_text.empty()) {
                j["choices"] = json::object();
                for (const auto& c : p.choices)
                    j["choices"][c] = p.choice_text.count(c) ? p.choice_text.at(c) : c;
            } else if (!p.choices.empty()) {
                j["choices"] = p.choices;
            }
            if (p.spread) j["uncertainty"] = detail::uncertainty_to_json(*p.spread);
            doc["parameters"].push_back(std::move(j));
        }
    }
    auto ex = [](const exchange& e) {
        json j = {{"flow", e.flow}, {"amount", e.amount}, {"unit", e.amount_unit.symbol}};
        if (!e.formulas.amount.empty()) j["amount"] = e.formulas.amount;
        if (!e.provider.empty()) j["provider"] = e.provider;
        if (!e.formulas.provider.empty()) j["provider"] = e.formulas.provider;
        if (!e.avoids.empty()) j["avoids"] = e.avoids;
        if (e.price) j["price"] = *e.price;
        if (!e.formulas.price.empty()) j["price"] = e.formulas.price;
        if (e.allocation_factor) j["allocation_factor"] = *e.allocation_factor;
        if (!e.formulas.allocation_factor.empty())
            j["allocation_factor"] = e.formulas.allocation_factor;
        if (e.spread) j["uncertainty"] = detail::uncertainty_to_json(*e.spread);
        return j;
    };
    doc["processes"] = json::array();
    for (const auto& p : sys.processes) {
        json j = {{"id", p.id}, {"name", p.name}};
        if (!p.location.empty()) j["location"] = p.location;
        if (!p.stage.empty()) j["stage"] = p.stage;
        if (!p.tags.empty()) j["tags"] = p.tags;
        if (!p.metadata.empty()) j["metadata"] = p.metadata;
        json q = json::object();
        const auto& pq = p.quality;
        for (auto [key, v] :
             {std::pair{"technological", pq.technological},
              std::pair{"geographical", pq.geographical}, std::pair{"temporal", pq.temporal},
              std::pair{"completeness", pq.completeness}, std::pair{"reliability", pq.reliability}})
            if (v) q[key] = *v;
        if (!q.empty()) j["data_quality"] = std::move(q);
        if (!p.method_template.empty())
            j["coproduct_method"] = p.method_template;
        else if (p.method != coproduct_method::none)
            j["coproduct_method"] = to_string(p.method);
        j["outputs"] = json::array();
        for (const auto& e : p.outputs)
            j["outputs"].push_back(ex(e));
        if (!p.inputs.empty()) {
            j["inputs"] = json::array();
            std::vector<const cff_spec*> written; // a "cff" declaration is written once, whole
            for (const auto& e : p.inputs) {
                if (!e.cff) {
                    j["inputs"].push_back(ex(e));
                    continue;
                }
                const cff_spec& spec = *e.cff->spec;
                if (std::find(written.begin(), written.end(), &spec) != written.end()) continue;
                written.push_back(&spec);
                json c = json::object();
                if (!spec.method_template.empty())
                    c["method"] = spec.method_template;
                else if (spec.method != "cff")
                    c["method"] = spec.method;
                if (!spec.defaults.empty()) c["material"] = spec.defaults;
                for (auto name : cff_parameter_names) {
                    const std::string key(name);
                    if (auto f = spec.formulas.find(key); f != spec.formulas.end())
                        c[key] = f->second;
                    else if (auto v = spec.values.find(key); v != spec.values.end())
                        c[key] = v->second;
                }
                for (const auto& t : p.inputs) {
                    if (!t.cff || t.cff->spec.get() != &spec) continue;
                    json term = {{"flow", t.flow}};
                    if (!t.formulas.provider.empty())
                        term["provider"] = t.formulas.provider;
                    else if (!t.provider.empty())
                        term["provider"] = t.provider;
                    c[std::string(cff_role_names[static_cast<std::size_t>(t.cff->role)])] = term;
                }
                json m = {{"flow", spec.material},
                          {"amount", spec.amount},
                          {"unit", spec.amount_unit.symbol},
                          {"cff", std::move(c)}};
                if (!spec.amount_formula.empty()) m["amount"] = spec.amount_formula;
                j["inputs"].push_back(std::move(m));
            }
        }
        if (!p.elementary.empty()) {
            j["elementary"] = json::array();
            for (const auto& e : p.elementary)
                j["elementary"].push_back(ex(e));
        }
        doc["processes"].push_back(std::move(j));
    }
    if (!sys.providers.empty()) doc["providers"] = sys.providers;
    if (sys.reference) {
        const auto& fu = *sys.reference;
        json j = {{"flow", fu.flow}, {"amount", fu.amount}, {"unit", fu.amount_unit.symbol}};
        if (!fu.amount_formula.empty()) j["amount"] = fu.amount_formula;
        if (!fu.process.empty()) j["process"] = fu.process;
        doc["functional_unit"] = std::move(j);
    }
    for (const auto& [name, text] : sys.sections)
        doc[name] = json::parse(text);
    return doc;
}

} // namespace cradle
