// SPDX-License-Identifier: Apache-2.0
#include "cradle/data/bundled.hpp"

#include "cradle/io/files.hpp"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#ifndef CRADLE_SOURCE_FACTORS_DIR
#define CRADLE_SOURCE_FACTORS_DIR ""
#endif
#ifndef CRADLE_INSTALL_FACTORS_DIR
#define CRADLE_INSTALL_FACTORS_DIR ""
#endif

namespace cradle {

std::filesystem::path default_factors_dir() {
    std::vector<std::string> tried;
    if (const char* env = std::getenv("CRADLE_FACTORS_DIR"); env != nullptr && *env != '\0') {
        std::filesystem::path p(env);
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) return p;
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw data_error("factors-not-found",
                             "CRADLE_FACTORS_DIR is set to '" + p.string() + "': " + ec.message());
        throw data_error("factors-not-found", "CRADLE_FACTORS_DIR is set to '" + p.string() +
                                                  "', which is not a directory");
    }
    for (const char* candidate : {CRADLE_INSTALL_FACTORS_DIR, CRADLE_SOURCE_FACTORS_DIR}) {
        std::filesystem::path p(candidate);
        if (p.empty()) continue;
        std::error_code ec;
        if (std::filesystem::is_regular_file(p / "ipcc-gwp" / "gwp100.csv", ec)) return p;
        tried.push_back(p.string());
    }
    std::string list;
    for (const auto& t : tried)
        list += (list.empty() ? "" : ", ") + t;
    throw data_error("factors-not-found", "bundled factor directory not found (tried " + list +
                                              "); set CRADLE_FACTORS_DIR to the factors/ folder");
}

gwp_table load_gwp_table(const std::filesystem::path& file) {
    std::string text;
    try {
        text = read_text_file(file);
    } catch (const input_error& e) {
        throw data_error("bad-data-file", e.message());
    }
    gwp_table table = parse_gwp_csv(text, file.string());
    table.file = file;
    return table;
}

gwp_table default_gwp_table() {
    return load_gwp_table(default_factors_dir() / "ipcc-gwp" / "gwp100.csv");
}

ghg_flow_map default_ghg_flow_map() {
    return load_ghg_flow_map(default_factors_dir() / "ghg-flows" / "ghg-flows.csv");
}

std::vector<std::shared_ptr<const process_database>> default_process_databases() {
    return load_process_databases(default_factors_dir());
}

} // namespace cradle
