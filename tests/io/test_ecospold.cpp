// EcoSpold 2 and EcoSpold 1 import: small datasets written here, their footprints computed by
// hand; hostile XML (external entities, entity bombs, DOCTYPE) and mangled files.
// SPDX-License-Identifier: Apache-2.0
#include "helpers.hpp"

#include <filesystem>
#include <fstream>
#include <random>

using namespace cradle;
namespace fs = std::filesystem;

namespace {

using test::temp_dir;

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::string es2_activity(const std::string& id, const std::string& name, const std::string& loc,
                         const std::string& exchanges) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"><activityDataset><activityDescription>
<activity id=")" +
           id + R"("><activityName xml:lang="en">)" + name + R"(</activityName></activity>
<geography><shortname xml:lang="en">)" +
           loc + R"(</shortname></geography></activityDescription>
<flowData>)" +
           exchanges + R"(</flowData></activityDataset></ecoSpold>)";
}

std::string es2_product(const std::string& flow, const std::string& name, const std::string& amount,
                        const std::string& unit, const std::string& group) {
    return R"(<intermediateExchange intermediateExchangeId=")" + flow + R"(" id="x-)" + flow +
           R"(" amount=")" + amount + R"("><name>)" + name + "</name><unitName>" + unit +
           "</unitName>" + group + "</intermediateExchange>";
}

std::string es2_elementary(const std::string& flow, const std::string& name,
                           const std::string& amount, const std::string& unit,
                           const std::string& compartment = "air") {
    return R"(<elementaryExchange elementaryExchangeId=")" + flow + R"(" id="x-)" + flow +
           R"(" amount=")" + amount + R"("><name>)" + name + "</name><unitName>" + unit +
           R"(</unitName><compartment><compartment>)" + compartment +
           "</compartment><subcompartment>unspecified</subcompartment></compartment>"
           "<outputGroup>4</outputGroup></elementaryExchange>";
}

const std::string out0 = "<outputGroup>0</outputGroup>";
const std::string in5 = "<inputGroup>5</inputGroup>";

/// fuel -> electricity -> part, EcoSpold 2
void write_es2(const fs::path& dir) {
    write(dir / "fuel.spold",
          es2_activity("fuel", "Diesel, at refinery", "US",
                       es2_product("f-diesel", "Diesel", "1", "kg", out0) +
                           es2_elementary("e-co2", "Carbon dioxide, fossil", "0.5", "kg") +
                           es2_elementary("e-ch4", "Methane, fossil", "1", "g")));
    write(dir / "power.spold",
          es2_activity("power", "Electricity, diesel", "US",
                       es2_product("f-elec", "Electricity", "1", "MWh", out0) +
                           es2_product("f-diesel", "Diesel", "250", "kg", in5) +
                           es2_elementary("e-co2", "Carbon dioxide, fossil", "800", "kg")));
    write(dir / "part.spold",
          es2_activity("part", "Part, machined", "US",
                       es2_product("f-part", "Part", "2", "unit", out0) +
                           es2_product("f-elec", "Electricity", "3", "kWh", in5) +
                           es2_product("f-oil", "Cutting oil", "0.1", "kg", in5)));
}
// By hand, AR6 (CO2 1, CH4 fossil 29.8):
//   diesel: 0.5 + 0.001 x 29.8 = 0.5298 kg CO2e/kg
//   electricity: (800 + 250 x 0.5298) / 1000 kWh = 0.93245 per kWh
//   part: 3 kWh x 0.93245 / 2 units = 1.398675 per unit (cutting oil cut off)
constexpr double part_by_hand = 3 * (800 + 250 * 0.5298) / 1000 / 2;

double footprint_of(const product_system& imported, const std::string& product) {
    product_system m =
        map_ghg_flows(imported, default_ghg_flow_map(), test::gwps().get("AR6")).system;
    m.reference = find_product(m, product);
    const compiled_system sys = compile(m);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    return calculate(sys, ch, factorize(sys), demand_vector(sys, *m.reference)).total();
}

} // namespace

TEST_CASE("EcoSpold 2: a three-activity chain computed by hand", "[io][ecospold2]") {
    temp_dir tmp;
    write_es2(tmp.path);
    const imported_database db = read_ecospold2(tmp.path);
    CHECK(db.report.format == "EcoSpold 2");
    CHECK(footprint_of(db.system, "Part, machined") == Approx(part_by_hand).epsilon(1e-12));
    REQUIRE(db.report.cut_offs.size() == 1);
    CHECK(db.report.cut_offs[0].name == "Cutting oil");
    CHECK(db.report.cut_offs[0].amount == Approx(0.05)); // per unit of part
}

