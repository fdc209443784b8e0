// SPDX-License-Identifier: Apache-2.0
// A synthetic ecoinvent-sized product system for benchmarks.
#pragma once

#include "cradle/model/model.hpp"

#include <random>
#include <string>

namespace bench {

/// prefix + number, built by appending (GCC 12 warns falsely, -Wrestrict, on "lit" + string)
inline std::string id(const char* prefix, std::size_t i) {
    std::string s(prefix);
    s += std::to_string(i);
    return s;
}

struct synthetic_options {
    std::size_t processes{20000};
    std::size_t core{6000};          ///< strongly connected cyclic core: processes 0..core-1
    double inputs_per_process{11.6}; ///< + the diagonal = ~12.6 non-zeros per column of A
    std::size_t elementary_flows{4700};
    double flows_per_process{19.0};
    double hub_share{0.4};   ///< share of inputs bought from the hub (market) products
    std::size_t hubs{300};   ///< number of hub products (markets: electricity, heat, transport...)
    std::size_t cluster{60}; ///< other inputs come from the process's sector of this size
    unsigned seed{20261123};
};

/// Processes 0..core-1 form one large cyclic core; the others buy only from
/// processes with a lower index (an acyclic rest on top of the core). As in
/// ecoinvent, inputs are not uniformly random. Processes 0..hubs-1 are hub
/// products (markets for electricity, heat, transport, ...): every process
/// buys a share `hub_share` of its inputs from them, with a skewed popularity
/// (hub index ~ hubs·u²), and each hub buys from producers anywhere in the
/// core. The other inputs of a core process come from its own sector (blocks
/// of `cluster` consecutive processes); those of the acyclic rest from the
/// `cluster` processes just below it. Sectors are thus coupled only through
/// the hubs, and the hubs close the cycles that make the core one strongly
/// connected block.
/// Input coefficients keep every column's inputs below half its output, so the
/// system is productive. Elementary flows have a skewed popularity (a few,
/// like fossil CO2, appear in most processes); the first ten are greenhouse
/// gases with GWPs, the others are not characterized.
inline cradle::product_system synthetic_system(const synthetic_options& o = {}) {
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    cradle::product_system s;
    s.name = "synthetic";
    const cradle::unit kg = cradle::parse_unit("kg");
    const char* ghg[] = {"CO2", "CH4", "N2O", "SF6", "CO2", "CH4", "HFC134a", "CF4", "NF3", "CO2"};
    const cradle::origin ghg_origin[] = {cradle::origin::fossil,   cradle::origin::fossil,
                                         cradle::origin::fossil,   cradle::origin::other,
                                         cradle::origin::biogenic, cradle::origin::biogenic,
                                         cradle::origin::other,    cradle::origin::other,
                                         cradle::origin::other,    cradle::origin::land_use_change};
    for (std::size_t i = 0; i < o.elementary_flows; ++i) {
        cradle::flow f;
        f.id = id("e", i);
        f.kind = cradle::flow_kind::elementary;
        f.ref_unit = kg;
        f.substance = i < 10 ? ghg[i] : id("substance ", i);
        f.carbon_origin = i < 10 ? ghg_origin[i] : cradle::origin::other;
        s.flows.push_back(std::move(f));
    }
    for (std::size_t j = 0; j < o.processes; ++j) {
        cradle::flow f;
        f.id = id("p", j);
        f.ref_unit = kg;
        s.flows.push_back(std::move(f));
    }
    std::poisson_distribution<int> n_inputs(o.inputs_per_process);
    std::poisson_distribution<int> n_flows(o.flows_per_process - 1);
    s.processes.reserve(o.processes);
    for (std::size_t j = 0; j < o.processes; ++j) {
        cradle::process p;
        p.id = id("proc", j);
        p.stage = j < o.core ? "core" : "rest";
        cradle::exchange out;
        out.flow = id("p", j);
        out.amount = 1.0;
        out.amount_unit = kg;
        p.outputs.push_back(out);
        const int k = std::max(1, n_inputs(rng));
        for (int i = 0; i < k; ++i) {
            std::size_t src = 0;
            const double u = u01(rng);
            if (u01(rng) < o.hub_share) {
                src = static_cast<std::size_t>(u * u * static_cast<double>(o.hubs));
            } else if (j < o.hubs) { // a market buys from producers anywhere in the core
                src = static_cast<std::size_t>(u * static_cast<double>(o.core));
            } else if (j < o.core) { // own sector
                const std::size_t first = j / o.cluster * o.cluster;
                src =
                    std::min(o.core - 1,
                             first + static_cast<std::size_t>(u * static_cast<double>(o.cluster)));
            } else { // sector just below j
                const auto back = 1 + static_cast<std::size_t>(u * static_cast<double>(o.cluster));
                src = j - std::min(j, back);
            }
            if (src == j) continue;
            cradle::exchange in;
            in.flow = id("p", src);
            in.amount = 0.5 * u01(rng) / k;
            in.amount_unit = kg;
            in.provider = id("proc", src);
            p.inputs.push_back(std::move(in));
        }
        const int m = 1 + n_flows(rng);
        for (int i = 0; i < m; ++i) {
            // skewed popularity: flow index ~ N * u^3
            const double u = u01(rng);
            const auto e =
                static_cast<std::size_t>(u * u * u * static_cast<double>(o.elementary_flows));
            cradle::exchange x;
            x.flow = id("e", e);
            x.amount = u01(rng);
            x.amount_unit = kg;
            p.elementary.push_back(std::move(x));
        }
        s.processes.push_back(std::move(p));
    }
    return s;
}

} // namespace bench
