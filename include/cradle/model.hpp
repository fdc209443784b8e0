// cradle — the model: flows, processes and a product system (plain value types).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/units.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cradle {

enum class flow_kind : std::uint8_t { product, elementary };

/// Where the carbon of an elementary flow comes from; drives the split
/// required by ISO 14067, the GHG Protocol Product Standard and PACT.
enum class origin : std::uint8_t { fossil, biogenic, land_use_change, other };

/// An elementary flow leaves the technosphere (emission) or enters it
/// (resource, e.g. CO2 taken up from air by a growing plant). Resources
/// enter B with a negative sign (Heijungs & Suh convention).
enum class direction : std::uint8_t { emission, resource };

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
    origin carbon_origin{origin::other};
    direction dir{direction::emission};
};

/// How a process with several outputs is split or expanded.
enum class coproduct_method : std::uint8_t {
    none,         ///< single output (an error if there are several)
    substitution, ///< co-products displace another process's product (system expansion)
    mass,         ///< allocation by mass of the outputs
    economic,     ///< allocation by revenue: amount × price
    factors,      ///< allocation by factors given in the model, summing to 1
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
};

struct process {
    std::string id;
    std::string name;
    std::string location;
    std::string stage;             ///< life-cycle stage tag, e.g. "raw materials"
    std::vector<std::string> tags; ///< "packaging", "transport", free tags
    std::map<std::string, std::string> metadata;
    /// outputs[0] is the reference product; further outputs are co-products
    std::vector<exchange> outputs;
    std::vector<exchange> inputs;     ///< product inputs
    std::vector<exchange> elementary; ///< emissions and resources
    coproduct_method method{coproduct_method::none};
};

/// What the system is asked to deliver: `amount` of product `flow` made by
/// `process` (the process may be left empty if only one process makes it).
struct functional_unit {
    std::string process;
    std::string flow;
    double amount{1.0};
    unit amount_unit;
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
};

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
    }
    return "?";
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
