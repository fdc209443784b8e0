// SPDX-License-Identifier: Apache-2.0
// Monte Carlo against closed forms and hand solutions: a product of lognormals, a loop solved by
// hand per draw, parameters through formulas; reproducibility across threads and chunks; paired
// comparisons; contributions to variance; bad distributions refused by name.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;

namespace {
uncertainty lognormal(double gm, double gsd) {
    return make_uncertainty(distribution::lognormal, gm, gsd);
}

/// part <- q kg steel (lognormal 2, GSD 1.2); steel emits e kg CO2 per kg (lognormal 1.5, GSD
/// 1.3). The footprint of 1 kg part is q·e: a product of lognormals, lognormal with geometric mean
/// 2·1.5 = 3 and ln GSD = sqrt(ln²1.2 + ln²1.3).
product_system chain(double q_gsd = 1.2, double e_gsd = 1.3) {
    product_system s;
    s.flows = {test::product("part"), test::product("steel"), test::emission("co2", "CO2")};
    process part;
    part.id = "part";
    part.outputs = {test::ex("part", 1)};
    part.inputs = {test::ex("steel", 2)};
    part.inputs[0].spread = lognormal(2, q_gsd);
    process steel;
    steel.id = "steel";
    steel.outputs = {test::ex("steel", 1)};
    steel.elementary = {test::ex("co2", 1.5)};
    steel.elementary[0].spread = lognormal(1.5, e_gsd);
    s.processes = {part, steel};
    s.reference = functional_unit{"part", "part", 1.0, parse_unit("kg"), ""};
    return s;
}

struct run_setup {
    uncertain_system us;
    characterization ch;
    Eigen::VectorXd f;
};

run_setup setup(const product_system& m) {
    run_setup r{compile_uncertain(m), {}, {}};
    r.ch = characterize(r.us.base().index, test::gwps().get("AR6"));
    r.f = demand_vector(r.us.base(), *m.reference);
    return r;
}

/// The values of the inputs in draw d.
std::vector<double> inputs_of(const uncertain_system& us, std::uint64_t seed, std::uint64_t d) {
    std::vector<double> x(us.inputs().size());
    std::vector<double> a(static_cast<std::size_t>(us.base().A.nonZeros()));
    std::vector<double> b(static_cast<std::size_t>(us.base().B.nonZeros()));
    us.draw(seed, d, x, a, b);
    return x;
}
} // namespace

TEST_CASE("Monte Carlo of a product of lognormals matches the closed form", "[monte-carlo]") {
    const auto r = setup(chain());
    REQUIRE(r.us.inputs().size() == 2);
    monte_carlo_options o;
    o.draws = 20000;
    o.seed = 42;
    const auto mc = monte_carlo(r.us, r.ch, r.f, o);
    CHECK(mc.max_residual <= 1e-10);
    CHECK(mc.deterministic(0) == Approx(3.0));
    // every draw is exactly q·e of its drawn inputs
    for (std::uint64_t d : {0ull, 1ull, 777ull, 19999ull}) {
        const auto x = inputs_of(r.us, 42, d);
        CHECK(mc.impacts(static_cast<Eigen::Index>(d), 0) == Approx(x[0] * x[1]).epsilon(1e-12));
    }
    // ln(total) ~ N(ln 3, σ), σ = sqrt(ln²1.2 + ln²1.3); within 4 standard errors
    const double sigma = std::sqrt(std::pow(std::log(1.2), 2) + std::pow(std::log(1.3), 2));
    const Eigen::VectorXd logs = mc.impacts.col(0).array().log();
    const summary s = summarize(logs);
    CHECK(std::abs(s.mean - std::log(3.0)) < 4 * sigma / std::sqrt(20000.0));
    CHECK(s.sd == Approx(sigma).epsilon(0.02));
    // percentiles of the total: 3·exp(σ·z), z(0.975) = 1.959964
    const summary t = summarize(mc.impacts.col(0));
    CHECK(t.p97_5 == Approx(3.0 * std::exp(sigma * 1.959964)).epsilon(0.02));
    CHECK(t.median == Approx(3.0).epsilon(0.01));
    CHECK(t.se_mean == Approx(t.sd / std::sqrt(20000.0)));
    CHECK(t.se_p95 > 0);
    const auto conv = convergence(mc.impacts.col(0));
    REQUIRE(conv.size() == 5);
    CHECK(conv.back().draws == 20000);
    CHECK(conv.front().draws == 1250);
}

