// cradle — openLCA JSON-LD databases (folders or zips) read into a model.
// SPDX-License-Identifier: Apache-2.0
//
// Reads the openLCA JSON-LD format of openLCA 1.5–1.10 ("schema v1": `input`,
// `quantitativeReference`, categories as references into categories/) and of openLCA 2
// ("schema v2": `isInput`, `isQuantitativeReference`, categories as paths), from a folder or a
// zip, with the data folders at its root or one level down (as the USLCI's zip has them).
// What is read and how it is finished into a model: io/inventory.hpp and docs/import.md.
#pragma once

#include "cradle/io/inventory.hpp"

#include <filesystem>

namespace cradle {

/// Read an openLCA JSON-LD database (folder or zip). Throws input_error listing every problem
/// (file, dataset id, JSON path); notes that did not stop the import are in the report.
[[nodiscard]] imported_database read_olca_jsonld(const std::filesystem::path& path,
                                                 const import_options& options = {});

} // namespace cradle
