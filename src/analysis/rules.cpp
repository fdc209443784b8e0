// cradle — product rules (rules.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/analysis/rules.hpp"

#include "cradle/analysis/contributions.hpp"
#include "cradle/data/bundled.hpp"
#include "cradle/detail/text.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/io/detail/json_reader.hpp"
#include "cradle/io/files.hpp"
#include "cradle/model/parameters.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace cradle::rules {

namespace {

using nlohmann::json;

/// A section ("scope", "boundary", ...): its object, path and source, if present.
struct section {
    const json* j{nullptr};
    std::string path;
    std::string source;
};

section open(detail::json_reader& rd, const json& doc, const char* key,
             std::initializer_list<std::string_view> allowed) {
    section s;
    auto it = doc.find(key);
    if (it == doc.end()) return s;
    s.path = std::string("/") + key;
    if (!it->is_object()) {
        rd.fail(s.path, "json-type", std::string("expected an object, got ") + it->type_name());
        return s;
    }
    std::vector<std::string_view> all(allowed);
    all.push_back("source");
    for (const auto& [k, _] : it->items())
        if (k != "comment" && std::find(all.begin(), all.end(), k) == all.end())
            rd.fail(s.path + "/" + k, "json-unknown-member", "unknown member '" + k + "'");
    s.j = &*it;
    s.source = rd.str(*it, s.path, "source", false).value_or("");
    return s;
}

std::optional<sourced<std::vector<std::string>>> strings(detail::json_reader& rd, const section& s,
                                                         const char* key) {
    if (s.j == nullptr) return std::nullopt;
    auto it = s.j->find(key);
    if (it == s.j->end()) return std::nullopt;
    const std::string p = s.path + "/" + key;
    if (!it->is_array() || it->empty()) {
        rd.fail(p, "json-type", "expected a non-empty array of strings");
        return std::nullopt;
    }
    sourced<std::vector<std::string>> out{{}, s.source};
    for (std::size_t i = 0; i < it->size(); ++i) {
        if ((*it)[i].is_string() && !(*it)[i].get<std::string>().empty())
            out.value.push_back((*it)[i].get<std::string>());
        else
            rd.fail(p + "/" + std::to_string(i), "json-type", "expected a non-empty string");
    }
    return out;
}

std::optional<sourced<double>> percent(detail::json_reader& rd, const section& s, const char* key) {
    if (s.j == nullptr) return std::nullopt;
    auto v = rd.num(*s.j, s.path, key, false);
    if (!v) return std::nullopt;
    if (!(*v >= 0.0 && *v <= 100.0)) {
        rd.fail(s.path + "/" + key, "json-value",
                detail::format_number(*v) + " is not a percentage from 0 to 100");
        return std::nullopt;
    }
    return sourced<double>{*v, s.source};
}

std::optional<sourced<std::string>> choice(detail::json_reader& rd, const section& s,
                                           const char* key,
                                           std::initializer_list<std::string_view> values) {
    if (s.j == nullptr) return std::nullopt;
    auto v = rd.str(*s.j, s.path, key, false);
    if (!v) return std::nullopt;
    std::string names;
    for (auto x : values) {
        if (*v == x) return sourced<std::string>{*v, s.source};
        names.append(names.empty() ? "" : ", ").append(x);
    }
    rd.fail(s.path + "/" + key, "json-value", "'" + *v + "' is not one of: " + names);
    return std::nullopt;
}

/// The value of the PACT metadata member at `pointer` in the model's "pact" section, if any.
std::optional<json> pact_member(const product_system& m, const std::string& pointer) {
    auto it = m.sections.find("pact");
    if (it == m.sections.end()) return std::nullopt;
    const json doc = json::parse(it->second, nullptr, false);
    if (doc.is_discarded()) return std::nullopt;
    const json::json_pointer ptr(pointer);
    if (!doc.contains(ptr)) return std::nullopt;
    return doc.at(ptr);
}

std::string join(const std::vector<std::string>& v, std::size_t max = 8) {
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < max; ++i)
        out.append(i ? ", " : "").append(v[i]);
    if (v.size() > max) out.append(", … (" + std::to_string(v.size()) + " in all)");
    return out;
}

