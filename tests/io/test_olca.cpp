// openLCA JSON-LD import: a small database written here in both key schemas (v1 folder, v2 zip),
// its footprint computed by hand; linking rules, cut-offs, waste, allocation, units; bad input.
// SPDX-License-Identifier: Apache-2.0
#include "helpers.hpp"

#include <nlohmann/json.hpp>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace cradle;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using test::temp_dir;

/// The database, as (relative path, document) pairs, in v1 or v2 key names.
std::vector<std::pair<std::string, json>> database(bool v2) {
    std::vector<std::pair<std::string, json>> files;
    const char* is_ref_unit = v2 ? "isRefUnit" : "referenceUnit";
    const char* is_ref_prop = v2 ? "isRefFlowProperty" : "referenceFlowProperty";
    const char* input = v2 ? "isInput" : "input";
    const char* qref = v2 ? "isQuantitativeReference" : "quantitativeReference";
    auto group = [&](const char* id, const char* name,
                     std::vector<std::pair<const char*, double>> units) {
        json g = {{"@type", "UnitGroup"}, {"@id", id}, {"name", name}, {"units", json::array()}};
        for (std::size_t i = 0; i < units.size(); ++i) {
            json u = {{"@type", "Unit"},
                      {"@id", std::string(id) + "-" + units[i].first},
                      {"name", units[i].first},
                      {"conversionFactor", units[i].second}};
            if (i == 0) u[is_ref_unit] = true;
            g["units"].push_back(u);
        }
        files.emplace_back(std::string("unit_groups/") + id + ".json", g);
    };
    group("ug-mass", "Units of mass", {{"kg", 1.0}, {"g", 0.001}, {"lb", 0.45359237}});
    group("ug-energy", "Units of energy", {{"MJ", 1.0}, {"kWh", 3.6}});
    group("ug-items", "Units of items", {{"Item(s)", 1.0}});
    auto property = [&](const char* id, const char* name, const char* ug) {
        files.emplace_back(std::string("flow_properties/") + id + ".json",
                           json{{"@type", "FlowProperty"},
                                {"@id", id},
                                {"name", name},
                                {"unitGroup", {{"@type", "UnitGroup"}, {"@id", ug}}}});
    };
    property("fp-mass", "Mass", "ug-mass");
    property("fp-energy", "Energy", "ug-energy");
    property("fp-items", "Number of items", "ug-items");
    if (!v2) {
        files.emplace_back(
            "categories/c-elem.json",
            json{{"@type", "Category"}, {"@id", "c-elem"}, {"name", "Elementary flows"}});
        files.emplace_back("categories/c-air.json", json{{"@type", "Category"},
                                                         {"@id", "c-air"},
                                                         {"name", "air"},
                                                         {"category", {{"@id", "c-elem"}}}});
        files.emplace_back("categories/c-unspec.json", json{{"@type", "Category"},
                                                            {"@id", "c-unspec"},
                                                            {"name", "unspecified"},
                                                            {"category", {{"@id", "c-air"}}}});
    }
    auto flow = [&](const char* id, const char* name, const char* type, const char* fp) {
        json f = {{"@type", "Flow"},
                  {"@id", id},
                  {"name", name},
                  {"flowType", type},
                  {"flowProperties", json::array({{{"@type", "FlowPropertyFactor"},
                                                   {"flowProperty", {{"@id", fp}}},
                                                   {"conversionFactor", 1.0},
                                                   {is_ref_prop, true}}})}};
        if (std::string(type) == "ELEMENTARY_FLOW") {
            if (v2)
                f["category"] = "Elementary flows/air/unspecified";
            else
                f["category"] = {{"@type", "Category"}, {"@id", "c-unspec"}};
        }
        files.emplace_back(std::string("flows/") + id + ".json", f);
    };
    flow("coal", "Coal", "PRODUCT_FLOW", "fp-mass");
    flow("elec", "Electricity", "PRODUCT_FLOW", "fp-energy");
    flow("widget", "Widget", "PRODUCT_FLOW", "fp-items");
    flow("water", "Water, process", "PRODUCT_FLOW", "fp-mass");
    flow("slag", "Slag", "WASTE_FLOW", "fp-mass");
    flow("gasoline", "Gasoline", "PRODUCT_FLOW", "fp-mass");
    flow("diesel", "Diesel", "PRODUCT_FLOW", "fp-mass");
    flow("co2", "Carbon dioxide, fossil ", "ELEMENTARY_FLOW",
         "fp-mass"); // the USLCI's trailing space
    flow("ch4", "Methane, fossil", "ELEMENTARY_FLOW", "fp-mass");
    int next_id = 1;
    auto ex = [&](const char* flow_id, double amount, const char* unit, const char* fp, bool in,
                  bool ref = false, const char* provider = nullptr) {
        json e = {{"@type", "Exchange"},
                  {"flow", {{"@type", "Flow"}, {"@id", flow_id}}},
                  {"amount", amount},
                  {"unit",
                   {{"@id", std::string(fp == std::string("fp-mass")     ? "ug-mass"
                                        : fp == std::string("fp-energy") ? "ug-energy"
                                                                         : "ug-items") +
                                "-" + unit},
                    {"name", unit}}},
                  {"flowProperty", {{"@id", fp}}},
                  {input, in}};
        if (ref) e[qref] = true;
        if (provider) e["defaultProvider"] = {{"@type", "Process"}, {"@id", provider}};
        if (v2) e["internalId"] = next_id++;
        return e;
    };
    auto process = [&](const char* id, const char* name, const char* loc, json exchanges,
                       json extra = json::object()) {
        json p = {{"@type", "Process"},
                  {"@id", id},
                  {"name", name},
                  {"location", {{"@type", "Location"}, {"name", loc}}},
                  {"exchanges", exchanges}};
        p.update(extra);
        files.emplace_back(std::string("processes/") + id + ".json", p);
    };
    process("coal-us", "Coal, at mine", "US",
            {ex("coal", 1.0, "kg", "fp-mass", false, true), ex("co2", 0.1, "kg", "fp-mass", false),
             ex("ch4", 2.0, "g", "fp-mass", false)});
    process(
        "coal-cn", "Coal, at mine", "CN",
        {ex("coal", 1.0, "kg", "fp-mass", false, true), ex("co2", 0.2, "kg", "fp-mass", false)});
    process("power", "Electricity, at plant", "US",
            {ex("elec", 1.0, "kWh", "fp-energy", false, true),
             ex("coal", 0.4, "kg", "fp-mass", true, false, "nan"),
             ex("co2", 0.9, "kg", "fp-mass", false), ex("slag", 0.05, "kg", "fp-mass", false)});
    process(
        "landfill", "Slag, to landfill", "US",
        {ex("slag", 1.0, "kg", "fp-mass", true, true), ex("co2", 0.02, "kg", "fp-mass", false)});
    process("factory", "Widget, at factory", "RNA",
            {ex("widget", 1.0, "Item(s)", "fp-items", false, true),
             ex("elec", 2.0, "kWh", "fp-energy", true, false, "power"),
             ex("water", 3.0, "kg", "fp-mass", true), ex("coal", 1.0, "lb", "fp-mass", true)});
    json refinery = {ex("gasoline", 0.6, "kg", "fp-mass", false, true),
                     ex("diesel", 0.4, "kg", "fp-mass", false),
                     ex("co2", 1.0, "kg", "fp-mass", false)};
    process("refinery", "Refining", "US", refinery,
            {{"allocationFactors", json::array({{{"allocationType", "PHYSICAL_ALLOCATION"},
                                                 {"product", {{"@id", "gasoline"}}},
                                                 {"value", 0.75}},
                                                {{"allocationType", "PHYSICAL_ALLOCATION"},
                                                 {"product", {{"@id", "diesel"}}},
                                                 {"value", 0.25}}})}});
    return files;
}

