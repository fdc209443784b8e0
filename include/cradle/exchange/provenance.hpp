// cradle — verifiable footprints: what an exported PACT footprint was made from (its inputs),
// a content hash over its RFC 8785 canonical form, an Ed25519 signature, and the checks a
// receiver runs offline, up the supplier chain. docs/provenance.md documents the extension, the
// checks and the threat model; docs/schema/provenance.schema.json is the extension's schema.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/factors.hpp"
#include "cradle/data/gwp.hpp"
#include "cradle/data/process_db.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/model/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cradle::provenance {

/// The extension's `dataSchema` (the `$id` of docs/schema/provenance.schema.json) and its
/// `documentation`. A footprint holds at most one extension with this schema.
inline constexpr std::string_view schema_url =
    "https://cradle.invalid/schema/provenance-1.0.0.schema.json";
inline constexpr std::string_view documentation_url = "https://cradle.invalid/docs/provenance.md";
/// Version of the PACT Data Model Extensions specification the extension follows.
inline constexpr std::string_view extension_spec_version = "2.0.0";
/// `data.format` of the extension.
inline constexpr std::string_view format_id = "cradle-provenance/1";

/// One factor dataset a footprint used: its manifest's id and version and the SHA-256 of each
/// file of its folder.
struct dataset_input {
    std::string id;
    std::string version;
    std::map<std::string, std::string> files; ///< file name -> sha256 (hex)
    bool operator==(const dataset_input&) const = default;
};

/// One supplier footprint a footprint was built on.
struct supplier_input {
    std::string id;           ///< its PACT id
    std::string file;         ///< the file the model named (pact:<file>)
    std::string content_hash; ///< content_hash() of it as imported
    std::string signer;       ///< fingerprint of its signer; empty if it was unsigned
    bool operator==(const supplier_input&) const = default;
};

/// Everything an exported footprint was computed from.
struct inputs {
    std::string engine{"cradle"};
    std::string engine_version;
    std::string model_name;
    std::string model_hash; ///< "sha256:" + hash of the JCS form of the model (after parameters)
    std::vector<dataset_input> datasets; ///< sorted by id
    std::string gwp_set;                 ///< "AR6"
    std::string gwp_file_hash;           ///< sha256 of the GWP table's file
    bool per_gas{true}; ///< background factors re-characterized per gas (not as published)
    /// the metadata's unstated-origin rules used ("unstatedOrigin"; {} for the default)
    nlohmann::json booking = nlohmann::json::object();
    std::vector<supplier_input> suppliers; ///< sorted by id
};

[[nodiscard]] nlohmann::json to_json(const inputs& in);
/// The inputs recorded in an extension; exchange_error naming the JSON path if malformed.
[[nodiscard]] inputs inputs_from_json(const nlohmann::json& j, const std::string& at);

/// "sha256:" + SHA-256 of the canonical form (RFC 8785) of the model in cradle's JSON format.
[[nodiscard]] std::string model_hash(const product_system& model);

/// The inputs of an export: `model` as authored (after parameters, before linking), `linked`
/// after linking (its background processes name their datasets, its supplier processes their
/// footprints), the factor database and GWP table used.
[[nodiscard]] inputs gather(const product_system& model, const product_system& linked,
                            const factor_db& db, const gwp_table& gwps, const std::string& gwp_set,
                            bool per_gas, const nlohmann::json& booking);

// ---------------------------------------------------------------- export

struct export_request {
    std::filesystem::path base;  ///< folder that `pact:` paths are resolved against
    nlohmann::json meta_overlay; ///< metadata over the model's "pact" section (null: none)
    std::string gwp{"AR6"};
    bool per_gas{true};
    bool accept_invalid{false};   ///< invalid or expired supplier footprints as warnings
    std::optional<double> now;    ///< for supplier validity; nullopt: now
    pact::export_options options; ///< id, created
    /// process databases for "uslci/<process>" providers (data/process_db.hpp); each one used
    /// is recorded with its version and the hashes of its files, like a factor dataset
    std::vector<std::shared_ptr<const process_database>> process_dbs;
};

