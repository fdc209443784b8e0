// cradle — reading and writing files (compiled once, in src/io/).
// SPDX-License-Identifier: Apache-2.0
//
// Every read is bounded: a file larger than the limit is refused before it is read (models,
// factor CSVs, calculators, purchases; the importers, later). The limit is
// default_max_file_bytes (256 MiB), or CRADLE_MAX_FILE_BYTES from the environment, or what the
// caller passes. Every file-system failure (missing file, permission, symlink loop, a directory
// or device where a file is expected) is an input_error that names the path.
#pragma once

#include "cradle/model/model.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace cradle {

/// Largest file read when nothing else is said: 256 MiB.
inline constexpr std::uintmax_t default_max_file_bytes = std::uintmax_t{256} << 20;

/// The read limit in force: CRADLE_MAX_FILE_BYTES (a positive whole number of bytes) if set,
/// else default_max_file_bytes. A malformed value is an input_error "bad-environment".
[[nodiscard]] std::uintmax_t max_file_bytes();

/// Read a whole regular file of at most `max_bytes`. input_error "file-not-readable" (missing,
/// unreadable, symlink loop), "not-a-file" (a directory, device or pipe) or "file-too-large",
/// each naming the path.
[[nodiscard]] std::string read_text_file(const std::filesystem::path& file,
                                         std::uintmax_t max_bytes);
/// The same with the limit in force (max_file_bytes()).
[[nodiscard]] std::string read_text_file(const std::filesystem::path& file);

/// Read a model file in the JSON model format. Errors name the file and the JSON path.
[[nodiscard]] product_system read_model(const std::filesystem::path& file);

/// Write a model file in the JSON model format (pretty-printed).
void write_model(const product_system& sys, const std::filesystem::path& file);

/// `relative`, resolved against `folder` with symlinks followed, if it stays inside `folder`;
/// input_error "outside-folder" otherwise (an absolute path, "..", or a symlink leading out),
/// naming `what` (e.g. "calculator.json: /model"). With `allow_outside` any path resolves.
[[nodiscard]] std::filesystem::path resolve_inside(const std::filesystem::path& folder,
                                                   const std::string& relative,
                                                   const std::string& what,
                                                   bool allow_outside = false);

} // namespace cradle
