// cradle — PACT v3 export: the figures of a solved system, and the ProductFootprint document.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/detail/decimal.hpp"
#include "cradle/exchange/pact.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>

namespace cradle::pact {
namespace {

using nlohmann::json;

/// PACT component of each characterized flow.
enum class comp : std::uint8_t {
    fossil,
    land_use_change,
    lm_emission,
    lm_removal,
    technological,
    ccs,
    biogenic_non_co2,
    biogenic_co2,
};

std::optional<comp> booked(const std::string& category) {
    if (category == "fossil") return comp::fossil;
    if (category == "land-use-change") return comp::land_use_change;
    if (category == "biogenic-non-co2") return comp::biogenic_non_co2;
    return std::nullopt;
}

comp component_of(climate_indicator k) {
    switch (k) {
    case climate_indicator::fossil:
        return comp::fossil;
    case climate_indicator::land_use_change:
        return comp::land_use_change;
    case climate_indicator::land_management_co2_emission:
        return comp::lm_emission;
    case climate_indicator::land_management_co2_removal:
        return comp::lm_removal;
    case climate_indicator::technological_co2_removal:
        return comp::technological;
    case climate_indicator::ccs_capture:
        return comp::ccs;
    case climate_indicator::biogenic_non_co2:
        return comp::biogenic_non_co2;
    case climate_indicator::biogenic_co2_emission:
    case climate_indicator::biogenic_co2_removal:
        return comp::biogenic_co2;
    case climate_indicator::total:
    case climate_indicator::other:
        break;
    }
    return comp::fossil;
}

/// The booking category of an unstated-origin flow.
std::string category_for(const unstated_booking& b, const flow& f) {
    if (auto it = b.flows.find(f.id); it != b.flows.end()) return it->second;
    constexpr std::string_view co2e = "air/CO2e/";
    if (f.id.rfind(co2e, 0) == 0)
        if (auto it = b.datasets.find(f.id.substr(co2e.size())); it != b.datasets.end())
            return it->second;
    return b.fallback;
}

/// PACT declared unit of a functional unit in `u`, and the factor from `u` to it.
std::pair<std::string, double> declared_unit_of(const unit& u) {
    switch (u.dim.base) {
    case base_dimension::mass:
        return {"kilogram", u.to_base};
    case base_dimension::volume:
        return {"liter", u.to_base * 1e3};
    case base_dimension::energy:
        if (u.symbol.find("Wh") != std::string::npos) return {"kilowatt hour", u.to_base / 3.6};
        return {"megajoule", u.to_base};
    case base_dimension::transport:
        return {"ton kilometer", u.to_base / 1e3};
    case base_dimension::area:
        return {"square meter", u.to_base};
    case base_dimension::items:
        return {"piece", u.to_base};
    case base_dimension::time:
        return {"hour", u.to_base};
    default:
        break;
    }
    throw input_error("pact-declared-unit",
                      "the functional unit is in '" + u.symbol + "' (" + to_string(u.dim) +
                          "), which has no PACT declared unit (kilogram, liter, cubic meter, "
                          "kilowatt hour, megajoule, ton kilometer, square meter, piece, hour)");
}

bool detail_normalized_co2e(const std::string& substance) {
    return cradle::detail::normalize_species(substance) == "CO2E";
}

/// Numbers at rounding level of the largest term become 0 (e.g. a net -1e-17).
double clean(double v, double scale) {
    return std::abs(v) <= 1e-13 * scale ? 0.0 : v;
}

} // namespace

unstated_booking booking_from(const json& meta) {
    unstated_booking b;
    auto it = meta.find("unstatedOrigin");
    if (it == meta.end()) return b;
    std::vector<problem> ps;
    const std::string p = "meta: /unstatedOrigin";
    auto category = [&](const json& v, const std::string& at) -> std::string {
        if (v.is_string() && booked(v.get<std::string>())) return v.get<std::string>();
        ps.push_back({"pact-meta", at + ": expected \"fossil\", \"land-use-change\" or "
                                        "\"biogenic-non-co2\""});
        return "fossil";
    };
    if (!it->is_object()) {
        throw input_error("pact-meta", p + ": expected an object {default, datasets, flows}");
    }
    for (const auto& [k, v] : it->items()) {
        if (k == "default") {
            b.fallback = category(v, p + "/default");
        } else if (k == "datasets" || k == "flows") {
            if (!v.is_object()) {
                ps.push_back({"pact-meta", p + "/" + k + ": expected an object {id: category}"});
                continue;
            }
            for (const auto& [id, c] : v.items())
                (k == "datasets" ? b.datasets : b.flows)[id] = category(c, p + "/" + k + "/" + id);
        } else {
            ps.push_back({"pact-meta", p + "/" + cradle::detail::excerpt(k, 40) +
                                           ": not a member (default, datasets, flows)"});
        }
    }
    if (!ps.empty()) throw input_error(std::move(ps));
    return b;
}

json merge_meta(const product_system& model, const json& overlay) {
    json meta = json::object();
    if (auto it = model.sections.find("pact"); it != model.sections.end())
        meta = json::parse(it->second);
    if (overlay.is_null()) return meta;
    if (!overlay.is_object()) throw input_error("pact-meta", "meta: expected a JSON object");
    for (const auto& [k, v] : overlay.items()) {
        if (k == "pcf" && v.is_object() && meta.contains("pcf") && meta["pcf"].is_object())
            for (const auto& [pk, pv] : v.items())
                meta["pcf"][pk] = pv;
        else
            meta[k] = v;
    }
    return meta;
}

figures compute_figures(const product_system& model, const compiled_system& sys,
                        const characterization& ch, const factorization& lu, const footprint& r,
                        const unstated_booking& booking) {
    figures out;
    if (!model.reference)
        throw input_error("json-missing", "/functional_unit: the model states no functional unit");
    const functional_unit& fu = *model.reference;
    out.functional_unit_flow = fu.flow;
    out.cradle_total = r.total();
    const auto n = static_cast<Eigen::Index>(sys.index.size());
    const auto m = static_cast<Eigen::Index>(sys.index.elementary_size());

    // ---- each characterized flow's component, and the flow weights
    std::vector<std::optional<comp>> flow_comp(static_cast<std::size_t>(m));
    Eigen::VectorXd ctot = Eigen::VectorXd::Zero(m);
    for (Eigen::Index i = 0; i < m; ++i)
        ctot(i) = ch.C.coeff(0, i);
    std::vector<problem> problems;
    for (Eigen::Index i = 0; i < m; ++i) {
        if (ctot(i) == 0.0) continue;
        const flow& f = sys.index.elementary(elementary_row{static_cast<std::size_t>(i)});
        const climate_indicator k = category_of(f);
        if (k == climate_indicator::other) {
            const std::string c = category_for(booking, f);
            const auto b = booked(c);
            if (!b) {
                problems.push_back({"pact-meta", "unstatedOrigin: '" + c +
                                                     "' is not a category (fossil, "
                                                     "land-use-change, biogenic-non-co2)"});
                continue;
            }
            flow_comp[static_cast<std::size_t>(i)] = *b;
            out.parts.unstated[c] += ctot(i) * r.inventory(i);
        } else {
            flow_comp[static_cast<std::size_t>(i)] = component_of(k);
        }
    }
    if (!problems.empty()) throw input_error(std::move(problems));
    double sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    Eigen::VectorXd x = Eigen::VectorXd::Zero(m); // excl.-uptake weight per flow unit
    Eigen::VectorXd y = Eigen::VectorXd::Zero(m); // fossil weight
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto c = flow_comp[static_cast<std::size_t>(i)];
        if (!c) continue;
        sums[static_cast<int>(*c)] += ctot(i) * r.inventory(i);
        if (*c != comp::biogenic_co2) x(i) = ctot(i);
        if (*c == comp::fossil) y(i) = ctot(i);
    }
    double scale = 0;
    for (double v : sums)
        scale = std::max(scale, std::abs(v));
    auto& p = out.parts;
    p.fossil = clean(sums[0], scale);
    p.land_use_change = clean(sums[1], scale);
    p.land_management_co2_emissions = clean(sums[2], scale);
    p.land_management_co2_removals = clean(sums[3], scale);
    p.technological_co2_removals = clean(sums[4], scale);
    p.ccs_capture = clean(sums[5], scale);
    p.biogenic_non_co2 = clean(sums[6], scale);
    const double bio = clean(sums[7], scale);
    p.biogenic_co2_uptake = bio < 0 ? bio : 0.0;
    p.biogenic_co2_excluded = bio > 0 ? bio : 0.0;
    for (auto& [c, v] : p.unstated)
        v = clean(v, scale);
    if (p.biogenic_co2_excluded > 0)
        out.notes.push_back("Net biogenic CO2 emissions of " +
                            detail::format_decimal(p.biogenic_co2_excluded) +
                            " kg (biomass burnt or degraded whose uptake lies outside the data) "
                            "are left out as carbon-neutral; they are in cradle's gwp100.total.");
    for (const auto& [c, v] : p.unstated)
        if (v != 0)
            out.notes.push_back(detail::format_decimal(v) +
                                " kg CO2e from flows whose origin the data does not state (e.g. "
                                "factors published as CO2e only) are booked as " +
                                c + (c == "fossil" ? " (the conservative reading)" : "") + ".");

