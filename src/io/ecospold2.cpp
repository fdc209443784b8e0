// cradle — the EcoSpold 2 reader (.spold activity datasets in a folder or zip).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/ecospold.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/io/archive.hpp"
#include "ecospold_units.hpp"
#include "raw_inventory.hpp"
#if CRADLE_HAVE_PUGIXML
#include "xml.hpp"
#endif

#include <cmath>
#include <map>
#include <unordered_map>

namespace cradle {

bool reads_ecospold() noexcept {
#if CRADLE_HAVE_PUGIXML
    return true;
#else
    return false;
#endif
}

#if CRADLE_HAVE_PUGIXML

namespace {

struct flow_seen {
    std::size_t index;
    std::string where; ///< where its unit was first seen
};

class es2_reader {
  public:
    es2_reader(const archive& ar, detail::raw_database& db) : ar_(ar), db_(db) {}

    void read() {
        std::size_t files = 0;
        for (const auto& e : ar_.entries()) {
            if (e.size() < 6 || e.compare(e.size() - 6, 6, ".spold") != 0) continue;
            ++files;
            read_file(e);
        }
        turn_waste_around();
        if (!files)
            db_.errors.push_back({"not-ecospold2", ar_.path().string() +
                                                       ": no .spold file: not an EcoSpold 2 "
                                                       "database"});
        if (no_spread_)
            db_.notes.push_back({"no-spread", ar_.path().string() + ": " +
                                                  std::to_string(no_spread_) +
                                                  " lognormal distributions state a variance of "
                                                  "0 (no spread); they are read as no "
                                                  "distribution"});
        db_.format = "EcoSpold 2";
    }

  private:
    /// EcoSpold 2 (ecoinvent 3) states waste by sign: a treatment's reference product is a
    /// negative output (-1 kg of the waste), a producer's waste a negative input. Both are turned
    /// into what io/inventory.hpp expects of a waste flow: the treatment's reference becomes a
    /// positive waste input, the producer's a positive waste output.
    void turn_waste_around() {
        for (auto& p : db_.processes)
            for (auto& x : p.exchanges)
                if (x.amount < 0 && db_.waste_flows.count(x.flow)) {
                    x.amount = -x.amount;
                    x.input = !x.input;
                    if (x.spread) x.spread = scaled(*x.spread, -1.0);
                }
    }

    const archive& ar_;
    detail::raw_database& db_;
    std::unordered_map<std::string, flow_seen> flows_;
    std::unordered_map<std::string, std::string> master_compartment_; ///< per file
    std::size_t no_spread_{0};

    void error(std::string id, const std::string& where, const std::string& what) {
        db_.errors.push_back({std::move(id), where + ": " + what});
    }

    static std::string text_of(pugi::xml_node n) { return detail::trim(n.child_value()); }

    /// "air/unspecified" from <compartment><compartment>air</…><subcompartment>…</…></…>.
    static std::string compartment_of(pugi::xml_node ex) {
        const auto c = detail::child(ex, "compartment");
        if (!c) return {};
        std::string path = text_of(detail::child(c, "compartment"));
        const std::string sub = text_of(detail::child(c, "subcompartment"));
        if (!sub.empty()) path += "/" + sub;
        return path;
    }

    std::optional<uncertainty> uncertainty_of(pugi::xml_node ex, const std::string& where) {
        const auto u = detail::child(ex, "uncertainty");
        if (!u) return std::nullopt;
        auto num = [&](pugi::xml_node n, const char* a) {
            return detail::parse_xml_number(detail::attribute(n, a).value());
        };
        uncertainty out;
        if (auto n = detail::child(u, "lognormal")) {
            auto mean = num(n, "meanValue");
            auto var = num(n, "varianceWithPedigreeUncertainty");
            if (!var || *var == 0.0) var = num(n, "variance");
            if (!var || *var == 0.0) {
                ++no_spread_;
                return std::nullopt;
            }
            if (*var < 0 || !mean) {
                db_.notes.push_back({"bad-uncertainty", where + "/uncertainty/lognormal: no "
                                                                "mean or a negative variance; "
                                                                "dropped"});
                return std::nullopt;
            }
            out.kind = distribution::lognormal;
            out.a = *mean;
            out.b = std::exp(std::sqrt(*var));
            if (auto base = num(n, "variance"); base && *base > 0)
                out.base_gsd = std::exp(std::sqrt(*base));
        } else if (auto n2 = detail::child(u, "normal")) {
            auto mean = num(n2, "meanValue");
            auto var = num(n2, "varianceWithPedigreeUncertainty");
            if (!var) var = num(n2, "variance");
            if (!mean || !var || *var < 0) return std::nullopt;
            out.kind = distribution::normal;
            out.a = *mean;
            out.b = std::sqrt(*var);
        } else if (auto n3 = detail::child(u, "triangular")) {
            auto lo = num(n3, "minValue"), mode = num(n3, "mostLikelyValue"),
                 hi = num(n3, "maxValue");
            if (!lo || !mode || !hi || !(*lo <= *mode && *mode <= *hi)) {
                db_.notes.push_back({"bad-uncertainty", where + "/uncertainty/triangular: "
                                                                "minimum, mode and maximum are "
                                                                "missing or out of order; "
                                                                "dropped"});
                return std::nullopt;
            }
            out.kind = distribution::triangular;
            out.a = *lo;
            out.b = *mode;
            out.c = *hi;
        } else if (auto n4 = detail::child(u, "uniform")) {
            auto lo = num(n4, "minValue"), hi = num(n4, "maxValue");
            if (!lo || !hi || !(*lo <= *hi)) {
                db_.notes.push_back({"bad-uncertainty", where + "/uncertainty/uniform: minimum "
                                                                "and maximum are missing or out "
                                                                "of order; dropped"});
                return std::nullopt;
            }
            out.kind = distribution::uniform;
            out.a = *lo;
            out.b = *hi;
        } else {
            return std::nullopt;
        }
        if (auto p = detail::child(u, "pedigreeMatrix")) {
            std::string s = "(";
            for (const char* k : {"reliability", "completeness", "temporalCorrelation",
                                  "geographicalCorrelation", "furtherTechnologyCorrelation"})
                s += std::string(s.size() > 1 ? ";" : "") + detail::attribute(p, k).value();
            out.pedigree = s + ")";
        }
        return out;
    }

