// libFuzzer harness: a received footprint (text) -> parse -> canonical form -> content hash ->
// verify (seal, signature, trust, the suppliers it records) never crashes and never lets an
// exception escape: every input ends in a verdict. Seeds: signed footprints (scripts/fuzz.sh).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/canonical.hpp"
#include "cradle/exchange/provenance.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return 0;
    try {
        (void)cradle::jcs::canonicalize(doc);
        (void)cradle::provenance::content_hash(doc);
        (void)cradle::provenance::seal_problem(doc);
    } catch (const cradle::error&) { // refused with a cradle error: fine
    }
    cradle::provenance::verify_options opt;
    opt.trusted = std::vector<cradle::crypto::public_key>{};
    opt.original = &doc;
    const auto r = cradle::provenance::verify(doc, "fuzz.json", opt); // must not throw
    if (r.checks.empty()) std::abort();                               // every input gets a verdict
    for (const auto& c : r.checks)
        if (c.id.empty() || c.message.empty()) std::abort();
    return 0;
}
