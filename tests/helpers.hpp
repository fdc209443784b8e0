// SPDX-License-Identifier: Apache-2.0
// Small builders for test models, so each test states its system in a few lines.
#pragma once

#include "cradle/cradle.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>

namespace test {

inline cradle::flow product(std::string id, const char* unit = "kg") {
    cradle::flow f;
    f.id = std::move(id);
    f.name = f.id;
    f.kind = cradle::flow_kind::product;
    f.ref_unit = cradle::parse_unit(unit);
    return f;
}

inline cradle::flow emission(std::string id, std::string substance,
                             cradle::origin o = cradle::origin::fossil, const char* unit = "kg",
                             cradle::direction d = cradle::direction::emission) {
    cradle::flow f;
    f.id = std::move(id);
    f.name = f.id;
    f.kind = cradle::flow_kind::elementary;
    f.ref_unit = cradle::parse_unit(unit);
    f.substance = std::move(substance);
    f.carbon_origin = o;
    f.dir = d;
    f.compartment = "air";
    return f;
}

inline cradle::exchange ex(std::string flow, double amount, const char* unit = "kg",
                           std::string provider = {}) {
    cradle::exchange e;
    e.flow = std::move(flow);
    e.amount = amount;
    e.amount_unit = cradle::parse_unit(unit);
    e.provider = std::move(provider);
    return e;
}

/// A fresh folder under the system's temporary folder, removed with everything in it at the
/// end of the scope.
struct temp_dir {
    std::filesystem::path path;
    explicit temp_dir(const std::string& prefix = "cradle-test") {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

/// The bundled GWP table (factors/ipcc-gwp/gwp100.csv in the source tree).
inline const cradle::gwp_table& gwps() {
    static const cradle::gwp_table t = cradle::default_gwp_table();
    return t;
}

/// Message of the exception `f` throws, checked to be of type E.
template <class E, class F> std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    FAIL("expected an exception");
    return {};
}

} // namespace test
