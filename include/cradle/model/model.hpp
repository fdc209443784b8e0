// cradle — the model: flows, processes and a product system (plain value types).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/model/cff.hpp"
#include "cradle/model/units.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cradle {

enum class flow_kind : std::uint8_t { product, elementary };

/// Where the carbon of an elementary flow comes from; drives the split
/// required by ISO 14067, the GHG Protocol Product Standard and PACT (docs/pact.md maps each
/// origin to the PACT v3 properties).
enum class origin : std::uint8_t {
    fossil,
    biogenic,        ///< biomass: CO2 taken up (resource) or released, biogenic CH4, N2O, ...
    land_use_change, ///< direct land-use change (carbon stock loss)
    other,           ///< not stated (e.g. a published CO2e without a per-gas split)
    land_management, ///< recurring land management within one land-use category
    technological,   ///< CO2 removed from air by technology (direct air capture, BECCS); resource
    ccs,             ///< CO2 captured and stored (CCS) before it reaches the air; resource
};

/// An elementary flow leaves the technosphere (emission) or enters it
/// (resource, e.g. CO2 taken up from air by a growing plant). Resources
/// enter B with a negative sign (Heijungs & Suh convention).
enum class direction : std::uint8_t { emission, resource };

/// Carbon contained in one unit of a product, in kg of carbon (PACT fossil, biogenic and
/// recycled carbon content, and the biogenic carbon of its packaging). Absent: not stated.
struct carbon_content {
    std::optional<double> fossil;
    std::optional<double> biogenic;
    std::optional<double> recycled; ///< of the above, carbon from recycled material
    std::optional<double> packaging_biogenic;
};

/// A flow: a product that processes make and use, or an elementary flow
/// exchanged with the environment. Amounts of this flow in the matrices are
/// expressed in `unit`.
struct flow {
    std::string id;
    std::string name;
    flow_kind kind{flow_kind::product};
    unit ref_unit;
    // elementary flows only:
    std::string compartment; ///< e.g. "air", "water", "soil", "resource/air"
    std::string substance;   ///< for characterization: "CO2", "CH4", "N2O", "SF6", ...
    std::string cas;         ///< CAS registry number, as its source states it (may be empty)
    origin carbon_origin{origin::other};
    direction dir{direction::emission};
    // product flows only (PACT's product data); amounts per one unit of the flow:
    std::optional<double> mass_per_unit; ///< kg of product (without packaging)
    carbon_content carbon;
    /// formulas of the optional members above, by member name ("mass_per_unit",
    /// "carbon.fossil", ...); apply_parameters() evaluates them
    std::map<std::string, std::string> formulas;
};

/// How a process with several outputs is split or expanded.
enum class coproduct_method : std::uint8_t {
    none,         ///< single output (an error if there are several)
    substitution, ///< co-products displace another process's product (system expansion)
    mass,         ///< allocation by mass of the outputs
    economic,     ///< allocation by revenue: amount × price
    factors,      ///< allocation by factors given in the model, summing to 1
};

/// Formulas and templates of a parameterised exchange (empty: a plain value). apply_parameters()
/// evaluates them into the numeric members; the text is kept so a model can be re-evaluated.
struct exchange_formulas {
    std::string amount;            ///< e.g. "ore_per_t * diesel_per_t_ore"
    std::string price;             ///< outputs, economic allocation
    std::string allocation_factor; ///< outputs, allocation by given factors
    std::string provider;          ///< template, e.g. "grid/{grid_country}/2024"
};

/// The probability distribution of an exchange amount (as an inventory database states it:
/// openLCA JSON-LD, EcoSpold) or of a parameter value; sampled by Monte Carlo
/// (engine/sampling.hpp). All parameters are in the exchange's
/// `amount_unit` except the geometric standard deviation, which has none.
enum class distribution : std::uint8_t {
    lognormal,  ///< a = geometric mean, b = geometric standard deviation (GSD, >= 1)
    normal,     ///< a = mean, b = standard deviation
    triangular, ///< a = minimum, b = mode, c = maximum
    uniform,    ///< a = minimum, b = maximum
};

