// cradle — supplier PACT footprints as background processes (primary data along the chain).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/detail/decimal.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"

#include <chrono>
#include <set>
#include <unordered_set>

namespace cradle::pact {
namespace {

using nlohmann::json;
constexpr std::string_view prefix = "pact:";
constexpr double three_years = 3 * 365.25 * 86400;

bool is_pact_ref(const std::string& s) {
    return s.rfind(prefix, 0) == 0;
}

/// The strings of the array `j[key]` joined by `sep` ("" if absent or not an array).
std::string join_strings(const json& j, const char* key, const char* sep) {
    std::string out;
    if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return out;
    for (const auto& v : j[key])
        if (v.is_string()) out += (out.empty() ? "" : sep) + v.get<std::string>();
    return out;
}

/// The cradle unit of a PACT declared unit (nullopt: none, e.g. megabit second).
std::optional<unit> unit_of_declared(const std::string& du) {
    static const std::map<std::string, std::string> units{
        {"kilogram", "kg"},       {"liter", "l"},      {"cubic meter", "m3"},
        {"kilowatt hour", "kWh"}, {"megajoule", "MJ"}, {"ton kilometer", "t*km"},
        {"square meter", "m2"},   {"piece", "piece"},  {"hour", "h"}};
    auto it = units.find(du);
    if (it == units.end()) return std::nullopt;
    return parse_unit(it->second);
}

/// One PACT component as an elementary flow: id, substance, origin, direction, sign.
struct component_flow {
    const char* property;
    const char* id;
    const char* substance;
    origin o;
    direction d;
};

// CO2e components keep their characterized value (GWP of "CO2e" is 1); CO2 components are
// kg of CO2 (GWP 1 in every IPCC set). Resources enter B negated, so removals (<= 0 in PACT)
// become positive resource amounts.
constexpr component_flow component_flows[] = {
    {"fossilGhgEmissions", "pact/fossil", "CO2e", origin::fossil, direction::emission},
    {"landUseChangeGhgEmissions", "pact/land-use-change", "CO2e", origin::land_use_change,
     direction::emission},
    {"landManagementBiogenicCO2Emissions", "pact/land-management-co2", "CO2",
     origin::land_management, direction::emission},
    {"landManagementBiogenicCO2Removals", "pact/land-management-removal", "CO2",
     origin::land_management, direction::resource},
    {"technologicalCO2Removals", "pact/technological-removal", "CO2", origin::technological,
     direction::resource},
    {"ccsTechnologicalCO2Capture", "pact/ccs-capture", "CO2", origin::ccs, direction::resource},
    {"biogenicNonCO2Emissions", "pact/biogenic-non-co2", "CO2e", origin::biogenic,
     direction::emission},
    {"biogenicCO2Uptake", "pact/biogenic-uptake", "CO2", origin::biogenic, direction::resource},
};

struct importer {
    const product_system& in;
    const import_options& opt;
    std::vector<std::string>* warnings;
    product_system out;
    std::vector<problem> problems;
    std::unordered_set<std::string> flow_ids;
    std::set<std::string> added; ///< processes added, by reference
    double now;

    importer(const product_system& s, const import_options& o, std::vector<std::string>* w)
        : in(s), opt(o), warnings(w), out(s) {
        for (const auto& f : s.flows)
            flow_ids.insert(f.id);
        now = o.now ? *o.now
                    : static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    }

    void warn(const std::string& w) {
        if (warnings) warnings->push_back(w);
    }

    /// A parsed file, its footprints and an index of them by id (parsed once per file).
    struct parsed_file {
        json doc;
        std::vector<std::pair<std::string, const json*>> footprints;
        std::unordered_map<std::string, std::size_t> by_id;
    };
    std::map<std::string, parsed_file> parsed; ///< by resolved path

