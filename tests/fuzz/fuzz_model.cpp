// libFuzzer harness: model file → compile → characterize → factorize → calculate → analysis,
// and a short Monte Carlo when the model has distributions.
// Any input must end in a result or a cradle::error; anything else (a crash, a sanitizer report,
// another exception, a non-finite total) is a finding. parse_model, which reads the processes as
// the text streams by, must also end as reading the whole parsed document does (the same model or
// the same problems).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {
const cradle::gwp_set& ar6() {
    static const cradle::gwp_table t = cradle::load_gwp_table(CRADLE_FUZZ_GWP_FILE);
    return t.get("AR6");
}

/// The model as JSON text, or the error's message.
template <class F> std::string outcome(F&& read) {
    try {
        return cradle::model_to_json(read()).dump();
    } catch (const cradle::error& e) {
        return e.what();
    }
}
/// What reading the whole parsed document gives (model_from_json), parse_model's reference.
std::string whole_document(std::string_view text) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        return cradle::input_error("json-parse", "fuzz.json: not valid JSON: " +
                                                     cradle::detail::json_error_text(e))
            .what();
    }
    return outcome([&] { return cradle::model_from_json(doc, "fuzz.json"); });
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (outcome([&] { return cradle::parse_model(text, "fuzz.json"); }) != whole_document(text))
        std::abort(); // the streamed reading differs from the whole document's
    try {
        const cradle::product_system m = cradle::parse_model(text, "fuzz.json");
        if (cradle::has_background_refs(m)) return 0; // linking needs the factor database
        const auto sys = cradle::compile(m);
        const auto ch = cradle::characterize(sys.index, ar6());
        if (!m.reference) return 0;
        const auto lu = cradle::factorize(sys);
        const auto r = cradle::calculate(sys, ch, lu, cradle::demand_vector(sys, *m.reference));
        if (!std::isfinite(r.total())) std::abort(); // a non-finite total must be an error
        const auto contrib = cradle::process_contributions(sys, ch, r);
        (void)cradle::tag_contributions(sys, contrib);
        const Eigen::VectorXd lambda =
            cradle::intensities(sys, ch, lu, cradle::climate_indicator::total);
        Eigen::Index root = 0;
        r.demand.cwiseAbs().maxCoeff(&root);
        (void)cradle::upstream_tree(
            sys, ch, lambda, cradle::process_col{static_cast<std::size_t>(root)}, r.demand(root));
        (void)cradle::model_to_json(m).dump();
        // Monte Carlo of whatever is uncertain: a few draws must end in numbers or an error
        const cradle::uncertain_system us = cradle::compile_uncertain(m);
        if (us.uncertain()) {
            cradle::monte_carlo_options o;
            o.draws = 3;
            o.keep_inputs = true;
            const auto mc = cradle::monte_carlo(us, ch, r.demand, o);
            if (!mc.impacts.allFinite()) std::abort(); // a non-finite draw must be an error
            (void)cradle::variance_contributions(mc);
        }
    } catch (const cradle::error&) {
    }
    return 0;
}
