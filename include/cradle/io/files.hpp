// cradle — reading and writing files (compiled once, in src/io/).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/model/model.hpp"

#include <filesystem>
#include <string>

namespace cradle {

/// Read a model file in the JSON model format. Errors name the file and the JSON path.
[[nodiscard]] product_system read_model(const std::filesystem::path& file);

/// Write a model file in the JSON model format (pretty-printed).
void write_model(const product_system& sys, const std::filesystem::path& file);

/// Read a whole text file; input_error "file-not-readable" names it on failure.
[[nodiscard]] std::string read_text_file(const std::filesystem::path& file);

} // namespace cradle