    const parsed_file* document(const std::string& file, const std::string& where) {
        const std::filesystem::path path =
            opt.base.empty() ? std::filesystem::path(file) : opt.base / file;
        const std::string key = path.lexically_normal().string();
        if (auto it = parsed.find(key); it != parsed.end()) return &it->second;
        try {
            const std::string text = read_text_file(path);
            parsed_file& pf = parsed[key];
            pf.doc = json::parse(text);
            pf.footprints = footprints_in(pf.doc, file);
            for (std::size_t i = 0; i < pf.footprints.size(); ++i) {
                const json* f = pf.footprints[i].second;
                if (f->is_object() && f->contains("id") && (*f)["id"].is_string())
                    pf.by_id.emplace((*f)["id"].get<std::string>(), i);
            }
            return &pf;
        } catch (const json::exception& e) {
            parsed.erase(key);
            problems.push_back(
                {"json-parse", where + ": " + path.string() +
                                   " is not valid JSON: " + cradle::detail::json_error_text(e)});
        } catch (const error& e) {
            parsed.erase(key);
            problems.push_back({e.id(), where + ": " + e.message()});
        }
        return nullptr;
    }

    /// The footprint named by `ref` ("pact:<file>" or "pact:<file>#<id>"), checked.
    const json* footprint_of(const std::string& ref, const std::string& where) {
        const std::string spec = ref.substr(prefix.size());
        const auto hash = spec.find('#');
        const std::string file = spec.substr(0, hash);
        const std::string id = hash == std::string::npos ? "" : spec.substr(hash + 1);
        const parsed_file* pf = document(file, where);
        if (pf == nullptr) return nullptr;
        const auto& fps = pf->footprints;
        const json* fp = nullptr;
        std::string at;
        if (id.empty()) {
            if (fps.size() != 1) {
                problems.push_back({"pact-ambiguous",
                                    where + ": " + file + " holds " + std::to_string(fps.size()) +
                                        " footprints; name one as pact:" + file + "#<id>"});
                return nullptr;
            }
            std::tie(at, fp) = fps.front();
        } else if (auto it = pf->by_id.find(id); it != pf->by_id.end()) {
            std::tie(at, fp) = fps[it->second];
        } else {
            std::string known; // in file order
            for (const auto& [path_in_file, f] : fps)
                if (known.size() < 400 && f->is_object())
                    known += (known.empty() ? "" : ", ") + f->value("id", std::string("?"));
            problems.push_back({"pact-unknown-footprint",
                                where + ": no footprint '" + cradle::detail::excerpt(id, 60) +
                                    "' in " + file + " (it holds: " + known + ")"});
            return nullptr;
        }
        const auto found = validate(*fp, at);
        bool ok = true;
        auto refuse = [&](const std::string& id_, const std::string& why) {
            if (opt.accept_invalid) {
                warn(where + ": accepted although " + why);
            } else {
                problems.push_back({id_, where + ": " + why});
                ok = false;
            }
        };
        if (!found.empty()) { // one problem per footprint, listing what is wrong with it
            std::string why = file + " is not a valid PACT footprint (" +
                              std::to_string(found.size()) +
                              (found.size() == 1 ? " problem" : " problems") + "):";
            for (std::size_t i = 0; i < found.size() && i < 20; ++i)
                why += " [" + found[i].id + "] " + found[i].path + ": " + found[i].message + ";";
            if (found.size() > 20) why += " ...";
            why.pop_back();
            refuse("pact-invalid", why);
        }
        // validity period: given, or three years from the reference period's end
        if (fp->is_object() && fp->contains("pcf") && (*fp)["pcf"].is_object()) {
            const auto& pcf = (*fp)["pcf"];
            std::optional<double> start, end;
            if (fp->contains("validityPeriodStart") && (*fp)["validityPeriodStart"].is_string())
                start = detail::parse_date_time((*fp)["validityPeriodStart"].get<std::string>());
            if (fp->contains("validityPeriodEnd") && (*fp)["validityPeriodEnd"].is_string())
                end = detail::parse_date_time((*fp)["validityPeriodEnd"].get<std::string>());
            if (!end && pcf.contains("referencePeriodEnd") && pcf["referencePeriodEnd"].is_string())
                if (auto re =
                        detail::parse_date_time(pcf["referencePeriodEnd"].get<std::string>())) {
                    start = start ? start : re;
                    end = *re + three_years;
                }
            if (end && now >= *end)
                refuse("pact-expired",
                       file + ": the footprint's validity period ended on " +
                           detail::format_date_time(static_cast<std::int64_t>(*end)));
            else if (start && now < *start)
                refuse("pact-expired",
                       file + ": the footprint's validity period starts on " +
                           detail::format_date_time(static_cast<std::int64_t>(*start)));
            if (fp->value("status", "") == "Deprecated")
                refuse("pact-deprecated", file + ": the footprint's status is Deprecated");
        }
        // a sealed or signed footprint must be the one its company sealed (docs/provenance.md)
        try {
            if (auto why = provenance::seal_problem(*fp))
                refuse("pact-tampered", file + ": " + *why);
        } catch (const error& e) {
            refuse("pact-tampered", file + ": " + e.message());
        }
        return ok ? fp : nullptr;
    }

