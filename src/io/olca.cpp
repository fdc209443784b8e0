// cradle — the openLCA JSON-LD reader (schema v1 and v2 key names).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/olca.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/io/archive.hpp"
#include "cradle/model/formula.hpp"
#include "raw_inventory.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

namespace cradle {

namespace {

using json = nlohmann::json;

struct unit_def {
    std::string id, name;
    double factor{1.0};
};
struct unit_group_def {
    std::string id, name, where;
    std::vector<unit_def> units;
    std::string reference; ///< name of the reference unit
};
struct property_def {
    std::string id, name, group, where;
};
struct flow_property_factor {
    std::string property;
    double factor{1.0};
    bool reference{false};
};
struct flow_def {
    std::vector<flow_property_factor> properties;
    std::string ref_property;
};

using detail::lower;

/// The reader: one per database. Problems are collected into `db.errors` with the file and
/// JSON path; nothing throws until finish_inventory.
class reader {
  public:
    reader(const archive& ar, detail::raw_database& db) : ar_(ar), db_(db) {}

    void read() {
        find_root();
        for (const auto& e : folder("unit_groups"))
            read_unit_group(e);
        for (const auto& e : folder("flow_properties"))
            read_property(e);
        for (const auto& e : folder("categories"))
            read_category(e);
        for (const auto& e : folder("locations"))
            read_location(e);
        for (const auto& e : folder("parameters"))
            read_global_parameter(e);
        for (const auto& e : folder("flows"))
            read_flow(e);
        for (const auto& e : folder("processes"))
            read_process(e);
        if (no_spread_)
            note("no-spread", ar_.path().string(),
                 std::to_string(no_spread_) +
                     " lognormal distributions state a geometric SD of 0 (no spread); they are "
                     "read as no distribution");
        db_.format = std::string("openLCA JSON-LD (") +
                     (v2_keys_ && v1_keys_ ? "v1 and v2"
                      : v2_keys_           ? "v2"
                                           : "v1") +
                     " key names)";
    }

  private:
    const archive& ar_;
    detail::raw_database& db_;
    std::string root_;
    bool v1_keys_{false}, v2_keys_{false};
    std::size_t no_spread_{0}; ///< lognormal distributions with a GSD of 0 (no spread stated)
    std::unordered_map<std::string, unit_group_def> groups_;
    std::unordered_map<std::string, property_def> properties_;
    std::unordered_map<std::string, std::pair<std::string, std::string>>
        categories_;                                         ///< name, parent
    std::unordered_map<std::string, std::string> locations_; ///< id -> code
    std::unordered_map<std::string, flow_def> flows_;
    std::unordered_map<std::string, std::size_t> flow_index_;
    std::map<std::string, double> globals_;

    void error(std::string id, const std::string& where, const std::string& what) {
        db_.errors.push_back({std::move(id), where + ": " + what});
    }
    void note(std::string id, const std::string& where, const std::string& what) {
        db_.notes.push_back({std::move(id), where + ": " + what});
    }

    /// The folder holding processes/, flows/ and unit_groups/: the root, or the shallowest one
    /// below it (the USLCI's zip has them two levels down).
    void find_root() {
        bool found = false;
        for (const auto& e : ar_.entries()) {
            for (const char* dir : {"processes/", "flows/", "unit_groups/"}) {
                auto at = e.find(dir);
                while (at != std::string::npos && at != 0 && e[at - 1] != '/')
                    at = e.find(dir, at + 1);
                if (at == std::string::npos) continue;
                std::string prefix = e.substr(0, at);
                if (!found || prefix.size() < root_.size()) root_ = std::move(prefix);
                found = true;
            }
        }
        if (!found)
            error("not-olca-jsonld", ar_.path().string(),
                  "no processes/, flows/ or unit_groups/ folder: not an openLCA JSON-LD database");
    }

    std::vector<std::string> folder(const std::string& name) const {
        std::vector<std::string> out;
        const std::string prefix = root_ + name + "/";
        for (const auto& e : ar_.entries())
            if (e.size() > prefix.size() + 5 && e.compare(0, prefix.size(), prefix) == 0 &&
                e.compare(e.size() - 5, 5, ".json") == 0 &&
                e.find('/', prefix.size()) == std::string::npos)
                out.push_back(e);
        return out;
    }