std::string pct(double x) {
    std::string s = detail::format_number(std::round(x * 100.0) / 100.0);
    return s + " %";
}

bool is_background(const process& p) {
    return std::find(p.tags.begin(), p.tags.end(), "background") != p.tags.end();
}

bool has_stage(const process& p, const std::string& stage) {
    return p.stage == stage || std::find(p.tags.begin(), p.tags.end(), stage) != p.tags.end();
}

} // namespace

rule_set parse_rules(std::string_view text, const std::string& source) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        throw input_error("json-syntax", source + ": " + e.what());
    }
    detail::json_reader rd(source);
    rule_set r;
    r.file = source;
    if (!doc.is_object()) throw input_error("json-type", source + ": expected a JSON object");
    rd.only(doc, "",
            {"format", "id", "name", "version", "documents", "scope", "boundary", "cut_off",
             "allocation", "recycling", "characterization", "data", "pact"});
    if (auto f = rd.str(doc, "", "format", true); f && *f != "cradle-rules/1")
        rd.fail("/format", "json-value", "'" + *f + "' is not 'cradle-rules/1'");
    r.id = rd.str(doc, "", "id", true).value_or("");
    r.name = rd.str(doc, "", "name", true).value_or("");
    r.version = rd.str(doc, "", "version", true).value_or("");
    rd.array(doc, "", "documents", true, [&](const json& d, const std::string& p) {
        rd.only(d, p, {"id", "title", "url"});
        r.documents.push_back({rd.str(d, p, "id", true).value_or(""),
                               rd.str(d, p, "title", true).value_or(""),
                               rd.str(d, p, "url", false).value_or("")});
    });

    const section scope = open(rd, doc, "scope", {"cpc", "declared_unit", "mass_per_unit"});
    r.cpc = strings(rd, scope, "cpc");
    if (scope.j != nullptr) {
        if (auto u = rd.unit_of(*scope.j, scope.path, "declared_unit", false))
            r.declared_unit = sourced<unit>{*u, scope.source};
        if (auto b = rd.member<bool>(*scope.j, scope.path, "mass_per_unit", false,
                                     &json::is_boolean, "true or false"))
            r.mass_per_unit = sourced<bool>{*b, scope.source};
    }
    const section boundary = open(rd, doc, "boundary", {"required_stages", "excluded_stages"});
    r.required_stages = strings(rd, boundary, "required_stages");
    r.excluded_stages = strings(rd, boundary, "excluded_stages");
    const section cut = open(rd, doc, "cut_off", {"max_exempted_percent"});
    r.max_exempted_percent = percent(rd, cut, "max_exempted_percent");
    const section alloc = open(rd, doc, "allocation", {"method"});
    r.allocation =
        choice(rd, alloc, "method", {"hierarchy", "substitution", "mass", "economic", "factors"});
    const section rec = open(rd, doc, "recycling", {"method"});
    r.recycling = choice(rd, rec, "method", {"cut-off", "cff"});
    const section ch =
        open(rd, doc, "characterization", {"gwp_set", "max_unstated_origin_percent"});
    r.gwp_set = choice(rd, ch, "gwp_set", {"AR4", "AR5", "AR6"});
    r.max_unstated_origin_percent = percent(rd, ch, "max_unstated_origin_percent");
    const section data = open(rd, doc, "data", {"min_primary_percent", "max_dqr", "max_age_years"});
    r.min_primary_percent = percent(rd, data, "min_primary_percent");
    if (data.j != nullptr)
        if (auto v = rd.num(*data.j, data.path, "max_age_years", false)) {
            if (*v >= 0.0 && *v <= 100.0)
                r.max_age_years = sourced<double>{*v, data.source};
            else
                rd.fail(data.path + "/max_age_years", "json-value",
                        detail::format_number(*v) + " is not an age from 0 to 100 years");
        }
    if (data.j != nullptr)
        if (auto v = rd.num(*data.j, data.path, "max_dqr", false)) {
            if (*v >= 1.0 && *v <= 5.0)
                r.max_dqr = sourced<double>{*v, data.source};
            else
                rd.fail(data.path + "/max_dqr", "json-value",
                        detail::format_number(*v) + " is not a data-quality rating from 1 to 5");
        }
    if (auto it = doc.find("pact"); it != doc.end()) {
        if (!it->is_object()) {
            rd.fail("/pact", "json-type",
                    std::string("expected an object, got ") + it->type_name());
        } else {
            rd.only(*it, "/pact", {"operator", "otherOperatorName", "ruleNames"});
            if (auto op = rd.str(*it, "/pact", "operator", true)) {
                if (*op == "PEF" || *op == "EPD International" || *op == "Other")
                    r.pact.op = *op;
                else
                    rd.fail("/pact/operator", "json-value",
                            "'" + *op + "' is not one of: PEF, EPD International, Other");
            }
            r.pact.other_operator_name =
                rd.str(*it, "/pact", "otherOperatorName", false)
                    .value_or(r.pact.op == "Other" ? r.pact.other_operator_name : "");
            const section names{&*it, "/pact", ""};
            if (auto n = strings(rd, names, "ruleNames")) r.pact.rule_names = n->value;
        }
    }
    if (r.pact.rule_names.empty() && !r.id.empty())
        r.pact.rule_names.push_back(r.id + (r.version.empty() ? "" : " " + r.version));
    if (!rd.problems().empty()) throw input_error(std::move(rd.problems()));
    return r;
}

