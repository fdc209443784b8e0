// Verifiable footprints: RFC 8785 canonical JSON, SHA-256 and RFC 8032 Ed25519 against their
// published vectors, key files, and the signed copper chain tampered with at every level.
// SPDX-License-Identifier: Apache-2.0
#include "helpers.hpp"

#include "cradle/data/bundled.hpp"
#include "cradle/exchange/canonical.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/pact.hpp"
#include "cradle/exchange/provenance.hpp"
#include "cradle/io/files.hpp"

#include <sys/stat.h>

#include <bit>
#include <cstring>
#include <fstream>
#include <random>

using namespace cradle;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

double from_bits(std::uint64_t bits) {
    return std::bit_cast<double>(bits);
}

crypto::bytes hex(const char* h) {
    return *crypto::from_hex(h);
}

std::string str(const crypto::bytes& b) {
    return std::string(b.begin(), b.end());
}

fs::path fresh_dir(const std::string& name) {
    const auto d = fs::temp_directory_path() / ("cradle-prov-" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string checks_failed(const provenance::report& r) {
    std::string s;
    for (const auto& c : r.checks)
        if (c.result == provenance::verdict::fail)
            s.append("[").append(std::to_string(c.level)).append(":").append(c.id).append("]");
    return s;
}

const provenance::check* find_check(const provenance::report& r, const std::string& id, int level) {
    for (const auto& c : r.checks)
        if (c.id == id && c.level == level) return &c;
    return nullptr;
}

// RFC 8032 §7.1 TEST 1-3 secret keys (seeds): public test keys, never company keys.
constexpr const char* seed_mine =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr const char* seed_smelter =
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
constexpr const char* seed_cable =
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7";

/// The copper chain of examples/copper-chain exported and signed in `dir`, as the three
/// companies would; returns the three documents (mine, smelter, wire).
std::vector<json> signed_chain(const fs::path& dir, const factor_db& db) {
    const std::string ex = std::string(CRADLE_EXAMPLES) + "/copper-chain/";
    std::vector<json> out;
    const std::array<std::array<const char*, 4>, 3> steps{
        {{"mine.json", "mine.pact.json", seed_mine, "mine"},
         {"smelter.json", "smelter.pact.json", seed_smelter, "smelter"},
         {"cable.json", "wire.pact.json", seed_cable, "cable"}}};
    int n = 0;
    for (const auto& [model, file, seed, name] : steps) {
        fs::copy_file(ex + model, dir / model, fs::copy_options::overwrite_existing);
        provenance::export_request rq;
        rq.base = dir;
        rq.now = 1767225600 + 86400 * 30; // 2026-01-31
        rq.options.id = "00000000-0000-4000-8000-00000000000" + std::to_string(++n);
        rq.options.created = "2026-01-31T00:00:00Z";
        auto exp = provenance::export_model(read_model(dir / model), db, test::gwps(), rq);
        const auto key = crypto::secret_key::from_seed(
            hex(seed), std::string(name) + "-key", std::string("urn:pact:company:example:") + name);
        json signed_doc = provenance::sign(exp.footprint, key);
        std::ofstream(dir / file) << signed_doc.dump(2);
        out.push_back(std::move(signed_doc));
    }
    fs::create_directories(dir / "keys");
    for (const auto& [model, file, seed, name] : steps) {
        const auto key = crypto::secret_key::from_seed(hex(seed), name);
        const auto& pk = key.public_part();
        std::ofstream(dir / "keys" / (std::string(name) + ".pub"))
            << json{{"format", "cradle-ed25519-public-key/1"}, {"publicKey", pk.base64()}}.dump();
    }
    return out;
}

} // namespace

TEST_CASE("JCS numbers: every sample of RFC 8785 Appendix B") {
    // RFC 8785, Appendix B: IEEE 754 bit pattern -> ECMAScript Number.prototype.toString
    const std::pair<std::uint64_t, const char*> samples[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"}, // minus zero
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"}, // round half to even
    };
    for (const auto& [bits, want] : samples) {
        INFO(std::hex << bits);
        CHECK(jcs::number(from_bits(bits)) == want);
        CHECK(jcs::canonicalize(json(from_bits(bits))) == want);
    }
    // the edges the issue names, as ECMAScript prints them
    CHECK(jcs::number(1e21) == "1e+21");
    CHECK(jcs::number(1e20) == "100000000000000000000");
    CHECK(jcs::number(1e-7) == "1e-7");
    CHECK(jcs::number(1e-6) == "0.000001");
    CHECK(jcs::number(-0.0) == "0");
    CHECK(jcs::number(5e-324) == "5e-324");
    CHECK(jcs::number(4.5) == "4.5");
    CHECK(jcs::number(1.5e-7) == "1.5e-7");
    CHECK(jcs::number(123456789012345680000.0) == "123456789012345680000");
    // NaN and infinities have no JSON form (RFC 8785 §3.2.2.3: an error)
    CHECK_THROWS_AS(jcs::number(std::nan("")), exchange_error);
    CHECK_THROWS_AS(jcs::number(HUGE_VAL), exchange_error);
    CHECK(test::message_of<exchange_error>([] {
              (void)jcs::canonicalize(json{{"a", {1, -HUGE_VAL}}});
          }).find("/a/1") != std::string::npos);
    // integers are the doubles ECMAScript reads them as
    CHECK(jcs::canonicalize(json::parse("[1, -0, 100, 18446744073709551615]")) ==
          "[1,0,100,18446744073709552000]");
}

TEST_CASE("JCS: RFC 8785 §3.2.3 property sorting by UTF-16 code units") {
    // the RFC's example object; canonical order: \r, 1, \u0080, ö, €, 😀, דּ
    const json j = json::parse(R"({
        "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"})");
    CHECK(jcs::canonicalize(j) ==
          "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":"
          "\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98"
          "\x80\":\"Emoji: Grinning Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
    // code point (and UTF-8 byte) order would put dalet (U+FB33) before the emoji (U+1F600);
    // in UTF-16 the emoji's first unit 0xD83D sorts before 0xFB33
}

TEST_CASE("JCS: the reference implementation's test data (values, weird)") {
    // cyberphone/json-canonicalization testdata/input and testdata/output (Apache-2.0), the test
    // data RFC 8785 points to
    const json values = json::parse(
        R"({"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],)"
        R"( "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",)"
        R"( "literals": [null, true, false]})");
    CHECK(jcs::canonicalize(values) ==
          "{\"escaping\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"literals\":[null,true,"
          "false],\"numbers\":[1e+30,4.5,333333333.3333333,0.002,1e-27]}");
    const json weird = json::parse(
        R"({"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f",)"
        R"( "\ud83d\ude02": "Smiley", "\u00f6": "Latin Small Letter O With Diaeresis",)"
        R"( "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"})");
    CHECK(jcs::canonicalize(weird) ==
          "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\xc2\x80\":\"Control\x7f\","
          "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
          "\"\xf0\x9f\x98\x82\":\"Smiley\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST_CASE("JCS refuses what has no canonical form, naming where") {
    json bad = {{"ok", "fine"}, {"name", std::string("caf\xe9")}}; // Latin-1, not UTF-8
    const auto msg = test::message_of<exchange_error>([&] { (void)jcs::canonicalize(bad); });
    CHECK(msg.find("jcs-string") != std::string::npos);
    CHECK(msg.find("/name") != std::string::npos);
    json deep = json::array();
    for (int i = 0; i < 1000; ++i)
        deep = json::array({deep});
    CHECK(test::message_of<exchange_error>([&] {
              (void)jcs::canonicalize(deep);
          }).find("jcs-depth") != std::string::npos);
}

