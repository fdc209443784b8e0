// libFuzzer harness: PACT document text → parse → strict validation → describe → export of a
// valid footprint's figures never crash. Any input must end in a problem list or a cradle::error;
// anything else (a crash, a sanitizer report, another exception) is a finding.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/pact.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return 0;
    try {
        const auto problems = cradle::pact::validate_document(doc);
        for (const auto& p : problems)
            if (p.id.empty()) std::abort(); // every problem has a stable id
        for (const auto& [at, fp] : cradle::pact::footprints_in(doc, "fuzz.json"))
            (void)cradle::pact::describe(*fp);
    } catch (const cradle::error&) {
        return 0;
    }
    return 0;
}