void write_folder(const fs::path& root, const std::vector<std::pair<std::string, json>>& files) {
    for (const auto& [rel, doc] : files) {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << doc.dump();
    }
}

void write_zip(const fs::path& file, const std::string& prefix,
               const std::vector<std::pair<std::string, std::string>>& files, bool store = false) {
    int err = 0;
    zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    REQUIRE(z != nullptr);
    std::vector<std::string> keep; // zip_source_buffer does not copy
    keep.reserve(files.size());
    for (const auto& [rel, text] : files) {
        keep.push_back(text);
        zip_source_t* s = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
        const zip_int64_t at = zip_file_add(z, (prefix + rel).c_str(), s, ZIP_FL_OVERWRITE);
        REQUIRE(at >= 0);
        if (store)
            REQUIRE(zip_set_file_compression(z, static_cast<zip_uint64_t>(at), ZIP_CM_STORE, 0) ==
                    0);
    }
    REQUIRE(zip_close(z) == 0);
}

std::vector<std::pair<std::string, std::string>>
as_text(const std::vector<std::pair<std::string, json>>& files) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [rel, doc] : files)
        out.emplace_back(rel, doc.dump());
    return out;
}

double footprint_of(const product_system& imported, const std::string& product) {
    product_system m =
        map_ghg_flows(imported, default_ghg_flow_map(), test::gwps().get("AR6")).system;
    m.reference = find_product(m, product);
    const compiled_system sys = compile(m);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    const auto lu = factorize(sys);
    return calculate(sys, ch, lu, demand_vector(sys, *m.reference)).total();
}