struct uncertainty {
    distribution kind{distribution::lognormal};
    double a{0.0}, b{0.0}, c{0.0};
    /// the pedigree scores as stated, e.g. "(1;2;1;1;3)"; empty if none
    std::string pedigree;
    /// lognormal: the GSD before pedigree factors were added, if the source states it
    std::optional<double> base_gsd;

    [[nodiscard]] bool operator==(const uncertainty&) const = default;
};

/// A distribution of kind `k` with parameters a, b, c as `uncertainty` documents them.
[[nodiscard]] inline uncertainty make_uncertainty(distribution k, double a, double b,
                                                  double c = 0.0) {
    uncertainty u;
    u.kind = k;
    u.a = a;
    u.b = b;
    u.c = c;
    return u;
}

[[nodiscard]] inline std::string_view to_string(distribution d) {
    switch (d) {
    case distribution::lognormal:
        return "lognormal";
    case distribution::normal:
        return "normal";
    case distribution::triangular:
        return "triangular";
    case distribution::uniform:
        return "uniform";
    }
    return "?";
}

/// The distribution scaled with its amount by `k` (a unit conversion, a sign flip). The GSD of a
/// lognormal does not change; with k < 0 the geometric mean carries the sign.
[[nodiscard]] inline uncertainty scaled(uncertainty u, double k) {
    u.a *= k;
    if (u.kind != distribution::lognormal) u.b *= k;
    if (u.kind == distribution::normal && k < 0) u.b = -u.b;
    u.c *= k;
    if (k < 0 && (u.kind == distribution::triangular || u.kind == distribution::uniform)) {
        if (u.kind == distribution::triangular)
            std::swap(u.a, u.c);
        else
            std::swap(u.a, u.b);
    }
    return u;
}

/// A named model parameter: a number (default, optional range) or a text (default, optional
/// choices), or a number computed by a formula from other parameters. `unit` states the unit
/// the value is in; it is documentation, the formula's result takes the exchange's unit.
struct parameter {
    std::string name;
    std::string description;
    std::string unit;
    bool is_text{false};
    double value{0.0};   ///< default of a number parameter
    std::string text;    ///< default of a text parameter
    std::string formula; ///< computed parameter (cannot be set)
    std::optional<double> min, max;
    std::vector<std::string> choices; ///< text parameters: allowed values (empty: any)
    /// text parameters: what a choice stands for in templates ({"without": "/without-margins"});
    /// a choice not listed stands for itself
    std::map<std::string, std::string> choice_text;
    /// number parameters: the distribution of the value for Monte Carlo (absent: fixed); its
    /// numbers are in the parameter's unit
    std::optional<uncertainty> spread;
};

/// One exchange of a process. `amount` is in `amount_unit`, which must be
/// convertible to the flow's unit.
struct exchange {
    std::string flow;
    double amount{0.0};
    unit amount_unit;
    /// inputs: process that provides the product (optional; otherwise linked by product)
    std::string provider;
    /// outputs, economic allocation: price per `amount_unit` (any one currency per process)
    std::optional<double> price;
    /// outputs, allocation by given factors
    std::optional<double> allocation_factor;
    /// outputs, substitution: the process whose product this co-product displaces
    std::string avoids;
    exchange_formulas formulas;
    /// the amount's distribution, if the source states one (io/olca.hpp, io/ecospold.hpp)
    std::optional<uncertainty> spread;
    /// inputs made from a material's `"cff"` declaration: the term of the Circular Footprint
    /// Formula this input stands for (model/cff.hpp); apply_parameters() sets its amount
    std::shared_ptr<const cff_term> cff;
};

/// An exchange of `amount` of `flow` in `u`, optionally from `provider`.
[[nodiscard]] inline exchange make_exchange(std::string flow, double amount, unit u,
                                            std::string provider = {}) {
    exchange e;
    e.flow = std::move(flow);
    e.amount = amount;
    e.amount_unit = std::move(u);
    e.provider = std::move(provider);
    return e;
}