TEST_CASE("Monte Carlo of a loop: every draw equals the hand solution", "[monte-carlo]") {
    // Electricity (1 kWh) uses c kg coal and emits a kg CO2; coal (1 kg) uses b kWh electricity
    // and emits d kg CO2. For 1 kWh: s_e = 1/(1 - b·c), s_c = c/(1 - b·c); total a·s_e + d·s_c.
    product_system s;
    s.flows = {test::product("elec", "kWh"), test::product("coal"), test::emission("co2", "CO2")};
    process e;
    e.id = "power";
    e.outputs = {test::ex("elec", 1, "kWh")};
    e.inputs = {test::ex("coal", 0.4)};
    e.inputs[0].spread = make_uncertainty(distribution::triangular, 0.3, 0.4, 0.6);
    e.elementary = {test::ex("co2", 0.9)};
    e.elementary[0].spread = make_uncertainty(distribution::normal, 0.9, 0.05);
    process c;
    c.id = "mine";
    c.outputs = {test::ex("coal", 1)};
    c.inputs = {test::ex("elec", 0.2, "kWh")};
    c.inputs[0].spread = make_uncertainty(distribution::uniform, 0.1, 0.3);
    c.elementary = {test::ex("co2", 0.05)};
    c.elementary[0].spread = lognormal(0.05, 1.5);
    s.processes = {e, c};
    s.reference = functional_unit{"power", "elec", 1.0, parse_unit("kWh"), ""};
    const auto r = setup(s);
    REQUIRE(r.us.inputs().size() == 4);
    monte_carlo_options o;
    o.draws = 500;
    o.seed = 5;
    for (auto method : {mc_method::refactorize, mc_method::refine}) {
        o.method = method;
        const auto mc = monte_carlo(r.us, r.ch, r.f, o);
        CHECK(mc.max_residual <= 1e-10);
        for (std::uint64_t d = 0; d < o.draws; d += 37) {
            const auto x = inputs_of(r.us, 5, d);
            auto of = [&](const char* process, const char* side) {
                for (std::size_t k = 0; k < x.size(); ++k)
                    if (r.us.inputs()[k].process == process && r.us.inputs()[k].side == side)
                        return x[k];
                FAIL("no such input");
                return 0.0;
            };
            const double cc = of("power", "input"), a = of("power", "elementary");
            const double b = of("mine", "input"), dd = of("mine", "elementary");
            const double se = 1.0 / (1.0 - b * cc), sc = cc / (1.0 - b * cc);
            CHECK(mc.impacts(static_cast<Eigen::Index>(d), 0) ==
                  Approx(a * se + dd * sc).epsilon(1e-10));
        }
        if (method == mc_method::refine) CHECK(mc.refined + mc.refactorizations == o.draws);
    }
}

TEST_CASE("Monte Carlo is the same bit for bit across threads and chunks", "[monte-carlo]") {
    const auto r = setup(chain());
    monte_carlo_options o;
    o.draws = 300;
    o.seed = 2026;
    o.threads = 1;
    const auto one = monte_carlo(r.us, r.ch, r.f, o);
    o.threads = 2;
    const auto two = monte_carlo(r.us, r.ch, r.f, o);
    CHECK(one.impacts == two.impacts);
    // two chunks of 100 and 200 draws make the same run
    o.draws = 100;
    const auto c1 = monte_carlo(r.us, r.ch, r.f, o);
    o.first_draw = 100;
    o.draws = 200;
    const auto c2 = monte_carlo(r.us, r.ch, r.f, o);
    CHECK(c1.impacts == one.impacts.topRows(100));
    CHECK(c2.impacts == one.impacts.bottomRows(200));
    // another seed, other numbers
    o.first_draw = 0;
    o.draws = 300;
    o.seed = 2027;
    CHECK(monte_carlo(r.us, r.ch, r.f, o).impacts != one.impacts);
}