    /// The parsed document of `entry`, or nullopt with the problem recorded.
    std::optional<json> load(const std::string& entry, const char* type) {
        std::string text;
        try {
            text = ar_.read(entry);
        } catch (const input_error& e) {
            for (const auto& p : e.problems())
                db_.errors.push_back(p);
            return std::nullopt;
        }
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded()) {
            error("json-syntax", ar_.where(entry), "not valid JSON");
            return std::nullopt;
        }
        if (!j.is_object()) {
            error("json-type", ar_.where(entry) + ": /", "expected an object");
            return std::nullopt;
        }
        if (auto t = j.find("@type"); t != j.end() && t->is_string() && *t != type) {
            error("json-value", ar_.where(entry) + ": /@type",
                  "'" + excerpt(t->get<std::string>()) + "' in a folder of " + type);
            return std::nullopt;
        }
        auto id = j.find("@id");
        if (id == j.end() || !id->is_string() || id->get<std::string>().empty()) {
            error("json-missing", ar_.where(entry) + ": /@id",
                  "a " + std::string(type) + " needs a non-empty @id");
            return std::nullopt;
        }
        return j;
    }

    static std::string excerpt(const std::string& s, std::size_t n = 60) {
        return detail::excerpt(s, n);
    }

    std::string str(const json& j, const char* key, const std::string& where,
                    bool required = false) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) error("json-missing", where + "/" + key, "required member is missing");
            return {};
        }
        if (!it->is_string()) {
            error("json-type", where + "/" + key,
                  std::string("expected a string, got ") + it->type_name());
            return {};
        }
        return it->get<std::string>();
    }

    std::optional<double> num(const json& j, const char* key, const std::string& where,
                              bool required = false) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) error("json-missing", where + "/" + key, "required member is missing");
            return std::nullopt;
        }
        if (!it->is_number()) {
            error("json-type", where + "/" + key,
                  std::string("expected a number, got ") + it->type_name());
            return std::nullopt;
        }
        const double v = it->get<double>();
        if (!std::isfinite(v)) {
            error("bad-number", where + "/" + key, "not a finite number");
            return std::nullopt;
        }
        return v;
    }

    /// A boolean under its v1 or v2 key (`input` / `isInput`).
    bool flag(const json& j, const char* v1, const char* v2, const std::string& where) {
        for (auto [key, is_v2] : {std::pair{v2, true}, std::pair{v1, false}}) {
            auto it = j.find(key);
            if (it == j.end() || it->is_null()) continue;
            (is_v2 ? v2_keys_ : v1_keys_) = true;
            if (!it->is_boolean()) {
                error("json-type", where + "/" + key,
                      std::string("expected true or false, got ") + it->type_name());
                return false;
            }
            return it->get<bool>();
        }
        return false;
    }

    /// The @id of the reference at `key` (an object with "@id"), or "".
    std::string ref(const json& j, const char* key, const std::string& where,
                    bool required = false) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) error("json-missing", where + "/" + key, "required reference is missing");
            return {};
        }
        if (!it->is_object()) {
            error("json-type", where + "/" + key,
                  std::string("expected a reference {\"@id\"}, got ") + it->type_name());
            return {};
        }
        return str(*it, "@id", where + "/" + key, required);
    }

    const json* array(const json& j, const char* key, const std::string& where) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return nullptr;
        if (!it->is_array()) {
            error("json-type", where + "/" + key,
                  std::string("expected an array, got ") + it->type_name());
            return nullptr;
        }
        return &*it;
    }

    void read_unit_group(const std::string& entry) {
        auto j = load(entry, "UnitGroup");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        unit_group_def g;
        g.id = (*j)["@id"].get<std::string>();
        g.name = str(*j, "name", w);
        g.where = ar_.where(entry);
        if (const json* us = array(*j, "units", w)) {
            for (std::size_t i = 0; i < us->size(); ++i) {
                const json& u = (*us)[i];
                const std::string p = w + "/units/" + std::to_string(i);
                if (!u.is_object()) {
                    error("json-type", p, "expected a unit object");
                    continue;
                }
                unit_def d;
                d.id = str(u, "@id", p);
                d.name = str(u, "name", p, true);
                d.factor = num(u, "conversionFactor", p).value_or(1.0);
                if (!(d.factor > 0)) {
                    error("out-of-range", p + "/conversionFactor", "a conversion factor is > 0");
                    continue;
                }
                if (flag(u, "referenceUnit", "isRefUnit", p)) {
                    if (!g.reference.empty())
                        error("json-value", p,
                              "unit group '" + excerpt(g.name) + "' has two reference units");
                    g.reference = d.name;
                    if (std::abs(d.factor - 1.0) > 1e-12)
                        error("json-value", p + "/conversionFactor",
                              "the reference unit's conversion factor must be 1");
                }
                g.units.push_back(std::move(d));
            }
        }
        if (g.reference.empty())
            error("json-missing", w + "/units",
                  "unit group '" + excerpt(g.name) + "' has no reference unit");
        groups_.emplace(g.id, std::move(g));
    }

    void read_property(const std::string& entry) {
        auto j = load(entry, "FlowProperty");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        property_def p;
        p.id = (*j)["@id"].get<std::string>();
        p.name = str(*j, "name", w);
        p.group = ref(*j, "unitGroup", w, true);
        p.where = ar_.where(entry);
        properties_.emplace(p.id, std::move(p));
    }

    void read_category(const std::string& entry) {
        auto j = load(entry, "Category");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        std::string parent;
        if (auto it = j->find("category"); it != j->end() && it->is_object())
            parent = str(*it, "@id", w + "/category");
        categories_[(*j)["@id"].get<std::string>()] = {str(*j, "name", w), parent};
    }

    void read_location(const std::string& entry) {
        auto j = load(entry, "Location");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        std::string code = str(*j, "code", w);
        if (code.empty()) code = str(*j, "name", w);
        locations_[(*j)["@id"].get<std::string>()] = code;
    }

    void read_global_parameter(const std::string& entry) {
        auto j = load(entry, "Parameter");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        const std::string name = str(*j, "name", w, true);
        if (auto v = num(*j, "value", w)) globals_[lower(name)] = *v;
    }

    /// The category of `j` as a path: v1 a reference resolved through categories/, v2 a path.
    std::string category_path(const json& j, const std::string& w) {
        auto it = j.find("category");
        if (it == j.end() || it->is_null()) return {};
        if (it->is_string()) {
            v2_keys_ = true;
            return it->get<std::string>();
        }
        if (!it->is_object()) {
            error("json-type", w + "/category", "expected a path or a reference");
            return {};
        }
        std::string id = str(*it, "@id", w + "/category");
        std::vector<std::string> parts;
        for (int depth = 0; !id.empty() && depth < 64; ++depth) {
            auto c = categories_.find(id);
            if (c == categories_.end()) {
                if (parts.empty()) parts.push_back(str(*it, "name", w + "/category"));
                break;
            }
            parts.push_back(c->second.first);
            id = c->second.second;
        }
        std::string path;
        for (auto p = parts.rbegin(); p != parts.rend(); ++p)
            path += (path.empty() ? "" : "/") + *p;
        return path;
    }

    /// The unit of group `g` named or identified by `u`, as a cradle unit (the database's
    /// conversion factor applied). Its table twin, if any, is checked.
    unit cradle_unit(const unit_group_def& g, const unit_def& u) {
        const unit_def* refu = nullptr;
        for (const auto& x : g.units)
            if (x.name == g.reference) refu = &x;
        std::optional<unit> base;
        try {
            base = parse_unit(g.reference);
        } catch (const unit_error&) {
        }
        if (!base || base->dim.base == base_dimension::currency) {
            unit r = detail::reference_of_group(g.reference, g.name);
            if (refu && &u == refu) return r;
            r.symbol = u.name + " [" + g.name + "]";
            r.to_base = u.factor;
            return r;
        }
        unit out{u.name, base->dim, base->to_base * u.factor};
        try {
            const unit twin = parse_unit(u.name);
            if (twin.dim == out.dim &&
                std::abs(twin.to_base - out.to_base) > 1e-4 * std::abs(out.to_base))
                note("unit-factor-differs", g.where,
                     "unit '" + u.name + "' of '" + g.name + "' is " + std::to_string(u.factor) +
                         " " + g.reference + " here; cradle's table says " +
                         std::to_string(twin.to_base / base->to_base) +
                         "; the database's factor is used");
        } catch (const unit_error&) {
        }
        return out;
    }

    void read_flow(const std::string& entry) {
        auto j = load(entry, "Flow");
        if (!j) return;
        const std::string w = ar_.where(entry) + ": ";
        flow f;
        f.id = (*j)["@id"].get<std::string>();
        f.name = detail::trim(str(*j, "name", w, true));
        f.cas = detail::trim(str(*j, "cas", w));
        const std::string type = str(*j, "flowType", w, true);
        flow_def def;
        if (type == "ELEMENTARY_FLOW") {
            f.kind = flow_kind::elementary;
            std::string path = category_path(*j, w);
            for (const char* top : {"Elementary flows/", "Elementary Flows/"})
                if (path.rfind(top, 0) == 0) path = path.substr(std::string(top).size());
            f.compartment = path;
            const std::string low = lower(path);
            f.dir = low.rfind("resource", 0) == 0 || low.find("/resource") != std::string::npos ||
                            low.find("[resource]") != std::string::npos
                        ? direction::resource
                        : direction::emission;
        } else if (type == "PRODUCT_FLOW" || type == "WASTE_FLOW") {
            f.kind = flow_kind::product;
            if (type == "WASTE_FLOW") db_.waste_flows.insert(f.id);
        } else if (!type.empty()) {
            error("json-value", w + "/flowType",
                  "'" + excerpt(type) + "' is not ELEMENTARY_FLOW, PRODUCT_FLOW or WASTE_FLOW");
            return;
        } else {
            return;
        }
        const json* fps = array(*j, "flowProperties", w);
        if (fps)
            for (std::size_t i = 0; i < fps->size(); ++i) {
                const json& fp = (*fps)[i];
                const std::string p = w + "/flowProperties/" + std::to_string(i);
                if (!fp.is_object()) {
                    error("json-type", p, "expected a flow property factor");
                    continue;
                }
                flow_property_factor x;
                x.property = ref(fp, "flowProperty", p, true);
                x.factor = num(fp, "conversionFactor", p).value_or(1.0);
                x.reference = flag(fp, "referenceFlowProperty", "isRefFlowProperty", p);
                if (!(x.factor > 0)) {
                    error("out-of-range", p + "/conversionFactor",
                          "flow '" + excerpt(f.name) + "': a conversion factor is > 0");
                    continue;
                }
                if (x.reference) def.ref_property = x.property;
                def.properties.push_back(std::move(x));
            }
        if (def.ref_property.empty() && def.properties.size() == 1)
            def.ref_property = def.properties.front().property;
        if (def.ref_property.empty()) {
            error("json-missing", w + "/flowProperties",
                  "flow '" + f.id + "' (" + excerpt(f.name) + ") has no reference flow property");
            return;
        }
        auto prop = properties_.find(def.ref_property);
        const auto group =
            prop == properties_.end() ? groups_.end() : groups_.find(prop->second.group);
        if (group == groups_.end()) {
            error("unknown-unit", w + "/flowProperties",
                  "flow '" + f.id + "' (" + excerpt(f.name) + "): its reference flow property '" +
                      def.ref_property + "' or its unit group is not in the database");
            return;
        }
        for (const auto& u : group->second.units)
            if (u.name == group->second.reference) f.ref_unit = cradle_unit(group->second, u);
        flow_index_[f.id] = db_.flows.size();
        flows_[f.id] = std::move(def);
        db_.flows.push_back(std::move(f));
    }

    /// Amount of `e` in its flow's reference unit: amount × unit factor / property factor.
    std::optional<double> to_reference(const json& e, const flow& f, double amount,
                                       const std::string& p, double* scale) {
        const auto& def = flows_.at(f.id);
        std::string pid = ref(e, "flowProperty", p);
        if (pid.empty()) pid = def.ref_property;
        const flow_property_factor* fpf = nullptr;
        for (const auto& x : def.properties)
            if (x.property == pid) fpf = &x;
        auto prop = properties_.find(pid);
        if (!fpf || prop == properties_.end()) {
            error("unknown-unit", p + "/flowProperty",
                  "flow '" + f.id + "' (" + excerpt(f.name) + ") has no flow property '" + pid +
                      "'");
            return std::nullopt;
        }
        auto group = groups_.find(prop->second.group);
        if (group == groups_.end()) {
            error("unknown-unit", p + "/flowProperty",
                  "the unit group of flow property '" + excerpt(prop->second.name) +
                      "' is not in the database");
            return std::nullopt;
        }
        std::string uid, uname;
        if (auto it = e.find("unit"); it != e.end() && it->is_object()) {
            uid = str(*it, "@id", p + "/unit");
            uname = str(*it, "name", p + "/unit");
        }
        const unit_def* u = nullptr;
        for (const auto& x : group->second.units)
            if ((!uid.empty() && x.id == uid) || (uid.empty() && !uname.empty() && x.name == uname))
                u = &x;
        if (!u && uid.empty() && uname.empty())
            for (const auto& x : group->second.units)
                if (x.name == group->second.reference) u = &x;
        if (!u) {
            error("unknown-unit", p + "/unit",
                  "flow '" + f.id + "' (" + excerpt(f.name) + "): unit '" + excerpt(uname) + "' (" +
                      uid + ") is not in unit group '" + excerpt(group->second.name) + "'");
            return std::nullopt;
        }
        *scale = u->factor / fpf->factor;
        return amount * *scale;
    }

    std::optional<uncertainty> read_uncertainty(const json& e, const std::string& p,
                                                double amount) {
        auto it = e.find("uncertainty");
        if (it == e.end() || it->is_null()) return std::nullopt;
        const std::string pu = p + "/uncertainty";
        if (!it->is_object()) {
            error("json-type", pu, "expected an uncertainty object");
            return std::nullopt;
        }
        const std::string type = str(*it, "distributionType", pu);
        uncertainty u;
        if (type == "LOG_NORMAL_DISTRIBUTION") {
            u.kind = distribution::lognormal;
            u.a = num(*it, "geomMean", pu).value_or(amount);
            u.b = num(*it, "geomSd", pu, true).value_or(1.0);
            if (u.b == 0.0) { // the USLCI's way of stating no spread (4,811 exchanges)
                ++no_spread_;
                return std::nullopt;
            }
            if (!(u.b >= 1.0)) {
                error("out-of-range", pu + "/geomSd", "a geometric standard deviation is >= 1");
                return std::nullopt;
            }
        } else if (type == "NORMAL_DISTRIBUTION") {
            u.kind = distribution::normal;
            u.a = num(*it, "mean", pu).value_or(amount);
            u.b = num(*it, "sd", pu, true).value_or(0.0);
        } else if (type == "TRIANGLE_DISTRIBUTION") {
            u.kind = distribution::triangular;
            u.a = num(*it, "minimum", pu, true).value_or(0.0);
            u.b = num(*it, "mode", pu).value_or(amount);
            u.c = num(*it, "maximum", pu, true).value_or(0.0);
        } else if (type == "UNIFORM_DISTRIBUTION") {
            u.kind = distribution::uniform;
            u.a = num(*it, "minimum", pu, true).value_or(0.0);
            u.b = num(*it, "maximum", pu, true).value_or(0.0);
        } else if (type.empty() || type == "NO_DISTRIBUTION") {
            return std::nullopt;
        } else {
            error("json-value", pu + "/distributionType",
                  "'" + excerpt(type) + "' is not a distribution cradle knows");
            return std::nullopt;
        }
        if ((u.kind == distribution::triangular && !(u.a <= u.b && u.b <= u.c)) ||
            (u.kind == distribution::uniform && !(u.a <= u.b))) {
            note("bad-uncertainty", pu, "minimum, mode and maximum are out of order; dropped");
            return std::nullopt;
        }
        for (const char* key : {"pedigreeUncertainty", "dqEntry"})
            if (auto s = e.find(key); s != e.end() && s->is_string()) u.pedigree = *s;
        if (auto b = e.find("baseUncertainty"); b != e.end() && b->is_number())
            u.base_gsd = b->get<double>();
        return u;
    }

    std::map<std::string, double> process_parameters(const json& j, const std::string& w) {
        std::map<std::string, double> vals = globals_;
        const json* ps = array(j, "parameters", w);
        if (!ps) return vals;
        std::vector<std::pair<std::string, std::string>> computed;
        for (std::size_t i = 0; i < ps->size(); ++i) {
            const json& p = (*ps)[i];
            const std::string pp = w + "/parameters/" + std::to_string(i);
            if (!p.is_object()) continue;
            const std::string name = str(p, "name", pp, true);
            const std::string formula = str(p, "formula", pp);
            const auto value = num(p, "value", pp);
            const bool input = flag(p, "inputParameter", "isInputParameter", pp);
            if (!input && !formula.empty()) computed.emplace_back(lower(name), formula);
            if (value) vals[lower(name)] = *value;
        }
        detail::evaluate_parameters(vals, computed);
        return vals;
    }

    void read_process(const std::string& entry) {
        auto j = load(entry, "Process");
        if (!j) return;
        const std::string file = ar_.where(entry);
        const std::string w = file + ": ";
        detail::raw_process p;
        p.id = (*j)["@id"].get<std::string>();
        p.name = detail::trim(str(*j, "name", w));
        p.where = file;
        p.entry = entry.substr(root_.size());
        p.category = category_path(*j, w);
        if (auto it = j->find("location"); it != j->end() && it->is_object()) {
            const std::string lid = str(*it, "@id", w + "/location");
            auto l = locations_.find(lid);
            p.location = l != locations_.end() ? l->second : str(*it, "code", w + "/location");
            if (p.location.empty()) p.location = str(*it, "name", w + "/location");
        }
        const std::string dam = str(*j, "defaultAllocationMethod", w);
        if (dam == "PHYSICAL_ALLOCATION") p.default_allocation = detail::allocation_kind::physical;
        if (dam == "ECONOMIC_ALLOCATION") p.default_allocation = detail::allocation_kind::economic;
        if (dam == "CAUSAL_ALLOCATION") p.default_allocation = detail::allocation_kind::causal;
        const auto params = process_parameters(*j, w);
        const json* xs = array(*j, "exchanges", w);
        if (!xs) {
            error("json-missing", w + "/exchanges", "process '" + p.id + "' has no exchanges");
            return;
        }
        for (std::size_t i = 0; i < xs->size(); ++i) {
            const json& e = (*xs)[i];
            const std::string pe = w + "/exchanges/" + std::to_string(i);
            if (!e.is_object()) {
                error("json-type", pe, "expected an exchange object");
                continue;
            }
            detail::raw_exchange x;
            x.where = pe;
            x.flow = ref(e, "flow", pe, true);
            auto fi = flow_index_.find(x.flow);
            if (x.flow.empty()) continue;
            if (fi == flow_index_.end()) {
                error("unknown-flow", pe + "/flow",
                      "process '" + p.id + "' exchanges flow '" + x.flow +
                          "', which the database does not define (or defines badly)");
                continue;
            }
            const flow& f = db_.flows[fi->second];
            x.input = flag(e, "input", "isInput", pe);
            x.reference = flag(e, "quantitativeReference", "isQuantitativeReference", pe);
            x.avoided = flag(e, "avoidedProduct", "isAvoidedProduct", pe);
            if (auto id = e.find("internalId"); id != e.end() && id->is_number_integer())
                x.key = std::to_string(id->get<long long>());
            auto amount = num(e, "amount", pe, true);
            if (!amount) continue;
            detail::apply_formula(*amount, str(e, "amountFormula", pe), params,
                                  pe + "/amountFormula", db_.notes);
            double scale = 1.0;
            auto in_ref = to_reference(e, f, *amount, pe, &scale);
            if (!in_ref) continue;
            x.amount = *in_ref;
            if (auto u = read_uncertainty(e, pe, *amount)) x.spread = scaled(*u, scale);
            x.default_provider = ref(e, "defaultProvider", pe);
            p.exchanges.push_back(std::move(x));
        }
        if (const json* af = array(*j, "allocationFactors", w))
            for (std::size_t i = 0; i < af->size(); ++i) {
                const json& a = (*af)[i];
                const std::string pa = w + "/allocationFactors/" + std::to_string(i);
                if (!a.is_object()) continue;
                detail::raw_allocation r;
                r.where = pa;
                const std::string t = str(a, "allocationType", pa, true);
                if (t == "PHYSICAL_ALLOCATION")
                    r.kind = detail::allocation_kind::physical;
                else if (t == "ECONOMIC_ALLOCATION")
                    r.kind = detail::allocation_kind::economic;
                else if (t == "CAUSAL_ALLOCATION")
                    r.kind = detail::allocation_kind::causal;
                else
                    continue;
                r.product = ref(a, "product", pa);
                if (auto ex = a.find("exchange"); ex != a.end() && ex->is_object()) {
                    if (auto id = ex->find("internalId");
                        id != ex->end() && id->is_number_integer())
                        r.exchange = std::to_string(id->get<long long>());
                    else
                        r.exchange = ref(*ex, "flow", pa + "/exchange");
                }
                auto v = num(a, "value", pa, true);
                if (!v) continue;
                if (*v < 0) {
                    error("out-of-range", pa + "/value", "an allocation factor is >= 0");
                    continue;
                }
                r.value = *v;
                p.allocation.push_back(std::move(r));
            }
        db_.processes.push_back(std::move(p));
    }
};

} // namespace

imported_database read_olca_jsonld(const std::filesystem::path& path,
                                   const import_options& options) {
    const archive ar = archive::open(path);
    detail::raw_database db;
    db.source = path.string();
    reader(ar, db).read();
    return detail::finish_inventory(std::move(db), options);
}

} // namespace cradle