/// Data-quality ratings of a process's data (PACT methodology data-quality matrix, 1 = best,
/// 5 = worst). Absent ratings stay absent; they are never invented.
struct data_quality {
    std::optional<double> technological;
    std::optional<double> geographical;
    std::optional<double> temporal;
    std::optional<double> completeness;
    std::optional<double> reliability;
};

struct process {
    std::string id;
    std::string name;
    std::string location;
    std::string stage; ///< life-cycle stage tag, e.g. "raw materials"
    /// free tags; these have a meaning in PACT exports: "primary" (primary data), "packaging",
    /// "aircraft", "outbound-logistics", "land-management"
    std::vector<std::string> tags;
    std::map<std::string, std::string> metadata;
    data_quality quality;
    /// outputs[0] is the reference product; further outputs are co-products
    std::vector<exchange> outputs;
    std::vector<exchange> inputs;     ///< product inputs
    std::vector<exchange> elementary; ///< emissions and resources
    coproduct_method method{coproduct_method::none};
    std::string method_template; ///< e.g. "{allocation}"; set by apply_parameters into `method`
};

/// What the system is asked to deliver: `amount` of product `flow` made by
/// `process` (the process may be left empty if only one process makes it).
struct functional_unit {
    std::string process;
    std::string flow;
    double amount{1.0};
    unit amount_unit;
    std::string amount_formula;
};

/// A product system: processes plus linking rules. Loops are allowed.
struct product_system {
    std::string name;
    std::string description;
    std::vector<flow> flows;
    std::vector<process> processes;
    /// linking rules: product flow id -> the process that provides it by default
    std::map<std::string, std::string> providers;
    std::optional<functional_unit> reference;
    std::vector<parameter> parameters;
    /// top-level sections owned by later stages, kept as JSON text (e.g. "pact": the metadata of
    /// PACT exports, read by the exchange stage)
    std::map<std::string, std::string> sections;
};

/// The provider named for input `e` of `sys`: its own `provider`, else the linking rule for its
/// flow, else "" (linked by product).
[[nodiscard]] inline const std::string& named_provider(const product_system& sys,
                                                       const exchange& e) {
    static const std::string none;
    if (!e.provider.empty()) return e.provider;
    auto rule = sys.providers.find(e.flow);
    return rule == sys.providers.end() ? none : rule->second;
}

/// True if `pred` holds for some linking rule's provider or some input's provider of `sys`.
template <class Pred> [[nodiscard]] bool any_provider(const product_system& sys, Pred&& pred) {
    for (const auto& [flow, prov] : sys.providers)
        if (pred(prov)) return true;
    for (const auto& p : sys.processes)
        for (const auto& e : p.inputs)
            if (pred(e.provider)) return true;
    return false;
}

[[nodiscard]] inline std::string_view to_string(origin o) {
    switch (o) {
    case origin::fossil:
        return "fossil";
    case origin::biogenic:
        return "biogenic";
    case origin::land_use_change:
        return "land-use-change";
    case origin::other:
        return "other";
    case origin::land_management:
        return "land-management";
    case origin::technological:
        return "technological";
    case origin::ccs:
        return "ccs";
    }
    return "?";
}

/// The origin named `s` (as to_string writes it), or nullopt.
[[nodiscard]] inline std::optional<origin> origin_from_string(std::string_view s) {
    for (auto o : {origin::fossil, origin::biogenic, origin::land_use_change, origin::other,
                   origin::land_management, origin::technological, origin::ccs})
        if (to_string(o) == s) return o;
    return std::nullopt;
}

[[nodiscard]] inline std::string_view to_string(coproduct_method m) {
    switch (m) {
    case coproduct_method::none:
        return "none";
    case coproduct_method::substitution:
        return "substitution";
    case coproduct_method::mass:
        return "mass";
    case coproduct_method::economic:
        return "economic";
    case coproduct_method::factors:
        return "factors";
    }
    return "?";
}

} // namespace cradle
