// cradle keygen | sign | verify — signed footprints and their verification up the supplier
// chain (docs/provenance.md).
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace cradle::cli {
namespace {

struct keygen_args {
    std::string out;
    std::string key_id;
    std::string company;
};

int keygen(const keygen_args& a) {
    const auto key = crypto::secret_key::generate(a.key_id, a.company);
    crypto::write_key_files(key, a.out);
    std::cerr << "cradle: wrote " << a.out << " (secret key, mode 0600: keep it private) and "
              << crypto::public_key_path(a.out).string() << " (public key: give it to your "
              << "customers)\n";
    std::cout << key.public_part().fingerprint() << "\n";
    return 0;
}

struct sign_args {
    std::string file;
    std::string key;
    std::string output;
};

int sign_file(const sign_args& a) {
    const auto key = crypto::read_secret_key(a.key);
    const nlohmann::json doc = provenance::sign_document(read_json_file(a.file), key, a.file);
    const std::string out = a.output.empty() ? a.file : a.output;
    if (write_json_to(out, doc))
        std::cerr << "cradle: signed " << out << " with " << key.public_part().fingerprint()
                  << "\n";
    return 0;
}

struct verify_args {
    std::string file;
    std::string trust;
    std::vector<std::string> suppliers;
    std::string recompute;
    std::string meta;
    std::string factors;
    std::string original;
    bool allow_unsigned{false};
    std::string format{"text"};
};

int verify_file(const verify_args& a) {
    const nlohmann::json doc = read_json_file(a.file);
    provenance::verify_options opt;
    for (const auto& d : a.suppliers)
        opt.supplier_dirs.emplace_back(d);
    if (opt.supplier_dirs.empty()) {
        const auto parent = std::filesystem::path(a.file).parent_path();
        opt.supplier_dirs.push_back(parent.empty() ? std::filesystem::path(".") : parent);
    }
    if (!a.trust.empty()) opt.trusted = crypto::read_trusted_keys(a.trust);
    opt.require_signature = !a.allow_unsigned;
    nlohmann::json original;
    if (!a.original.empty()) {
        original = read_json_file(a.original);
        opt.original = &original;
    }
    std::optional<factor_db> db;
    std::optional<gwp_table> gwps;
    if (!a.recompute.empty()) {
        db = factors_from(a.factors);
        gwps = gwp_table_from(a.factors);
        provenance::recompute_request rq;
        rq.model = a.recompute;
        rq.db = &*db;
        rq.gwps = &*gwps;
        if (!a.meta.empty()) rq.meta_overlay = read_json_file(a.meta);
        rq.process_dbs = process_dbs_from(a.factors);
        opt.recompute = rq;
    }
    const auto fps = pact::footprints_in(doc, a.file);
    if (opt.original != nullptr && fps.size() == 1 && fps.front().second != &doc) {
        // compare footprint with footprint when the original is a document of one as well
        const auto ofps = pact::footprints_in(original, a.original);
        if (ofps.size() == 1) opt.original = ofps.front().second;
    }
    bool all = true;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& [at, fp] : fps) {
        const auto r = provenance::verify(*fp, a.file, opt);
        all = all && r.ok();
        if (a.format == "json") {
            nlohmann::json j = {{"file", a.file}, {"pointer", at}, {"verified", r.ok()}};
            j["checks"] = nlohmann::json::array();
            for (const auto& c : r.checks)
                j["checks"].push_back(
                    {{"check", c.id},
                     {"verdict", c.result == provenance::verdict::pass ? "pass" : "fail"},
                     {"level", c.level},
                     {"footprint", c.footprint},
                     {"file", c.file},
                     {"message", c.message},
                     {"differing", c.differing}});
            report.push_back(std::move(j));
            continue;
        }
        std::string last;
        std::size_t failed = 0;
        for (const auto& c : r.checks) {
            const std::string head = c.file + " " + c.footprint;
            if (head != last) {
                std::cout << fmt::format("{}{} (footprint {}){}\n", std::string(2 * c.level, ' '),
                                         c.file, c.footprint.empty() ? "?" : c.footprint,
                                         c.level ? fmt::format(", supplier level {}", c.level)
                                                 : "");
                last = head;
            }
            const bool ok = c.result == provenance::verdict::pass;
            failed += ok ? 0 : 1;
            std::cout << fmt::format("{}  {} {:<17} {}\n", std::string(2 * c.level, ' '),
                                     ok ? "pass" : "FAIL", c.id, c.message);
        }
        std::cout << (r.ok() ? fmt::format("verified: all {} checks passed\n", r.checks.size())
                             : fmt::format("NOT verified: {} of {} checks failed\n", failed,
                                           r.checks.size()));
    }
    if (a.format == "json") write_json(std::cout, report);
    return all ? 0 : 1;
}

} // namespace

command add_keygen(CLI::App& app) {
    auto a = std::make_shared<keygen_args>();
    auto* k =
        app.add_subcommand("keygen", "Create an Ed25519 signing key (and its .pub beside it)");
    k->add_option("--out", a->out, "Secret key file to create (mode 0600), e.g. company.key")
        ->required();
    k->add_option("--key-id", a->key_id, "A label for the key, carried in signatures");
    k->add_option("--company", a->company, "Your company id (a URN), carried in signatures");
    return {k, [a] { return keygen(*a); }};
}

command add_sign(CLI::App& app) {
    auto a = std::make_shared<sign_args>();
    auto* s = app.add_subcommand("sign", "Sign PACT footprints (in place, or to -o)");
    s->add_option("file", a->file, "PACT file (a footprint, a list response, an array)")
        ->required();
    s->add_option("--key", a->key, "Secret key file (cradle keygen)")->required();
    s->add_option("-o,--output", a->output, "Write the signed document here");
    return {s, [a] { return sign_file(*a); }};
}

command add_verify(CLI::App& app) {
    auto a = std::make_shared<verify_args>();
    auto* v = app.add_subcommand(
        "verify", "Verify footprints: content hash, signature, trust, supplier chain, recompute");
    v->add_option("file", a->file, "PACT file to verify")->required();
    v->add_option("--trust", a->trust, "Folder of trusted public keys (*.pub)");
    v->add_option("--suppliers", a->suppliers,
                  "Folder of received supplier footprints (repeatable; default: the file's)");
    v->add_option("--recompute", a->recompute,
                  "Model file to recompute the footprint from (bundled or --factors data)");
    v->add_option("--meta", a->meta, "The PACT metadata file the export used (with --recompute)");
    v->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    v->add_option("--original", a->original,
                  "The footprint as sent, to name the fields that were edited");
    v->add_flag("--allow-unsigned", a->allow_unsigned, "Accept footprints without a signature");
    v->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return {v, [a] { return verify_file(*a); }};
}

} // namespace cradle::cli