TEST_CASE("paired comparisons share the draws", "[monte-carlo]") {
    const auto a = setup(chain());
    const auto b = setup(chain());
    monte_carlo_options o;
    o.draws = 400;
    o.seed = 9;
    const auto ra = monte_carlo(a.us, a.ch, a.f, o);
    const auto rb = monte_carlo(b.us, b.ch, b.f, o);
    const comparison same = compare(ra, rb);
    CHECK(same.difference.cwiseAbs().maxCoeff() == 0.0);
    CHECK(same.probability_a_lower == 0.0);
    // an alternative steel with 10 % less CO2 per kg (same spread): paired, it is lower in
    // every draw although the two distributions overlap widely
    auto alt = chain();
    alt.processes[1].elementary[0].amount = 1.35;
    alt.processes[1].elementary[0].spread = lognormal(1.35, 1.3);
    const auto c = setup(alt);
    const auto rc = monte_carlo(c.us, c.ch, c.f, o);
    const comparison cmp = compare(rc, ra);
    CHECK(cmp.probability_a_lower == 1.0);
    CHECK(cmp.of_difference.mean < 0);
    o.seed = 10;
    CHECK_THROWS_AS(compare(monte_carlo(c.us, c.ch, c.f, o), ra), solver_error);
}

TEST_CASE("contributions to variance rank the dominant input first", "[monte-carlo]") {
    // the steel amount spreads with GSD 2, the CO2 per kg with GSD 1.01: the amount dominates
    const auto r = setup(chain(2.0, 1.01));
    monte_carlo_options o;
    o.draws = 2000;
    o.seed = 1;
    o.keep_inputs = true;
    const auto mc = monte_carlo(r.us, r.ch, r.f, o);
    const auto v = variance_contributions(mc);
    REQUIRE(v.size() == 2);
    CHECK(r.us.inputs()[v[0].input].process == "part");
    CHECK(r.us.inputs()[v[0].input].flow == "steel");
    CHECK(v[0].share > 0.99);
    CHECK(v[0].rank_correlation > 0.99);
    CHECK(v[0].share + v[1].share == Approx(1.0));
    o.keep_inputs = false;
    CHECK_THROWS_AS(variance_contributions(monte_carlo(r.us, r.ch, r.f, o)), solver_error);
}

TEST_CASE("uncertain parameters propagate through formulas", "[monte-carlo][parameters]") {
    // yield ~ uniform(0.5, 1): a part needs 1/yield kg steel; the footprint is (1/yield)·e
    auto m = chain();
    parameter y;
    y.name = "yield";
    y.value = 0.8;
    y.min = 0.0;
    y.max = 1.0;
    y.spread = make_uncertainty(distribution::uniform, 0.5, 1.0);
    m.parameters = {y};
    m.processes[0].inputs[0].spread.reset();
    m.processes[0].inputs[0].formulas.amount = "1 / yield";
    m = with_parameters(m);
    const auto r = setup(m);
    REQUIRE(r.us.inputs().size() == 2); // the parameter and the CO2 of steel
    monte_carlo_options o;
    o.draws = 200;
    o.seed = 3;
    const auto mc = monte_carlo(r.us, r.ch, r.f, o);
    CHECK(mc.deterministic(0) == Approx(1.5 / 0.8));
    for (std::uint64_t d = 0; d < o.draws; d += 19) {
        const auto x = inputs_of(r.us, 3, d);
        CHECK((x[0] >= 0.5 && x[0] <= 1.0));
        CHECK(mc.impacts(static_cast<Eigen::Index>(d), 0) == Approx(x[1] / x[0]).epsilon(1e-12));
    }
    // a normal on a parameter with a range is refused, naming it
    m.parameters[0].spread = make_uncertainty(distribution::normal, 0.8, 0.1);
    const auto msg = test::message_of<model_error>([&] { (void)compile_uncertain(m); });
    CHECK_THAT(msg, Catch::Matchers::Contains("parameter 'yield'"));
    // a distribution on an exchange computed by a formula is ambiguous
    m.parameters[0].spread = make_uncertainty(distribution::uniform, 0.5, 1.0);
    m.processes[0].inputs[0].spread = lognormal(2, 1.1);
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile_uncertain(m); }),
               Catch::Matchers::Contains("process 'part' input 'steel'"));
}