    /// The flow `id` of kind `kind` (created on first sight, its unit the first one seen), and
    /// the factor from `unit_name` to its reference unit.
    std::optional<std::pair<std::size_t, double>>
    flow_of(const std::string& id, const std::string& name, const std::string& unit_name,
            flow_kind kind, const std::string& compartment, const std::string& cas, bool resource,
            const std::string& where) {
        const auto u = detail::ecospold_unit(unit_name);
        if (!u) {
            error("unknown-unit", where + "/unitName",
                  "flow '" + id + "' (" + detail::excerpt(name, 80) + "): unknown unit '" +
                      detail::excerpt(unit_name) + "'");
            return std::nullopt;
        }
        auto it = flows_.find(id);
        if (it == flows_.end()) {
            flow f;
            f.id = id;
            f.name = name;
            f.kind = kind;
            f.ref_unit = detail::flow_reference_unit(*u);
            f.compartment = compartment;
            f.cas = cas;
            f.dir = resource ? direction::resource : direction::emission;
            const double k = u->to_base / f.ref_unit.to_base;
            it = flows_.emplace(id, flow_seen{db_.flows.size(), where}).first;
            db_.flows.push_back(std::move(f));
            return std::pair{it->second.index, k};
        }
        flow& f = db_.flows[it->second.index];
        if (f.kind != kind) {
            error("flow-kind-differs", where,
                  "flow '" + id + "' is an " +
                      (kind == flow_kind::elementary ? "elementary" : "intermediate") +
                      " exchange here and not in " + it->second.where);
            return std::nullopt;
        }
        if (f.compartment.empty() && !compartment.empty()) f.compartment = compartment;
        if (!(u->dim == f.ref_unit.dim)) {
            error("incompatible-unit", where + "/unitName",
                  "flow '" + id + "' (" + detail::excerpt(name, 80) + ") is in '" + unit_name +
                      "' here and in '" + f.ref_unit.symbol + "' in " + it->second.where);
            return std::nullopt;
        }
        return std::pair{it->second.index, u->to_base / f.ref_unit.to_base};
    }

