// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness for the importers. The first byte picks the format: 'j' an openLCA JSON-LD
// process (beside fixed unit groups, flow properties and flows), '2' an EcoSpold 2 .spold file,
// anything else an EcoSpold 1 XML file; the rest is the file. Every input must end in a model
// or a cradle::error: any other exception escapes and is reported as a crash.
#include <cradle/cradle.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
const fs::path& workdir() {
    static const fs::path dir = [] {
        const fs::path d =
            fs::temp_directory_path() / ("cradle-fuzz-import-" + std::to_string(getpid()));
        fs::create_directories(d / "jsonld" / "unit_groups");
        fs::create_directories(d / "jsonld" / "flow_properties");
        fs::create_directories(d / "jsonld" / "flows");
        fs::create_directories(d / "jsonld" / "processes");
        fs::create_directories(d / "es2");
        std::ofstream(d / "jsonld/unit_groups/ug.json")
            << R"({"@type":"UnitGroup","@id":"ug","name":"Units of mass","units":[{"@id":"kg","name":"kg","conversionFactor":1.0,"referenceUnit":true},{"@id":"g","name":"g","conversionFactor":0.001}]})";
        std::ofstream(d / "jsonld/flow_properties/fp.json")
            << R"({"@type":"FlowProperty","@id":"fp","name":"Mass","unitGroup":{"@id":"ug"}})";
        for (const char* f : {"coal", "steel", "co2"})
            std::ofstream(d / "jsonld/flows" / (std::string(f) + ".json"))
                << R"({"@type":"Flow","@id":")" << f << R"(","name":")" << f << R"(","flowType":")"
                << (std::string(f) == "co2" ? "ELEMENTARY_FLOW" : "PRODUCT_FLOW")
                << R"(","flowProperties":[{"flowProperty":{"@id":"fp"},"conversionFactor":1.0,"referenceFlowProperty":true}]})";
        return d;
    }();
    return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const char kind = static_cast<char>(data[0]);
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    const fs::path& d = workdir();
    try {
        if (kind == 'j') {
            std::ofstream(d / "jsonld/processes/p.json", std::ios::binary) << text;
            (void)cradle::read_olca_jsonld(d / "jsonld");
        } else if (kind == '2') {
            std::ofstream(d / "es2/a.spold", std::ios::binary) << text;
            (void)cradle::read_ecospold2(d / "es2");
        } else {
            std::ofstream(d / "es1.xml", std::ios::binary) << text;
            (void)cradle::read_ecospold1(d / "es1.xml");
        }
    } catch (const cradle::error&) {
    }
    return 0;
}