TEST_CASE("bad distributions are refused, every one named", "[monte-carlo]") {
    auto m = chain();
    m.processes[0].inputs[0].spread = lognormal(-2, 1.2); // sign opposite to the amount 2
    m.processes[1].elementary[0].spread = make_uncertainty(distribution::uniform, 2.0, 1.0);
    const auto msg = test::message_of<model_error>([&] { (void)compile_uncertain(m); });
    CHECK_THAT(msg, Catch::Matchers::Contains("process 'part' input 'steel'"));
    CHECK_THAT(msg, Catch::Matchers::Contains("sign"));
    CHECK_THAT(msg, Catch::Matchers::Contains("process 'steel' elementary 'co2'"));
    CHECK_THAT(msg, Catch::Matchers::Contains("min <= max"));
    m = chain();
    m.processes[0].inputs[0].spread = lognormal(2, 0.8); // GSD below 1
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile_uncertain(m); }),
               Catch::Matchers::Contains("GSD"));
}

TEST_CASE("a drawn technosphere that cannot deliver names the draw and the loop", "[monte-carlo]") {
    // a loop whose uses reach the product made (b·c >= 1) in some draws
    product_system s;
    s.flows = {test::product("x"), test::product("y"), test::emission("co2", "CO2")};
    process px;
    px.id = "px";
    px.outputs = {test::ex("x", 1)};
    px.inputs = {test::ex("y", 0.9)};
    px.inputs[0].spread = make_uncertainty(distribution::uniform, 0.5, 1.5);
    px.elementary = {test::ex("co2", 1)};
    process py;
    py.id = "py";
    py.outputs = {test::ex("y", 1)};
    py.inputs = {test::ex("x", 0.9)};
    py.inputs[0].spread = make_uncertainty(distribution::uniform, 0.5, 1.5);
    s.processes = {px, py};
    s.reference = functional_unit{"px", "x", 1.0, parse_unit("kg"), ""};
    const auto r = setup(s);
    monte_carlo_options o;
    o.draws = 200;
    const auto msg = test::message_of<solver_error>([&] { (void)monte_carlo(r.us, r.ch, r.f, o); });
    CHECK_THAT(msg, Catch::Matchers::Contains("Monte Carlo draw"));
    CHECK_THAT(msg, Catch::Matchers::Contains("px"));
}

TEST_CASE("a drawn amount beyond the matrices' range names the draw and the exchange",
          "[monte-carlo]") {
    auto m = chain();
    m.processes[1].elementary[0].spread = lognormal(1.5, 1e300); // exp(±690 z) overflows
    const auto r = setup(m);
    monte_carlo_options o;
    o.draws = 50;
    const auto msg = test::message_of<solver_error>([&] { (void)monte_carlo(r.us, r.ch, r.f, o); });
    CHECK_THAT(msg, Catch::Matchers::Contains("Monte Carlo draw"));
    CHECK_THAT(msg, Catch::Matchers::Contains("process 'steel' elementary 'co2'"));
    CHECK_THAT(msg, Catch::Matchers::Contains("invalid-amount"));
}