// By hand, AR6 (CO2 1, CH4 fossil 29.8), per unit of each product:
//   coal, US:   0.1 + 0.002 x 29.8                     = 0.1596 kg CO2e/kg
//   coal, CN:   0.2                                    = 0.2
//   slag:       0.02 per kg treated
//   power, US (coal from the US mine: same location; the "nan" default provider is ignored):
//               0.9 + 0.4 x 0.1596 + 0.05 x 0.02       = 0.96484 per kWh = 0.96484 / 3.6 per MJ
//   widget (RNA; coal has two providers, neither in RNA: the first by id, coal-cn):
//               2 x 0.96484 + 0.45359237 x 0.2        = 2.020398474 per item (water cut off)
//   refinery, physical allocation 0.75 / 0.25 of 1 kg CO2:
//               gasoline 0.75 / 0.6 = 1.25, diesel 0.25 / 0.4 = 0.625 per kg
constexpr double widget_by_hand = 2 * 0.96484 + 0.45359237 * 0.2;

} // namespace

TEST_CASE("openLCA JSON-LD, v1 keys in a folder: the footprint computed by hand", "[io][olca]") {
    temp_dir tmp;
    write_folder(tmp.path, database(false));
    const imported_database db = read_olca_jsonld(tmp.path);
    CHECK(db.report.format == "openLCA JSON-LD (v1 key names)");
    CHECK(db.report.processes == 7); // 6 datasets, the refinery split in two
    CHECK(footprint_of(db.system, "Widget") == Approx(widget_by_hand).epsilon(1e-12));
    CHECK(footprint_of(db.system, "power") == Approx(0.96484 / 3.6).epsilon(1e-12));
    CHECK(footprint_of(db.system, "Gasoline") == Approx(1.25).epsilon(1e-12));
    CHECK(footprint_of(db.system, "Diesel") == Approx(0.625).epsilon(1e-12));
    CHECK(footprint_of(db.system, "landfill") == Approx(0.02).epsilon(1e-12));

    const auto& r = db.report;
    CHECK(r.linked_default == 1); // factory's electricity
    REQUIRE(r.cut_offs.size() == 1);
    CHECK(r.cut_offs[0].name == "Water, process");
    CHECK(r.cut_offs[0].amount == Approx(3.0));
    CHECK(r.cut_offs[0].processes == std::vector<std::string>{"factory"});
    REQUIRE(r.ambiguous.size() == 2);
    for (const auto& a : r.ambiguous) {
        CHECK(a.candidates == std::vector<std::string>{"coal-cn", "coal-us"});
        if (a.process == "power") CHECK((a.rule == "same location" && a.chosen == "coal-us"));
        if (a.process == "factory") CHECK((a.rule == "first by id" && a.chosen == "coal-cn"));
    }
    bool nan_noted = false;
    for (const auto& n : r.notes)
        nan_noted = nan_noted ||
                    (n.id == "invalid-provider" && n.message.find("'nan'") != std::string::npos);
    CHECK(nan_noted);
    // the waste output became an input of the landfill's service; units converted to the flow's
    const auto& power = *std::find_if(db.system.processes.begin(), db.system.processes.end(),
                                      [](const process& p) { return p.id == "power"; });
    // every process per 1 unit of its product in the flow's unit: 1 MJ (1 kWh = 3.6 MJ)
    CHECK(power.outputs.at(0).amount == 1.0);
    CHECK(power.outputs.at(0).amount_unit.symbol == "MJ");
    bool slag_in = false;
    for (const auto& e : power.inputs)
        slag_in = slag_in ||
                  (e.flow == "slag" && e.provider == "landfill" && e.amount == Approx(0.05 / 3.6));
    CHECK(slag_in);
    const auto& coal = *std::find_if(db.system.processes.begin(), db.system.processes.end(),
                                     [](const process& p) { return p.id == "coal-us"; });
    CHECK(coal.elementary.at(1).amount == Approx(0.002)); // 2 g
}

