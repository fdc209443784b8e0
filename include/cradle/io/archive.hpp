// cradle — a database as a folder or a zip file: the files of an importer's input.
// SPDX-License-Identifier: Apache-2.0
//
// openLCA JSON-LD and EcoSpold databases come as folders or as zips of them. An archive lists
// the regular files of either, by path relative to its root ('/' separators), and reads one
// whole, bounded like every other read (io/files.hpp: max_file_bytes()). A zip is read with
// libzip and never extracted: entry names are only keys, so "../" in a hostile zip reaches
// nothing. Errors are input_errors naming the archive and the entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cradle {

/// False when this build has no libzip (CMake CRADLE_WITH_ZIP): archive::open then reads
/// folders only and refuses a zip file with input_error "feature-unavailable".
[[nodiscard]] bool reads_zip_files() noexcept;

class archive {
  public:
    /// Open `path`: a folder (its regular files, recursively; symlinks are not followed) or a
    /// zip file. input_error "file-not-readable" if it is neither readable, "bad-archive" if a
    /// zip is corrupt or holds more than `max_entries` entries.
    [[nodiscard]] static archive open(const std::filesystem::path& path,
                                      std::size_t max_entries = 1'000'000);

    archive(archive&&) noexcept;
    archive& operator=(archive&&) noexcept;
    archive(const archive&) = delete;
    archive& operator=(const archive&) = delete;
    ~archive();

    /// What was opened, for messages.
    [[nodiscard]] const std::filesystem::path& path() const noexcept;
    [[nodiscard]] bool is_zip() const noexcept;
    /// Paths of the regular files, sorted, relative to the root, '/'-separated.
    [[nodiscard]] const std::vector<std::string>& entries() const noexcept;
    /// The whole content of `entry`; input_error "file-too-large" above max_file_bytes(),
    /// "bad-archive" if it cannot be read (a corrupt or truncated entry).
    [[nodiscard]] std::string read(const std::string& entry) const;
    /// "db.zip!/processes/x.json" or "db/processes/x.json": an entry named for messages.
    [[nodiscard]] std::string where(const std::string& entry) const;

  private:
    struct impl;
    explicit archive(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

} // namespace cradle
