// cradle — the EcoSpold 1 reader (XML files of one or many <dataset>s; folder or zip of them).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/ecospold.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/io/archive.hpp"
#include "cradle/io/files.hpp"
#include "ecospold_units.hpp"
#include "raw_inventory.hpp"
#if CRADLE_HAVE_PUGIXML
#include "xml.hpp"
#endif

#include <cmath>
#include <map>
#include <unordered_map>

namespace cradle {

#if CRADLE_HAVE_PUGIXML

namespace {

/// EcoSpold 1 has no flow ids: a product is its name, an elementary flow its name in its
/// category and subcategory.
std::string product_id(const std::string& name) {
    return detail::trim(name);
}
std::string elementary_id(const std::string& name, const std::string& cat, const std::string& sub) {
    return detail::trim(name) + " [" + detail::trim(cat) +
           (sub.empty() ? "" : "/" + detail::trim(sub)) + "]";
}

/// The quirk of openLCA's EcoSpold 1 export: "NaN" for an absent CAS number or formula.
std::string present(const char* s) {
    std::string v = detail::trim(s);
    return v == "NaN" ? std::string{} : v;
}

class es1_reader {
  public:
    explicit es1_reader(detail::raw_database& db) : db_(db) {}

    void read(const archive& ar) {
        std::size_t files = 0;
        for (const auto& e : ar.entries()) {
            if (e.size() < 4 || e.compare(e.size() - 4, 4, ".xml") != 0) continue;
            if (e.find("categories.xml") != std::string::npos) continue;
            ++files;
            read_file(ar.read(e), ar.where(e), e);
        }
        if (!files)
            db_.errors.push_back({"not-ecospold1", ar.path().string() +
                                                       ": no .xml file: not an EcoSpold 1 "
                                                       "database"});
        finish();
    }

    void read_file(const std::string& text, const std::string& file, const std::string& entry) {
        pugi::xml_document doc;
        if (!detail::parse_xml(doc, text, file, db_.errors)) return;
        const auto root = doc.document_element();
        if (detail::local_name(root.name()) != "ecoSpold") {
            db_.errors.push_back({"xml-element", file + ": /" + std::string(root.name()) +
                                                     ": the root element is not <ecoSpold>"});
            return;
        }
        std::size_t n = 0;
        for (auto ds : detail::children(root, "dataset"))
            read_dataset(ds, file, entry, ++n);
        if (!n) db_.errors.push_back({"xml-missing", file + ": /ecoSpold: no <dataset>"});
    }

    void finish() {
        // an input's `location` names its provider's location: the provider is the dataset
        // making that product there, if it is the only one
        std::map<std::pair<std::string, std::string>, std::vector<std::string>> makers;
        for (const auto& p : db_.processes)
            for (const auto& e : p.exchanges)
                if (e.reference) makers[{e.flow, p.location}].push_back(p.id);
        for (std::size_t pi = 0; pi < db_.processes.size(); ++pi) {
            auto& p = db_.processes[pi];
            for (std::size_t k = 0; k < p.exchanges.size(); ++k) {
                auto& e = p.exchanges[k];
                const auto& loc = input_location_[pi][k];
                if (!e.input || loc.empty()) continue;
                auto it = makers.find({e.flow, loc});
                if (it != makers.end() && it->second.size() == 1)
                    e.default_provider = it->second.front();
            }
        }
        if (no_spread_)
            db_.notes.push_back({"no-spread", db_.source + ": " + std::to_string(no_spread_) +
                                                  " lognormal distributions state no spread; they "
                                                  "are read as no distribution"});
        db_.format = "EcoSpold 1";
    }

  private:
    detail::raw_database& db_;
    std::unordered_map<std::string, std::pair<std::size_t, std::string>> flows_; ///< index, where
    std::vector<std::vector<std::string>> input_location_; ///< per process, per exchange
    std::size_t no_spread_{0};

    void error(std::string id, const std::string& where, const std::string& what) {
        db_.errors.push_back({std::move(id), where + ": " + what});
    }

