// cradle — SHA-256, Ed25519 and key files through libsodium (include/cradle/exchange/crypto.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/crypto.hpp"

#include "cradle/error.hpp"
#include "cradle/io/files.hpp"

#include <nlohmann/json.hpp>
#if CRADLE_HAVE_SODIUM
#include <sodium.h>
#endif

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace cradle::crypto {

std::string to_hex(std::span<const unsigned char> data) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(data.size() * 2);
    for (unsigned char c : data) {
        s += digits[c >> 4];
        s += digits[c & 0xF];
    }
    return s;
}

std::optional<bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2) return std::nullopt;
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    bytes out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = val(hex[i]), lo = val(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return out;
}

std::filesystem::path public_key_path(const std::filesystem::path& secret_file) {
    auto p = secret_file;
    p.replace_extension(".pub");
    return p;
}

#if CRADLE_HAVE_SODIUM

bool available() noexcept {
    return true;
}

namespace {

constexpr std::string_view secret_format = "cradle-ed25519-secret-key/1";
constexpr std::string_view public_format = "cradle-ed25519-public-key/1";
constexpr std::uintmax_t max_key_file_bytes = 64 * 1024;

/// libsodium must be initialized once before use; sodium_init() is thread-safe and idempotent.
void ready() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw exchange_error("crypto-unavailable", "libsodium could not be initialized");
}

/// Wipes a string's bytes when it goes out of scope (key file text).
struct wiped {
    std::string text;
    ~wiped() {
        if (!text.empty()) sodium_memzero(text.data(), text.size());
    }
};

std::string label_of(const nlohmann::json& j, const char* key, const std::string& file) {
    if (!j.contains(key)) return {};
    if (!j[key].is_string() || j[key].get_ref<const std::string&>().size() > 200)
        throw input_error("key-invalid", file + ": '" + key + "' is not a short string");
    return j[key].get<std::string>();
}

/// Write `text` to a new file with `mode`; never follows or replaces an existing file.
void write_new_file(const std::filesystem::path& file, std::string_view text, mode_t mode) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST)
            throw input_error("key-exists", file.string() +
                                                ": already exists; cradle never overwrites a key "
                                                "file (remove it first, or choose another name)");
        throw input_error("file-not-writable", file.string() + ": " + std::strerror(err));
    }
    bool ok = ::fchmod(fd, mode) == 0; // the mode, whatever the umask
    std::size_t done = 0;
    while (ok && done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) {
            ok = false;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
        throw input_error("file-not-writable", file.string() + ": could not be written");
    }
}

public_key public_from(const nlohmann::json& j, const std::string& file) {
    public_key pk;
    const auto* b64 = j.contains("publicKey") && j["publicKey"].is_string()
                          ? &j["publicKey"].get_ref<const std::string&>()
                          : nullptr;
    const auto raw = b64 ? from_base64(*b64) : std::nullopt;
    if (!raw || raw->size() != pk.key.size())
        throw input_error("key-invalid",
                          file + ": 'publicKey' is not a base64 Ed25519 public key (32 bytes)");
    std::copy(raw->begin(), raw->end(), pk.key.begin());
    pk.key_id = label_of(j, "keyId", file);
    pk.company_id = label_of(j, "companyId", file);
    return pk;
}

} // namespace

std::string sha256_hex(std::string_view data) {
    ready();
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size());
    return to_hex(out);
}

std::string sha256_file(const std::filesystem::path& file) {
    ready();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw input_error("file-not-readable", file.string() + ": cannot be read");
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::array<char, 1 << 16> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        const auto n = in.gcount();
        if (n > 0)
            crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                                      static_cast<unsigned long long>(n));
    }
    if (in.bad()) throw input_error("file-not-readable", file.string() + ": read failed");
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&st, out.data());
    return to_hex(out);
}

std::string to_base64(std::span<const unsigned char> data) {
    ready();
    const auto variant = sodium_base64_VARIANT_ORIGINAL;
    std::string s(sodium_base64_encoded_len(data.size(), variant), '\0');
    sodium_bin2base64(s.data(), s.size(), data.data(), data.size(), variant);
    s.resize(std::strlen(s.c_str()));
    return s;
}

