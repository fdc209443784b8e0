// SPDX-License-Identifier: Apache-2.0
// Times verifiable footprints on the copper chain (examples/copper-chain): export with
// provenance, verification of the signed three-level chain (with and without recompute), and
// the canonical form, content hash, signature and verification of 1,000 footprints (the mine's,
// which has no suppliers, under 1,000 ids; each verified on its own against the trusted keys).
#include "timing.hpp"

#include <cradle/cradle.hpp>
#include <cradle/exchange/canonical.hpp>
#include <cradle/exchange/crypto.hpp>
#include <cradle/exchange/provenance.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    using namespace cradle;
    using bench::median_ms;
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
    const int n = argc > 2 ? std::atoi(argv[2]) : 1000;
    const auto db = default_factor_db();
    const auto gwps = default_gwp_table();
    const fs::path dir = fs::temp_directory_path() / "cradle-bench-provenance";
    fs::remove_all(dir);
    fs::create_directories(dir / "keys");
    const char* steps[3][3] = {{"mine", "mine.json", "mine.pact.json"},
                               {"smelter", "smelter.json", "smelter.pact.json"},
                               {"cable", "cable.json", "wire.pact.json"}};
    std::vector<crypto::secret_key> keys;
    for (const auto& s : steps) {
        fs::copy_file(fs::path(CRADLE_CHAIN) / s[1], dir / s[1]);
        keys.push_back(crypto::secret_key::generate(s[0]));
        crypto::write_key_files(keys.back(), dir / (std::string(s[0]) + ".key"));
        fs::copy_file(dir / (std::string(s[0]) + ".pub"),
                      dir / "keys" / (std::string(s[0]) + ".pub"));
    }
    nlohmann::json wire, mine;
    std::vector<double> export_ms;
    for (int i = 0; i < 3; ++i) {
        provenance::export_request rq;
        rq.base = dir;
        const auto model = read_model(dir / steps[i][1]);
        provenance::exported out;
        export_ms.push_back(
            median_ms(repeats, [&] { out = provenance::export_model(model, db, gwps, rq); }));
        const auto doc = provenance::sign(out.footprint, keys[static_cast<std::size_t>(i)]);
        std::ofstream(dir / steps[i][2]) << doc.dump(2);
        (i == 0 ? mine : wire) = doc;
    }
    provenance::verify_options opt;
    opt.supplier_dirs = {dir};
    opt.trusted = crypto::read_trusted_keys(dir / "keys");
    std::size_t checks = 0;
    bool ok = false;
    const double chain_ms = median_ms(repeats, [&] {
        const auto r = provenance::verify(wire, "wire.pact.json", opt);
        checks = r.checks.size();
        ok = r.ok();
    });
    auto with_recompute = opt;
    with_recompute.recompute =
        provenance::recompute_request{dir / "cable.json", &db, &gwps, {}, 1e-9, {}};
    bool ok_recompute = false;
    const double recompute_ms = median_ms(repeats, [&] {
        ok_recompute = provenance::verify(wire, "wire.pact.json", with_recompute).ok();
    });

    // 1,000 footprints: the mine's (no suppliers) with 1,000 ids, sealed, signed, verified one by
    // one
    std::vector<nlohmann::json> docs(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        docs[static_cast<std::size_t>(i)] = mine;
        docs[static_cast<std::size_t>(i)]["id"] = fmt::format("00000000-0000-4000-8000-{:012d}", i);
    }
    const double canonical_ms = median_ms(repeats, [&] {
        for (const auto& d : docs)
            (void)jcs::canonicalize(d);
    });
    const double hash_ms = median_ms(repeats, [&] {
        for (const auto& d : docs)
            (void)provenance::content_hash(d);
    });
    std::vector<nlohmann::json> signed_docs(docs.size());
    const double sign_ms = median_ms(repeats, [&] {
        for (std::size_t i = 0; i < docs.size(); ++i)
            signed_docs[i] = provenance::sign(docs[i], keys[2]);
    });
    provenance::verify_options alone;
    alone.trusted = opt.trusted;
    std::size_t verified = 0;
    const double verify_ms = median_ms(repeats, [&] {
        verified = 0;
        for (const auto& d : signed_docs)
            verified += provenance::verify(d, "fp.json", alone).ok() ? 1 : 0;
    });
    const double pact_ms = median_ms(repeats, [&] {
        for (const auto& d : signed_docs)
            (void)pact::validate(d);
    });
    fmt::print("cradle_bench_provenance: copper chain (examples/copper-chain), median of {}\n",
               repeats);
    fmt::print(
        "export with provenance (unsigned): mine {:.1f} ms, smelter {:.1f} ms, wire {:.1f} ms\n",
        export_ms[0], export_ms[1], export_ms[2]);
    fmt::print("verify the 3-level chain (--trust): {:.2f} ms, {} checks, {}\n", chain_ms, checks,
               ok ? "verified" : "NOT verified");
    fmt::print("verify the 3-level chain with --recompute: {:.1f} ms, {}\n", recompute_ms,
               ok_recompute ? "verified" : "NOT verified");
    fmt::print("{} footprints: canonical form {:.1f} ms, content hash {:.1f} ms, sign {:.1f} ms, "
               "verify {:.1f} ms ({} verified; of which PACT validation {:.1f} ms)\n",
               n, canonical_ms, hash_ms, sign_ms, verify_ms, verified, pact_ms);
    fs::remove_all(dir);
    return ok && ok_recompute && verified == docs.size() ? 0 : 1;
}
