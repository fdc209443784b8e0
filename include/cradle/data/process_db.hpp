// cradle — process databases as a background: a model input names "uslci/<process>" as its
// provider, as it names "<dataset>/<factor>" today, and gets that process with its whole
// upstream, unit processes and all.
// SPDX-License-Identifier: Apache-2.0
//
// A process database is a folder under the factor directory with a manifest of kind
// "process-database" and a model in cradle's format (factors/uslci: the US LCI, made by
// factors/tools/make_uslci.py). Linking copies the named process and every process upstream of
// it into the model, their ids (and their flows') prefixed with "<database>/", so they cannot
// clash with the model's own; each copied process records its database, version and folder in
// its metadata ("dataset", "dataset.version", "dataset.folder"), for the export's provenance.
#pragma once

#include "cradle/model/model.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cradle {

struct process_database {
    std::string id; ///< "uslci"
    std::string title;
    std::string version;
    std::string licence;
    std::string source; ///< first source line of the manifest
    std::filesystem::path folder;
    product_system model;

    /// The process named by `what`: its id, or its name (exact, spacing ignored at the ends).
    /// input_error "unknown-process" with close names, or "ambiguous-process" with the ids.
    [[nodiscard]] const process& find(const std::string& what) const;
};

/// Read one process database folder (manifest.json + its model file). Errors name the file.
[[nodiscard]] process_database load_process_database(const std::filesystem::path& folder);

/// Every process database under `root` (folders whose manifest's kind is "process-database").
[[nodiscard]] std::vector<std::shared_ptr<const process_database>>
load_process_databases(const std::filesystem::path& root);

/// True if an input of `sys` names "<db>/..." for one of `dbs` and is not a model process.
[[nodiscard]] bool
has_process_db_refs(const product_system& sys,
                    const std::vector<std::shared_ptr<const process_database>>& dbs);

/// `sys` with every "<db>/<process>" provider replaced by that process and its upstream (ids
/// prefixed "<db>/"); the input's flow becomes the process's product. Problems (unknown or
/// ambiguous process, a unit that does not convert to the product's) are thrown together as
/// model_error.
[[nodiscard]] product_system
link_process_databases(const product_system& sys,
                       const std::vector<std::shared_ptr<const process_database>>& dbs);

} // namespace cradle