TEST_CASE("openLCA JSON-LD, v2 keys in a zip one folder down: the same footprints", "[io][olca]") {
    temp_dir tmp;
    write_zip(tmp.path / "db.zip", "export/", as_text(database(true)));
    const imported_database db = read_olca_jsonld(tmp.path / "db.zip");
    CHECK(db.report.format == "openLCA JSON-LD (v2 key names)");
    CHECK(footprint_of(db.system, "Widget") == Approx(widget_by_hand).epsilon(1e-12));
    CHECK(footprint_of(db.system, "Gasoline") == Approx(1.25).epsilon(1e-12));
    // the model written and read back in cradle's format computes the same
    write_model(db.system, tmp.path / "model.json");
    CHECK(footprint_of(read_model(tmp.path / "model.json"), "Widget") ==
          Approx(widget_by_hand).epsilon(1e-12));
}

TEST_CASE("openLCA JSON-LD: cut-offs as errors, unknown units, broken files", "[io][olca]") {
    temp_dir tmp;
    auto files = database(false);
    write_folder(tmp.path / "ok", files);
    import_options strict;
    strict.cutoffs = cutoff_rule::error;
    const auto msg =
        test::message_of<input_error>([&] { (void)read_olca_jsonld(tmp.path / "ok", strict); });
    CHECK(msg.find("[cradle:cut-off-flow]") != std::string::npos);
    CHECK(msg.find("Water, process") != std::string::npos);

    // an exchange in a unit its flow's unit group lacks; a file that is not JSON; a flow missing
    for (auto& [rel, doc] : files) {
        if (rel == "processes/factory.json")
            doc["exchanges"][3]["unit"] = {{"@id", "no-such-unit"}, {"name", "stone"}};
        if (rel == "processes/landfill.json") doc["exchanges"][1]["flow"]["@id"] = "no-such-flow";
    }
    write_folder(tmp.path / "bad", files);
    std::ofstream(tmp.path / "bad" / "processes" / "broken.json") << "{\"@type\": \"Process\", ";
    try {
        (void)read_olca_jsonld(tmp.path / "bad");
        FAIL("expected an input_error");
    } catch (const input_error& e) {
        std::string all;
        for (const auto& p : e.problems())
            all += "[" + p.id + "] " + p.message + "\n";
        CHECK(all.find("[unknown-unit]") != std::string::npos);
        CHECK(all.find("factory.json: /exchanges/3/unit") != std::string::npos);
        CHECK(all.find("'stone'") != std::string::npos);
        CHECK(all.find("[unknown-flow]") != std::string::npos);
        CHECK(all.find("landfill.json") != std::string::npos);
        CHECK(all.find("[json-syntax]") != std::string::npos);
        CHECK(all.find("broken.json") != std::string::npos);
    }
    CHECK(test::message_of<input_error>([&] {
              (void)read_olca_jsonld(tmp.path / "none");
          }).find("[cradle:file-not-readable]") != std::string::npos);
}