    void add_flow(flow f) {
        if (flow_ids.insert(f.id).second) out.flows.push_back(std::move(f));
    }

    /// The provider process for input `e` from footprint `ref`; "" after a problem.
    std::string provide(const std::string& ref, const exchange& e, const std::string& where) {
        const json* fp = footprint_of(ref, where);
        if (fp == nullptr) return {};
        const json& pcf = (*fp)["pcf"];
        auto num = [&](const char* k) -> std::optional<double> {
            if (!pcf.contains(k) || !pcf[k].is_string()) return std::nullopt;
            return detail::decimal_value(pcf[k].get<std::string>());
        };
        const std::string du = pcf.value("declaredUnitOfMeasurement", "");
        const auto declared = unit_of_declared(du);
        const auto amount = num("declaredUnitAmount");
        if (!declared || !amount || *amount <= 0) {
            problems.push_back({"pact-declared-unit",
                                where + ": the supplier's declared unit '" +
                                    cradle::detail::excerpt(du, 30) +
                                    "' has no cradle unit (or no positive declaredUnitAmount)"});
            return {};
        }
        // the process's output: the declared unit, or its mass when the input asks for mass
        unit out_unit = *declared;
        double out_amount = *amount;
        std::string bridge;
        if (!(e.amount_unit.dim == declared->dim)) {
            const auto mass = num("productMassPerDeclaredUnit");
            const bool bridgeable = e.amount_unit.dim.base == base_dimension::mass &&
                                    (declared->dim.base == base_dimension::items ||
                                     declared->dim.base == base_dimension::volume ||
                                     declared->dim.base == base_dimension::area);
            if (!bridgeable || !mass || *mass <= 0) {
                problems.push_back(
                    {"incompatible-unit",
                     where + ": the input is in '" + e.amount_unit.symbol + "' (" +
                         to_string(e.amount_unit.dim) + ") but the supplier footprint " + ref +
                         " is per " + detail::format_decimal(*amount) + " " + du +
                         (bridgeable ? " with no productMassPerDeclaredUnit to convert through"
                                     : "; only a mass input can be bridged to a " + du +
                                           " footprint (through productMassPerDeclaredUnit)")});
                return {};
            }
            out_unit = parse_unit("kg");
            out_amount = *mass;
            bridge = detail::format_decimal(*amount) + " " + du + " = " +
                     detail::format_decimal(*mass) + " kg (productMassPerDeclaredUnit)";
            warn(where + ": " + ref + " converted by mass: " + bridge);
        }
        const std::string id = ref + (bridge.empty() ? "" : "@kg");
        if (!added.insert(id).second) return id;
        for (const auto& f : in.flows)
            if (f.id == id)
                problems.push_back({"flow-clash", "flow '" + id +
                                                      "' is declared by the model; "
                                                      "cradle uses this id for the "
                                                      "supplier footprint"});
        flow product;
        product.id = id;
        product.name = fp->value("productNameCompany", id);
        product.kind = flow_kind::product;
        product.ref_unit = out_unit;
        add_flow(product);
        process p;
        p.id = id;
        p.name = fp->value("productNameCompany", id) + " (" + fp->value("companyName", "") + ")";
        p.stage = "supplier";
        p.tags = {"supplier-footprint"};
        p.metadata["pact.id"] = fp->value("id", "");
        p.metadata["pact.file"] = ref.substr(prefix.size());
        try {
            p.metadata["pact.contentHash"] = provenance::content_hash(*fp);
        } catch (const error& err) {
            problems.push_back({err.id(), where + ": " + ref + ": " + err.message()});
        }
        if (auto signer = provenance::signer_fingerprint(*fp); !signer.empty())
            p.metadata["pact.signer"] = signer;
        p.metadata["pact.company"] = fp->value("companyName", "");
        if (auto ids = join_strings(*fp, "companyIds", ","); !ids.empty())
            p.metadata["pact.companyIds"] = ids;
        if (auto ids = join_strings(*fp, "precedingPfIds", ","); !ids.empty())
            p.metadata["pact.precedingPfIds"] = ids;
        if (!bridge.empty()) p.metadata["conversion"] = bridge;
        if (auto sets = join_strings(pcf, "ipccCharacterizationFactors", ","); !sets.empty())
            p.metadata["gwp_sets"] = sets;
        // the supplier's primary data share and ratings travel with its emissions
        if (auto pds = num("primaryDataShare"))
            p.metadata["primary_data_share"] = detail::format_decimal(*pds);
        if (pcf.contains("dqi") && pcf["dqi"].is_object()) {
            const auto& dqi = pcf["dqi"];
            auto rating = [&](const char* k) -> std::optional<double> {
                if (!dqi.contains(k) || !dqi[k].is_string()) return std::nullopt;
                return detail::decimal_value(dqi[k].get<std::string>());
            };
            p.quality.technological = rating("technologicalDQR");
            p.quality.geographical = rating("geographicalDQR");
            p.quality.temporal = rating("temporalDQR");
        }
        p.outputs.push_back(make_exchange(id, out_amount, out_unit));
        const unit kg = parse_unit("kg");
        for (const auto& c : component_flows) {
            const auto v = num(c.property);
            if (!v || *v == 0.0) continue;
            flow f;
            f.id = c.id;
            f.name = std::string("PACT ") + c.property;
            f.kind = flow_kind::elementary;
            f.ref_unit = kg;
            f.compartment = "air";
            f.substance = c.substance;
            f.carbon_origin = c.o;
            f.dir = c.d;
            add_flow(f);
            p.elementary.push_back(make_exchange(c.id, c.d == direction::resource ? -*v : *v, kg));
        }
        out.processes.push_back(std::move(p));
        return id;
    }
};

} // namespace

namespace {
/// A `pact:` provider that is not yet a process of `sys` (a linked model names its supplier
/// processes by the same reference).
auto unlinked_ref(const product_system& sys) {
    std::unordered_set<std::string> procs;
    for (const auto& p : sys.processes)
        procs.insert(p.id);
    return [procs = std::move(procs)](const std::string& s) {
        return is_pact_ref(s) && !procs.contains(s);
    };
}
} // namespace

bool has_supplier_footprints(const product_system& sys) {
    return any_provider(sys, unlinked_ref(sys));
}

product_system link_supplier_footprints(const product_system& sys, const import_options& options,
                                        std::vector<std::string>* warnings) {
    importer im(sys, options, warnings);
    const auto unlinked = unlinked_ref(sys);
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi)
        for (std::size_t k = 0; k < sys.processes[pi].inputs.size(); ++k) {
            const exchange& e = sys.processes[pi].inputs[k];
            const std::string ref = named_provider(sys, e);
            if (!unlinked(ref)) continue;
            const std::string where =
                "process '" + sys.processes[pi].id + "' input '" + e.flow + "'";
            const std::string provider = im.provide(ref, e, where);
            if (provider.empty()) continue;
            exchange& target = im.out.processes[pi].inputs[k];
            target.flow = provider;
            target.provider = provider;
        }
    for (auto it = im.out.providers.begin(); it != im.out.providers.end();)
        it = unlinked(it->second) ? im.out.providers.erase(it) : std::next(it);
    if (!im.problems.empty()) throw model_error(std::move(im.problems));
    return std::move(im.out);
}

