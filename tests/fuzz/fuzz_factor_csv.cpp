// libFuzzer harness: the factor dataset reader (manifest + factors.csv, as in factors/) and the
// GWP table reader. The input is written as factors.csv of a small dataset folder and loaded.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace {
std::filesystem::path folder() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("cradle-fuzz-csv-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::ofstream(d / "manifest.json") << R"({"id": "fuzz", "kind": "factors",
            "title": "t", "publisher": "p", "version": "1", "year": 2024, "region": "GB",
            "licence": "CC0", "source": "s", "gwp": {"set": "AR5", "CH4": 28, "N2O": 265}})";
        return d;
    }();
    return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)cradle::parse_gwp_csv(text, "fuzz.csv");
    } catch (const cradle::error&) {
    }
    std::ofstream(folder() / "factors.csv", std::ios::binary | std::ios::trunc) << text;
    try {
        const cradle::factor_dataset ds = cradle::load_dataset(folder());
        for (const auto& f : ds.factors())
            (void)f.full_id();
        if (!ds.factors().empty()) (void)ds.closest(ds.factors().front().id);
    } catch (const cradle::error&) {
    }
    return 0;
}
