// cradle CLI — the subcommands. Each registers its options on the app and returns what runs it.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/bundled.hpp"
#include "cradle/data/factors.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace cradle::cli {

/// A registered subcommand: its CLI11 app, and the function that runs it (exit status).
struct command {
    CLI::App* app{nullptr};
    std::function<int()> run;
};

[[nodiscard]] command add_footprint(CLI::App& app);
[[nodiscard]] command add_run(CLI::App& app);
[[nodiscard]] command add_useeio(CLI::App& app);
[[nodiscard]] command add_factors(CLI::App& app);
[[nodiscard]] command add_pact(CLI::App& app);
[[nodiscard]] command add_keygen(CLI::App& app);
[[nodiscard]] command add_sign(CLI::App& app);
[[nodiscard]] command add_verify(CLI::App& app);
[[nodiscard]] command add_import(CLI::App& app);
[[nodiscard]] command add_report(CLI::App& app);
[[nodiscard]] command add_check(CLI::App& app);

/// The model of `path` for a footprint: a cradle model file, or an inventory database (a folder
/// or a zip: openLCA JSON-LD, EcoSpold 2, EcoSpold 1) imported with its GHG flows mapped. With
/// `product`, the functional unit is 1 unit of that product (find_product); a database needs
/// it. With `link_databases`, "uslci/<process>" providers are linked to the process databases of
/// `factors` (an export leaves them to provenance::export_model, which records them).
[[nodiscard]] product_system load_for_footprint(const std::string& path, const std::string& product,
                                                const std::string& factors,
                                                bool link_databases = true);

/// load_for_footprint, then its supplier PACT footprints (pact: providers, relative to the
/// model's folder; `accept_invalid` as `footprint --accept-invalid`, notes to stderr) and its
/// background factors linked (`per_gas`: see link_options); a model without a functional unit
/// is refused naming `path`.
[[nodiscard]] product_system load_linked(const std::string& path, const std::string& product,
                                         const std::string& factors, bool per_gas = true,
                                         bool accept_invalid = false);

/// A JSON file, parsed; errors name the file (and line and column for syntax errors).
[[nodiscard]] nlohmann::json read_json_file(const std::string& path);

/// The factor database of `dir`, or the bundled one when `dir` is empty.
[[nodiscard]] inline factor_db factors_from(const std::string& dir) {
    return dir.empty() ? default_factor_db() : load_factor_db(dir);
}

/// The process databases of `dir` (factors/uslci ...), or the bundled ones when `dir` is empty.
[[nodiscard]] inline std::vector<std::shared_ptr<const process_database>>
process_dbs_from(const std::string& dir) {
    return dir.empty() ? default_process_databases() : load_process_databases(dir);
}

/// The GWP table of `dir` (its ipcc-gwp/gwp100.csv), or the bundled one when `dir` is empty.
[[nodiscard]] inline gwp_table gwp_table_from(const std::string& dir) {
    return dir.empty() ? default_gwp_table()
                       : load_gwp_table(std::filesystem::path(dir) / "ipcc-gwp" / "gwp100.csv");
}

} // namespace cradle::cli
