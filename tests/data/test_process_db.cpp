// The bundled US LCI as a process background: "uslci/<process>" providers, the whole-database
// supply-chain factor table, and their agreement.
// SPDX-License-Identifier: Apache-2.0
#include "helpers.hpp"

#include "cradle/analysis/supply_chain.hpp"

using namespace cradle;

namespace {
const process_database& uslci() {
    static const auto dbs = default_process_databases();
    for (const auto& d : dbs)
        if (d->id == "uslci") return *d;
    FAIL("factors/uslci is not bundled");
    throw;
}
} // namespace

TEST_CASE("US LCI bundle: processes found by id or name; unknown names get suggestions",
          "[data][uslci]") {
    const auto& db = uslci();
    CHECK(db.licence == "MIT");
    CHECK(db.model.processes.size() >= 766);
    const process& coal = db.find("Electricity, bituminous coal, at power plant");
    CHECK(coal.id == "66280f03-b26f-35c4-bda2-3d4a8652943a");
    CHECK(&db.find(coal.id) == &coal);
    const auto msg = test::message_of<input_error>(
        [&] { (void)db.find("Electricity, bitumnous coal, at power plant"); });
    CHECK(msg.find("[cradle:unknown-process]") != std::string::npos);
    CHECK(msg.find("did you mean 'Electricity, bituminous coal, at power plant'") !=
          std::string::npos);
}

TEST_CASE("US LCI bundle: a model buying US LCI electricity and diesel equals the table's factors",
          "[data][uslci]") {
    const product_system m = read_model(std::string(CRADLE_EXAMPLES) + "/uslci/machined-part.json");
    const auto dbs = default_process_databases();
    REQUIRE(has_process_db_refs(m, dbs));
    const product_system linked = link_process_databases(m, dbs);
    CHECK_FALSE(has_process_db_refs(linked, dbs));
    const auto& ar6 = test::gwps().get("AR6");
    const compiled_system sys = compile(linked);
    const auto ch = characterize(sys.index, ar6);
    const double total =
        calculate(sys, ch, factorize(sys), demand_vector(sys, *linked.reference)).total();
    // the same from the supply-chain factor table of the whole database (one transposed solve
    // over all 772 processes, not the 35 linked here): 12 kWh = 43.2 MJ of grid electricity,
    // 0.5 L = 0.0005 m3 of diesel burned, 0.05 kg of the shop's own CO2
    const supply_chain_table t = supply_chain_factors(uslci().model, ar6);
    auto factor = [&](const std::string& id) {
        for (std::size_t j = 0; j < t.products.size(); ++j)
            if (t.products[j].process == id) return t.values(0, static_cast<Eigen::Index>(j));
        FAIL("no product " << id);
        return 0.0;
    };
    const double elec = factor(uslci().find("Electricity, at Grid, US, 2010").id);
    const double diesel = factor(uslci().find("Diesel, combusted in industrial equipment").id);
    CHECK(total == Approx(43.2 * elec + 0.0005 * diesel + 0.05).epsilon(1e-9));
    // provenance of the copied processes
    for (const auto& p : linked.processes)
        if (p.id.rfind("uslci/", 0) == 0) {
            CHECK(p.metadata.at("dataset") == "uslci");
            CHECK(p.metadata.at("dataset.version") == uslci().version);
        }
}

TEST_CASE("US LCI bundle: a unit that does not convert, an unknown process", "[data][uslci]") {
    product_system m = read_model(std::string(CRADLE_EXAMPLES) + "/uslci/machined-part.json");
    m.processes[0].inputs[0].amount_unit = parse_unit("kg"); // electricity in kg
    m.processes[0].inputs[1].provider = "uslci/no such process";
    try {
        (void)link_process_databases(m, default_process_databases());
        FAIL("expected a model_error");
    } catch (const model_error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].id == "incompatible-unit");
        CHECK(e.problems()[0].message.find("'MJ' (energy); the amount is in 'kg' (mass)") !=
              std::string::npos);
        CHECK(e.problems()[1].id == "unknown-process");
    }
}

TEST_CASE("US LCI bundle: the supply-chain factor table covers every product", "[data][uslci]") {
    const supply_chain_table t = supply_chain_factors(uslci().model, test::gwps().get("AR6"));
    CHECK(t.products.size() == uslci().model.processes.size());
    CHECK(t.values.allFinite());
    // total = the sum of its parts, for every product
    for (Eigen::Index j = 0; j < t.values.cols(); ++j)
        CHECK(t.values(0, j) ==
              Approx(t.values.col(j).tail(t.values.rows() - 1).sum()).margin(1e-9));
}
