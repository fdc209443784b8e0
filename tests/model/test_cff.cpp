// SPDX-License-Identifier: Apache-2.0
// The Circular Footprint Formula (model/cff.hpp): hand computations of the formula, its limiting
// cases, the switch to cut-off, parameters, and every error with its location.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;
using Catch::Matchers::Contains;

namespace {

// One kg of material into a product, from a virgin route (10 kg CO2/kg), a recycled route
// (2 kg CO2/kg: recycling of scrap, the scrap burden-free), recycling at end of life
// (1 kg CO2/kg), energy recovery (0.5 kg/kg), heat (0.02 kg/MJ), electricity (0.1 kg/MJ) and
// disposal (0.1 kg/kg). `cff` is the declaration's members.
std::string model_with(const std::string& cff, const std::string& unit = "kg") {
    return R"json({
  "name": "cff",
  "parameters": [
    {"name": "share", "default": 0.3, "min": 0, "max": 1},
    {"name": "method", "default": "cff", "choices": ["cff", "cut-off"]}
  ],
  "flows": [
    {"id": "product", "type": "product", "unit": "kg"},
    {"id": "virgin", "type": "product", "unit": "kg"},
    {"id": "recycled", "type": "product", "unit": "kg"},
    {"id": "eol", "type": "product", "unit": "kg"},
    {"id": "incineration", "type": "product", "unit": "kg"},
    {"id": "heat", "type": "product", "unit": "MJ"},
    {"id": "electricity", "type": "product", "unit": "kWh"},
    {"id": "landfill", "type": "product", "unit": "kg"},
    {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"}
  ],
  "processes": [
    {"id": "make", "outputs": [{"flow": "product", "amount": 1}],
     "inputs": [{"flow": "material", "amount": 1, "unit": ")json" +
           unit + R"json(", "cff": {)json" + cff + R"json(}}]},
    {"id": "v", "outputs": [{"flow": "virgin", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 10}]},
    {"id": "r", "outputs": [{"flow": "recycled", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 2}]},
    {"id": "e", "outputs": [{"flow": "eol", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 1}]},
    {"id": "i", "outputs": [{"flow": "incineration", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 0.5}]},
    {"id": "h", "outputs": [{"flow": "heat", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 0.02}]},
    {"id": "el", "outputs": [{"flow": "electricity", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 0.36}]},
    {"id": "d", "outputs": [{"flow": "landfill", "amount": 1}],
     "elementary": [{"flow": "co2", "amount": 0.1}]}
  ],
  "functional_unit": {"flow": "product", "amount": 1}
})json";
}

const std::string terms = R"("virgin": {"flow": "virgin"}, "recycled": {"flow": "recycled"},
    "recycling_eol": {"flow": "eol"})";

double total_of(const product_system& m) {
    const auto sys = compile(m);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    return calculate(sys, ch, factorize(sys), demand_vector(sys, *m.reference)).total();
}

double total(const std::string& cff, const std::map<std::string, parameter_override>& set = {}) {
    const auto m = parse_model(model_with(cff), "cff.json");
    return total_of(set.empty() ? m : with_parameters(m, set));
}

} // namespace

