// cradle — environmentally-extended input-output models in the USEEIO API layout.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/sparse.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace cradle {

/// A USEEIO-style model: sectors are the processes (per 1 USD of output).
/// The technosphere is I − A (A = direct requirements; entries may be
/// negative, as in USEEIOv2.0.1-411). Either B (flows × sectors) with C
/// (indicators × flows), or D = C·B (indicators × sectors) alone.
struct io_model {
    std::string name;
    std::vector<std::string> sectors; ///< sector ids, sectors.json order
    std::vector<std::string> sector_names;
    std::vector<std::string> indicators; ///< indicator codes, indicators.json order
    std::vector<std::string> indicator_units;
    std::vector<std::string> flows; ///< flow ids (empty on the D path)
    sparse_matrix technosphere;     ///< I − A
    sparse_matrix B;                ///< empty on the D path
    sparse_matrix C;                ///< empty on the D path
    sparse_matrix D;                ///< direct impacts per USD: C·B or as read

    [[nodiscard]] bool has_flows() const noexcept { return B.size() > 0; }
};

enum class io_path : std::uint8_t {
    automatic, ///< B and C when both exist, otherwise D
    flows,     ///< require B and C
    direct,    ///< use D alone
};

/// Read a folder with sectors.json, indicators.json, flows.json and
/// matrix/A.json plus matrix/B.json + matrix/C.json or matrix/D.json (each
/// matrix a JSON list of rows). Errors name the file, row and column.
[[nodiscard]] io_model read_io_model(const std::filesystem::path& folder,
                                     io_path path = io_path::automatic);

} // namespace cradle