TEST_CASE("SHA-256 of the FIPS 180-2 examples") {
    CHECK(crypto::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(crypto::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(crypto::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Ed25519: RFC 8032 §7.1 TEST 1, 2 and 3") {
    struct vec {
        const char *seed, *pub, *msg, *sig;
    };
    const vec vectors[] = {
        {seed_mine, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
         "cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {seed_smelter, "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d"
         "0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {seed_cable, "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7609"
         "84dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };
    for (const auto& v : vectors) {
        INFO(v.seed);
        const auto key = crypto::secret_key::from_seed(hex(v.seed));
        CHECK(crypto::to_hex(key.public_part().key) == v.pub);
        const auto msg = str(hex(v.msg));
        const auto sig = key.sign(msg);
        CHECK(crypto::to_hex(sig) == v.sig);
        CHECK(crypto::verify(key.public_part(), msg, sig));
        auto flipped = sig;
        flipped[10] ^= 0x01;
        CHECK_FALSE(crypto::verify(key.public_part(), msg, flipped));
        CHECK_FALSE(crypto::verify(key.public_part(), msg + "x", sig));
        CHECK_FALSE(crypto::verify(key.public_part(), msg, std::span(sig).first(63)));
    }
    CHECK_THROWS_AS(crypto::secret_key::from_seed(hex("00ff")), exchange_error);
}

TEST_CASE("base64 and hex decode strictly") {
    const crypto::bytes b{0, 1, 2, 250, 255};
    CHECK(crypto::from_base64(crypto::to_base64(b)) == b);
    CHECK_FALSE(crypto::from_base64("AAEC+v8"));   // unpadded
    CHECK_FALSE(crypto::from_base64("AAEC+v8=x")); // trailing
    CHECK_FALSE(crypto::from_base64("AAEC-v8="));  // URL alphabet
    CHECK_FALSE(crypto::from_hex("abc"));
    CHECK_FALSE(crypto::from_hex("zz"));
}

TEST_CASE("key files: 0600, never overwritten, refused when others may read them") {
    const auto dir = fresh_dir("keys");
    const auto key = crypto::secret_key::generate("acme-2026", "urn:pact:company:example:acme");
    crypto::write_key_files(key, dir / "acme.key");
    struct stat st {};
    REQUIRE(::stat((dir / "acme.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((dir / "acme.pub").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    const auto back = crypto::read_secret_key(dir / "acme.key");
    CHECK(back.public_part().same_key(key.public_part()));
    CHECK(back.public_part().key_id == "acme-2026");
    const auto pub = crypto::read_public_key(dir / "acme.pub");
    CHECK(pub.same_key(key.public_part()));
    CHECK(pub.company_id == "urn:pact:company:example:acme");
    // the public file holds no seed
    CHECK(read_text_file(dir / "acme.pub").find("seed") == std::string::npos);
    // never overwritten
    CHECK(test::message_of<input_error>([&] {
              crypto::write_key_files(key, dir / "acme.key");
          }).find("key-exists") != std::string::npos);
    // wider permissions are refused
    fs::permissions(dir / "acme.key", fs::perms::group_read, fs::perm_options::add);
    const auto msg =
        test::message_of<input_error>([&] { (void)crypto::read_secret_key(dir / "acme.key"); });
    CHECK(msg.find("key-permissions") != std::string::npos);
    CHECK(msg.find("chmod 600") != std::string::npos);
    // a file that is not a key: refused without echoing a byte of it
    {
        std::ofstream(dir / "other.key") << "{\"seed\": \"TOP-SECRET-MATERIAL\"}";
        fs::permissions(dir / "other.key", fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace);
    }
    const auto m2 =
        test::message_of<input_error>([&] { (void)crypto::read_secret_key(dir / "other.key"); });
    CHECK(m2.find("key-invalid") != std::string::npos);
    CHECK(m2.find("TOP-SECRET") == std::string::npos);
    // a trust folder reads every .pub
    CHECK(crypto::read_trusted_keys(dir).size() == 1);
}

TEST_CASE("the signed copper chain verifies, and signing changes no number") {
    const auto dir = fresh_dir("chain");
    const auto db = default_factor_db();
    const auto docs = signed_chain(dir, db);
    for (const auto& d : docs)
        CHECK(pact::validate(d).empty()); // still valid PACT with the extension
    provenance::verify_options opt;
    opt.supplier_dirs = {dir};
    opt.trusted = crypto::read_trusted_keys(dir / "keys");
    const auto r = provenance::verify(docs[2], "wire.pact.json", opt);
    INFO(checks_failed(r));
    CHECK(r.ok());
    // three levels, each signed and trusted
    for (int level = 0; level < 3; ++level) {
        CHECK(find_check(r, "signature", level) != nullptr);
        CHECK(find_check(r, "trusted-signer", level) != nullptr);
    }
    CHECK(find_check(r, "supplier", 0)->message.find("00000000-0000-4000-8000-000000000002") !=
          std::string::npos);
    // the inputs: the datasets used with their file hashes, the GWP file, the supplier
    const auto& data = docs[2]["extensions"].back()["data"];
    CHECK(data["inputs"]["gwp"]["set"] == "AR6");
    CHECK(data["inputs"]["suppliers"].size() == 1);
    CHECK(data["inputs"]["suppliers"][0]["contentHash"] == provenance::content_hash(docs[1]));
    bool desnz = false;
    for (const auto& d : data["inputs"]["datasets"])
        if (d["id"] == "uk-desnz-2025") {
            desnz = true;
            CHECK(d["files"]["factors.csv"] ==
                  crypto::sha256_file(fs::path(CRADLE_EXAMPLES) / ".." / "factors" /
                                      "uk-desnz-2025" / "factors.csv"));
        }
    CHECK(desnz);
    // signing touched the extension only
    json unsigned_wire = docs[2];
    unsigned_wire["extensions"].back()["data"].erase("signer");
    unsigned_wire["extensions"].back()["data"].erase("proof");
    json again = docs[2];
    again["extensions"].back()["data"].erase("signer");
    again["extensions"].back()["data"].erase("proof");
    CHECK(unsigned_wire["pcf"] == docs[2]["pcf"]);
    // an unsigned, sealed export is valid PACT too, and verifies when signatures are optional
    provenance::export_request rq;
    rq.base = dir;
    rq.now = 1767225600 + 86400 * 30;
    const auto plain =
        provenance::export_model(read_model(dir / "mine.json"), db, test::gwps(), rq);
    CHECK(pact::validate(plain.footprint).empty());
    CHECK(plain.footprint["pcf"]["pcfExcludingBiogenicUptake"] ==
          docs[0]["pcf"]["pcfExcludingBiogenicUptake"]);
    provenance::verify_options loose;
    loose.require_signature = false;
    CHECK(provenance::verify(plain.footprint, "mine", loose).ok());
    CHECK_FALSE(provenance::verify(plain.footprint, "mine", {}).ok()); // a signature is required
}

TEST_CASE("tampering at every level of the chain is caught with the right verdict") {
    const auto dir = fresh_dir("tamper");
    const auto db = default_factor_db();
    const auto docs = signed_chain(dir, db);
    provenance::verify_options opt;
    opt.supplier_dirs = {dir};
    opt.trusted = crypto::read_trusted_keys(dir / "keys");
    auto verify_wire = [&] { return provenance::verify(docs[2], "wire.pact.json", opt); };
    auto write = [&](const char* file, const json& j) { std::ofstream(dir / file) << j.dump(2); };

    SECTION("a number in the mine's footprint") {
        json mine = docs[0];
        mine["pcf"]["fossilGhgEmissions"] = "1463.6438011403823";
        write("mine.pact.json", mine);
        const auto r = verify_wire();
        CHECK(checks_failed(r) == "[1:supplier][2:pact][2:content-hash][2:signature]");
        // verified on its own, with the original at hand, the edited field is named
        provenance::verify_options o2;
        o2.original = &docs[0];
        const auto r2 = provenance::verify(mine, "mine.pact.json", o2);
        const auto* c = find_check(r2, "content-hash", 0);
        REQUIRE(c != nullptr);
        CHECK(c->result == provenance::verdict::fail);
        CHECK(c->differing == std::vector<std::string>{"/pcf/fossilGhgEmissions"});
    }
    SECTION("a digit in the wire's own footprint, the seal recomputed by hand") {
        json wire = docs[2];
        wire["pcf"]["pcfIncludingBiogenicUptake"] = "1.5";
        auto& proof = wire["extensions"].back()["data"]["proof"];
        proof["contentHash"] = provenance::content_hash(wire); // a forger can rehash...
        const auto r = provenance::verify(wire, "wire.pact.json", opt);
        CHECK(checks_failed(r).find("[0:signature]") != std::string::npos); // ...not re-sign
        CHECK(find_check(r, "content-hash", 0)->result == provenance::verdict::pass);
    }
    SECTION("a swapped supplier file: another valid, signed footprint under the same id") {
        json other = docs[0];
        other["created"] = "2026-02-01T00:00:00Z";
        const auto key = crypto::secret_key::from_seed(hex(seed_mine), "mine-key");
        write("mine.pact.json", provenance::sign(other, key));
        const auto r = verify_wire();
        CHECK(checks_failed(r) == "[1:supplier]"); // valid and signed, but not the one used
        CHECK(find_check(r, "supplier", 1)->message.find("not the one used") != std::string::npos);
    }
    SECTION("the smelter file missing") {
        fs::remove(dir / "smelter.pact.json");
        CHECK(checks_failed(verify_wire()) == "[0:supplier]");
    }
    SECTION("re-signed with a key nobody trusts") {
        const auto evil = crypto::secret_key::generate("mallory");
        write("smelter.pact.json", provenance::sign(docs[1], evil));
        const auto r = verify_wire();
        CHECK(checks_failed(r) == "[0:supplier][1:trusted-signer]");
        CHECK(find_check(r, "trusted-signer", 1)->message.find("mallory") != std::string::npos);
    }
    SECTION("a truncated signature") {
        json mine = docs[0];
        auto& sig = mine["extensions"].back()["data"]["proof"]["signature"];
        sig = sig.get<std::string>().substr(0, 40);
        write("mine.pact.json", mine);
        const auto r = verify_wire();
        // the proof is outside the content hash: the smelter's record of the mine still holds,
        // the mine's own seal does not
        CHECK(checks_failed(r) == "[2:provenance]");
        CHECK(find_check(r, "provenance", 2)->message.find("/proof/signature") !=
              std::string::npos);
    }
    SECTION("the signer's key swapped for a trusted one") {
        json mine = docs[0];
        mine["extensions"].back()["data"]["signer"]["publicKey"] =
            crypto::secret_key::from_seed(hex(seed_cable)).public_part().base64();
        write("mine.pact.json", mine);
        const auto r = verify_wire();
        CHECK(checks_failed(r) == "[1:supplier][2:content-hash][2:signature]");
    }
    SECTION("a tampered supplier file is refused by the importer too") {
        json mine = docs[0];
        mine["pcf"]["fossilGhgEmissions"] = "1563.6438011403824";
        mine["pcf"]["pcfExcludingBiogenicUptake"] = "1563.6438011403824";
        mine["pcf"]["pcfIncludingBiogenicUptake"] = "1563.6438011403824";
        write("mine.pact.json", mine);
        CHECK(pact::validate(mine).empty()); // adds up: only the seal shows the edit
        pact::import_options io;
        io.base = dir;
        io.now = 1767225600 + 86400 * 30;
        const auto msg = test::message_of<error>(
            [&] { (void)pact::link_supplier_footprints(read_model(dir / "smelter.json"), io); });
        CHECK(msg.find("pact-tampered") != std::string::npos);
        CHECK(msg.find("mine.pact.json") != std::string::npos);
    }
}

TEST_CASE("recompute: the same inputs give the same numbers; another dataset version is named") {
    const auto dir = fresh_dir("recompute");
    const auto db = default_factor_db();
    const auto docs = signed_chain(dir, db);
    provenance::verify_options opt;
    opt.supplier_dirs = {dir};
    provenance::recompute_request rq;
    rq.model = dir / "cable.json";
    rq.db = &db;
    rq.gwps = &test::gwps();
    opt.recompute = rq;
    const auto r = provenance::verify(docs[2], "wire.pact.json", opt);
    INFO(checks_failed(r));
    CHECK(r.ok());
    CHECK(find_check(r, "recompute-figures", 0)->result == provenance::verdict::pass);

    // a factor folder whose UK DESNZ 2025 manifest says another version
    const auto factors = dir / "factors";
    fs::copy(default_factors_dir(), factors, fs::copy_options::recursive);
    {
        auto manifest = json::parse(read_text_file(factors / "uk-desnz-2025" / "manifest.json"));
        manifest["version"] = "1.1";
        std::ofstream(factors / "uk-desnz-2025" / "manifest.json") << manifest.dump(2);
    }
    const auto db2 = load_factor_db(factors);
    opt.recompute->db = &db2;
    const auto r2 = provenance::verify(docs[2], "wire.pact.json", opt);
    const auto* c = find_check(r2, "recompute-inputs", 0);
    REQUIRE(c != nullptr);
    CHECK(c->result == provenance::verdict::fail);
    CHECK(c->message.find("inputs differ: dataset uk-desnz-2025 version 1.0 ≠ 1.1") !=
          std::string::npos);

    // an edited model: a different hash, and the numbers that moved
    auto model = json::parse(read_text_file(dir / "cable.json"));
    for (auto& prm : model["parameters"])
        if (prm.contains("default") && prm["default"].is_number()) {
            prm["default"] = prm["default"].get<double>() * 1.5;
            break;
        }
    std::ofstream(dir / "cable-edited.json") << model.dump(2);
    opt.recompute->db = &db;
    opt.recompute->model = dir / "cable-edited.json";
    const auto r3 = provenance::verify(docs[2], "wire.pact.json", opt);
    CHECK(find_check(r3, "recompute-inputs", 0)->message.find("hashes to") != std::string::npos);
}

TEST_CASE("mutations of a signed footprint always fail verification, never throw") {
    const auto dir = fresh_dir("mutate");
    const auto db = default_factor_db();
    const auto docs = signed_chain(dir, db);
    provenance::verify_options opt;
    opt.trusted = crypto::read_trusted_keys(dir / "keys");
    opt.supplier_dirs = {dir};
    std::mt19937 rng(20261125);
    // every JSON pointer of the wire footprint
    std::vector<json::json_pointer> pointers;
    const json flat = docs[2].flatten();
    for (const auto& [k, v] : flat.items())
        pointers.emplace_back(k);
    REQUIRE(pointers.size() > 50);
    const json replacements[] = {json(),     json(0),       json(-1e308),
                                 json("x"),  json::array(), json::object(),
                                 json(true), json("1e999"), json(std::string(5000, 'a'))};
    std::size_t runs = 0;
    for (int i = 0; i < 400; ++i) {
        json m = docs[2];
        const auto& ptr = pointers[rng() % pointers.size()];
        switch (rng() % 4) {
        case 0:
            m[ptr] = replacements[rng() % std::size(replacements)];
            break;
        case 1: {
            auto& parent = m[ptr.parent_pointer()];
            if (parent.is_array())
                parent.erase(std::stoul(ptr.back()));
            else
                parent.erase(ptr.back());
            break;
        }
        case 2:
            if (m[ptr].is_string() && !m[ptr].get<std::string>().empty()) {
                auto s = m[ptr].get<std::string>();
                s[rng() % s.size()] ^= 0x01;
                m[ptr] = s;
            }
            break;
        default:
            m[ptr] = json::array({m[ptr]});
            break;
        }
        if (m == docs[2]) continue;
        ++runs;
        provenance::report r;
        CHECK_NOTHROW(r = provenance::verify(m, "mutant.json", opt));
        INFO(ptr.to_string());
        CHECK_FALSE(r.ok());
    }
    CHECK(runs > 300);
}

TEST_CASE("a chain signed once (tests/fixtures/provenance) still verifies from its bytes") {
    // signed by tests/fixtures/provenance/make.py with the RFC 8032 test keys: a change to the
    // canonical form or to the hash would break these signatures
    const fs::path dir = fs::path(CRADLE_TEST_DATA) / "provenance";
    provenance::verify_options opt;
    opt.supplier_dirs = {dir};
    opt.trusted = crypto::read_trusted_keys(dir / "keys");
    REQUIRE(opt.trusted->size() == 3);
    const auto mine = crypto::read_public_key(dir / "keys" / "mine.pub");
    CHECK(crypto::to_hex(mine.key) ==
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"); // RFC 8032 TEST 1
    const auto wire = json::parse(read_text_file(dir / "wire.pact.json"));
    const auto r = provenance::verify(wire, "wire.pact.json", opt);
    INFO(checks_failed(r));
    CHECK(r.ok());
    CHECK(r.checks.size() == 17);
}