TEST_CASE("openLCA JSON-LD: mangled files end in a result or a cradle error",
          "[io][olca][mutation]") {
    temp_dir tmp;
    const auto files = database(false);
    std::mt19937 rng(20261202);
    const std::vector<json> junk = {json(nullptr),  json("text"), json(-1.0), json::array(),
                                    json::object(), json(1e308),  json(true)};
    int results = 0, errors = 0;
    for (int round = 0; round < 300; ++round) {
        auto mutated = files;
        auto& doc = mutated[rng() % mutated.size()].second;
        // replace or delete one value somewhere in the document
        std::vector<json::json_pointer> pointers;
        const json flat = doc.flatten();
        for (const auto& [k, v] : flat.items())
            pointers.emplace_back(k);
        if (pointers.empty()) continue;
        auto ptr = pointers[rng() % pointers.size()];
        if (rng() % 3 == 0 && !ptr.empty()) ptr = ptr.parent_pointer();
        if (rng() % 4 == 0 && !ptr.empty()) {
            json& parent = doc[ptr.parent_pointer()];
            if (parent.is_object())
                parent.erase(ptr.back());
            else if (parent.is_array() && !parent.empty())
                parent.erase(parent.begin() +
                             static_cast<long>(std::stoul(ptr.back()) % parent.size()));
        } else {
            doc[ptr] = junk[rng() % junk.size()];
        }
        const fs::path dir = tmp.path / std::to_string(round);
        write_folder(dir, mutated);
        try {
            (void)read_olca_jsonld(dir);
            ++results;
        } catch (const cradle::error&) {
            ++errors;
        }
        fs::remove_all(dir);
    }
    CHECK(results + errors == 300);
    CHECK(errors > 0);
}

