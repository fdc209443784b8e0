// SPDX-License-Identifier: Apache-2.0
// Mutation test of the whole pipeline (read -> compile -> characterize -> factorize -> solve):
// a mangled model file must either give a finite result or throw a cradle::error, never
// another exception type (a leaked nlohmann or std exception), a crash, or a NaN result.
#include "helpers.hpp"

#include <random>

using namespace cradle;

namespace {
/// Run the pipeline; returns "ok", "cradle-error" or the name of what escaped.
std::string run(const std::string& text) {
    try {
        const auto m = parse_model(text, "mutant.json");
        const auto sys = compile(m);
        const auto ch = characterize(sys.index, test::gwps().get("AR6"));
        const auto lu = factorize(sys);
        if (!m.reference) return "ok";
        const auto r = calculate(sys, ch, lu, demand_vector(sys, *m.reference));
        return std::isfinite(r.total()) ? "ok" : "non-finite result";
    } catch (const error&) {
        return "cradle-error";
    } catch (const std::exception& e) {
        return std::string("foreign exception: ") + e.what();
    }
}

std::string mutate(std::string s, std::mt19937& rng) {
    static const char* tokens[] = {"0",        "-1",   "1e308",        "\"\"",    "null",
                                   "[]",       "{}",   "\"kWh\"",      "\"t\"",   "\"electricity\"",
                                   "\"fuel\"", "true", "\"resource\"", "\"mass\""};
    std::uniform_int_distribution<std::size_t> pos(0, s.size() - 1);
    std::uniform_int_distribution<int> kind(0, 4);
    std::uniform_int_distribution<std::size_t> tok(0, std::size(tokens) - 1);
    switch (kind(rng)) {
    case 0:
        s.erase(pos(rng), 1 + pos(rng) % 8);
        break; // delete a few characters
    case 1:
        s.insert(pos(rng), tokens[tok(rng)]);
        break; // insert a token
    case 2: {  // replace a number
        const auto at = s.find_first_of("0123456789", pos(rng));
        if (at != std::string::npos) s.replace(at, 1, tokens[tok(rng)]);
        break;
    }
    case 3: { // replace a string value
        const auto at = s.find(": \"", pos(rng));
        if (at != std::string::npos) {
            const auto end = s.find('"', at + 3);
            if (end != std::string::npos) s.replace(at + 2, end - at - 1, tokens[tok(rng)]);
        }
        break;
    }
    default: { // duplicate a line
        const auto a = s.rfind('\n', pos(rng));
        const auto b = a == std::string::npos ? std::string::npos : s.find('\n', a + 1);
        if (b != std::string::npos) s.insert(b, s.substr(a, b - a));
    }
    }
    return s;
}
} // namespace

TEST_CASE("mangled model files end in a result or a cradle::error, nothing else") {
    const std::string base =
        read_text_file(std::string(CRADLE_EXAMPLES) + "/models/heijungs-suh.json");
    REQUIRE(run(base) == "ok");
    std::mt19937 rng(2026);
    int ok = 0, refused = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = base;
        const int n = 1 + i % 3;
        for (int k = 0; k < n; ++k)
            text = mutate(text, rng);
        const std::string outcome = run(text);
        if (outcome == "ok") {
            ++ok;
        } else if (outcome == "cradle-error") {
            ++refused;
        } else {
            INFO("mutant " << i << ":\n" << text);
            FAIL(outcome);
        }
    }
    // both outcomes must occur, or the mutations are not exercising anything
    CHECK(ok > 0);
    CHECK(refused > 0);
}
