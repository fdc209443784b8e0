// cradle — EcoSpold databases read into a model: EcoSpold 2 (.spold files) and EcoSpold 1.
// SPDX-License-Identifier: Apache-2.0
//
// EcoSpold 2: a folder or zip of .spold files, one activity dataset each (ecoinvent 3, the
// USLCI's EcoSpold 2 export). Intermediate exchanges with outputGroup 0 are reference products,
// 2 co-products, inputGroup 5 inputs; elementary exchanges with outputGroup 4 go to the
// environment, inputGroup 4 come from it. Waste by sign, as ecoinvent 3 states it: a treatment's
// reference product is negative (-1 kg of the waste), a producer's waste a negative input. Flows
// are identified by their ids (intermediateExchangeId, elementaryExchangeId); `activityLinkId` is
// the default provider; compartments come from the exchange or the file's usedUserMasterData. Units
// are named, not defined, in EcoSpold: they are read with cradle's unit table and the spellings
// EcoSpold uses
// ("metric ton*km", "m2*year", "person*km", "kBq", ...); an unknown unit is an error naming
// the flow and the file. Parameters and mathematical relations are evaluated where cradle's
// formula engine can.
//
// EcoSpold 1: an XML file with one or many <dataset>s (or a folder or zip of them). Exchanges
// are linked by name, category, subcategory and location, since EcoSpold 1 has no flow ids; the
// reference product is the referenceFunction's.
//
// What happens next (linking, cut-offs, waste, allocation): io/inventory.hpp. XML is parsed by
// pugixml, which never expands external entities; a DOCTYPE is refused.
#pragma once

#include "cradle/io/inventory.hpp"

#include <filesystem>

namespace cradle {

/// False when this build has no pugixml (CMake CRADLE_WITH_ECOSPOLD): both readers then throw
/// input_error "feature-unavailable".
[[nodiscard]] bool reads_ecospold() noexcept;

[[nodiscard]] imported_database read_ecospold2(const std::filesystem::path& path,
                                               const import_options& options = {});

[[nodiscard]] imported_database read_ecospold1(const std::filesystem::path& path,
                                               const import_options& options = {});

} // namespace cradle