    void read_file(const std::string& entry) {
        const std::string file = ar_.where(entry);
        std::string text;
        try {
            text = ar_.read(entry);
        } catch (const input_error& e) {
            for (const auto& p : e.problems())
                db_.errors.push_back(p);
            return;
        }
        pugi::xml_document doc;
        if (!detail::parse_xml(doc, text, file, db_.errors)) return;
        const auto root = doc.document_element();
        if (detail::local_name(root.name()) != "ecoSpold") {
            error("xml-element", file + ": /" + root.name(), "the root element is not <ecoSpold>");
            return;
        }
        auto ds = detail::child(root, "activityDataset");
        if (!ds) ds = detail::child(root, "childActivityDataset");
        const auto desc = detail::child(ds, "activityDescription");
        const auto act = detail::child(desc, "activity");
        const auto data = detail::child(ds, "flowData");
        if (!ds || !act || !data) {
            error("xml-missing", file + ": /ecoSpold",
                  "an activity dataset needs activityDescription/activity and flowData");
            return;
        }
        detail::raw_process p;
        p.id = detail::attribute(act, "id").value();
        p.where = file;
        p.entry = entry;
        p.name = text_of(detail::child(act, "activityName"));
        p.location = text_of(detail::child(detail::child(desc, "geography"), "shortname"));
        if (p.id.empty()) {
            error("xml-missing", file + ": /ecoSpold/activityDataset/activityDescription/activity",
                  "the activity has no id");
            return;
        }
        // compartments of elementary flows from the file's master data
        master_compartment_.clear();
        if (auto md = detail::child(ds, "usedUserMasterData"))
            for (auto e : detail::children(md, "elementaryExchange")) {
                const std::string c = compartment_of(e);
                if (!c.empty()) master_compartment_[detail::attribute(e, "id").value()] = c;
            }
        // parameters
        std::map<std::string, double> values;
        std::vector<std::pair<std::string, std::string>> computed;
        for (auto par : detail::children(data, "parameter")) {
            const std::string name = detail::attribute(par, "variableName").value();
            if (name.empty()) continue;
            if (auto v = detail::parse_xml_number(detail::attribute(par, "amount").value()))
                values[detail::lower(name)] = *v;
            const std::string rel = detail::attribute(par, "mathematicalRelation").value();
            if (!rel.empty()) computed.emplace_back(detail::lower(name), rel);
        }
        detail::evaluate_parameters(values, computed);

        std::size_t i = 0;
        for (auto ex = data.first_child(); ex; ex = ex.next_sibling(), ++i) {
            const auto kind_name = detail::local_name(ex.name());
            const bool elementary = kind_name == "elementaryExchange";
            if (!elementary && kind_name != "intermediateExchange") continue;
            const std::string where = file + ": /ecoSpold/activityDataset/flowData/" +
                                      std::string(kind_name) + "[" + std::to_string(i + 1) + "]";
            const std::string fid = detail::attribute(ex, elementary ? "elementaryExchangeId"
                                                                     : "intermediateExchangeId")
                                        .value();
            if (fid.empty()) {
                error("xml-missing", where, "the exchange names no flow id");
                continue;
            }
            const auto amount = detail::parse_xml_number(detail::attribute(ex, "amount").value());
            if (!amount) {
                error("bad-number", where + "/@amount",
                      "'" + detail::excerpt(detail::attribute(ex, "amount").value()) +
                          "' is not a number");
                continue;
            }
            const auto out_group = detail::child(ex, "outputGroup");
            const auto in_group = detail::child(ex, "inputGroup");
            if (!out_group == !in_group) {
                error("xml-missing", where, "an exchange needs one inputGroup or outputGroup");
                continue;
            }
            const std::string group = text_of(out_group ? out_group : in_group);
            std::string compartment = compartment_of(ex);
            if (compartment.empty() && elementary)
                if (auto it = master_compartment_.find(fid); it != master_compartment_.end())
                    compartment = it->second;
            const bool is_input = static_cast<bool>(in_group);
            const auto fl = flow_of(
                fid, text_of(detail::child(ex, "name")), text_of(detail::child(ex, "unitName")),
                elementary ? flow_kind::elementary : flow_kind::product, compartment,
                detail::attribute(ex, "casNumber").value(), elementary && is_input, where);
            if (!fl) continue;
            detail::raw_exchange x;
            x.flow = fid;
            x.where = where;
            x.key = detail::attribute(ex, "id").value();
            x.input = is_input;
            double a = *amount;
            detail::apply_formula(a, detail::attribute(ex, "mathematicalRelation").value(), values,
                                  where + "/@mathematicalRelation", db_.notes);
            x.amount = a * fl->second;
            x.reference = !elementary && out_group && group == "0";
            if (x.reference && x.amount == 0) {
                error("bad-reference", where,
                      "activity '" + p.id + "': its reference product amount is 0");
                continue;
            }
            if (x.reference && x.amount < 0) db_.waste_flows.insert(fid); // a treatment
            x.default_provider = detail::attribute(ex, "activityLinkId").value();
            if (auto u = uncertainty_of(ex, where)) x.spread = scaled(*u, fl->second);
            p.exchanges.push_back(std::move(x));
        }
        db_.processes.push_back(std::move(p));
    }
};

} // namespace

imported_database read_ecospold2(const std::filesystem::path& path, const import_options& options) {
    const archive ar = archive::open(path);
    detail::raw_database db;
    db.source = path.string();
    es2_reader(ar, db).read();
    return detail::finish_inventory(std::move(db), options);
}

#else // built without pugixml (CMake CRADLE_WITH_ECOSPOLD)

imported_database read_ecospold2(const std::filesystem::path& path, const import_options&) {
    throw input_error("feature-unavailable",
                      path.string() + ": this build of cradle reads no EcoSpold (it was built "
                                      "without pugixml): install libpugixml-dev and rebuild, or "
                                      "use the binary wheel");
}

#endif

} // namespace cradle