TEST_CASE("EcoSpold 2: waste by sign, as ecoinvent 3 states it", "[io][ecospold2]") {
    temp_dir tmp;
    write_es2(tmp.path);
    // the part's machining makes 0.3 kg of swarf (a negative input); the treatment's reference
    // is -1 kg of swarf and it emits 0.1 kg CO2 per kg treated
    write(tmp.path / "part.spold",
          es2_activity("part", "Part, machined", "US",
                       es2_product("f-part", "Part", "2", "unit", out0) +
                           es2_product("f-elec", "Electricity", "3", "kWh", in5) +
                           es2_product("f-swarf", "Swarf", "-0.3", "kg", in5)));
    write(tmp.path / "recycling.spold",
          es2_activity("recycling", "Treatment of swarf", "US",
                       es2_product("f-swarf", "Swarf", "-1", "kg", out0) +
                           es2_elementary("e-co2", "Carbon dioxide, fossil", "0.1", "kg")));
    const imported_database db = read_ecospold2(tmp.path);
    // by hand: part_by_hand + 0.3 kg x 0.1 / 2 units
    CHECK(footprint_of(db.system, "Part, machined") ==
          Approx(part_by_hand + 0.3 * 0.1 / 2).epsilon(1e-12));
    CHECK(db.report.cut_offs.empty());
}

TEST_CASE("EcoSpold 2: unknown units, bad numbers, missing groups are listed", "[io][ecospold2]") {
    temp_dir tmp;
    write_es2(tmp.path);
    write(
        tmp.path / "bad.spold",
        es2_activity(
            "bad", "Broken", "US",
            es2_product("f-bad", "Bad", "1", "furlong", out0) +
                es2_product("f-elec", "Electricity", "1,5", "kWh", in5) +
                es2_product("f-diesel", "Diesel", "2", "MJ", in5) +
                R"(<intermediateExchange intermediateExchangeId="f-x" amount="1"><name>x</name><unitName>kg</unitName></intermediateExchange>)"));
    try {
        (void)read_ecospold2(tmp.path);
        FAIL("expected an input_error");
    } catch (const input_error& e) {
        std::string all;
        for (const auto& p : e.problems())
            all += "[" + p.id + "] " + p.message + "\n";
        CHECK(all.find("[unknown-unit]") != std::string::npos);
        CHECK(all.find("'furlong'") != std::string::npos);
        CHECK(all.find("bad.spold") != std::string::npos);
        CHECK(all.find("[bad-number]") != std::string::npos);
        CHECK(all.find("[incompatible-unit]") != std::string::npos); // diesel in MJ and kg
        CHECK(all.find("intermediateExchange[4]: an exchange needs one inputGroup") !=
              std::string::npos);
    }
}

TEST_CASE("EcoSpold: XML with external entities, entity bombs or a DOCTYPE is refused",
          "[io][ecospold2][ecospold1][hostile]") {
    temp_dir tmp;
    write(tmp.path / "secret.txt", "TOP-SECRET");
    const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE ecoSpold [<!ENTITY x SYSTEM "file://)" +
                            (tmp.path / "secret.txt").string() + R"(">]>
<ecoSpold><activityDataset><activityDescription><activity id="a"><activityName>&x;</activityName></activity></activityDescription><flowData/></activityDataset></ecoSpold>)";
    std::string bomb = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)";
    for (int i = 1; i < 10; ++i) {
        bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k)
            bomb += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        bomb += "\">";
    }
    bomb += "]><ecoSpold><dataset number=\"1\">&lol9;</dataset></ecoSpold>";
    for (const auto& [name, text] : {std::pair{"xxe", xxe}, std::pair{"bomb", bomb}}) {
        write(tmp.path / name / "a.spold", text);
        write(tmp.path / name / "a.xml", text);
        for (int format = 0; format < 2; ++format) {
            const auto msg = test::message_of<input_error>([&] {
                if (format == 0)
                    (void)read_ecospold2(tmp.path / name);
                else
                    (void)read_ecospold1(tmp.path / name / "a.xml");
            });
            INFO(name << " " << format << ": " << msg);
            CHECK(msg.find("[cradle:xml-doctype]") != std::string::npos);
            CHECK(msg.find("TOP-SECRET") == std::string::npos);
        }
    }
}