rule_set read_rules(const std::filesystem::path& file) {
    return parse_rules(read_text_file(file), file.string());
}

std::filesystem::path default_rules_dir() {
    if (const char* env = std::getenv("CRADLE_RULES_DIR"); env != nullptr && *env != '\0')
        return env;
    return default_factors_dir().parent_path() / "rules";
}

std::vector<std::string> bundled_rule_ids() {
    std::vector<std::string> ids;
    std::error_code ec;
    const auto dir = default_rules_dir();
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".json") ids.push_back(e.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

rule_set find_rules(const std::string& name) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(name, ec)) return read_rules(name);
    const bool id = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (id) {
        const auto file = default_rules_dir() / (name + ".json");
        if (std::filesystem::is_regular_file(file, ec)) return read_rules(file);
    }
    const auto ids = bundled_rule_ids();
    throw input_error(
        "unknown-rules",
        "rules '" + detail::excerpt(name, 80) +
            "': " + (id ? "no such file and no bundled rule set of that id" : "no such file") +
            " (bundled: " + (ids.empty() ? "none found" : join(ids, 50)) + ")");
}

nlohmann::json pact_rule_entry(const rule_set& r) {
    json j = {{"operator", r.pact.op}, {"ruleNames", r.pact.rule_names}};
    if (r.pact.op == "Other") j["otherOperatorName"] = r.pact.other_operator_name;
    return j;
}

void to_json(nlohmann::json& j, const check_result& c) {
    j = {{"rule", c.rule},         {"status", c.outcome == status::pass ? "pass" : "fail"},
         {"expected", c.expected}, {"found", c.found},
         {"detail", c.detail},     {"source", c.source}};
}

std::vector<check_result> check_model(const rule_set& r, const product_system& model,
                                      const gwp_set& gwp, int as_of_year) {
    if (!model.reference)
        throw input_error("json-missing", model.name + ": /functional_unit: the model states no "
                                                       "functional unit");
    const compiled_system sys = compile(model);
    const characterization ch = characterize(sys.index, gwp);
    const footprint f = calculate(sys, ch, factorize(sys), demand_vector(sys, *model.reference));
    return check(r, subject{model, sys, f, ch, as_of_year});
}

