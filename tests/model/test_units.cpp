// SPDX-License-Identifier: Apache-2.0
#include "helpers.hpp"

using namespace cradle;
using Catch::Contains;
using Catch::Detail::Approx;

TEST_CASE("unit conversions") {
    auto cf = [](const char* a, const char* b) {
        return conversion_factor(parse_unit(a), parse_unit(b));
    };
    CHECK(cf("kWh", "MJ") == Approx(3.6).epsilon(1e-15));
    CHECK(cf("MWh", "kWh") == Approx(1000).epsilon(1e-15));
    CHECK(cf("t", "kg") == 1000);
    CHECK(cf("g", "kg") == Approx(1e-3).epsilon(1e-15));
    CHECK(cf("lb", "kg") == Approx(0.45359237).epsilon(1e-15));
    CHECK(cf("short ton", "t") == Approx(0.90718474).epsilon(1e-15));
    CHECK(cf("gal", "L") == Approx(3.785411784).epsilon(1e-15));
    CHECK(cf("m3", "L") == Approx(1000).epsilon(1e-15));
    CHECK(cf("t*km", "kg*km") == 1000);
    CHECK(cf("t km", "tkm") == 1);
    CHECK(cf("t\xC2\xB7km", "tkm") == 1); // t·km
    CHECK(cf("MMBtu", "GJ") == Approx(1.055056).epsilon(1e-12));
    CHECK(cf("ha*a", "m2a") == 10000);
    CHECK(cf("m\xC2\xB2", "m2") == 1); // m²
    CHECK(cf("USD2022", "USD_2022") == 1);
}

TEST_CASE("incompatible, unknown and ambiguous units are errors") {
    CHECK_THAT(
        test::message_of<unit_error>(
            [] { (void)conversion_factor(parse_unit("kWh"), parse_unit("L"), "diesel"); }),
        Contains(
            "[cradle:incompatible-unit] diesel: cannot convert 'kWh' (energy) to 'L' (volume)"));
    CHECK_THAT(test::message_of<unit_error>([] { (void)parse_unit("parsec"); }),
               Contains("unknown unit 'parsec'"));
    CHECK_THAT(test::message_of<unit_error>([] { (void)parse_unit("ton"); }),
               Contains("ambiguous"));
    // currencies and price years are separate dimensions: no silent conversion
    CHECK_THROWS_AS(conversion_factor(parse_unit("USD"), parse_unit("EUR")), unit_error);
    CHECK_THROWS_AS(conversion_factor(parse_unit("USD2012"), parse_unit("USD2022")), unit_error);
    // case matters: mJ is not MJ
    CHECK_THROWS_AS(parse_unit("mj"), unit_error);
}
