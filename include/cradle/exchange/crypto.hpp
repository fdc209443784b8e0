// cradle — the cryptography of verifiable footprints, all of it through libsodium: SHA-256,
// Ed25519 (RFC 8032) keys and signatures, and the key files of `cradle keygen`. Nothing here is
// hand-written cryptography. docs/provenance.md documents the key files and the threat model.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cradle::crypto {

using bytes = std::vector<unsigned char>;

/// False when this build has no libsodium (CMake CRADLE_WITH_SIGNATURES=OFF, or AUTO without
/// it): then every function below but to_hex/from_hex/public_key_path throws exchange_error
/// "feature-unavailable".
[[nodiscard]] bool available() noexcept;

/// SHA-256 of `data`, as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view data);

/// SHA-256 of a file's bytes (hex); input_error "file-unreadable" names the file.
[[nodiscard]] std::string sha256_file(const std::filesystem::path& file);

[[nodiscard]] std::string to_hex(std::span<const unsigned char> data);
/// nullopt unless `hex` is an even number of hex digits.
[[nodiscard]] std::optional<bytes> from_hex(std::string_view hex);
/// Standard base64 (RFC 4648 §4, padded).
[[nodiscard]] std::string to_base64(std::span<const unsigned char> data);
/// nullopt unless `text` is canonical padded standard base64.
[[nodiscard]] std::optional<bytes> from_base64(std::string_view text);

/// An Ed25519 public key with the labels its owner gave it.
struct public_key {
    std::array<unsigned char, 32> key{};
    std::string key_id;     ///< the owner's label ("pacific-smelter-2026"); may be empty
    std::string company_id; ///< the owner's company id (a URN); may be empty

    /// "ed25519:" and the first 16 hex digits of SHA-256(key): what messages name a key by.
    [[nodiscard]] std::string fingerprint() const;
    [[nodiscard]] std::string base64() const;
    [[nodiscard]] bool same_key(const public_key& o) const { return key == o.key; }
};

/// An Ed25519 signing key. Move-only; its bytes are wiped when it is destroyed and never
/// printed, logged or written anywhere but to its own 0600 key file.
class secret_key {
  public:
    /// A fresh key from libsodium's random generator.
    [[nodiscard]] static secret_key generate(std::string key_id = {}, std::string company_id = {});
    /// The key of a 32-byte seed (RFC 8032's "secret key"); exchange_error "key-invalid" if the
    /// seed is not 32 bytes.
    [[nodiscard]] static secret_key from_seed(std::span<const unsigned char> seed,
                                              std::string key_id = {}, std::string company_id = {});

    secret_key(const secret_key&) = delete;
    secret_key& operator=(const secret_key&) = delete;
    secret_key(secret_key&& o) noexcept;
    secret_key& operator=(secret_key&& o) noexcept;
    ~secret_key();

    [[nodiscard]] const public_key& public_part() const { return public_; }
    /// The 64-byte Ed25519 signature of `message`.
    [[nodiscard]] bytes sign(std::string_view message) const;

  private:
    friend void write_key_files(const secret_key& key, const std::filesystem::path& secret_file);
    secret_key() = default;
    std::array<unsigned char, 64> secret_{}; // libsodium's form: seed then public key
    public_key public_;
};

/// True if `signature` is a valid Ed25519 signature of `message` by `key` (libsodium's strict
/// verification: non-canonical and small-order encodings are rejected).
[[nodiscard]] bool verify(const public_key& key, std::string_view message,
                          std::span<const unsigned char> signature);

// ---------------------------------------------------------------- key files

/// Where the public half of secret key file `secret_file` is written: the same name with
/// ".pub" in place of its extension ("company.key" -> "company.pub").
[[nodiscard]] std::filesystem::path public_key_path(const std::filesystem::path& secret_file);

/// Write `key` to `secret_file` (created with mode 0600; an existing file is never overwritten:
/// input_error "key-exists") and its public half beside it (public_key_path, mode 0644).
void write_key_files(const secret_key& key, const std::filesystem::path& secret_file);

/// Read a secret key file. Refused, with a message and no byte of the file echoed: a file that
/// group or others may read or write ("key-permissions"), a file that is not a cradle secret key
/// ("key-invalid").
[[nodiscard]] secret_key read_secret_key(const std::filesystem::path& secret_file);

/// Read a public key file ("key-invalid" if it is not one).
[[nodiscard]] public_key read_public_key(const std::filesystem::path& file);

/// Every public key file (*.pub) of `dir`, sorted by file name; input_error if `dir` is not a
/// folder or a .pub file is not a key.
[[nodiscard]] std::vector<public_key> read_trusted_keys(const std::filesystem::path& dir);

} // namespace cradle::crypto