std::optional<bytes> from_base64(std::string_view text) {
    ready();
    if (text.size() > (1u << 20)) return std::nullopt;
    bytes out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(len);
    if (to_base64(out) != text) return std::nullopt; // canonical only: one text per key
    return out;
}

std::string public_key::fingerprint() const {
    return "ed25519:" +
           sha256_hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()))
               .substr(0, 16);
}

std::string public_key::base64() const {
    return to_base64(key);
}

secret_key secret_key::generate(std::string key_id, std::string company_id) {
    ready();
    secret_key k;
    crypto_sign_keypair(k.public_.key.data(), k.secret_.data());
    k.public_.key_id = std::move(key_id);
    k.public_.company_id = std::move(company_id);
    return k;
}

secret_key secret_key::from_seed(std::span<const unsigned char> seed, std::string key_id,
                                 std::string company_id) {
    ready();
    if (seed.size() != crypto_sign_SEEDBYTES)
        throw exchange_error("key-invalid",
                             "an Ed25519 seed has 32 bytes, not " + std::to_string(seed.size()));
    secret_key k;
    crypto_sign_seed_keypair(k.public_.key.data(), k.secret_.data(), seed.data());
    k.public_.key_id = std::move(key_id);
    k.public_.company_id = std::move(company_id);
    return k;
}

secret_key::secret_key(secret_key&& o) noexcept
    : secret_(o.secret_), public_(std::move(o.public_)) {
    sodium_memzero(o.secret_.data(), o.secret_.size());
}

secret_key& secret_key::operator=(secret_key&& o) noexcept {
    if (this != &o) {
        secret_ = o.secret_;
        public_ = std::move(o.public_);
        sodium_memzero(o.secret_.data(), o.secret_.size());
    }
    return *this;
}

secret_key::~secret_key() {
    sodium_memzero(secret_.data(), secret_.size());
}

bytes secret_key::sign(std::string_view message) const {
    ready();
    bytes sig(crypto_sign_BYTES);
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         secret_.data());
    return sig;
}

bool verify(const public_key& key, std::string_view message,
            std::span<const unsigned char> signature) {
    ready();
    if (signature.size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.key.data()) == 0;
}

void write_key_files(const secret_key& key, const std::filesystem::path& secret_file) {
    const auto pub_file = public_key_path(secret_file);
    if (pub_file == secret_file)
        throw input_error("key-exists",
                          secret_file.string() + ": a secret key file must not end in .pub");
    for (const auto& f : {secret_file, pub_file})
        if (std::error_code ec;
            std::filesystem::symlink_status(f, ec).type() != std::filesystem::file_type::not_found)
            throw input_error("key-exists", f.string() +
                                                ": already exists; cradle never overwrites a key "
                                                "file (remove it first, or choose another name)");
    const auto& pk = key.public_part();
    nlohmann::json pub = {{"format", public_format}, {"publicKey", pk.base64()}};
    if (!pk.key_id.empty()) pub["keyId"] = pk.key_id;
    if (!pk.company_id.empty()) pub["companyId"] = pk.company_id;
    pub["fingerprint"] = pk.fingerprint();
    nlohmann::json sec = pub;
    sec["format"] = secret_format;
    wiped seed{
        to_base64(std::span<const unsigned char>(key.secret_.data(), crypto_sign_SEEDBYTES))};
    sec["seed"] = seed.text;
    wiped text{sec.dump(2) + "\n"};
    if (sec["seed"].is_string()) {
        auto& s = sec["seed"].get_ref<std::string&>();
        sodium_memzero(s.data(), s.size());
    }
    write_new_file(secret_file, text.text, 0600);
    write_new_file(pub_file, pub.dump(2) + "\n", 0644);
}