TEST_CASE("CFF: the material part by hand at A = 0.2 and A = 0.8", "[cff]") {
    // PEF (Recommendation (EU) 2021/2279, Annex I 4.4.8.1), per kg, Ev = E*v = 10, Erec = 2,
    // ErecEoL = 1: (1 - R1) Ev + R1 (A Erec + (1 - A) Ev Qsin) + (1 - A) R2 (ErecEoL - E*v Qsout)
    const double R1 = 0.3, R2 = 0.6, Qsin = 0.9, Qsout = 0.8;
    for (const double A : {0.2, 0.8}) {
        INFO("A = " << A);
        const double hand =
            (1 - R1) * 10 + R1 * (A * 2 + (1 - A) * 10 * Qsin) + (1 - A) * R2 * (1 - 10 * Qsout);
        const std::string a = std::to_string(A);
        CHECK(total(terms + R"(, "A": )" + a +
                    R"(, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
              Approx(hand).epsilon(1e-13));
    }
    // the numbers written out: A = 0.2 gives 7 + 0.3 (0.4 + 7.2) + 0.48 (1 - 8) = 5.92
    CHECK(total(terms + R"(, "A": 0.2, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
          Approx(5.92).epsilon(1e-13));
    // A = 0.8: 7 + 0.3 (1.6 + 1.8) + 0.12 (1 - 8) = 7.18
    CHECK(total(terms + R"(, "A": 0.8, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
          Approx(7.18).epsilon(1e-13));
    // E*v apart from Ev (a different virgin material substituted: here the 2 kg CO2/kg route)
    CHECK(total(R"("virgin": {"flow": "virgin"}, "recycled": {"flow": "recycled"},
                   "recycling_eol": {"flow": "eol"}, "substituted": {"flow": "recycled"},
                   "A": 0.2, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
          Approx(7 + 0.3 * (0.4 + 7.2) + 0.48 * (1 - 2 * 0.8)).epsilon(1e-13));
}

TEST_CASE("CFF: limiting cases", "[cff]") {
    // A = 1: cut-off for the recycled content, (1 - R1) Ev + R1 Erec; end-of-life recycling
    // neither burden nor credit
    CHECK(total(terms + R"(, "A": 1, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
          Approx(0.7 * 10 + 0.3 * 2).epsilon(1e-13));
    // the "cut-off" method gives the same whatever A says
    CHECK(total(terms + R"(, "method": "cut-off", "A": 0.2, "R1": 0.3, "R2": 0.6,
                           "Qsin_Qp": 0.9, "Qsout_Qp": 0.8)") ==
          Approx(0.7 * 10 + 0.3 * 2).epsilon(1e-13));
    // R1 = R2 = 0: the virgin footprint
    CHECK(total(terms + R"(, "A": 0.2, "R1": 0, "R2": 0)") == Approx(10).epsilon(1e-13));
    CHECK(total(R"("virgin": {"flow": "virgin"}, "A": 0.5)") == Approx(10).epsilon(1e-13));
    // R1 = 1, A = 0: all recycled content at the virgin burden times its quality
    CHECK(total(terms + R"(, "A": 0, "R1": 1, "Qsin_Qp": 0.5)") == Approx(5).epsilon(1e-13));
}

TEST_CASE("CFF: energy recovery and disposal by hand", "[cff]") {
    // (1 - B) R3 (EER - LHV XER,heat ESE,heat - LHV XER,elec ESE,elec) + (1 - R2 - R3) ED
    // R3 = 0.3, B = 0, LHV 30 MJ/kg, XER heat 0.4, elec 0.2: 0.3 (0.5 - 12 x 0.02 - 6 x 0.1)
    // (electricity at 0.36 kg/kWh = 0.1 kg/MJ); disposal (1 - 0.6 - 0.3) x 0.1
    const std::string eol = R"(, "energy_recovery": {"flow": "incineration"},
        "heat_substituted": {"flow": "heat"}, "electricity_substituted": {"flow": "electricity"},
        "disposal": {"flow": "landfill"}, "R3": 0.3, "LHV": 30, "XER_heat": 0.4,
        "XER_elec": 0.2)";
    const double material = 0.7 * 10 + 0.3 * (0.2 * 2 + 0.8 * 10) + 0.8 * 0.6 * (1 - 10);
    const double energy = 0.3 * (0.5 - 30 * 0.4 * 0.02 - 30 * 0.2 * 0.1);
    const double disposal = 0.1 * 0.1;
    CHECK(total(terms + R"(, "A": 0.2, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 1, "Qsout_Qp": 1)" + eol) ==
          Approx(material + energy + disposal).epsilon(1e-13));
    // B = 1: the energy part goes to the next system
    CHECK(total(terms + R"(, "A": 0.2, "R1": 0.3, "R2": 0.6, "Qsin_Qp": 1, "Qsout_Qp": 1,
                           "B": 1)" +
                eol) == Approx(material + disposal).epsilon(1e-13));
    // cut-off: the incineration counted, no credits, no end-of-life recycling credit
    CHECK(total(terms + R"(, "method": "cut-off", "R1": 0.3, "R2": 0.6)" + eol) ==
          Approx(0.7 * 10 + 0.3 * 2 + 0.3 * 0.5 + disposal).epsilon(1e-13));
    // a material in tonnes: the energy is LHV (MJ/kg) x 1000 kg per t
    const auto t =
        parse_model(model_with(terms + R"(, "A": 0.2, "R1": 0, "R2": 0)" + eol, "t"), "t.json");
    CHECK(total_of(t) == Approx(1000 * (10 + energy + 0.7 * 0.1)).epsilon(1e-12));
}

TEST_CASE("CFF: published defaults, parameters and the method switch", "[cff]") {
    // PEF Annex C: metals A = 0.2, quality ratios 1
    CHECK(total(terms + R"(, "material": "copper", "R1": 0.3, "R2": 0.6)") ==
          Approx(7 + 0.3 * (0.4 + 8) + 0.48 * (1 - 10)).epsilon(1e-13));
    // formulas over parameters, re-evaluated for other values, and the method as a template
    const std::string p = terms + R"(, "material": "aluminium", "R1": "share", "R2": "1 - share",
                                      "method": "{method}")";
    CHECK(total(p) == Approx(7 + 0.3 * (0.4 + 8) + 0.8 * 0.7 * (1 - 10)).epsilon(1e-13));
    CHECK(total(p, {{"share", 0.5}}) ==
          Approx(5 + 0.5 * (0.4 + 8) + 0.8 * 0.5 * (1 - 10)).epsilon(1e-13));
    CHECK(total(p, {{"method", std::string("cut-off")}}) ==
          Approx(0.7 * 10 + 0.3 * 2).epsilon(1e-13));
    // the generated inputs: one per term, named by their flows
    const auto m = parse_model(model_with(p), "cff.json");
    REQUIRE(m.processes[0].inputs.size() == 3);
    CHECK(m.processes[0].inputs[0].flow == "virgin");
    CHECK(m.processes[0].inputs[0].amount == Approx(0.7 + 0.3 * 0.8 - 0.8 * 0.7).epsilon(1e-14));
    CHECK(m.processes[0].inputs[1].amount == Approx(0.3 * 0.2).epsilon(1e-14));
    CHECK(m.processes[0].inputs[2].amount == Approx(0.8 * 0.7).epsilon(1e-14));
    // written back: the declaration, whole, once; read again it gives the same model
    const auto j = model_to_json(m);
    REQUIRE(j["processes"][0]["inputs"].size() == 1);
    CHECK(j["processes"][0]["inputs"][0]["cff"]["R2"] == "1 - share");
    CHECK(j["processes"][0]["inputs"][0]["cff"]["method"] == "{method}");
    const auto back = parse_model(j.dump(), "back.json");
    CHECK(model_to_json(back) == j);
    CHECK(total_of(with_parameters(back, {{"share", 0.5}})) ==
          Approx(5 + 0.5 * (0.4 + 8) + 0.8 * 0.5 * (1 - 10)).epsilon(1e-13));
    // Monte Carlo sees the terms as formulas over the parameters
    CHECK(m.processes[0].inputs[1].formulas.amount.find("share") != std::string::npos);
    // plastics: A = 0.5 published, the quality ratios are not: required
    CHECK_THAT(test::message_of<model_error>([&] {
                   (void)parse_model(model_with(terms + R"(, "material": "plastics", "R1": 0.3)"),
                                     "p.json");
               }),
               Contains("[cradle:cff-missing]") &&
                   Contains("process 'make' input 'material' cff: 'Qsin_Qp' is required"));
}

TEST_CASE("CFF: every problem named by process, material and JSON path", "[cff][errors]") {
    auto problems = [](const std::string& cff, const std::string& unit = "kg") {
        try {
            (void)parse_model(model_with(cff, unit), "bad.json");
        } catch (const error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // read errors: JSON paths
    CHECK_THAT(problems(R"("A": 0.2, "R9": 1)"),
               Contains("bad.json: /processes/0 (make)/inputs/0/cff/R9: unknown member 'R9'") &&
                   Contains("/cff/virgin: required member is missing"));
    CHECK_THAT(problems(R"("virgin": {"flow": "virgin"}, "method": "avoided burden")"),
               Contains("/cff/method: 'avoided burden' is not one of: cff, cut-off"));
    CHECK_THAT(problems(R"("virgin": "virgin")"), Contains("/cff/virgin: expected an object"));
    CHECK_THAT(problems(terms + R"(, "A": 0.2, "heat_substituted": {"flow": "heat"})", "m3"),
               Contains("[cradle:cff-unit]") && Contains("must be a mass, got 'm3'"));
    // values: ranges, all at once
    const std::string many = problems(terms + R"(, "A": 1.2, "R1": -0.1, "R2": 0.7, "R3": 0.5)");
    CHECK_THAT(many, Contains("process 'make' input 'material' cff A = 1.2: must be from 0 to 1") &&
                         Contains("R1 = -0.1: must be from 0 to 1") && Contains("R2 + R3 = 1.2") &&
                         Contains("exceeds 1"));
    CHECK_THAT(problems(terms + R"(, "A": 0.2, "R1": 0.3, "Qsin_Qp": 0)"),
               Contains("Qsin_Qp = 0: must be positive"));
    CHECK_THAT(problems(R"("virgin": {"flow": "virgin"}, "material": "gold", "R1": 0.2)"),
               Contains("[cradle:cff-unknown-material]") && Contains("'gold'") &&
                   Contains("copper, aluminium, steel, plastics"));
    // a term the values need but the declaration does not name
    CHECK_THAT(problems(R"("virgin": {"flow": "virgin"}, "A": 0.2, "R1": 0.3, "Qsin_Qp": 1)"),
               Contains("[cradle:cff-missing-flow]") && Contains("needs 'recycled'"));
    CHECK_THAT(problems(R"("virgin": {"flow": "virgin"}, "A": 0.2, "R2": 0.3, "Qsout_Qp": 1)"),
               Contains("needs 'recycling_eol'"));
    // a parameter outside the range only at evaluation: named too
    const auto m =
        parse_model(model_with(terms + R"(, "material": "steel", "R1": "share * 2")"), "p.json");
    CHECK_THAT(test::message_of<model_error>([&] {
                   (void)with_parameters(m, {{"share", 0.9}});
               }),
               Contains("process 'make' input 'material' cff R1 = 1.8: must be from 0 to 1"));
    CHECK_THAT(problems(terms + R"(, "A": "unknown_name")"),
               Contains("process 'make' input 'material' cff A") && Contains("unknown_name"));
}
