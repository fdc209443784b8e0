// SPDX-License-Identifier: Apache-2.0
// No infinite or negative total reported as a success (issue 11, findings 2, 3 and 7): amounts
// outside the range cradle accepts, unproductive processes and loops, non-finite results and
// near-singular loops, each ending in a named error or a reported pivot ratio.
#include "helpers.hpp"

using namespace cradle;
using Catch::Detail::Approx;
using Catch::Matchers::Contains;

namespace {
/// maker makes `out` kg of p, emits `co2` kg of `gas`, optionally uses `self` kg of its own p.
product_system one_maker(double out, double co2, double self = 0.0, const char* gas = "CO2") {
    product_system s;
    s.flows = {test::product("p"), test::emission("e", gas)};
    process m;
    m.id = "maker";
    m.outputs = {test::ex("p", out)};
    if (self != 0.0) m.inputs = {test::ex("p", self, "kg", "maker")};
    m.elementary = {test::ex("e", co2)};
    s.processes = {m};
    return s;
}

/// pa and pb supply each other: pa uses x kg of b per kg of a, pb uses y kg of a per kg of b.
product_system two_loop(double x, double y) {
    product_system s;
    s.flows = {test::product("a"), test::product("b"), test::emission("co2", "CO2")};
    process pa, pb;
    pa.id = "pa";
    pa.outputs = {test::ex("a", 1)};
    pa.inputs = {test::ex("b", x)};
    pa.elementary = {test::ex("co2", 1)};
    pb.id = "pb";
    pb.outputs = {test::ex("b", 1)};
    pb.inputs = {test::ex("a", y)};
    pb.elementary = {test::ex("co2", 1)};
    s.processes = {pa, pb};
    return s;
}

footprint solve(const product_system& s, const functional_unit& fu) {
    const auto sys = compile(s);
    const auto ch = characterize(sys.index, test::gwps().get("AR6"));
    return calculate(sys, ch, factorize(sys), demand_vector(sys, fu));
}
} // namespace

TEST_CASE("amounts outside [1e-200, 1e200] are refused at compile time, by name") {
    for (double out : {1e-320, 1e-300, 1e-201}) { // subnormal and tiny reference outputs
        const auto msg = test::message_of<model_error>([&] { (void)compile(one_maker(out, 1)); });
        CHECK_THAT(msg, Contains("[cradle:invalid-amount]") || Contains("invalid-amount"));
        CHECK_THAT(msg, Contains("process 'maker' output 'p'") &&
                            Contains("below the smallest amount cradle accepts"));
    }
    const auto big = test::message_of<model_error>([] { (void)compile(one_maker(1, 1e308)); });
    CHECK_THAT(big, Contains("process 'maker' elementary flow 'e'") &&
                        Contains("beyond the largest amount cradle accepts (1e200)"));
    // in range after conversion counts: 1e198 t is 1e201 kg
    product_system s = one_maker(1, 1);
    s.processes[0].elementary[0] = test::ex("e", 1e198, "t");
    CHECK_THAT(test::message_of<model_error>([&] { (void)compile(s); }),
               Contains("amount 1e+198 t is 1e+201 kg"));
    CHECK_NOTHROW(compile(one_maker(1e-150, 1e150))); // extreme but representable
}

TEST_CASE("a functional unit that overflows after unit conversion is refused") {
    const auto sys = compile(one_maker(1, 1));
    const auto msg = test::message_of<model_error>([&] {
        (void)demand_vector(sys, {"maker", "p", 1e308, parse_unit("t"), {}});
    });
    CHECK_THAT(msg, Contains("functional unit: 1e+308 t is inf kg, not a finite number"));
    CHECK_THROWS_AS(demand_vector(sys, {"maker", "p", 1e300, parse_unit("kg"), {}}), model_error);
}

TEST_CASE("results that overflow are errors naming the flow and process, never inf") {
    // g = 1e200 kg per kg x 1e150 kg = 1e350: the inventory overflows
    const auto msg_g = test::message_of<solver_error>([] {
        (void)solve(one_maker(1, 1e200), {"maker", "p", 1e150, parse_unit("kg"), {}});
    });
    CHECK_THAT(msg_g, Contains("[cradle:non-finite-result] the inventory of elementary flow 'e'") &&
                          Contains("process 'maker'"));
    // g = 1e306 kg SF6 is finite; h = 1e306 x 25200 (AR6) is not
    const auto msg_h = test::message_of<solver_error>([] {
        (void)solve(one_maker(1, 1e200, 0, "SF6"), {"maker", "p", 1e106, parse_unit("kg"), {}});
    });
    CHECK_THAT(msg_h,
               Contains("impact 'gwp100.total' is not a finite number") && Contains("flow 'e'"));
}