    std::optional<uncertainty> uncertainty_of(pugi::xml_node ex, double mean,
                                              const std::string& where) {
        const std::string type = detail::attribute(ex, "uncertaintyType").value();
        if (type.empty() || type == "0") return std::nullopt;
        auto num = [&](const char* a) {
            return detail::parse_xml_number(detail::attribute(ex, a).value());
        };
        uncertainty u;
        if (type == "1") { // lognormal: standardDeviation95 is the squared geometric SD
            const auto sd95 = num("standardDeviation95");
            if (!sd95 || *sd95 == 0.0 || *sd95 == 1.0) {
                ++no_spread_;
                return std::nullopt;
            }
            if (*sd95 < 1.0) {
                db_.notes.push_back({"bad-uncertainty", where + "/@standardDeviation95: " +
                                                            "below 1 for a lognormal; dropped"});
                return std::nullopt;
            }
            u.kind = distribution::lognormal;
            u.a = mean;
            u.b = std::sqrt(*sd95);
        } else if (type == "2") { // normal: standardDeviation95 is 2 sigma
            const auto sd95 = num("standardDeviation95");
            if (!sd95 || *sd95 < 0) return std::nullopt;
            u.kind = distribution::normal;
            u.a = mean;
            u.b = *sd95 / 2;
        } else if (type == "3" || type == "4") {
            const auto lo = num("minValue"), hi = num("maxValue");
            const auto mode = type == "3" ? num("mostLikelyValue") : std::optional<double>(0.0);
            if (!lo || !hi || !mode || !(*lo <= *hi) ||
                (type == "3" && !(*lo <= *mode && *mode <= *hi))) {
                db_.notes.push_back({"bad-uncertainty", where + ": minimum, mode and maximum "
                                                                "are missing or out of order; "
                                                                "dropped"});
                return std::nullopt;
            }
            u.kind = type == "3" ? distribution::triangular : distribution::uniform;
            u.a = *lo;
            if (type == "3") {
                u.b = *mode;
                u.c = *hi;
            } else {
                u.b = *hi;
            }
        } else {
            return std::nullopt;
        }
        return u;
    }

    std::optional<double> flow_of(const std::string& id, const std::string& name,
                                  const std::string& unit_name, bool elementary,
                                  const std::string& compartment, const std::string& cas,
                                  bool resource, const std::string& where) {
        const auto u = detail::ecospold_unit(unit_name);
        if (!u) {
            error("unknown-unit", where + "/@unit",
                  "flow '" + detail::excerpt(name, 80) + "': unknown unit '" +
                      detail::excerpt(unit_name) + "'");
            return std::nullopt;
        }
        auto it = flows_.find(id);
        if (it == flows_.end()) {
            flow f;
            f.id = id;
            f.name = detail::trim(name);
            f.kind = elementary ? flow_kind::elementary : flow_kind::product;
            f.ref_unit = detail::flow_reference_unit(*u);
            f.compartment = compartment;
            f.cas = cas;
            f.dir = resource ? direction::resource : direction::emission;
            const double k = u->to_base / f.ref_unit.to_base;
            flows_.emplace(id, std::pair{db_.flows.size(), where});
            db_.flows.push_back(std::move(f));
            return k;
        }
        const flow& f = db_.flows[it->second.first];
        if (!(u->dim == f.ref_unit.dim)) {
            error("incompatible-unit", where + "/@unit",
                  "flow '" + detail::excerpt(name, 80) + "' is in '" + unit_name +
                      "' here and in '" + f.ref_unit.symbol + "' in " + it->second.second);
            return std::nullopt;
        }
        return u->to_base / f.ref_unit.to_base;
    }