    // ---- per-process excl.-uptake emissions (direct, at scale)
    const Eigen::VectorXd e = sys.B.transpose() * x;  // per unit of scaling
    const Eigen::VectorXd ef = sys.B.transpose() * y; // fossil part
    const Eigen::VectorXd contrib = e.cwiseProduct(r.scaling);
    const double excl = p.fossil + p.land_use_change + p.land_management_co2_emissions +
                        p.land_management_co2_removals + p.technological_co2_removals +
                        p.ccs_capture + p.biogenic_non_co2;
    std::map<std::string, const process*> processes;
    for (const auto& pr : model.processes)
        processes.emplace(pr.id, &pr);
    auto process_of = [&](Eigen::Index j) -> const process* {
        auto it = processes.find(sys.index.columns()[static_cast<std::size_t>(j)].process);
        return it == processes.end() ? nullptr : it->second;
    };
    auto has_tag = [&](Eigen::Index j, std::string_view tag) {
        const auto& tags = sys.index.columns()[static_cast<std::size_t>(j)].tags;
        return std::find(tags.begin(), tags.end(), tag) != tags.end();
    };

    // Each foreground process is attributed its direct emissions plus the cradle-to-gate
    // emissions of what it takes from background datasets (its energy, its purchased
    // materials): PACT counts a company's scope 1 and 2 activity data as primary data. Inputs
    // from other foreground processes or supplier footprints count with those.
    enum class role : std::uint8_t { foreground, background, supplier };
    std::vector<role> roles(static_cast<std::size_t>(n), role::foreground);
    for (Eigen::Index j = 0; j < n; ++j)
        if (const process* pr = process_of(j)) {
            if (pr->metadata.count("pact.id"))
                roles[static_cast<std::size_t>(j)] = role::supplier;
            else if (pr->metadata.count("dataset"))
                roles[static_cast<std::size_t>(j)] = role::background;
        }
    const Eigen::VectorXd lambda = lu.solve_transposed(e); // excl. emissions per unit of product
    Eigen::VectorXd attributed = Eigen::VectorXd::Zero(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        if (roles[static_cast<std::size_t>(j)] == role::background) continue;
        double a = contrib(j);
        for (sparse_matrix::InnerIterator it(sys.A, j); it; ++it)
            if (it.row() != j && roles[static_cast<std::size_t>(it.row())] == role::background)
                a -= it.value() * r.scaling(j) * lambda(it.row());
        attributed(j) = a;
    }
    double primary = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
        double share = has_tag(j, "primary") ? 1.0 : 0.0;
        if (const process* pr = process_of(j); pr && share == 0.0)
            if (auto it = pr->metadata.find("primary_data_share"); it != pr->metadata.end())
                share = detail::decimal_value(it->second).value_or(0.0) / 100.0;
        primary += share * attributed(j);
    }
    if (excl > 0) {
        // a share in percent, to nine decimals (so a full share prints as 100, not 99.99..)
        out.primary_data_share = std::round(1e11 * primary / excl) / 1e9;
    } else {
        out.notes.push_back("No primary data share: the footprint excluding biogenic uptake is "
                            "not positive.");
    }

    // data quality: means weighted by |attributed emissions| over the processes that rate
    const double weight_all = attributed.cwiseAbs().sum();
    auto rate = [&](std::optional<double> data_quality::*member,
                    const char* name) -> std::optional<double> {
        double w = 0, wr = 0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const process* pr = process_of(j);
            if (pr == nullptr || !(pr->quality.*member)) continue;
            const double wj = std::abs(attributed(j));
            w += wj;
            wr += wj * *(pr->quality.*member);
        }
        if (w <= 0) return std::nullopt;
        out.dqr.coverage[name] = weight_all > 0 ? 100.0 * w / weight_all : 0.0;
        return std::round(wr / w * 1e9) / 1e9; // a rating: nine decimals are plenty
    };
    out.dqr.technological = rate(&data_quality::technological, "technological");
    out.dqr.geographical = rate(&data_quality::geographical, "geographical");
    out.dqr.temporal = rate(&data_quality::temporal, "temporal");
    out.dqr.completeness = rate(&data_quality::completeness, "completeness");
    out.dqr.reliability = rate(&data_quality::reliability, "reliability");

    // "of which" figures: tagged processes with their supply chain outside the tag
    auto of_which = [&](std::string_view tag, const Eigen::VectorXd& w) -> std::optional<double> {
        std::vector<bool> in(static_cast<std::size_t>(n), false);
        bool any = false;
        for (Eigen::Index j = 0; j < n; ++j)
            if (has_tag(j, tag) && r.scaling(j) != 0.0)
                in[static_cast<std::size_t>(j)] = any = true;
        if (!any) return std::nullopt;
        double direct = 0;
        Eigen::VectorXd f = Eigen::VectorXd::Zero(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            if (!in[static_cast<std::size_t>(j)]) continue;
            direct += w(j) * r.scaling(j);
            for (sparse_matrix::InnerIterator it(sys.A, j); it; ++it)
                if (it.row() != j && !in[static_cast<std::size_t>(it.row())])
                    f(it.row()) -= it.value() * r.scaling(j);
        }
        const Eigen::VectorXd s = lu.solve(f);
        return clean(direct + w.dot(s), scale);
    };
    out.packaging = of_which("packaging", e);
    out.aircraft = of_which("aircraft", e);
    out.outbound_logistics = of_which("outbound-logistics", e);
    out.land_management_fossil = of_which("land-management", ef);

    // ---- declared unit, mass and carbon content of the reference product
    const auto [du, factor] = declared_unit_of(fu.amount_unit);
    out.declared_unit = du;
    out.declared_amount = fu.amount * factor;
    const flow* product = nullptr;
    for (const auto& f : model.flows)
        if (f.id == fu.flow) product = &f;
    const double in_flow_units =
        product
            ? fu.amount * conversion_factor(fu.amount_unit, product->ref_unit, "functional unit")
            : fu.amount;
    if (fu.amount_unit.dim.base == base_dimension::mass) {
        out.product_mass = fu.amount * fu.amount_unit.to_base;
        out.product_mass_known = true;
    } else if (du == "kilowatt hour" || du == "megajoule" || du == "ton kilometer" ||
               du == "hour") {
        out.product_mass = 0;
        out.product_mass_known = true;
    } else if (product && product->mass_per_unit) {
        out.product_mass = *product->mass_per_unit * in_flow_units;
        out.product_mass_known = true;
    }
    if (product) {
        auto per = [&](const std::optional<double>& v) {
            return v ? std::optional<double>(*v * in_flow_units) : std::nullopt;
        };
        out.carbon.fossil = per(product->carbon.fossil);
        out.carbon.biogenic = per(product->carbon.biogenic);
        out.carbon.recycled = per(product->carbon.recycled);
        out.carbon.packaging_biogenic = per(product->carbon.packaging_biogenic);
    }

    // ---- characterization factors, secondary sources, suppliers
    std::set<std::string> gwp{ch.gwp_set};
    std::set<std::pair<std::string, std::string>> sources;
    std::set<std::string> suppliers, other_sets;
    for (Eigen::Index j = 0; j < n; ++j) {
        if (r.scaling(j) == 0.0) continue;
        const process* pr = process_of(j);
        if (pr == nullptr) continue;
        const auto& md = pr->metadata;
        if (auto it = md.find("dataset"); it != md.end()) {
            const auto title = md.find("dataset_title");
            const auto version = md.find("version");
            sources.emplace(
                title != md.end() && !title->second.empty() ? title->second : it->second,
                version != md.end() && !version->second.empty() ? version->second : "unstated");
        }
        // published CO2e carries the publisher's GWP set
        bool co2e = false;
        for (sparse_matrix::InnerIterator it(sys.B, j); it; ++it)
            co2e =
                co2e || detail_normalized_co2e(
                            sys.index.elementary(elementary_row{static_cast<std::size_t>(it.row())})
                                .substance);
        if (auto it = md.find("gwp_sets"); it != md.end()) { // a supplier footprint
            std::string list = it->second;
            for (std::size_t a = 0; a <= list.size();) {
                const auto b = list.find(',', a);
                const std::string one = list.substr(a, b == std::string::npos ? b : b - a);
                if (!one.empty()) gwp.insert(one);
                if (b == std::string::npos) break;
                a = b + 1;
            }
        } else if (auto g = md.find("gwp_set"); co2e && g != md.end() && !g->second.empty()) {
            const std::string& set = g->second;
            const bool ar = set.size() > 2 && set.rfind("AR", 0) == 0 &&
                            set.find_first_not_of("0123456789", 2) == std::string::npos;
            if (ar)
                gwp.insert(set);
            else
                other_sets.insert(md.count("dataset") ? md.at("dataset") + " (" + set + ")" : set);
        }
        if (auto it = md.find("pact.id"); it != md.end()) suppliers.insert(it->second);
    }
    out.gwp_sets.assign(gwp.begin(), gwp.end());
    for (const auto& o : other_sets)
        out.notes.push_back("Published CO2e of " + o +
                            " is used as given (not an IPCC assessment report set).");
    out.secondary_sources.assign(sources.begin(), sources.end());
    out.supplier_footprints.assign(suppliers.begin(), suppliers.end());
    if (!suppliers.empty()) {
        std::string ids;
        for (const auto& id : suppliers)
            ids += (ids.empty() ? "" : ", ") + id;
        out.notes.push_back("Supplier footprints used as primary data (PACT ids): " + ids + ".");
    }
    return out;
}