TEST_CASE("a process that uses as much of its product as it makes is refused") {
    // consumed 1.5 kg of its own 1 kg output: was -20 kg CO2e with exit 0
    const auto msg = test::message_of<model_error>([] { (void)compile(one_maker(1, 10, 1.5)); });
    CHECK_THAT(msg, Contains("[cradle:unproductive-process] process 'maker' makes 1 kg of 'p' and "
                             "uses 1.5 kg of it itself: its net output is -0.5 kg"));
    CHECK_THROWS_AS(compile(one_maker(1, 10, 1.0)), model_error); // net output zero
    // 0.5 kg own use is fine: s = 1/(1 - 0.5) = 2 per kg, h = 2 x 10 = 20 kg CO2
    const auto r = solve(one_maker(1, 10, 0.5), {"maker", "p", 1, parse_unit("kg"), {}});
    CHECK(r.total() == Approx(20.0).epsilon(1e-14));
}

TEST_CASE("a loop that uses more than it makes is refused, naming its processes") {
    // pa needs 2 b per a, pb needs 2 a per b: no positive supply exists (s would be negative)
    const auto msg = test::message_of<solver_error>([] {
        (void)solve(two_loop(2, 2), {"pa", "a", 1, parse_unit("kg"), {}});
    });
    CHECK_THAT(msg, Contains("[cradle:unproductive-loop] the loop of 2 processes") &&
                        Contains("'pa'") && Contains("'pb'"));
    // exactly balanced (x·y = 1) is singular, not a success either
    CHECK_THROWS_AS(solve(two_loop(1, 1), {"pa", "a", 1, parse_unit("kg"), {}}), solver_error);
    // productive loop, by hand: s_a - y s_b = 1, s_b - x s_a = 0, so s_a = 1/(1 - xy) and
    // s_b = x/(1 - xy); x = 0.5, y = 0.4
    const auto r = solve(two_loop(0.5, 0.4), {"pa", "a", 1, parse_unit("kg"), {}});
    CHECK(r.scaling(0) == Approx(1 / 0.8).epsilon(1e-14));
    CHECK(r.scaling(1) == Approx(0.5 / 0.8).epsilon(1e-14));
    CHECK(r.pivot_ratio > ill_conditioned_pivot_ratio);
}

TEST_CASE("a near-singular loop is solved and reports its pivot ratio") {
    // x = y = 0.999999999: 1 - xy = 1.999999999e-9; s_a = 1/(1 - xy) ~ 5.0e8
    const double x = 0.999999999;
    const auto r = solve(two_loop(x, x), {"pa", "a", 1, parse_unit("kg"), {}});
    const double s_a = 1.0 / (1.0 - x * x);
    CHECK(r.scaling(0) == Approx(s_a).epsilon(1e-6)); // as right as the conditioning allows
    CHECK(r.pivot_ratio < ill_conditioned_pivot_ratio);
    CHECK(r.pivot_ratio > 1e-10);
    CHECK(ill_conditioned(r.pivot_ratio));
}

TEST_CASE("a pivot ratio below the tolerance is printed in scientific notation") {
    solver_options o;
    o.singularity_tolerance = 1e-8; // the 2e-9 loop above now fails
    const double x = 0.999999999;
    const auto sys = compile(two_loop(x, x));
    const auto msg = test::message_of<solver_error>([&] { (void)factorize(sys, o); });
    CHECK_THAT(msg, Contains("nearly singular (smallest/largest pivot 2.0e-09)"));
}

TEST_CASE("substitution credits inside a loop are not mistaken for an unproductive loop") {
    // a CHP plant makes heat with electricity as a co-product displacing the grid, and the
    // grid buys heat: a loop with a positive off-diagonal entry; negative grid scaling is the
    // avoided burden, legitimately
    product_system s;
    s.flows = {test::product("heat", "MJ"), test::product("electricity", "kWh"),
               test::emission("co2", "CO2")};
    process chp, grid;
    chp.id = "chp";
    chp.method = coproduct_method::substitution;
    chp.outputs = {test::ex("heat", 10, "MJ"), test::ex("electricity", 2, "kWh")};
    chp.elementary = {test::ex("co2", 3)};
    grid.id = "grid";
    grid.outputs = {test::ex("electricity", 1, "kWh")};
    grid.inputs = {test::ex("heat", 0.1, "MJ")};
    grid.elementary = {test::ex("co2", 0.5)};
    s.processes = {chp, grid};
    // by hand: A = [[10, -0.1], [+2, 1]] (rows heat, electricity; columns chp, grid), f = (10, 0)
    // 2 s_chp + s_grid = 0 -> s_grid = -2 s_chp; 10 s_chp + 0.2 s_chp = 10 -> s_chp = 10/10.2
    const auto r = solve(s, {"chp", "heat", 10, parse_unit("MJ"), {}});
    CHECK(r.scaling(0) == Approx(10 / 10.2).epsilon(1e-13));
    CHECK(r.scaling(1) == Approx(-20 / 10.2).epsilon(1e-13));
    CHECK(r.total() == Approx((3 * 10 - 0.5 * 20) / 10.2).epsilon(1e-13));
}