struct exported {
    nlohmann::json footprint; ///< sealed (content hash), not signed
    inputs recorded;
    std::vector<std::string> notes; ///< from the supplier import
    double pivot_ratio{1};          ///< of the solve: ill-conditioned below 1e-12
};

/// The whole export of a model: link its supplier footprints and background factors, compute,
/// write the PACT footprint (pact::to_pact) and attach its provenance, sealed.
[[nodiscard]] exported export_model(const product_system& model, const factor_db& db,
                                    const gwp_table& gwps, const export_request& request);

// ---------------------------------------------------------------- seal and sign

/// "sha256:" + SHA-256 of the footprint's canonical form without the proof of its cradle
/// extension (the whole footprint when it has none).
[[nodiscard]] std::string content_hash(const nlohmann::json& footprint);

/// `footprint` with a cradle extension holding `recorded` (replacing one it had), sealed.
[[nodiscard]] nlohmann::json attach(nlohmann::json footprint, const inputs& recorded);

/// `footprint` signed by `key`: the signer (public key, key id, company id) goes into its cradle
/// extension (one without inputs is added to a footprint that has none), then the content hash
/// and the Ed25519 signature of the canonical form. No other member changes.
[[nodiscard]] nlohmann::json sign(nlohmann::json footprint, const crypto::secret_key& key);

/// Why a received footprint's seal is broken (its cradle extension is malformed, its content
/// hash does not match, or its signature does not), or nullopt: intact, or no extension at all.
[[nodiscard]] std::optional<std::string> seal_problem(const nlohmann::json& footprint);

/// Fingerprint of the key that signed `footprint`, or "" (unsigned, or no extension).
[[nodiscard]] std::string signer_fingerprint(const nlohmann::json& footprint);

/// Every footprint of a PACT document (a footprint, a REST response, an array) signed by `key`;
/// input_error "pact-document" naming `source` if it holds none.
[[nodiscard]] nlohmann::json sign_document(nlohmann::json document, const crypto::secret_key& key,
                                           const std::string& source);

// ---------------------------------------------------------------- verify

enum class verdict { pass, fail };

/// One check of one footprint. Ids: "pact", "provenance", "content-hash", "signature",
/// "trusted-signer", "supplier", "recompute-inputs", "recompute-figures".
struct check {
    std::string id;
    verdict result{verdict::fail};
    std::string message;
    int level{0};                       ///< 0: the footprint verified; 1: its suppliers; ...
    std::string footprint;              ///< the PACT id of the footprint checked
    std::string file;                   ///< where it was read from
    std::vector<std::string> differing; ///< JSON pointers that differ (content hash, recompute)
};

struct recompute_request {
    std::filesystem::path model; ///< the model file the footprint was exported from
    const factor_db* db{nullptr};
    const gwp_table* gwps{nullptr};
    nlohmann::json meta_overlay; ///< the --meta of the export, if one was used
    double tolerance{1e-9};      ///< relative, per number
    /// process databases for "uslci/<process>" providers, as the export had them
    std::vector<std::shared_ptr<const process_database>> process_dbs;
};

struct verify_options {
    /// folders holding the supplier footprints received (every *.json is looked at)
    std::vector<std::filesystem::path> supplier_dirs;
    /// nullopt: signatures are checked but no trust decision is made
    std::optional<std::vector<crypto::public_key>> trusted;
    bool require_signature{true};
    const nlohmann::json* original{nullptr}; ///< the footprint as sent, to name edited fields
    std::optional<recompute_request> recompute;
};

struct report {
    std::vector<check> checks;
    [[nodiscard]] bool ok() const {
        for (const auto& c : checks)
            if (c.result != verdict::pass) return false;
        return !checks.empty();
    }
};

/// Every check of `footprint` (read from `file`) and, recursively, of the supplier footprints
/// it records. Never throws on a malformed footprint: every problem is a failed check.
[[nodiscard]] report verify(const nlohmann::json& footprint, const std::string& file,
                            const verify_options& options);

/// JSON pointers where `a` and `b` differ (a member or element only in one counts), at most
/// `limit`, in document order.
[[nodiscard]] std::vector<std::string> differences(const nlohmann::json& a, const nlohmann::json& b,
                                                   std::size_t limit = 20);

} // namespace cradle::provenance