std::string describe(const json& fp) {
    auto s = [&](const json& j, const char* k) {
        return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>()
                                                                  : std::string("-");
    };
    const json& pcf = fp.is_object() && fp.contains("pcf") ? fp["pcf"] : json::object();
    std::string o;
    auto line = [&](const std::string& label, const std::string& v) {
        o += label;
        o.append(label.size() < 36 ? 36 - label.size() : 1, ' ');
        o += cradle::detail::escape_controls(v, false) + "\n";
    };
    line("Product", s(fp, "productNameCompany") + " — " + s(fp, "productDescription"));
    const std::string ids = join_strings(fp, "productIds", ", ");
    line("Product ids", ids.empty() ? "-" : ids);
    line("Company", s(fp, "companyName"));
    line("Footprint id", s(fp, "id") + " (" + s(fp, "status") + ", spec " + s(fp, "specVersion") +
                             ", created " + s(fp, "created") + ")");
    line("Declared unit", s(pcf, "declaredUnitAmount") + " " + s(pcf, "declaredUnitOfMeasurement") +
                              " (" + s(pcf, "productMassPerDeclaredUnit") + " kg)");
    line("Reference period",
         s(pcf, "referencePeriodStart") + " to " + s(pcf, "referencePeriodEnd"));
    std::string geo = s(pcf, "geographyCountry");
    if (geo == "-") geo = s(pcf, "geographyCountrySubdivision");
    if (geo == "-") geo = s(pcf, "geographyRegionOrSubregion");
    line("Geography", geo);
    o += "\n";
    line("PCF excl. biogenic uptake", s(pcf, "pcfExcludingBiogenicUptake") + " kg CO2e");
    line("PCF incl. biogenic uptake", s(pcf, "pcfIncludingBiogenicUptake") + " kg CO2e");
    for (const char* k :
         {"fossilGhgEmissions", "landUseChangeGhgEmissions", "landManagementBiogenicCO2Emissions",
          "landManagementBiogenicCO2Removals", "technologicalCO2Removals",
          "ccsTechnologicalCO2Capture", "biogenicNonCO2Emissions", "biogenicCO2Uptake",
          "packagingGhgEmissions", "aircraftGhgEmissions", "outboundLogisticsGhgEmissions"})
        if (pcf.contains(k)) line(std::string("  ") + k, s(pcf, k) + " kg CO2e");
    for (const char* k : {"fossilCarbonContent", "biogenicCarbonContent", "recycledCarbonContent"})
        if (pcf.contains(k)) line(std::string("  ") + k, s(pcf, k) + " kg C");
    o += "\n";
    line("Primary data share",
         pcf.contains("primaryDataShare") ? s(pcf, "primaryDataShare") + " %" : "-");
    if (pcf.contains("dqi") && pcf["dqi"].is_object())
        line("DQR (technological/geographical/temporal)",
             s(pcf["dqi"], "technologicalDQR") + " / " + s(pcf["dqi"], "geographicalDQR") + " / " +
                 s(pcf["dqi"], "temporalDQR"));
    else
        line("DQR", "-");
    const std::string gwp = join_strings(pcf, "ipccCharacterizationFactors", ", ");
    line("IPCC characterization", gwp.empty() ? "-" : gwp);
    return o;
}

} // namespace cradle::pact