figures compute_figures(const product_system& model, const gwp_set& gwp,
                        const unstated_booking& booking) {
    if (!model.reference)
        throw input_error("json-missing", "/functional_unit: the model states no functional unit");
    const compiled_system sys = compile(model);
    const characterization ch = characterize(sys.index, gwp);
    const factorization lu = factorize(sys);
    const footprint r = calculate(sys, ch, lu, demand_vector(sys, *model.reference));
    figures f = compute_figures(model, sys, ch, lu, r, booking);
    f.pivot_ratio = r.pivot_ratio;
    return f;
}

namespace {

std::string uuid_v4() {
    std::random_device rd;
    std::uniform_int_distribution<int> byte(0, 255);
    unsigned char b[16];
    for (auto& c : b)
        c = static_cast<unsigned char>(byte(rd));
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 15];
    }
    return s;
}

std::string now_utc() {
    const auto t =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return detail::format_date_time(t.time_since_epoch().count());
}

} // namespace

json to_pact(const figures& f, const json& meta_in, const export_options& options) {
    const json meta = meta_in.is_null() ? json::object() : meta_in;
    std::vector<problem> ps;
    if (!meta.is_object()) throw input_error("pact-meta", "meta: expected a JSON object");
    static const std::set<std::string> top_keys{"companyName",
                                                "companyIds",
                                                "productDescription",
                                                "productIds",
                                                "productClassifications",
                                                "productNameCompany",
                                                "comment",
                                                "status",
                                                "precedingPfIds",
                                                "validityPeriodStart",
                                                "validityPeriodEnd",
                                                "extensions",
                                                "pcf",
                                                "unstatedOrigin",
                                                "$schema"};
    static const std::set<std::string> pcf_keys{"referencePeriodStart",
                                                "referencePeriodEnd",
                                                "geographyRegionOrSubregion",
                                                "geographyCountry",
                                                "geographyCountrySubdivision",
                                                "boundaryProcessesDescription",
                                                "crossSectoralStandards",
                                                "productOrSectorSpecificRules",
                                                "exemptedEmissionsPercent",
                                                "exemptedEmissionsDescription",
                                                "allocationRulesDescription",
                                                "verification",
                                                "packagingEmissionsIncluded",
                                                "landAreaOccupation",
                                                "landCarbonLeakage",
                                                "technologicalCO2CaptureOrigin",
                                                "ccuCarbonContent",
                                                "ccuCalculationApproach",
                                                "ccuCreditCertification"};
    for (const auto& [k, v] : meta.items())
        if (!top_keys.contains(k))
            ps.push_back(
                {"pact-meta", "meta: /" + cradle::detail::excerpt(k, 60) +
                                  (k == "id" || k == "created" || k == "specVersion"
                                       ? ": set by the export (--id / --created options)"
                                       : ": not a metadata property (docs/pact.md lists them)")});
    const json pcf_meta = meta.contains("pcf") ? meta["pcf"] : json::object();
    if (!pcf_meta.is_object())
        ps.push_back({"pact-meta", "meta: /pcf: expected an object"});
    else
        for (const auto& [k, v] : pcf_meta.items())
            if (!pcf_keys.contains(k))
                ps.push_back({"pact-meta", "meta: /pcf/" + cradle::detail::excerpt(k, 60) +
                                               ": not a metadata property (the figures are "
                                               "computed from the result; docs/pact.md)"});
    for (const char* k :
         {"companyName", "companyIds", "productDescription", "productIds", "productNameCompany"})
        if (!meta.contains(k))
            ps.push_back({"pact-meta-missing", std::string("meta: /") + k + " is required"});
    if (pcf_meta.is_object())
        for (const char* k : {"referencePeriodStart", "referencePeriodEnd",
                              "crossSectoralStandards", "exemptedEmissionsPercent"})
            if (!pcf_meta.contains(k))
                ps.push_back(
                    {"pact-meta-missing", std::string("meta: /pcf/") + k + " is required"});
    if (!f.product_mass_known)
        ps.push_back({"pact-meta-missing",
                      "productMassPerDeclaredUnit: the reference product '" +
                          f.functional_unit_flow + "' is declared per " + f.declared_unit +
                          " and states no mass_per_unit (kg per unit) in the model"});
    if (!f.carbon.fossil)
        ps.push_back({"pact-meta-missing",
                      "fossilCarbonContent: the reference product '" + f.functional_unit_flow +
                          "' states no carbon_content.fossil (kg C per unit; 0 if none) in the "
                          "model"});
    if (!ps.empty()) throw input_error(std::move(ps));

    auto dec = [](double v) { return detail::format_decimal(v); };
    json doc = json::object();
    doc["id"] = options.id.empty() ? uuid_v4() : options.id;
    doc["specVersion"] = std::string(spec_version);
    if (meta.contains("precedingPfIds")) doc["precedingPfIds"] = meta["precedingPfIds"];
    doc["created"] = options.created.empty() ? now_utc() : options.created;
    doc["status"] = meta.value("status", json("Active"));
    for (const char* k :
         {"validityPeriodStart", "validityPeriodEnd", "companyName", "companyIds",
          "productDescription", "productIds", "productClassifications", "productNameCompany"})
        if (meta.contains(k)) doc[k] = meta[k];
    // comment: the company's, then what cradle assumed
    std::string comment = meta.contains("comment") && meta["comment"].is_string()
                              ? meta["comment"].get<std::string>()
                              : std::string();
    std::string notes =
        "Calculated with cradle " + std::string("(PACT ") + std::string(spec_version) + " export).";
    for (const auto& n : f.notes)
        notes += " " + n;
    if (f.dqr.technological && f.dqr.geographical && f.dqr.temporal) {
        notes += " Data-quality ratings are means weighted by each process's absolute emissions, "
                 "over the processes that rate them (coverage " +
                 detail::format_decimal(std::round(f.dqr.coverage.at("technological") * 10) / 10) +
                 " % of emissions).";
    }
    doc["comment"] = comment.empty() ? notes : comment + "\n\n" + notes;

    json pcf = json::object();
    pcf["declaredUnitOfMeasurement"] = f.declared_unit;
    pcf["declaredUnitAmount"] = dec(f.declared_amount);
    pcf["productMassPerDeclaredUnit"] = dec(f.product_mass);
    for (const char* k :
         {"referencePeriodStart", "referencePeriodEnd", "geographyRegionOrSubregion",
          "geographyCountry", "geographyCountrySubdivision", "boundaryProcessesDescription"})
        if (pcf_meta.contains(k)) pcf[k] = pcf_meta[k];
    const auto& p = f.parts;
    const bool ccs = p.ccs_capture != 0 || p.technological_co2_removals != 0;
    std::vector<std::pair<const char*, std::string>> parts{
        {"fossilGhgEmissions", dec(p.fossil)},
        {"landUseChangeGhgEmissions", dec(p.land_use_change)},
        {"landManagementBiogenicCO2Emissions", dec(p.land_management_co2_emissions)},
        {"landManagementBiogenicCO2Removals", dec(p.land_management_co2_removals)},
        {"biogenicNonCO2Emissions", dec(p.biogenic_non_co2)}};
    if (ccs) {
        parts.emplace_back("technologicalCO2Removals", dec(p.technological_co2_removals));
        parts.emplace_back("ccsTechnologicalCO2Capture", dec(p.ccs_capture));
    }
    std::string excl = "0";
    for (const auto& [k, v] : parts)
        excl = detail::add_decimals(excl, v);
    const std::string uptake = dec(p.biogenic_co2_uptake);
    pcf["pcfExcludingBiogenicUptake"] = excl;
    pcf["pcfIncludingBiogenicUptake"] = detail::add_decimals(excl, uptake);
    pcf["fossilCarbonContent"] = dec(*f.carbon.fossil);
    if (f.carbon.biogenic) pcf["biogenicCarbonContent"] = dec(*f.carbon.biogenic);
    if (f.carbon.recycled) pcf["recycledCarbonContent"] = dec(*f.carbon.recycled);
    for (const auto& [k, v] : parts)
        pcf[k] = v;
    pcf["biogenicCO2Uptake"] = uptake;
    if (f.land_management_fossil)
        pcf["landManagementFossilGhgEmissions"] = dec(*f.land_management_fossil);
    for (const char* k : {"landAreaOccupation", "landCarbonLeakage"})
        if (pcf_meta.contains(k)) pcf[k] = pcf_meta[k];
    if (f.aircraft) pcf["aircraftGhgEmissions"] = dec(*f.aircraft);
    const bool packaging = pcf_meta.contains("packagingEmissionsIncluded")
                               ? pcf_meta["packagingEmissionsIncluded"].is_boolean() &&
                                     pcf_meta["packagingEmissionsIncluded"].get<bool>()
                               : f.packaging.has_value();
    pcf["packagingEmissionsIncluded"] = packaging;
    if (packaging && f.packaging) pcf["packagingGhgEmissions"] = dec(*f.packaging);
    if (f.carbon.packaging_biogenic)
        pcf["packagingBiogenicCarbonContent"] = dec(*f.carbon.packaging_biogenic);
    if (f.outbound_logistics) pcf["outboundLogisticsGhgEmissions"] = dec(*f.outbound_logistics);
    pcf["ccsTechnologicalCO2CaptureIncluded"] = ccs;
    for (const char* k : {"technologicalCO2CaptureOrigin", "ccuCarbonContent",
                          "ccuCalculationApproach", "ccuCreditCertification"})
        if (pcf_meta.contains(k)) pcf[k] = pcf_meta[k];
    pcf["ipccCharacterizationFactors"] = f.gwp_sets;
    for (const char* k : {"crossSectoralStandards", "productOrSectorSpecificRules"})
        if (pcf_meta.contains(k)) pcf[k] = pcf_meta[k];
    if (pcf_meta.contains("exemptedEmissionsPercent")) {
        const auto& v = pcf_meta["exemptedEmissionsPercent"];
        pcf["exemptedEmissionsPercent"] = v.is_number() ? json(dec(v.get<double>())) : v;
    }
    for (const char* k : {"exemptedEmissionsDescription", "allocationRulesDescription"})
        if (pcf_meta.contains(k)) pcf[k] = pcf_meta[k];
    if (!f.secondary_sources.empty()) {
        pcf["secondaryEmissionFactorSources"] = json::array();
        for (const auto& [name, version] : f.secondary_sources)
            pcf["secondaryEmissionFactorSources"].push_back({{"name", name}, {"version", version}});
    }
    if (f.primary_data_share) pcf["primaryDataShare"] = dec(*f.primary_data_share);
    if (f.dqr.technological && f.dqr.geographical && f.dqr.temporal)
        pcf["dqi"] = {{"technologicalDQR", dec(*f.dqr.technological)},
                      {"geographicalDQR", dec(*f.dqr.geographical)},
                      {"temporalDQR", dec(*f.dqr.temporal)}};
    if (pcf_meta.contains("verification")) pcf["verification"] = pcf_meta["verification"];
    doc["pcf"] = std::move(pcf);
    if (meta.contains("extensions")) doc["extensions"] = meta["extensions"];

    // never write a footprint that does not validate
    const auto problems = validate(doc);
    if (!problems.empty()) {
        std::vector<problem> out;
        for (const auto& v : problems)
            out.push_back({v.id, "the exported footprint at " + v.path + ": " + v.message});
        throw exchange_error(std::move(out));
    }
    return doc;
}

} // namespace cradle::pact