secret_key read_secret_key(const std::filesystem::path& secret_file) {
    const std::string file = secret_file.string();
    std::error_code ec;
    const auto st = std::filesystem::status(secret_file, ec);
    if (ec || !std::filesystem::is_regular_file(st))
        throw input_error("file-not-readable", file + ": no such key file");
    using std::filesystem::perms;
    if ((st.permissions() & (perms::group_all | perms::others_all)) != perms::none)
        throw input_error("key-permissions",
                          file + ": the secret key file may be read or written by other users "
                                 "(permissions wider than 0600); run chmod 600 on it");
    wiped text{read_text_file(secret_file, max_key_file_bytes)};
    nlohmann::json j = nlohmann::json::parse(text.text, nullptr, false);
    auto fail = [&] {
        throw input_error("key-invalid", file + ": not a cradle secret key file (" +
                                             std::string(secret_format) + ")");
    };
    if (!j.is_object() || j.value("format", "") != secret_format || !j.contains("seed") ||
        !j["seed"].is_string())
        fail();
    auto seed = from_base64(j["seed"].get_ref<const std::string&>());
    auto& s = j["seed"].get_ref<std::string&>();
    sodium_memzero(s.data(), s.size());
    if (!seed || seed->size() != crypto_sign_SEEDBYTES) fail();
    auto key =
        secret_key::from_seed(*seed, label_of(j, "keyId", file), label_of(j, "companyId", file));
    sodium_memzero(seed->data(), seed->size());
    // the public key stated in the file must be the seed's
    if (!public_from(j, file).same_key(key.public_part()))
        throw input_error("key-invalid",
                          file + ": its publicKey is not the public half of its seed");
    return key;
}

public_key read_public_key(const std::filesystem::path& file) {
    const std::string text = read_text_file(file, max_key_file_bytes);
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("format", "") != public_format)
        throw input_error("key-invalid", file.string() + ": not a cradle public key file (" +
                                             std::string(public_format) + ")");
    return public_from(j, file.string());
}

std::vector<public_key> read_trusted_keys(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw input_error("file-not-readable", dir.string() + ": not a folder of public keys");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".pub" && e.is_regular_file()) files.push_back(e.path());
    if (ec) throw input_error("file-not-readable", dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<public_key> keys;
    for (const auto& f : files)
        keys.push_back(read_public_key(f));
    return keys;
}

#else // built without libsodium (CMake CRADLE_WITH_SIGNATURES): every call says so

bool available() noexcept {
    return false;
}

namespace {
[[noreturn]] void unavailable() {
    throw exchange_error("feature-unavailable",
                         "this build of cradle has no signatures or hashes: it was built without "
                         "libsodium (install libsodium-dev and rebuild, or use the binary wheel)");
}
} // namespace

std::string sha256_hex(std::string_view) {
    unavailable();
}
std::string sha256_file(const std::filesystem::path&) {
    unavailable();
}
std::string to_base64(std::span<const unsigned char>) {
    unavailable();
}
std::optional<bytes> from_base64(std::string_view) {
    unavailable();
}
std::string public_key::fingerprint() const {
    unavailable();
}
std::string public_key::base64() const {
    unavailable();
}
secret_key secret_key::generate(std::string, std::string) {
    unavailable();
}
secret_key secret_key::from_seed(std::span<const unsigned char>, std::string, std::string) {
    unavailable();
}
secret_key::secret_key(secret_key&& o) noexcept = default;
secret_key& secret_key::operator=(secret_key&& o) noexcept = default;
secret_key::~secret_key() = default;
bytes secret_key::sign(std::string_view) const {
    unavailable();
}
bool verify(const public_key&, std::string_view, std::span<const unsigned char>) {
    unavailable();
}
void write_key_files(const secret_key&, const std::filesystem::path&) {
    unavailable();
}
secret_key read_secret_key(const std::filesystem::path&) {
    unavailable();
}
public_key read_public_key(const std::filesystem::path&) {
    unavailable();
}
std::vector<public_key> read_trusted_keys(const std::filesystem::path&) {
    unavailable();
}

#endif

} // namespace cradle::crypto
