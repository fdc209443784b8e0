// SPDX-License-Identifier: Apache-2.0
// Times loading the bundled factor datasets and a hybrid model through link -> compile ->
// factorize -> solve (examples/models/hybrid-widget.json: 415 processes incl. USEEIO).
#include "timing.hpp"

#include <cradle/cradle.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace {
using bench::median_ms;
} // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 7;
    const std::string model = argc > 2 ? argv[2] : CRADLE_HYBRID_MODEL;
    std::size_t n = 0;
    const double load = median_ms(repeats, [&] { n = cradle::default_factor_db().size(); });
    const auto db = cradle::default_factor_db();
    const auto sys = cradle::read_model(model);
    const auto gwp = cradle::default_gwp_table();
    cradle::product_system linked;
    const double link = median_ms(repeats, [&] { linked = cradle::link_background(sys, db); });
    cradle::compiled_system cs;
    const double compile = median_ms(repeats, [&] { cs = cradle::compile(linked); });
    const auto ch = cradle::characterize(cs.index, gwp.get("AR6"));
    double total = 0;
    const double solve = median_ms(repeats, [&] {
        const auto lu = cradle::factorize(cs);
        total = cradle::calculate(cs, ch, lu, cradle::demand_vector(cs, *linked.reference)).total();
    });
    fmt::print("default factor set: {} datasets, {} factors, load {:.1f} ms (median of {})\n",
               db.datasets().size(), n, load, repeats);
    fmt::print("hybrid model: {} processes after linking; link {:.2f} ms, compile {:.2f} ms, "
               "factorize + solve {:.2f} ms; total {:.4f} kg CO2e\n",
               linked.processes.size(), link, compile, solve, total);
}