TEST_CASE("EcoSpold 1: datasets linked by name and location, computed by hand", "[io][ecospold1]") {
    temp_dir tmp;
    auto dataset = [](const char* number, const char* name, const char* loc, const char* unit,
                      const std::string& exchanges) {
        return std::string(R"(<dataset number=")") + number +
               R"("><metaInformation><processInformation><referenceFunction name=")" + name +
               R"(" unit=")" + unit + R"(" amount="1"/><geography location=")" + loc +
               R"("/></processInformation></metaInformation><flowData>)" + exchanges +
               "</flowData></dataset>";
    };
    auto ex = [](const char* number, const char* name, const char* loc, const char* unit,
                 const char* amount, const char* group, const char* cat = "",
                 const char* sub = "") {
        return std::string(R"(<exchange number=")") + number + R"(" name=")" + name +
               R"(" location=")" + loc + R"(" unit=")" + unit + R"(" meanValue=")" + amount +
               R"(" category=")" + cat + R"(" subCategory=")" + sub +
               R"(" CASNumber="NaN" formula="NaN">)" + group + "</exchange>";
    };
    const std::string o0 = "<outputGroup>0</outputGroup>", i5 = "<inputGroup>5</inputGroup>",
                      o4 = "<outputGroup>4</outputGroup>";
    const std::string xml =
        R"(<?xml version="1.0" encoding="UTF-8"?><ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold01">)" +
        dataset("1", "Electricity", "US", "kWh",
                ex("1", "Electricity", "US", "kWh", "1", o0.c_str()) +
                    ex("2", "Carbon dioxide", "", "kg", "0.6", o4.c_str(), "air", "unspecified")) +
        dataset("2", "Electricity", "CN", "kWh",
                ex("1", "Electricity", "CN", "kWh", "1", o0.c_str()) + ex("2", "Carbon dioxide", "",
                                                                          "kg", "0.9", o4.c_str(),
                                                                          "troposphere", "urban")) +
        dataset("3", "Aluminium", "US", "kg",
                ex("1", "Aluminium", "US", "kg", "1", o0.c_str()) +
                    ex("2", "Electricity", "CN", "MWh", "0.015", i5.c_str()) +
                    ex("3", "Methane", "", "g", "10", o4.c_str(), "emission", "air")) +
        "</ecoSpold>";
    write(tmp.path / "db.xml", xml);
    const imported_database db = read_ecospold1(tmp.path / "db.xml");
    CHECK(db.report.linked_default == 1); // the exchange's location="CN" names its provider
    // by hand: 15 kWh x 0.9 (the CN mix, named by location) + 0.010 kg CH4 x 27.0 (AR6
    // non-fossil value: "Methane" of no stated origin takes it, as IPCC's headline value)
    CHECK(footprint_of(db.system, "Aluminium") == Approx(15 * 0.9 + 0.010 * 27.0).epsilon(1e-12));
}

TEST_CASE("EcoSpold 2: mangled files end in a result or a cradle error",
          "[io][ecospold2][mutation]") {
    temp_dir tmp;
    write_es2(tmp.path / "base");
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& e : fs::directory_iterator(tmp.path / "base")) {
        std::ifstream in(e.path(), std::ios::binary);
        files.emplace_back(e.path().filename().string(),
                           std::string((std::istreambuf_iterator<char>(in)), {}));
    }
    std::mt19937 rng(20261202);
    const char* junk[] = {"",
                          "-1",
                          "NaN",
                          "1e999",
                          "<",
                          "&amp;",
                          "\"",
                          "<inputGroup>5</inputGroup>",
                          "</flowData>",
                          "\xff\xfe"};
    int results = 0, errors = 0;
    for (int round = 0; round < 300; ++round) {
        auto mutated = files;
        auto& text = mutated[rng() % mutated.size()].second;
        const std::size_t at = rng() % text.size();
        const std::size_t len = rng() % 12;
        switch (rng() % 3) {
        case 0:
            text.erase(at, len);
            break; // cut
        case 1:
            text.insert(at, junk[rng() % std::size(junk)]);
            break; // insert
        default:
            text = text.substr(0, at);
            break; // truncate
        }
        const fs::path dir = tmp.path / std::to_string(round);
        for (const auto& [name, t] : mutated)
            write(dir / name, t);
        try {
            (void)read_ecospold2(dir);
            ++results;
        } catch (const cradle::error&) {
            ++errors;
        }
        fs::remove_all(dir);
    }
    CHECK(results + errors == 300);
    CHECK(errors > 0);
}
