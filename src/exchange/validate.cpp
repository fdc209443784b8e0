// cradle — strict validation of PACT v3 ProductFootprints (schema, arithmetic, methodology).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/detail/decimal.hpp"
#include "cradle/exchange/detail/pointer.hpp"
#include "cradle/exchange/pact.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "iso3166.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace cradle::pact {
namespace {

using detail::decimal_value;
using detail::is_decimal;
using nlohmann::json;

enum class kind {
    text,      ///< any string
    nonempty,  ///< string, at least one character
    urn,       ///< RFC 8141 URN
    uuid,      ///< RFC 4122 text form
    date_time, ///< RFC 3339
    uri,       ///< absolute URI
    decimal,
    positive_nonzero,
    positive_or_zero,
    negative_or_zero,
    boolean,
};

constexpr std::array<std::string_view, 10> declared_units{
    "liter",         "kilogram",     "cubic meter", "kilowatt hour", "megajoule",
    "ton kilometer", "square meter", "piece",       "hour",          "megabit second"};

constexpr std::array<std::string_view, 22> un_regions{"Africa",
                                                      "Americas",
                                                      "Asia",
                                                      "Europe",
                                                      "Oceania",
                                                      "Australia and New Zealand",
                                                      "Central Asia",
                                                      "Eastern Asia",
                                                      "Eastern Europe",
                                                      "Latin America and the Caribbean",
                                                      "Melanesia",
                                                      "Micronesia",
                                                      "Northern Africa",
                                                      "Northern America",
                                                      "Northern Europe",
                                                      "Polynesia",
                                                      "South-eastern Asia",
                                                      "Southern Asia",
                                                      "Southern Europe",
                                                      "Sub-Saharan Africa",
                                                      "Western Asia",
                                                      "Western Europe"};

/// The parts of pcfExcludingBiogenicUptake (the spec's formula); pcfIncluding adds the uptake.
constexpr std::array<std::string_view, 7> excl_parts{"fossilGhgEmissions",
                                                     "landUseChangeGhgEmissions",
                                                     "landManagementBiogenicCO2Emissions",
                                                     "landManagementBiogenicCO2Removals",
                                                     "technologicalCO2Removals",
                                                     "ccsTechnologicalCO2Capture",
                                                     "biogenicNonCO2Emissions"};

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
    }
    return true;
}

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// RFC 8141: "urn:" NID (2-32 of alphanumerics and '-', not starting or ending with '-') ":"
/// NSS (pchar and '/', percent-encoded octets; at least one character).
bool is_urn(std::string_view s) {
    if (s.size() < 4) return false;
    std::string head(s.substr(0, 4));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (head != "urn:") return false;
    const auto colon = s.find(':', 4);
    if (colon == std::string_view::npos) return false;
    const auto nid = s.substr(4, colon - 4);
    if (nid.size() < 2 || nid.size() > 32 || !is_alnum(nid.front()) || !is_alnum(nid.back()))
        return false;
    for (char c : nid)
        if (!is_alnum(c) && c != '-') return false;
    const auto nss = s.substr(colon + 1);
    if (nss.empty()) return false;
    static constexpr std::string_view allowed = "-._~!$&'()*+,;=:@/";
    for (std::size_t i = 0; i < nss.size(); ++i) {
        const char c = nss[i];
        if (is_alnum(c) || allowed.find(c) != std::string_view::npos) continue;
        if (c == '%' && i + 2 < nss.size() + 0 && is_hex(nss[i + 1]) && is_hex(nss[i + 2])) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

/// An absolute URI: scheme ":" then at least one character, no whitespace or controls.
bool is_uri(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size()) return false;
    if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!is_alnum(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '<' ||
            c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
            return false;
    return true;
}

struct checker {
    std::vector<validation_problem> out;

    void fail(std::string id, std::string path, std::string message) {
        out.push_back(
            {std::move(id), std::move(path), cradle::detail::escape_controls(message, false)});
    }

    /// Members of `j` not in `allowed` (`extensions` is always allowed where listed).
    void only(const json& j, const std::string& p, std::initializer_list<std::string_view> allowed,
              const char* what) {
        for (const auto& [k, v] : j.items()) {
            if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
            std::string hint;
            if (k == "version" || k == "updated")
                hint = " (removed in PACT v3: a changed footprint gets a new id)";
            else if (k == "pCfExcludingBiogenic" || k == "pCfIncludingBiogenic")
                hint = " (a v2 name)";
            fail("pact-unknown-property",
                 p + "/" + detail::pointer_token(cradle::detail::excerpt(k, 60)),
                 std::string("'") + cradle::detail::excerpt(k, 60) + "' is not a property of " +
                     what + hint + "; put additional data in 'extensions'");
        }
    }

    /// A string value of kind `k` (the caller checked presence); returns it when well formed.
    std::optional<std::string> value(const json& v, const std::string& p, kind k) {
        if (k == kind::boolean) {
            if (!v.is_boolean())
                fail("pact-type", p, std::string("expected true or false, got ") + v.type_name());
            return std::nullopt;
        }
        if (!v.is_string()) {
            const bool number = v.is_number();
            fail("pact-type", p,
                 std::string("expected a string, got ") + v.type_name() +
                     (number ? " (PACT decimals are strings, e.g. \"1.5\")" : ""));
            return std::nullopt;
        }
        const std::string s = v.get<std::string>();
        auto bad = [&](const char* id, const std::string& why) {
            fail(id, p, "'" + cradle::detail::excerpt(s, 60) + "' " + why);
            return std::nullopt;
        };
        switch (k) {
        case kind::text:
            return s;
        case kind::nonempty:
            if (s.empty()) return bad("pact-empty", "must not be empty");
            return s;
        case kind::urn:
            if (!is_urn(s)) return bad("pact-urn", "is not a URN (RFC 8141: urn:<nid>:<nss>)");
            return s;
        case kind::uuid:
            if (!is_uuid(s))
                return bad("pact-uuid", "is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            return s;
        case kind::date_time:
            if (!detail::parse_date_time(s))
                return bad("pact-date-time",
                           "is not an RFC 3339 date-time (e.g. 2025-01-31T00:00:00Z)");
            return s;
        case kind::uri:
            if (!is_uri(s)) return bad("pact-uri", "is not an absolute URI");
            return s;
        case kind::decimal:
        case kind::positive_nonzero:
        case kind::positive_or_zero:
        case kind::negative_or_zero: {
            if (!is_decimal(s))
                return bad("pact-decimal",
                           "is not a decimal (digits, optional sign and fraction, no exponent)");
            const auto d = decimal_value(s);
            if (!d) return bad("pact-decimal", "is out of range");
            if (k == kind::positive_nonzero && !(*d > 0))
                return bad("pact-sign", "must be greater than zero");
            if (k == kind::positive_or_zero && (*d < 0 || s[0] == '-'))
                return bad("pact-sign", "must be zero or positive");
            if (k == kind::negative_or_zero && (*d > 0 || s[0] == '+'))
                return bad("pact-sign", "must be zero or negative");
            return s;
        }
        case kind::boolean:
            break;
        }
        return s;
    }

    std::optional<std::string> member(const json& j, const std::string& p, const char* key, kind k,
                                      bool required) {
        auto it = j.find(key);
        if (it == j.end()) {
            if (required)
                fail("pact-required", p + "/" + key, std::string("'") + key + "' is required");
            return std::nullopt;
        }
        return value(*it, p + "/" + key, k);
    }

    std::optional<bool> flag(const json& j, const std::string& p, const char* key) {
        auto it = j.find(key);
        if (it == j.end()) return std::nullopt;
        (void)value(*it, p + "/" + key, kind::boolean);
        return it->is_boolean() ? std::optional<bool>(it->get<bool>()) : std::nullopt;
    }

    std::optional<std::string> choice(const json& j, const std::string& p, const char* key,
                                      const auto& options, bool required) {
        auto s = member(j, p, key, kind::text, required);
        if (!s) return s;
        if (std::find(options.begin(), options.end(), *s) == options.end()) {
            std::string list;
            for (auto o : options)
                list += (list.empty() ? "" : ", ") + std::string(o);
            fail("pact-enum", p + "/" + key,
                 "'" + cradle::detail::excerpt(*s, 60) + "' is not one of: " + list);
            return std::nullopt;
        }
        return s;
    }

    /// A non-empty array of unique strings of kind `k`.
    std::vector<std::string> strings(const json& j, const std::string& p, const char* key, kind k,
                                     bool required) {
        std::vector<std::string> out_values;
        auto it = j.find(key);
        const std::string at = p + "/" + key;
        if (it == j.end()) {
            if (required) fail("pact-required", at, std::string("'") + key + "' is required");
            return out_values;
        }
        if (!it->is_array()) {
            fail("pact-type", at, std::string("expected an array, got ") + it->type_name());
            return out_values;
        }
        if (it->empty()) fail("pact-empty", at, "must not be empty (omit it instead)");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < it->size(); ++i) {
            auto s = value((*it)[i], at + "/" + std::to_string(i), k);
            if (!s) continue;
            if (!seen.insert(*s).second)
                fail("pact-duplicate", at + "/" + std::to_string(i),
                     "'" + cradle::detail::excerpt(*s, 60) + "' appears twice");
            out_values.push_back(*s);
        }
        return out_values;
    }

    const json* object(const json& j, const std::string& p, const char* key, bool required) {
        auto it = j.find(key);
        if (it == j.end()) {
            if (required)
                fail("pact-required", p + "/" + key, std::string("'") + key + "' is required");
            return nullptr;
        }
        if (!it->is_object()) {
            fail("pact-type", p + "/" + key,
                 std::string("expected an object, got ") + it->type_name());
            return nullptr;
        }
        return &*it;
    }
};

void check_extensions(checker& c, const json& fp, const std::string& p) {
    auto it = fp.find("extensions");
    if (it == fp.end()) return;
    const std::string at = p + "/extensions";
    if (!it->is_array()) {
        c.fail("pact-type", at, std::string("expected an array, got ") + it->type_name());
        return;
    }
    if (it->empty()) c.fail("pact-empty", at, "must not be empty (omit it instead)");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& e = (*it)[i];
        const std::string pe = at + "/" + std::to_string(i);
        if (!e.is_object()) {
            c.fail("pact-type", pe, std::string("expected an object, got ") + e.type_name());
            continue;
        }
        c.only(e, pe, {"specVersion", "dataSchema", "documentation", "data"}, "DataModelExtension");
        if (auto v = c.member(e, pe, "specVersion", kind::text, true)) {
            const auto& s = *v;
            int dots = 0;
            bool ok = !s.empty();
            for (char ch : s)
                if (ch == '.')
                    ++dots;
                else if (!(ch >= '0' && ch <= '9'))
                    ok = false;
            if (!ok || dots != 2)
                c.fail("pact-version", pe + "/specVersion",
                       "'" + cradle::detail::excerpt(s, 40) + "' is not major.minor.patch");
        }
        (void)c.member(e, pe, "dataSchema", kind::uri, true);
        (void)c.member(e, pe, "documentation", kind::uri, false);
        (void)c.object(e, pe, "data", true);
    }
}

/// The part of the footprint's validation that needs the numbers: totals, periods, rules.
struct numbers {
    std::map<std::string, std::string> decimals; ///< pcf member -> decimal text (well formed)
    std::optional<double> ref_start, ref_end, valid_start, valid_end;
};

void check_totals(checker& c, const numbers& n, const std::string& pp) {
    auto get = [&](std::string_view k) -> std::optional<std::string> {
        auto it = n.decimals.find(std::string(k));
        return it == n.decimals.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto check = [&](const char* total_key, bool with_uptake) {
        auto total = get(total_key);
        if (!total) return;
        std::string sum = "0";
        std::string terms;
        std::size_t finest = 0;
        for (auto k : excl_parts)
            if (auto v = get(k)) {
                sum = detail::add_decimals(sum, *v);
                finest = std::max(finest, detail::decimals_of(*v));
            }
        if (with_uptake)
            if (auto v = get("biogenicCO2Uptake")) {
                sum = detail::add_decimals(sum, *v);
                finest = std::max(finest, detail::decimals_of(*v));
            }
        const std::string neg_total = (*total)[0] == '-'
                                          ? total->substr(1)
                                          : "-" + ((*total)[0] == '+' ? total->substr(1) : *total);
        const std::string diff = detail::add_decimals(sum, neg_total);
        const double d = std::abs(decimal_value(diff).value_or(0.0));
        // a total given with fewer decimals than its parts may be rounded to its own precision
        const std::size_t own = detail::decimals_of(*total);
        const double tolerance = own < finest ? 0.5 * std::pow(10.0, -static_cast<double>(own)) : 0;
        if (d > tolerance * (1 + 1e-12))
            c.fail("pact-total", pp + "/" + total_key,
                   std::string(total_key) + " is " + *total + " but its parts add up to " + sum +
                       (with_uptake ? " (the parts of pcfExcludingBiogenicUptake plus "
                                      "biogenicCO2Uptake)"
                                    : " (fossil, land-use change, land-management CO2 emissions "
                                      "and removals, technological removals, CCS capture and "
                                      "biogenic non-CO2)"));
    };
    check("pcfExcludingBiogenicUptake", false);
    check("pcfIncludingBiogenicUptake", true);
}

constexpr double year_2025 = 1735689600.0; ///< 2025-01-01T00:00:00Z
constexpr double year_2027 = 1798761600.0; ///< 2027-01-01T00:00:00Z

void check_pcf(checker& c, const json& pcf, const std::string& pp, numbers& n) {
    c.only(pcf, pp,
           {"declaredUnitOfMeasurement",
            "declaredUnitAmount",
            "productMassPerDeclaredUnit",
            "referencePeriodStart",
            "referencePeriodEnd",
            "geographyRegionOrSubregion",
            "geographyCountry",
            "geographyCountrySubdivision",
            "boundaryProcessesDescription",
            "pcfExcludingBiogenicUptake",
            "pcfIncludingBiogenicUptake",
            "fossilCarbonContent",
            "biogenicCarbonContent",
            "recycledCarbonContent",
            "fossilGhgEmissions",
            "landUseChangeGhgEmissions",
            "landCarbonLeakage",
            "landManagementFossilGhgEmissions",
            "landManagementBiogenicCO2Emissions",
            "landManagementBiogenicCO2Removals",
            "biogenicCO2Uptake",
            "biogenicNonCO2Emissions",
            "landAreaOccupation",
            "aircraftGhgEmissions",
            "packagingEmissionsIncluded",
            "packagingGhgEmissions",
            "packagingBiogenicCarbonContent",
            "outboundLogisticsGhgEmissions",
            "ccsTechnologicalCO2CaptureIncluded",
            "ccsTechnologicalCO2Capture",
            "technologicalCO2CaptureOrigin",
            "technologicalCO2Removals",
            "ccuCarbonContent",
            "ccuCalculationApproach",
            "ccuCreditCertification",
            "ipccCharacterizationFactors",
            "crossSectoralStandards",
            "productOrSectorSpecificRules",
            "exemptedEmissionsPercent",
            "exemptedEmissionsDescription",
            "allocationRulesDescription",
            "secondaryEmissionFactorSources",
            "primaryDataShare",
            "dqi",
            "verification"},
           "CarbonFootprint");
    struct decimal_member {
        const char* key;
        kind k;
        bool required;
    };
    static constexpr decimal_member decimal_members[] = {
        {"declaredUnitAmount", kind::positive_nonzero, true},
        {"productMassPerDeclaredUnit", kind::decimal, true},
        {"pcfExcludingBiogenicUptake", kind::decimal, true},
        {"pcfIncludingBiogenicUptake", kind::decimal, true},
        {"fossilCarbonContent", kind::positive_or_zero, true},
        {"biogenicCarbonContent", kind::positive_or_zero, false},
        {"recycledCarbonContent", kind::positive_or_zero, false},
        {"fossilGhgEmissions", kind::positive_or_zero, true},
        {"landUseChangeGhgEmissions", kind::positive_or_zero, false},
        {"landCarbonLeakage", kind::positive_or_zero, false},
        {"landManagementFossilGhgEmissions", kind::positive_or_zero, false},
        {"landManagementBiogenicCO2Emissions", kind::positive_or_zero, false},
        {"landManagementBiogenicCO2Removals", kind::negative_or_zero, false},
        {"biogenicCO2Uptake", kind::negative_or_zero, false},
        {"biogenicNonCO2Emissions", kind::positive_or_zero, false},
        {"landAreaOccupation", kind::positive_or_zero, false},
        {"aircraftGhgEmissions", kind::positive_or_zero, false},
        {"packagingGhgEmissions", kind::positive_or_zero, false},
        {"packagingBiogenicCarbonContent", kind::positive_or_zero, false},
        {"outboundLogisticsGhgEmissions", kind::positive_or_zero, false},
        {"ccsTechnologicalCO2Capture", kind::negative_or_zero, false},
        {"technologicalCO2Removals", kind::negative_or_zero, false},
        {"ccuCarbonContent", kind::positive_or_zero, false},
        {"exemptedEmissionsPercent", kind::decimal, true},
        {"primaryDataShare", kind::decimal, false},
    };
    for (const auto& m : decimal_members)
        if (auto v = c.member(pcf, pp, m.key, m.k, m.required)) n.decimals[m.key] = *v;
    const auto unit = c.choice(pcf, pp, "declaredUnitOfMeasurement", declared_units, true);
    if (auto s = c.member(pcf, pp, "referencePeriodStart", kind::date_time, true))
        n.ref_start = detail::parse_date_time(*s);
    if (auto s = c.member(pcf, pp, "referencePeriodEnd", kind::date_time, true))
        n.ref_end = detail::parse_date_time(*s);
    // geography: at most one of three (the schema's oneOf / not anyOf)
    int geographies = 0;
    if (pcf.contains("geographyRegionOrSubregion")) {
        ++geographies;
        (void)c.choice(pcf, pp, "geographyRegionOrSubregion", un_regions, false);
    }
    if (auto s = c.member(pcf, pp, "geographyCountry", kind::text, false)) {
        ++geographies;
        if (!detail::is_iso3166_alpha2(*s))
            c.fail("pact-country", pp + "/geographyCountry",
                   "'" + cradle::detail::excerpt(*s, 20) +
                       "' is not an ISO 3166-1 alpha-2 country code");
    } else if (pcf.contains("geographyCountry")) {
        ++geographies;
    }
    if (auto s = c.member(pcf, pp, "geographyCountrySubdivision", kind::text, false)) {
        ++geographies;
        const bool shape = s->size() >= 4 && s->size() <= 6 && (*s)[2] == '-' &&
                           std::all_of(s->begin() + 3, s->end(), [](char ch) {
                               return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
                           });
        if (!shape || !detail::is_iso3166_alpha2(s->substr(0, 2)))
            c.fail("pact-country", pp + "/geographyCountrySubdivision",
                   "'" + cradle::detail::excerpt(*s, 20) +
                       "' is not an ISO 3166-2 subdivision code (e.g. DE-BW)");
    } else if (pcf.contains("geographyCountrySubdivision")) {
        ++geographies;
    }
    if (geographies > 1)
        c.fail("pact-geography", pp,
               "give at most one of geographyRegionOrSubregion, geographyCountry and "
               "geographyCountrySubdivision");
    for (const char* k : {"boundaryProcessesDescription", "technologicalCO2CaptureOrigin",
                          "exemptedEmissionsDescription", "allocationRulesDescription"})
        (void)c.member(pcf, pp, k, kind::text, false);
    const auto packaging = c.flag(pcf, pp, "packagingEmissionsIncluded");
    const auto ccs = c.flag(pcf, pp, "ccsTechnologicalCO2CaptureIncluded");
    (void)c.choice(pcf, pp, "ccuCalculationApproach",
                   std::array<std::string_view, 2>{"Cut-off", "Credit"}, false);
    (void)c.member(pcf, pp, "ccuCreditCertification", kind::uri, false);
    const auto ipcc = c.strings(pcf, pp, "ipccCharacterizationFactors", kind::text, true);
    for (std::size_t i = 0; i < ipcc.size(); ++i) {
        const auto& s = ipcc[i];
        if (s.size() < 3 || s.substr(0, 2) != "AR" ||
            !std::all_of(s.begin() + 2, s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            c.fail("pact-ipcc", pp + "/ipccCharacterizationFactors/" + std::to_string(i),
                   "'" + cradle::detail::excerpt(s, 20) + "' is not AR<number> (e.g. AR6)");
    }
    (void)c.strings(pcf, pp, "crossSectoralStandards", kind::nonempty, true);
    if (auto it = pcf.find("productOrSectorSpecificRules"); it != pcf.end()) {
        const std::string at = pp + "/productOrSectorSpecificRules";
        if (!it->is_array()) {
            c.fail("pact-type", at, std::string("expected an array, got ") + it->type_name());
        } else {
            if (it->empty()) c.fail("pact-empty", at, "must not be empty (omit it instead)");
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& r = (*it)[i];
                const std::string pr = at + "/" + std::to_string(i);
                if (!r.is_object()) {
                    c.fail("pact-type", pr,
                           std::string("expected an object, got ") + r.type_name());
                    continue;
                }
                c.only(r, pr, {"operator", "ruleNames", "otherOperatorName"},
                       "ProductOrSectorSpecificRule");
                const auto op = c.choice(
                    r, pr, "operator",
                    std::array<std::string_view, 3>{"PEF", "EPD International", "Other"}, true);
                (void)c.strings(r, pr, "ruleNames", kind::nonempty, true);
                const auto other = c.member(r, pr, "otherOperatorName", kind::nonempty, false);
                if (op && *op == "Other" && !r.contains("otherOperatorName"))
                    c.fail("pact-required", pr + "/otherOperatorName",
                           "operator 'Other' needs otherOperatorName");
                (void)other;
            }
            for (std::size_t i = 0; i < it->size(); ++i)
                for (std::size_t k = 0; k < i; ++k)
                    if ((*it)[i] == (*it)[k])
                        c.fail("pact-duplicate", at + "/" + std::to_string(i),
                               "the same rule as item " + std::to_string(k));
        }
    }
    if (auto it = pcf.find("secondaryEmissionFactorSources"); it != pcf.end()) {
        const std::string at = pp + "/secondaryEmissionFactorSources";
        if (!it->is_array()) {
            c.fail("pact-type", at, std::string("expected an array, got ") + it->type_name());
        } else {
            if (it->empty())
                c.fail("pact-empty", at,
                       "must not be empty (omit it if no secondary data is used)");
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& s = (*it)[i];
                const std::string ps = at + "/" + std::to_string(i);
                if (!s.is_object()) {
                    c.fail("pact-type", ps,
                           std::string("expected an object, got ") + s.type_name());
                    continue;
                }
                c.only(s, ps, {"name", "version"}, "EmissionFactorSource");
                (void)c.member(s, ps, "name", kind::nonempty, true);
                (void)c.member(s, ps, "version", kind::nonempty, true);
            }
        }
    }
    if (const json* dqi = c.object(pcf, pp, "dqi", false)) {
        const std::string pd = pp + "/dqi";
        c.only(*dqi, pd, {"technologicalDQR", "geographicalDQR", "temporalDQR"},
               "DataQualityIndicators");
        for (const char* k : {"technologicalDQR", "geographicalDQR", "temporalDQR"})
            if (auto v = c.member(*dqi, pd, k, kind::decimal, true)) {
                const double d = *decimal_value(*v);
                if (d < 1 || d > 5)
                    c.fail("pact-dqi", pd + "/" + k,
                           std::string(k) + " is " + *v + "; a rating lies between 1 and 5");
            }
    }
    if (const json* ver = c.object(pcf, pp, "verification", false)) {
        const std::string pv = pp + "/verification";
        c.only(*ver, pv, {"coverage", "providerName", "completedAt", "standardName", "comments"},
               "Verification");
        (void)c.choice(*ver, pv, "coverage",
                       std::array<std::string_view, 3>{"PCF calculation model", "PCF program",
                                                       "product level"},
                       false);
        (void)c.member(*ver, pv, "providerName", kind::text, false);
        (void)c.member(*ver, pv, "completedAt", kind::date_time, false);
        (void)c.member(*ver, pv, "standardName", kind::text, false);
        (void)c.member(*ver, pv, "comments", kind::text, false);
    }

    // ---- arithmetic and rules
    check_totals(c, n, pp);
    auto num = [&](const char* k) -> std::optional<double> {
        auto it = n.decimals.find(k);
        return it == n.decimals.end() ? std::nullopt : decimal_value(it->second);
    };
    if (n.ref_start && n.ref_end && !(*n.ref_start < *n.ref_end))
        c.fail("pact-period", pp + "/referencePeriodEnd",
               "the reference period ends before or when it starts");
    if (auto mass = num("productMassPerDeclaredUnit"); mass && unit) {
        const bool no_mass = *unit == "kilowatt hour" || *unit == "megajoule" ||
                             *unit == "ton kilometer" || *unit == "hour" ||
                             *unit == "megabit second";
        const auto amount = num("declaredUnitAmount");
        if (*mass < 0)
            c.fail("pact-mass", pp + "/productMassPerDeclaredUnit", "a mass cannot be negative");
        else if (no_mass && *mass != 0)
            c.fail("pact-mass", pp + "/productMassPerDeclaredUnit",
                   "is " + n.decimals["productMassPerDeclaredUnit"] + " but the declared unit '" +
                       *unit + "' is an energy, transport or service unit: the mass is 0");
        else if (!no_mass && *mass == 0)
            c.fail("pact-mass", pp + "/productMassPerDeclaredUnit",
                   "is 0 but a product declared in '" + *unit + "' has a mass");
        else if (*unit == "kilogram" && amount &&
                 std::abs(*mass - *amount) > 1e-9 * std::max(1.0, *amount))
            c.fail("pact-mass", pp + "/productMassPerDeclaredUnit",
                   "is " + n.decimals["productMassPerDeclaredUnit"] +
                       " kg but the declared unit is " + n.decimals["declaredUnitAmount"] +
                       " kilogram");
    }
    if (auto e = num("exemptedEmissionsPercent"); e && (*e < 0 || *e > 5))
        c.fail("pact-exempted", pp + "/exemptedEmissionsPercent",
               "is " + n.decimals["exemptedEmissionsPercent"] +
                   " %; the PACT methodology allows at most 5 % of emissions to be exempted");
    if (auto s = num("primaryDataShare"); s && (*s < 0 || *s > 100))
        c.fail("pact-primary-data-share", pp + "/primaryDataShare",
               "is " + n.decimals["primaryDataShare"] + "; a share lies between 0 and 100 %");
    if (packaging && !*packaging && pcf.contains("packagingGhgEmissions"))
        c.fail("pact-packaging", pp + "/packagingGhgEmissions",
               "packagingEmissionsIncluded is false, so packagingGhgEmissions must be absent");
    if (ccs && !*ccs)
        for (const char* k : {"ccsTechnologicalCO2Capture", "technologicalCO2Removals"})
            if (auto v = num(k); v && *v != 0)
                c.fail("pact-ccs", pp + "/" + k,
                       std::string(k) +
                           " is not 0 but ccsTechnologicalCO2CaptureIncluded is false");
    // methodology: periods that include 2025 or later
    if (n.ref_end && *n.ref_end > year_2025) {
        if (!ipcc.empty() && std::find(ipcc.begin(), ipcc.end(), "AR6") == ipcc.end())
            c.fail("pact-ar6", pp + "/ipccCharacterizationFactors",
                   "reference periods from 2025 use IPCC AR6 characterization factors");
        if (!pcf.contains("primaryDataShare"))
            c.fail("pact-required", pp + "/primaryDataShare",
                   "primaryDataShare is required for reference periods from 2025");
        if (*n.ref_end > year_2027 && !pcf.contains("dqi"))
            c.fail("pact-required", pp + "/dqi", "dqi is required for reference periods from 2027");
    } else if (!pcf.contains("primaryDataShare") && !pcf.contains("dqi")) {
        c.fail("pact-required", pp + "/primaryDataShare",
               "give primaryDataShare or dqi (at least one of them)");
    }
}

} // namespace

std::vector<validation_problem> validate(const json& fp, const std::string& at) {
    checker c;
    if (!fp.is_object()) {
        c.fail("pact-type", at.empty() ? "/" : at,
               std::string("expected a ProductFootprint object, got ") + fp.type_name());
        return c.out;
    }
    c.only(fp, at,
           {"id", "specVersion", "precedingPfIds", "created", "status", "validityPeriodStart",
            "validityPeriodEnd", "companyName", "companyIds", "productDescription", "productIds",
            "productClassifications", "productNameCompany", "comment", "pcf", "extensions"},
           "ProductFootprint");
    const auto id = c.member(fp, at, "id", kind::uuid, true);
    if (auto v = c.member(fp, at, "specVersion", kind::text, true)) {
        const auto& s = *v;
        // major.minor.patch, optionally -YYYYMMDD; this validator knows major version 3
        std::size_t i = 0;
        int parts = 0;
        bool ok = true;
        while (ok && parts < 3) {
            const std::size_t start = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                ++i;
            ok = i > start;
            ++parts;
            if (parts < 3) ok = ok && i < s.size() && s[i++] == '.';
        }
        if (ok && i < s.size())
            ok = s.size() == i + 9 && s[i] == '-' &&
                 std::all_of(s.begin() + static_cast<long>(i) + 1, s.end(),
                             [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!ok)
            c.fail("pact-version", at + "/specVersion",
                   "'" + cradle::detail::excerpt(s, 40) + "' is not major.minor.patch");
        else if (s[0] != '3' || (s.size() > 1 && s[1] != '.'))
            c.fail("pact-version", at + "/specVersion",
                   "'" + s + "': this validator checks PACT v3 footprints");
    }
    const auto preceding = c.strings(fp, at, "precedingPfIds", kind::uuid, false);
    if (id)
        for (std::size_t i = 0; i < preceding.size(); ++i)
            if (preceding[i] == *id)
                c.fail("pact-lifecycle", at + "/precedingPfIds/" + std::to_string(i),
                       "a footprint cannot precede itself");
    (void)c.member(fp, at, "created", kind::date_time, true);
    (void)c.choice(fp, at, "status", std::array<std::string_view, 2>{"Active", "Deprecated"}, true);
    numbers n;
    if (auto s = c.member(fp, at, "validityPeriodStart", kind::date_time, false))
        n.valid_start = detail::parse_date_time(*s);
    if (auto s = c.member(fp, at, "validityPeriodEnd", kind::date_time, false))
        n.valid_end = detail::parse_date_time(*s);
    (void)c.member(fp, at, "companyName", kind::nonempty, true);
    (void)c.strings(fp, at, "companyIds", kind::urn, true);
    (void)c.member(fp, at, "productDescription", kind::text, true);
    (void)c.strings(fp, at, "productIds", kind::urn, true);
    (void)c.strings(fp, at, "productClassifications", kind::urn, false);
    (void)c.member(fp, at, "productNameCompany", kind::nonempty, true);
    (void)c.member(fp, at, "comment", kind::text, false);
    check_extensions(c, fp, at);
    if (const json* pcf = c.object(fp, at, "pcf", true)) check_pcf(c, *pcf, at + "/pcf", n);
    // validity period: start >= reference period end, end > start (docs/pact.md)
    const bool has_vs = fp.contains("validityPeriodStart"),
               has_ve = fp.contains("validityPeriodEnd");
    if (has_vs != has_ve)
        c.fail("pact-validity", at + (has_vs ? "/validityPeriodEnd" : "/validityPeriodStart"),
               "a validity period needs both validityPeriodStart and validityPeriodEnd");
    if (n.valid_start && n.ref_end && *n.valid_start < *n.ref_end)
        c.fail("pact-validity", at + "/validityPeriodStart",
               "the validity period starts before the reference period ends");
    if (n.valid_start && n.valid_end && !(*n.valid_end > *n.valid_start))
        c.fail("pact-validity", at + "/validityPeriodEnd",
               "the validity period ends before or when it starts");
    return c.out;
}

std::vector<std::pair<std::string, const json*>> footprints_in(const json& doc,
                                                               const std::string& source) {
    std::vector<std::pair<std::string, const json*>> out;
    auto list = [&](const json& arr, const std::string& at) {
        for (std::size_t i = 0; i < arr.size(); ++i)
            out.emplace_back(at + "/" + std::to_string(i), &arr[i]);
    };
    if (doc.is_array()) {
        list(doc, "");
    } else if (doc.is_object() && doc.contains("pcf")) {
        out.emplace_back("", &doc);
    } else if (doc.is_object() && doc.contains("data") && doc["data"].is_array()) {
        list(doc["data"], "/data");
    } else if (doc.is_object() && doc.contains("data") && doc["data"].is_object()) {
        const auto& d = doc["data"];
        if (d.contains("pfs") && d["pfs"].is_array())
            list(d["pfs"], "/data/pfs"); // a RequestFulfilledEvent
        else
            out.emplace_back("/data", &d);
    } else {
        throw input_error("pact-document",
                          source + ": neither a ProductFootprint (an object with 'pcf'), a "
                                   "response {\"data\": ...} nor an array of footprints");
    }
    if (out.empty()) throw input_error("pact-document", source + ": holds no footprint");
    return out;
}

std::vector<validation_problem> validate_document(const json& doc) {
    std::vector<std::pair<std::string, const json*>> fps;
    try {
        fps = footprints_in(doc, "document");
    } catch (const input_error& e) {
        return {{"pact-document", "/", e.message()}};
    }
    std::vector<validation_problem> out;
    for (const auto& [at, fp] : fps) {
        auto ps = validate(*fp, at);
        out.insert(out.end(), ps.begin(), ps.end());
    }
    return out;
}

} // namespace cradle::pact