    void read_dataset(pugi::xml_node ds, const std::string& file, const std::string& entry,
                      std::size_t n) {
        const std::string where0 = file + ": /ecoSpold/dataset[" + std::to_string(n) + "]";
        const auto info = detail::child(detail::child(ds, "metaInformation"), "processInformation");
        const auto ref = detail::child(info, "referenceFunction");
        const auto data = detail::child(ds, "flowData");
        if (!ref || !data) {
            error("xml-missing", where0,
                  "a dataset needs metaInformation/processInformation/referenceFunction and "
                  "flowData");
            return;
        }
        detail::raw_process p;
        p.id = detail::trim(detail::attribute(ds, "number").value());
        if (p.id.empty()) {
            error("xml-missing", where0 + "/@number", "the dataset has no number");
            return;
        }
        p.where = where0;
        p.entry = entry + "#" + p.id;
        p.name = detail::trim(detail::attribute(ref, "name").value());
        p.location =
            detail::trim(detail::attribute(detail::child(info, "geography"), "location").value());
        p.category = detail::trim(detail::attribute(ref, "category").value());
        std::string ref_name = product_id(p.name);
        if (const auto u = detail::ecospold_unit(detail::attribute(ref, "unit").value()))
            ref_name += " {" + to_string(u->dim) + "}";
        std::vector<std::string> locations;
        std::map<std::string, std::string> number_to_flow;
        std::size_t i = 0;
        bool have_ref = false;
        for (auto ex : detail::children(data, "exchange")) {
            ++i;
            const std::string where = where0 + "/flowData/exchange[" + std::to_string(i) + "]";
            const auto out_group = detail::child(ex, "outputGroup");
            const auto in_group = detail::child(ex, "inputGroup");
            if (!out_group && !in_group) {
                error("xml-missing", where, "an exchange needs one inputGroup or outputGroup");
                continue;
            }
            if (out_group && in_group) { // a quirk of openLCA's EcoSpold 1 export
                db_.notes.push_back(
                    {"dataset-skipped", where + ": dataset '" + p.id + "' (" +
                                            detail::excerpt(p.name, 80) +
                                            "): an exchange is both an input and an output; the "
                                            "dataset is left out"});
                return;
            }
            const std::string group =
                detail::trim((out_group ? out_group : in_group).child_value());
            const bool elementary = group == "4";
            const std::string name = detail::attribute(ex, "name").value();
            const std::string cat = detail::attribute(ex, "category").value();
            const std::string sub = detail::attribute(ex, "subCategory").value();
            if (detail::trim(name).empty()) {
                error("xml-missing", where + "/@name", "the exchange has no name");
                continue;
            }
            const auto amount =
                detail::parse_xml_number(detail::attribute(ex, "meanValue").value());
            if (!amount) {
                error("bad-number", where + "/@meanValue",
                      "'" + detail::excerpt(detail::attribute(ex, "meanValue").value()) +
                          "' is not a number");
                continue;
            }
            // EcoSpold 1 flows are told apart by name and unit (the USLCI names one ethanol
            // in l and in kg): the product's id carries its dimension
            std::string id = elementary ? elementary_id(name, cat, sub) : product_id(name);
            if (const auto u = detail::ecospold_unit(detail::attribute(ex, "unit").value()))
                id += " {" + to_string(u->dim) + "}";
            const std::string compartment =
                elementary ? detail::trim(cat) + (sub.empty() ? "" : "/" + detail::trim(sub)) : "";
            const bool resource =
                elementary && (in_group || detail::lower(compartment).rfind("resource", 0) == 0);
            const auto k =
                flow_of(id, name, detail::attribute(ex, "unit").value(), elementary, compartment,
                        present(detail::attribute(ex, "CASNumber").value()), resource, where);
            if (!k) continue;
            detail::raw_exchange x;
            x.flow = id;
            x.where = where;
            x.key = detail::trim(detail::attribute(ex, "number").value());
            number_to_flow[x.key] = id;
            x.input = static_cast<bool>(in_group);
            x.amount = *amount * *k;
            x.reference = !elementary && out_group && group == "0" && id == ref_name && !have_ref;
            have_ref = have_ref || x.reference;
            if (auto u = uncertainty_of(ex, *amount, where)) x.spread = scaled(*u, *k);
            locations.push_back(x.input && !elementary
                                    ? detail::trim(detail::attribute(ex, "location").value())
                                    : std::string{});
            p.exchanges.push_back(std::move(x));
        }
        if (!have_ref) {
            db_.notes.push_back(
                {"dataset-skipped", where0 + ": dataset '" + p.id + "' (" +
                                        detail::excerpt(p.name, 80) +
                                        "): no output with outputGroup 0 is named as its "
                                        "referenceFunction; it is left out"});
            return;
        }
        for (auto a : detail::children(data, "allocation")) {
            const auto fraction =
                detail::parse_xml_number(detail::attribute(a, "fraction").value());
            const std::string co = detail::attribute(a, "referenceToCoProduct").value();
            if (!fraction || !number_to_flow.count(co)) {
                error("xml-value", where0 + "/flowData/allocation",
                      "an allocation needs a fraction and the number of a co-product");
                continue;
            }
            for (auto r : detail::children(a, "referenceToInputOutput")) {
                detail::raw_allocation al;
                al.kind = detail::allocation_kind::causal;
                al.product = number_to_flow[co];
                al.exchange = detail::trim(r.child_value());
                al.value = *fraction / 100.0;
                al.where = where0 + "/flowData/allocation";
                p.allocation.push_back(std::move(al));
            }
        }
        input_location_.push_back(std::move(locations));
        db_.processes.push_back(std::move(p));
    }
};

} // namespace

imported_database read_ecospold1(const std::filesystem::path& path, const import_options& options) {
    detail::raw_database db;
    db.source = path.string();
    std::error_code ec;
    es1_reader r(db);
    if (std::filesystem::is_regular_file(path, ec) && path.extension() == ".xml") {
        r.read_file(read_text_file(path), path.string(), path.filename().string());
        r.finish();
    } else {
        r.read(archive::open(path));
    }
    return detail::finish_inventory(std::move(db), options);
}

#else // built without pugixml (CMake CRADLE_WITH_ECOSPOLD)

imported_database read_ecospold1(const std::filesystem::path& path, const import_options&) {
    throw input_error("feature-unavailable",
                      path.string() + ": this build of cradle reads no EcoSpold (it was built "
                                      "without pugixml): install libpugixml-dev and rebuild, or "
                                      "use the binary wheel");
}

#endif

} // namespace cradle