std::vector<check_result> check(const rule_set& r, const subject& s) {
    std::vector<check_result> out;
    auto add = [&](std::string rule, bool ok, std::string expected, std::string found,
                   std::string detail, const std::string& source) {
        out.push_back({std::move(rule), ok ? status::pass : status::fail, std::move(expected),
                       std::move(found), ok ? std::string() : std::move(detail), source});
    };
    const product_system& m = s.model;

    // scope
    if (r.cpc) {
        std::vector<std::string> codes;
        if (auto pc = pact_member(m, "/productClassifications"); pc && pc->is_array())
            for (const auto& c : *pc)
                if (c.is_string()) {
                    const std::string urn = c.get<std::string>();
                    const std::string prefix = "urn:pact:productclassification:un-cpc:";
                    if (urn.rfind(prefix, 0) == 0) codes.push_back(urn.substr(prefix.size()));
                }
        bool ok = false;
        for (const auto& c : codes)
            for (const auto& want : r.cpc->value)
                ok = ok || c.rfind(want, 0) == 0;
        add("scope.cpc", ok, "UN CPC " + join(r.cpc->value),
            codes.empty() ? "none" : "UN CPC " + join(codes),
            codes.empty() ? "the model's \"pact\" metadata gives no UN CPC productClassifications"
                          : "the product's classification is outside the rules' scope",
            r.cpc->source);
    }
    if (r.declared_unit) {
        const bool has = m.reference.has_value();
        const unit fu = has ? m.reference->amount_unit : unit{};
        const bool ok = has && fu.dim == r.declared_unit->value.dim;
        add("scope.declared_unit", ok, r.declared_unit->value.symbol + " (or the same dimension)",
            has ? fu.symbol : "no functional unit",
            "the functional unit is measured in '" + fu.symbol + "', not in units of '" +
                r.declared_unit->value.symbol + "'",
            r.declared_unit->source);
    }
    if (r.mass_per_unit && r.mass_per_unit->value && m.reference) {
        const flow* f = nullptr;
        for (const auto& x : m.flows)
            if (x.id == m.reference->flow) f = &x;
        const bool mass = m.reference->amount_unit.dim.base == base_dimension::mass &&
                          m.reference->amount_unit.dim.name.empty();
        const bool ok = mass || (f != nullptr && f->mass_per_unit.has_value());
        add("scope.mass_per_unit", ok, "stated", ok ? "stated" : "missing",
            "product flow '" + m.reference->flow +
                "' has no mass_per_unit (kg per declared unit) and is not measured in mass",
            r.mass_per_unit->source);
    }

    // boundary
    const Eigen::MatrixXd contrib = process_contributions(s.system, s.ch, s.result);
    if (r.required_stages) {
        std::vector<std::string> missing;
        for (const auto& st : r.required_stages->value) {
            bool found = false;
            for (const auto& p : m.processes)
                found = found || (!is_background(p) && has_stage(p, st));
            if (!found) missing.push_back(st);
        }
        add("boundary.required_stages", missing.empty(), join(r.required_stages->value),
            missing.empty() ? "all present" : "missing " + join(missing),
            "no process of the model has the stage or tag " + join(missing),
            r.required_stages->source);
    }
    if (r.excluded_stages) {
        std::vector<std::string> inside;
        const auto& cols = s.system.index.columns();
        for (std::size_t j = 0; j < cols.size(); ++j) {
            // inside the boundary: the supply chain runs it (s != 0), with or without emissions
            if (s.result.scaling(static_cast<Eigen::Index>(j)) == 0.0) continue;
            const double v = contrib(0, static_cast<Eigen::Index>(j));
            for (const auto& st : r.excluded_stages->value)
                if (cols[j].stage == st ||
                    std::find(cols[j].tags.begin(), cols[j].tags.end(), st) != cols[j].tags.end())
                    inside.push_back("process '" + cols[j].process + "' (" + st + ", " +
                                     detail::format_number(v) + " kg CO2e direct)");
        }
        add("boundary.excluded_stages", inside.empty(), "none of " + join(r.excluded_stages->value),
            inside.empty() ? "none" : std::to_string(inside.size()) + " process(es)",
            "inside the boundary though the rules exclude them: " + join(inside),
            r.excluded_stages->source);
    }

    // cut-off
    if (r.max_exempted_percent) {
        std::optional<double> stated;
        if (auto e = pact_member(m, "/pcf/exemptedEmissionsPercent")) {
            if (e->is_number()) stated = e->get<double>();
            if (e->is_string()) stated = detail::parse_number(e->get<std::string>());
        }
        const bool ok = stated && *stated <= r.max_exempted_percent->value;
        add("cut_off.max_exempted_percent", ok, "<= " + pct(r.max_exempted_percent->value),
            stated ? pct(*stated) : "not stated",
            stated ? "the model exempts more emissions than the rules allow"
                   : "the model's \"pact\" metadata states no pcf.exemptedEmissionsPercent",
            r.max_exempted_percent->source);
    }

    // allocation
    if (r.allocation) {
        std::vector<std::string> bad;
        std::map<std::string, int> used_by; // method -> processes with co-products using it
        for (const auto& p : m.processes) {
            if (p.outputs.size() < 2) continue;
            const std::string used(to_string(p.method));
            ++used_by[used];
            bool ok = false;
            if (r.allocation->value == "hierarchy") {
                // ISO 14044 4.3.4.2: avoid (system expansion), then physical; economic only with
                // a stated reason (process metadata "allocation_justification")
                ok = p.method == coproduct_method::substitution ||
                     p.method == coproduct_method::mass ||
                     (p.method == coproduct_method::economic &&
                      p.metadata.contains("allocation_justification"));
            } else {
                ok = used == r.allocation->value;
            }
            if (!ok)
                bad.push_back("process '" + p.id + "' (" + std::to_string(p.outputs.size()) +
                              " outputs) uses '" + used + "'" +
                              (r.allocation->value == "hierarchy" && used == "economic"
                                   ? " without an allocation_justification"
                                   : ""));
        }
        std::vector<std::string> found;
        for (const auto& [method, n] : used_by)
            found.push_back(method + " (" + std::to_string(n) +
                            (n == 1 ? " process)" : " processes)"));
        add("allocation.method", bad.empty(),
            r.allocation->value == "hierarchy" ? "ISO 14044 hierarchy" : r.allocation->value,
            found.empty() ? "no co-products" : join(found), join(bad), r.allocation->source);
    }

    // recycling
    if (r.recycling) {
        std::vector<std::string> differ;
        std::set<const cff_spec*> specs;
        for (const auto& p : m.processes)
            for (const auto& e : p.inputs)
                if (e.cff && specs.insert(e.cff->spec.get()).second &&
                    e.cff->spec->method != r.recycling->value)
                    differ.push_back("process '" + p.id + "' material '" + e.cff->spec->material +
                                     "' uses '" + e.cff->spec->method + "'");
        bool ok = differ.empty();
        std::string detail = join(differ);
        if (r.recycling->value == "cff" && specs.empty()) {
            ok = false;
            detail = "no material input declares the Circular Footprint Formula (\"cff\")";
        }
        std::map<std::string, int> by_method;
        for (const auto* spec : specs)
            ++by_method[spec->method];
        std::vector<std::string> found;
        for (const auto& [method, n] : by_method)
            found.push_back(method + " (" + std::to_string(n) +
                            (n == 1 ? " declaration)" : " declarations)"));
        add("recycling.method", ok, r.recycling->value,
            specs.empty() ? "no \"cff\" declaration (recycled content as modelled: cut-off)"
                          : join(found),
            detail, r.recycling->source);
    }

    // characterization
    if (r.gwp_set)
        add("characterization.gwp_set", s.ch.gwp_set == r.gwp_set->value, r.gwp_set->value,
            s.ch.gwp_set, "the footprint is characterized with " + s.ch.gwp_set, r.gwp_set->source);

    if (r.max_unstated_origin_percent) {
        const auto k = static_cast<Eigen::Index>(climate_indicator::other);
        const double total = std::abs(s.result.impacts(0));
        const double other = k < s.result.impacts.size() ? s.result.impacts(k) : 0.0;
        const double share = total > 0 ? 100.0 * std::abs(other) / total : 0.0;
        std::vector<std::string> who;
        const auto& cols = s.system.index.columns();
        if (share > r.max_unstated_origin_percent->value) {
            const Eigen::MatrixXd by = process_contributions(s.system, s.ch, s.result);
            std::vector<std::pair<double, std::size_t>> order;
            for (std::size_t j = 0; j < cols.size(); ++j)
                if (by(k, static_cast<Eigen::Index>(j)) != 0.0)
                    order.emplace_back(-std::abs(by(k, static_cast<Eigen::Index>(j))), j);
            std::sort(order.begin(), order.end());
            for (const auto& [v, j] : order)
                who.push_back("process '" + cols[j].process + "' (" + detail::format_number(-v) +
                              " kg CO2e)");
        }
        add("characterization.max_unstated_origin_percent",
            share <= r.max_unstated_origin_percent->value + 1e-9,
            "<= " + pct(r.max_unstated_origin_percent->value), pct(share),
            "CO2e of unstated origin (neither fossil nor biogenic) from " + join(who, 5),
            r.max_unstated_origin_percent->source);
    }

    // data
    if (r.max_age_years && s.as_of_year > 0) {
        std::optional<int> year;
        if (auto e = pact_member(m, "/pcf/referencePeriodEnd"); e && e->is_string()) {
            const std::string t = e->get<std::string>();
            if (t.size() >= 4 &&
                std::all_of(t.begin(), t.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
                year = std::stoi(t.substr(0, 4));
        }
        const double age = year ? s.as_of_year - *year : 0.0;
        add("data.max_age_years", year && age <= r.max_age_years->value,
            "<= " + detail::format_number(r.max_age_years->value) + " years",
            year ? detail::format_number(age) + " years (reference period ends " +
                       std::to_string(*year) + ", checked in " + std::to_string(s.as_of_year) + ")"
                 : "not stated",
            year ? "the reference period ended more years ago than the rules allow"
                 : "the model's \"pact\" metadata states no pcf.referencePeriodEnd",
            r.max_age_years->source);
    }
    if (r.min_primary_percent || r.max_dqr) {
        // direct emissions of each process at its scale (the PACT convention)
        double primary = 0, all = 0;
        std::map<std::string, const process*> by_id;
        for (const auto& p : m.processes)
            by_id[p.id] = &p;
        double w = 0, tech = 0, geo = 0, temp = 0;
        const auto& cols = s.system.index.columns();
        for (std::size_t j = 0; j < cols.size(); ++j) {
            const double v = std::abs(contrib(0, static_cast<Eigen::Index>(j)));
            all += v;
            if (std::find(cols[j].tags.begin(), cols[j].tags.end(), "primary") !=
                cols[j].tags.end())
                primary += v;
            const process* p = by_id[cols[j].process];
            if (p == nullptr || v == 0.0) continue;
            const auto& q = p->quality;
            if (q.technological && q.geographical && q.temporal) {
                w += v;
                tech += v * *q.technological;
                geo += v * *q.geographical;
                temp += v * *q.temporal;
            }
        }
        if (r.min_primary_percent) {
            const double share = all > 0 ? 100.0 * primary / all : 0.0;
            add("data.min_primary_percent", share + 1e-9 >= r.min_primary_percent->value,
                ">= " + pct(r.min_primary_percent->value), pct(share),
                "processes tagged 'primary' account for " + pct(share) +
                    " of the emissions (by absolute direct emissions)",
                r.min_primary_percent->source);
        }
        if (r.max_dqr) {
            const bool rated = w > 0;
            const double worst = rated ? std::max({tech, geo, temp}) / w : 0.0;
            add("data.max_dqr", rated && worst <= r.max_dqr->value + 1e-12,
                "<= " + detail::format_number(r.max_dqr->value),
                rated ? detail::format_number(worst) + " (worst of technological, geographical, "
                                                       "temporal)"
                      : "no process rates its data",
                rated ? "the emissions-weighted data-quality rating exceeds the maximum"
                      : "no process with emissions carries data_quality ratings",
                r.max_dqr->source);
        }
    }
    return out;
}

} // namespace cradle::rules