TEST_CASE("archive: a corrupt or truncated zip is a bad-archive error", "[io][archive]") {
    temp_dir tmp;
    write_zip(tmp.path / "db.zip", "", as_text(database(false)), true);
    std::ifstream in(tmp.path / "db.zip", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(tmp.path / "half.zip", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    CHECK(test::message_of<input_error>([&] {
              (void)archive::open(tmp.path / "half.zip");
          }).find("[cradle:bad-archive]") != std::string::npos);
    std::ofstream(tmp.path / "text.zip") << "not a zip";
    CHECK(test::message_of<input_error>([&] {
              (void)archive::open(tmp.path / "text.zip");
          }).find("half.zip") == std::string::npos);
    // a flipped byte inside a stored entry fails its CRC when read, not silently
    std::string flipped = bytes;
    const auto at = flipped.find("Units of mass");
    REQUIRE(at != std::string::npos);
    flipped[at] = 'X';
    std::ofstream(tmp.path / "crc.zip", std::ios::binary) << flipped;
    const archive ar = archive::open(tmp.path / "crc.zip");
    CHECK(test::message_of<input_error>([&] {
              (void)ar.read("unit_groups/ug-mass.json");
          }).find("[cradle:bad-archive]") != std::string::npos);
}

TEST_CASE("the bundled GHG flow map: every species is in the GWP table", "[data][ghg-flows]") {
    const ghg_flow_map map = default_ghg_flow_map();
    REQUIRE(map.rules.size() > 50);
    const auto& ar6 = test::gwps().get("AR6");
    for (const auto& r : map.rules) {
        INFO(r.name);
        CHECK(ar6.lookup(r.species, r.carbon_origin).has_value());
    }
    CHECK_THROWS_AS(parse_ghg_flow_map("name,compartment\n", "x.csv"), data_error);
    CHECK_THROWS_AS(parse_ghg_flow_map("name,compartment,species,origin,direction,cas,source\n"
                                       "Methane,water,CH4,fossil,emission,,x\n",
                                       "x.csv"),
                    data_error);
}

TEST_CASE("the bundled US LCI: imported whole, every input linked or cut off, GHGs mapped",
          "[io][olca][uslci]") {
    const fs::path zip = fs::path(CRADLE_FACTOR_SOURCES) / "uslci" / "uslci_olca1_5_0_json_ld.zip";
    const imported_database db = read_olca_jsonld(zip);
    const auto& r = db.report;
    CHECK(r.processes >= 766);
    std::size_t inputs = 0;
    for (const auto& p : db.system.processes)
        for (const auto& e : p.inputs) {
            CHECK(!e.provider.empty());
            ++inputs;
        }
    CHECK(inputs == r.linked_default + r.linked_unique + r.linked_location + r.linked_first);
    const auto& ar6 = test::gwps().get("AR6");
    const ghg_mapping m = map_ghg_flows(db.system, default_ghg_flow_map(), ar6);
    CHECK(m.mapped > 0);
    // no air emission whose name names a species of the GWP table is left unmapped
    for (const auto& id : m.unmapped_ghg_like) {
        const flow& f = *std::find_if(m.system.flows.begin(), m.system.flows.end(),
                                      [&](const flow& x) { return x.id == id; });
        std::size_t start = 0;
        while (start <= f.name.size()) {
            const auto end = std::min(f.name.find(',', start), f.name.size());
            const std::string part = detail::normalize_species(f.name.substr(start, end - start));
            INFO(f.name << " in " << f.compartment);
            CHECK(!(ar6.values.count(part) || part == "CH4" || part == "CO2"));
            start = end + 1;
        }
    }
}

TEST_CASE("openLCA JSON-LD: duplicate ids and cyclic default providers", "[io][olca][mutation]") {
    temp_dir tmp;
    auto files = database(false);
    // a second file with the id of an existing process
    for (const auto& [rel, doc] : database(false))
        if (rel == "processes/landfill.json")
            files.emplace_back("processes/landfill-copy.json", doc);
    write_folder(tmp.path / "dup", files);
    const auto msg =
        test::message_of<input_error>([&] { (void)read_olca_jsonld(tmp.path / "dup"); });
    CHECK(msg.find("[cradle:duplicate-id]") != std::string::npos);
    CHECK(msg.find("landfill") != std::string::npos);

    // coal-us takes power from "power", whose coal comes from coal-us by default: a loop of
    // default providers. It is linked as stated and solved: coal per kg now carries 0.01 kWh of
    // power, power per kWh 0.4 kg of coal, so (by hand) coal c = 0.1596 + 0.01 p and power
    // p = 0.9 + 0.4 c + 0.001 (slag): c = (0.1596 + 0.01 x 0.901) / (1 - 0.004)
    auto loop = database(false);
    for (auto& [rel, doc] : loop) {
        if (rel == "processes/coal-us.json")
            doc["exchanges"].push_back({{"flow", {{"@id", "elec"}}},
                                        {"amount", 0.01},
                                        {"unit", {{"@id", "ug-energy-kWh"}}},
                                        {"flowProperty", {{"@id", "fp-energy"}}},
                                        {"input", true},
                                        {"defaultProvider", {{"@id", "power"}}}});
        if (rel == "processes/power.json")
            doc["exchanges"][1]["defaultProvider"] = {{"@id", "coal-us"}};
    }
    write_folder(tmp.path / "loop", loop);
    const imported_database db = read_olca_jsonld(tmp.path / "loop");
    CHECK(db.report.linked_default == 3);
    const double c = (0.1596 + 0.01 * 0.901) / (1 - 0.004);
    CHECK(footprint_of(db.system, "coal-us") == Approx(c).epsilon(1e-12));
}
