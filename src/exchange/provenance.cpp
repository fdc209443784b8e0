// cradle — provenance, seals, signatures and chain verification of PACT footprints
// (include/cradle/exchange/provenance.hpp, docs/provenance.md).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/exchange/provenance.hpp"

#include "cradle/data/link.hpp"
#include "cradle/exchange/canonical.hpp"
#include "cradle/exchange/detail/decimal.hpp"
#include "cradle/exchange/detail/pointer.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"
#include "cradle/version.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

namespace cradle::provenance {
namespace {

using nlohmann::json;

constexpr std::string_view hash_prefix = "sha256:";

std::string short_hash(const std::string& h) {
    return h.size() > hash_prefix.size() + 12 ? h.substr(0, hash_prefix.size() + 12) + "…" : h;
}

/// Index of the cradle extension of `fp`, or -1. Footprints of other tools have none.
std::ptrdiff_t find_extension(const json& fp) {
    if (!fp.is_object()) return -1;
    auto it = fp.find("extensions");
    if (it == fp.end() || !it->is_array()) return -1;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& e = (*it)[i];
        if (e.is_object() && e.contains("dataSchema") && e["dataSchema"].is_string() &&
            e["dataSchema"].get_ref<const std::string&>() == schema_url)
            return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
}

/// `fp` without the proof of its cradle extension: what the hash and the signature cover.
json content_of(json fp) {
    const auto i = find_extension(fp);
    if (i >= 0) {
        auto& e = fp["extensions"][static_cast<std::size_t>(i)];
        if (e.contains("data") && e["data"].is_object()) e["data"].erase("proof");
    }
    return fp;
}

/// A cradle provenance extension (PACT DataModelExtension) holding `data`.
json new_extension(json data) {
    data["format"] = format_id;
    return {{"specVersion", extension_spec_version},
            {"dataSchema", schema_url},
            {"documentation", documentation_url},
            {"data", std::move(data)}};
}

std::string hash_of_canonical(const std::string& canonical) {
    return std::string(hash_prefix) + crypto::sha256_hex(canonical);
}

/// SHA-256 of every regular file of a dataset folder, by name.
std::map<std::string, std::string> folder_hashes(const std::filesystem::path& folder) {
    std::map<std::string, std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(folder, ec))
        if (e.is_regular_file()) out[e.path().filename().string()] = crypto::sha256_file(e.path());
    if (ec) throw input_error("file-not-readable", folder.string() + ": " + ec.message());
    return out;
}

const json* member(const json& j, const char* key, json::value_t type) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    if (it == j.end() || it->type() != type) return nullptr;
    return &*it;
}

std::string text(const json& j, const char* key) {
    const json* v = member(j, key, json::value_t::string);
    return v ? v->get<std::string>() : std::string();
}

bool is_hash(const std::string& h) {
    if (h.size() != hash_prefix.size() + 64 || h.rfind(hash_prefix, 0) != 0) return false;
    return std::all_of(h.begin() + static_cast<std::ptrdiff_t>(hash_prefix.size()), h.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// The parts of a cradle extension a verifier needs, checked; `problem` says what is wrong.
struct parsed_extension {
    const json* data{nullptr};
    std::string content_hash;
    std::optional<crypto::public_key> signer;
    crypto::bytes signature;
    std::optional<inputs> recorded;
    std::string problem;
};

parsed_extension parse_extension(const json& fp) {
    parsed_extension px;
    const auto i = find_extension(fp);
    if (i < 0) {
        px.problem = "no cradle provenance extension (dataSchema " + std::string(schema_url) +
                     "): nothing to verify";
        return px;
    }
    const std::string at = "/extensions/" + std::to_string(i) + "/data";
    std::size_t count = 0;
    for (const auto& e : fp["extensions"])
        if (e.is_object() && e.value("dataSchema", json()) == json(schema_url)) ++count;
    if (count > 1) {
        px.problem = "more than one cradle provenance extension";
        return px;
    }
    const json& ext = fp["extensions"][static_cast<std::size_t>(i)];
    const json* data = member(ext, "data", json::value_t::object);
    if (data == nullptr) {
        px.problem = at + ": missing or not an object";
        return px;
    }
    px.data = data;
    if (text(*data, "format") != format_id) {
        px.problem = at + "/format: expected \"" + std::string(format_id) + "\"";
        return px;
    }
    const json* proof = member(*data, "proof", json::value_t::object);
    if (proof == nullptr || !is_hash(text(*proof, "contentHash"))) {
        px.problem = at + "/proof/contentHash: missing or not \"sha256:\" and 64 hex digits";
        return px;
    }
    px.content_hash = text(*proof, "contentHash");
    if (data->contains("signer")) {
        const json& s = (*data)["signer"];
        const auto key = crypto::from_base64(text(s, "publicKey"));
        if (!s.is_object() || text(s, "algorithm") != "Ed25519" || !key || key->size() != 32) {
            px.problem = at + "/signer: expected {algorithm: \"Ed25519\", publicKey: base64 of 32 "
                              "bytes}";
            return px;
        }
        crypto::public_key pk;
        std::copy(key->begin(), key->end(), pk.key.begin());
        pk.key_id = text(s, "keyId");
        pk.company_id = text(s, "companyId");
        px.signer = pk;
        const auto sig = crypto::from_base64(text(*proof, "signature"));
        if (!sig || sig->size() != 64) {
            px.problem = at + "/proof/signature: missing or not base64 of 64 bytes (a signer is "
                              "named, so the footprint must carry its signature)";
            return px;
        }
        px.signature = *sig;
    } else if (proof->contains("signature")) {
        px.problem = at + "/proof/signature: a signature without a signer";
        return px;
    }
    if (data->contains("inputs")) {
        try {
            px.recorded = inputs_from_json((*data)["inputs"], at + "/inputs");
        } catch (const error& e) {
            px.problem = e.message();
        }
    }
    return px;
}

std::string signer_name(const crypto::public_key& k) {
    std::string s = k.key_id.empty() ? k.fingerprint() : k.key_id + " (" + k.fingerprint() + ")";
    if (!k.company_id.empty()) s += ", " + k.company_id;
    return s;
}

/// Every footprint of the *.json files of `dirs`, by PACT id (a folder may hold several files
/// with one id: versions, copies).
struct supplier_index {
    std::deque<json> docs;
    std::multimap<std::string, std::pair<std::string, const json*>> by_id;

    explicit supplier_index(const std::vector<std::filesystem::path>& dirs) {
        for (const auto& dir : dirs) {
            std::error_code ec;
            std::vector<std::filesystem::path> files;
            for (const auto& e : std::filesystem::directory_iterator(dir, ec))
                if (e.path().extension() == ".json" && e.is_regular_file())
                    files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                try {
                    docs.push_back(json::parse(read_text_file(f)));
                    for (const auto& [at, fp] : pact::footprints_in(docs.back(), f.string()))
                        if (fp->is_object() && fp->contains("id") && (*fp)["id"].is_string())
                            by_id.emplace((*fp)["id"].get<std::string>(),
                                          std::pair{f.string(), fp});
                } catch (const std::exception&) { // a model or another file: not a footprint
                }
            }
        }
    }
};

class verifier {
  public:
    verifier(const verify_options& o) : opt_(o), index_(o.supplier_dirs) {}

    report run(const json& fp, const std::string& file) {
        one(fp, file, 0);
        return std::move(rep_);
    }

  private:
    const verify_options& opt_;
    supplier_index index_;
    report rep_;
    std::set<std::string> visited_;

    void add(const std::string& id, bool ok, std::string message, int level,
             const std::string& fp_id, const std::string& file,
             std::vector<std::string> differing = {}) {
        while (!message.empty() && (message.back() == ';' || message.back() == ' '))
            message.pop_back(); // lists are built "item; item;"
        rep_.checks.push_back({id, ok ? verdict::pass : verdict::fail, std::move(message), level,
                               fp_id, file, std::move(differing)});
    }

    void one(const json& fp, const std::string& file, int level) {
        const std::string fp_id = fp.is_object() ? text(fp, "id") : std::string();
        auto add_here = [&](const std::string& id, bool ok, std::string msg,
                            std::vector<std::string> diff = {}) {
            add(id, ok, std::move(msg), level, fp_id, file, std::move(diff));
        };
        try {
            const auto ps = pact::validate(fp);
            std::string msg = ps.empty() ? "a valid PACT v3 footprint"
                                         : std::to_string(ps.size()) + " PACT problem" +
                                               (ps.size() == 1 ? "" : "s") + ":";
            for (std::size_t i = 0; i < ps.size() && i < 3; ++i)
                msg += " [" + ps[i].id + "] " + ps[i].path + " " + ps[i].message + ";";
            add_here("pact", ps.empty(), msg);

            const parsed_extension px = parse_extension(fp);
            if (!px.problem.empty()) {
                add_here("provenance", false, px.problem);
                return;
            }
            add_here("provenance", true,
                     std::string(px.recorded ? "records its inputs" : "records no inputs") +
                         (px.signer ? ", signed" : ", unsigned"));

            const std::string canonical = jcs::canonicalize(content_of(fp));
            const std::string actual = hash_of_canonical(canonical);
            if (actual == px.content_hash) {
                add_here("content-hash", true, short_hash(actual) + " matches the canonical form");
            } else {
                std::vector<std::string> diff;
                std::string where = " (pass the footprint as sent to name the fields edited)";
                if (level == 0 && opt_.original != nullptr) {
                    diff = differences(content_of(*opt_.original), content_of(fp));
                    where = diff.empty() ? " (no field differs from the original: the seal "
                                           "itself was edited)"
                                         : "; fields that differ from the original:";
                    for (const auto& d : diff)
                        where += " " + d;
                }
                add_here("content-hash", false,
                         "the footprint was changed after it was sealed: its canonical form hashes "
                         "to " +
                             short_hash(actual) + ", the seal says " + short_hash(px.content_hash) +
                             where,
                         diff);
            }

            if (px.signer) {
                const bool good = crypto::verify(*px.signer, canonical, px.signature);
                add_here("signature", good,
                         good ? "valid Ed25519 signature by " + signer_name(*px.signer)
                              : "the Ed25519 signature does not match the content and the key "
                                "it names (" +
                                    signer_name(*px.signer) + ")");
                if (opt_.trusted) {
                    const crypto::public_key* trusted = nullptr;
                    for (const auto& k : *opt_.trusted)
                        if (k.same_key(*px.signer)) trusted = &k;
                    add_here("trusted-signer", trusted != nullptr,
                             trusted ? "signed by trusted key " + signer_name(*trusted)
                                     : "signed by " + signer_name(*px.signer) +
                                           ", which is not among the trusted keys");
                }
            } else if (opt_.require_signature) {
                add_here("signature", false, "the footprint is not signed");
            }

            if (px.recorded) suppliers(*px.recorded, level, fp_id, file);
            if (level == 0 && opt_.recompute) recompute(fp, px, fp_id, file);
        } catch (const std::exception& e) { // a safety net: every problem is a verdict
            add_here("provenance", false, std::string("could not be checked: ") + e.what());
        }
    }

    void suppliers(const inputs& in, int level, const std::string& fp_id, const std::string& file) {
        for (const auto& s : in.suppliers) {
            const auto [first, last] = index_.by_id.equal_range(s.id);
            if (first == last) {
                add("supplier", false,
                    "supplier footprint " + s.id + " (" + s.file + ") is not in the supplier " +
                        (opt_.supplier_dirs.empty() ? "folders (none given)" : "folders"),
                    level, fp_id, file);
                continue;
            }
            // the copy whose content is the one recorded; else every copy differs
            const std::pair<std::string, const json*>* used = nullptr;
            std::string seen;
            for (auto it = first; it != last; ++it) {
                std::string h;
                try {
                    h = content_hash(*it->second.second);
                } catch (const error& e) {
                    h = e.message();
                }
                if (h == s.content_hash) {
                    used = &it->second;
                    break;
                }
                seen +=
                    (seen.empty() ? "" : ", ") + it->second.first + " hashes to " + short_hash(h);
            }
            if (used == nullptr) {
                add("supplier", false,
                    "supplier footprint " + s.id + " is not the one used: " + seen +
                        ", the footprint recorded " + short_hash(s.content_hash),
                    level, fp_id, file);
                // its own checks say what is wrong with it
                if (visited_.insert(s.id).second)
                    one(*first->second.second, first->second.first, level + 1);
                continue;
            }
            const auto& [sfile, sfp] = *used;
            add("supplier", true,
                "supplier footprint " + s.id + " found in " + sfile + ", hash matches", level,
                fp_id, file);
            if (visited_.insert(s.id).second) one(*sfp, sfile, level + 1);
        }
    }

    void recompute(const json& fp, const parsed_extension& px, const std::string& fp_id,
                   const std::string& file) {
        const auto& rq = *opt_.recompute;
        auto add0 = [&](const std::string& id, bool ok, std::string msg,
                        std::vector<std::string> diff = {}) {
            add(id, ok, std::move(msg), 0, fp_id, file, std::move(diff));
        };
        if (!px.recorded) {
            add0("recompute-inputs", false, "the footprint records no inputs to recompute from");
            return;
        }
        if (rq.db == nullptr || rq.gwps == nullptr) {
            add0("recompute-inputs", false, "no factor database or GWP table given");
            return;
        }
        const inputs& stated = *px.recorded;
        exported again;
        try {
            const product_system model = read_model(rq.model);
            export_request r;
            r.base = rq.model.parent_path();
            r.meta_overlay = rq.meta_overlay.is_object() ? rq.meta_overlay : json::object();
            if (!stated.booking.empty()) r.meta_overlay["unstatedOrigin"] = stated.booking;
            r.gwp = stated.gwp_set;
            r.per_gas = stated.per_gas;
            r.accept_invalid = true; // the numbers are reproduced, whatever their validity now
            r.options.id = text(fp, "id");
            r.options.created = text(fp, "created");
            r.process_dbs = rq.process_dbs;
            again = export_model(model, *rq.db, *rq.gwps, r);
        } catch (const error& e) {
            add0("recompute-inputs", false,
                 "could not recompute from " + rq.model.string() + ": " + e.what());
            return;
        }
        // the inputs, one difference per line
        std::vector<std::string> diffs;
        const inputs& now = again.recorded;
        if (now.engine_version != stated.engine_version)
            diffs.push_back("engine version " + stated.engine_version + " ≠ " + now.engine_version);
        if (now.model_hash != stated.model_hash)
            diffs.push_back("model " + rq.model.string() + " hashes to " +
                            short_hash(now.model_hash) + ", the footprint was made from " +
                            short_hash(stated.model_hash));
        if (now.gwp_set != stated.gwp_set || now.gwp_file_hash != stated.gwp_file_hash)
            diffs.push_back("GWP table " + stated.gwp_set + " " + short_hash(stated.gwp_file_hash) +
                            " ≠ " + now.gwp_set + " " + short_hash(now.gwp_file_hash));
        std::map<std::string, const dataset_input*> mine;
        for (const auto& d : now.datasets)
            mine[d.id] = &d;
        for (const auto& d : stated.datasets) {
            auto it = mine.find(d.id);
            if (it == mine.end()) {
                diffs.push_back("dataset " + d.id + " " + d.version + " is not used now");
                continue;
            }
            const dataset_input& n = *it->second;
            if (n.version != d.version)
                diffs.push_back("dataset " + d.id + " version " + d.version + " ≠ " + n.version);
            else if (n.files != d.files)
                for (const auto& [name, h] : d.files) {
                    auto f = n.files.find(name);
                    if (f == n.files.end() || f->second != h)
                        diffs.push_back("dataset " + d.id + " " + d.version + " file " + name +
                                        (f == n.files.end()
                                             ? " is missing now"
                                             : " sha256 " + h.substr(0, 12) + "… ≠ " +
                                                   f->second.substr(0, 12) + "…"));
                }
            mine.erase(it);
        }
        for (const auto& [id, d] : mine)
            diffs.push_back("dataset " + id + " " + d->version + " is used now but was not");
        if (now.suppliers != stated.suppliers)
            diffs.push_back("the supplier footprints differ (ids or content hashes)");
        std::string msg =
            diffs.empty() ? "the same model, datasets, GWP table and suppliers" : "inputs differ:";
        for (const auto& d : diffs)
            msg += " " + d + ";";
        add0("recompute-inputs", diffs.empty(), msg);

        // the numbers of pcf, each to the tolerance
        std::vector<std::string> off;
        compare_numbers(fp.contains("pcf") ? fp["pcf"] : json(), again.footprint["pcf"], "/pcf",
                        rq.tolerance, off);
        std::string m = off.empty() ? "every number of pcf recomputed to " +
                                          pact::detail::format_decimal(rq.tolerance) + " relative"
                                    : std::to_string(off.size()) + " number" +
                                          (off.size() == 1 ? "" : "s") +
                                          " of pcf differ from the recomputation:";
        for (std::size_t i = 0; i < off.size() && i < 8; ++i)
            m += " " + off[i] + ";";
        std::vector<std::string> ptrs;
        for (const auto& o : off)
            ptrs.push_back(o.substr(0, o.find(' ')));
        add0("recompute-figures", off.empty(), m, ptrs);
    }

    static void compare_numbers(const json& stated, const json& again, const std::string& at,
                                double tol, std::vector<std::string>& off) {
        if (stated.is_object() && again.is_object()) {
            std::set<std::string> keys;
            for (const auto& [k, v] : stated.items())
                keys.insert(k);
            for (const auto& [k, v] : again.items())
                keys.insert(k);
            for (const auto& k : keys)
                compare_numbers(stated.contains(k) ? stated[k] : json(),
                                again.contains(k) ? again[k] : json(), at + "/" + k, tol, off);
            return;
        }
        auto value = [](const json& j) -> std::optional<double> {
            if (!j.is_string() || !pact::detail::is_decimal(j.get_ref<const std::string&>()))
                return std::nullopt;
            return pact::detail::decimal_value(j.get_ref<const std::string&>());
        };
        const auto a = value(stated), b = value(again);
        if (!a && !b) return; // not numbers: metadata, compared by the content hash
        if (!a || !b) {
            off.push_back(at + " " + (a ? "is not in the recomputation" : "is missing"));
            return;
        }
        const double scale = std::max({std::abs(*a), std::abs(*b), 1e-300});
        if (std::abs(*a - *b) > tol * scale)
            off.push_back(at + " " + stated.get<std::string>() + " ≠ recomputed " +
                          again.get<std::string>());
    }
};

} // namespace

// ---------------------------------------------------------------- inputs

json to_json(const inputs& in) {
    json j;
    j["engine"] = {{"name", in.engine}, {"version", in.engine_version}};
    j["model"] = {{"name", in.model_name}, {"hash", in.model_hash}};
    j["datasets"] = json::array();
    for (const auto& d : in.datasets)
        j["datasets"].push_back({{"id", d.id}, {"version", d.version}, {"files", d.files}});
    j["gwp"] = {{"set", in.gwp_set}, {"fileHash", in.gwp_file_hash}};
    j["backgroundCharacterization"] = in.per_gas ? "per-gas" : "as-published";
    j["unstatedOrigin"] = in.booking;
    j["suppliers"] = json::array();
    for (const auto& s : in.suppliers) {
        json e = {{"id", s.id}, {"file", s.file}, {"contentHash", s.content_hash}};
        if (!s.signer.empty()) e["signer"] = s.signer;
        j["suppliers"].push_back(std::move(e));
    }
    return j;
}

inputs inputs_from_json(const json& j, const std::string& at) {
    std::vector<problem> ps;
    auto need = [&](const json& o, const char* key, json::value_t type,
                    const std::string& where) -> const json* {
        const json* v = member(o, key, type);
        if (v == nullptr)
            ps.push_back(
                {"provenance-inputs", where + "/" + key + ": missing or of the wrong type"});
        return v;
    };
    auto str = [&](const json& o, const char* key, const std::string& where) -> std::string {
        const json* v = need(o, key, json::value_t::string, where);
        return v ? v->get<std::string>() : std::string();
    };
    inputs in;
    if (!j.is_object()) throw exchange_error("provenance-inputs", at + ": expected an object");
    if (const json* e = need(j, "engine", json::value_t::object, at)) {
        in.engine = str(*e, "name", at + "/engine");
        in.engine_version = str(*e, "version", at + "/engine");
    }
    if (const json* m = need(j, "model", json::value_t::object, at)) {
        in.model_name = str(*m, "name", at + "/model");
        in.model_hash = str(*m, "hash", at + "/model");
    }
    if (const json* ds = need(j, "datasets", json::value_t::array, at))
        for (std::size_t i = 0; i < ds->size(); ++i) {
            const std::string w = at + "/datasets/" + std::to_string(i);
            const json& d = (*ds)[i];
            dataset_input di{str(d, "id", w), str(d, "version", w), {}};
            if (const json* fs = need(d, "files", json::value_t::object, w))
                for (const auto& [name, h] : fs->items()) {
                    if (h.is_string())
                        di.files[name] = h.get<std::string>();
                    else
                        ps.push_back({"provenance-inputs", w + "/files: not a hash"});
                }
            in.datasets.push_back(std::move(di));
        }
    if (const json* g = need(j, "gwp", json::value_t::object, at)) {
        in.gwp_set = str(*g, "set", at + "/gwp");
        in.gwp_file_hash = str(*g, "fileHash", at + "/gwp");
    }
    const std::string bc = str(j, "backgroundCharacterization", at);
    if (bc != "per-gas" && bc != "as-published" && !bc.empty())
        ps.push_back({"provenance-inputs",
                      at + "/backgroundCharacterization: \"per-gas\" or \"as-published\""});
    in.per_gas = bc != "as-published";
    if (const json* b = need(j, "unstatedOrigin", json::value_t::object, at)) in.booking = *b;
    if (const json* ss = need(j, "suppliers", json::value_t::array, at))
        for (std::size_t i = 0; i < ss->size(); ++i) {
            const std::string w = at + "/suppliers/" + std::to_string(i);
            const json& s = (*ss)[i];
            supplier_input si{str(s, "id", w), str(s, "file", w), str(s, "contentHash", w),
                              text(s, "signer")};
            in.suppliers.push_back(std::move(si));
        }
    if (!ps.empty()) throw exchange_error(std::move(ps));
    return in;
}

std::string model_hash(const product_system& model) {
    return hash_of_canonical(jcs::canonicalize(model_to_json(model)));
}

inputs gather(const product_system& model, const product_system& linked, const factor_db& db,
              const gwp_table& gwps, const std::string& gwp_set, bool per_gas,
              const json& booking) {
    inputs in;
    in.engine_version = std::string(cradle::version);
    in.model_name = model.name;
    in.model_hash = model_hash(model);
    std::set<std::string> dataset_ids;
    std::map<std::string, supplier_input> suppliers;
    for (const auto& p : linked.processes) {
        if (auto it = p.metadata.find("dataset"); it != p.metadata.end())
            dataset_ids.insert(it->second);
        if (auto it = p.metadata.find("pact.id"); it != p.metadata.end()) {
            auto get = [&](const char* k) {
                auto f = p.metadata.find(k);
                return f == p.metadata.end() ? std::string() : f->second;
            };
            suppliers[it->second] = {it->second, get("pact.file"), get("pact.contentHash"),
                                     get("pact.signer")};
        }
    }
    for (const auto& id : dataset_ids) {
        if (const factor_dataset* d = db.dataset(id))
            in.datasets.push_back({id, d->info().version, folder_hashes(d->info().folder)});
    }
    // processes copied from a process database (data/process_db.hpp) name it, its version and
    // its folder
    std::map<std::string, std::pair<std::string, std::string>> process_dbs;
    for (const auto& p : linked.processes) {
        auto id = p.metadata.find("dataset");
        auto folder = p.metadata.find("dataset.folder");
        if (id == p.metadata.end() || folder == p.metadata.end() || db.dataset(id->second))
            continue;
        auto version = p.metadata.find("dataset.version");
        process_dbs[id->second] = {version == p.metadata.end() ? std::string() : version->second,
                                   folder->second};
    }
    for (const auto& [id, vf] : process_dbs)
        in.datasets.push_back({id, vf.first, folder_hashes(vf.second)});
    std::sort(in.datasets.begin(), in.datasets.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    for (auto& [id, s] : suppliers)
        in.suppliers.push_back(std::move(s));
    in.gwp_set = gwp_set;
    if (!gwps.file.empty())
        in.gwp_file_hash = std::string(hash_prefix) + crypto::sha256_file(gwps.file);
    in.per_gas = per_gas;
    in.booking = booking.is_object() ? booking : json::object();
    return in;
}

// ---------------------------------------------------------------- export

exported export_model(const product_system& model, const factor_db& db, const gwp_table& gwps,
                      const export_request& request) {
    exported out;
    product_system linked = model;
    if (pact::has_supplier_footprints(linked)) {
        pact::import_options opt;
        opt.base = request.base;
        opt.accept_invalid = request.accept_invalid;
        opt.now = request.now;
        linked = pact::link_supplier_footprints(linked, opt, &out.notes);
    }
    if (has_process_db_refs(linked, request.process_dbs))
        linked = link_process_databases(linked, request.process_dbs);
    if (has_background_refs(linked))
        linked = link_background(linked, db, link_options{request.per_gas});
    if (!linked.reference)
        throw input_error("json-missing", "/functional_unit: the model states no functional unit");
    const json meta = pact::merge_meta(
        model, request.meta_overlay.is_object() ? request.meta_overlay : json::object());
    const json booking = meta.contains("unstatedOrigin") ? meta["unstatedOrigin"] : json::object();
    const auto figs =
        pact::compute_figures(linked, gwps.get(request.gwp), pact::booking_from(meta));
    out.pivot_ratio = figs.pivot_ratio;
    out.recorded = gather(model, linked, db, gwps, request.gwp, request.per_gas, booking);
    out.footprint = attach(pact::to_pact(figs, meta, request.options), out.recorded);
    return out;
}

// ---------------------------------------------------------------- seal and sign

std::string content_hash(const json& footprint) {
    if (find_extension(footprint) < 0) // nothing to leave out: no copy
        return hash_of_canonical(jcs::canonicalize(footprint));
    return hash_of_canonical(jcs::canonicalize(content_of(footprint)));
}

json attach(json footprint, const inputs& recorded) {
    if (!footprint.is_object())
        throw exchange_error("pact-document", "a footprint must be a JSON object");
    json& exts = footprint["extensions"];
    if (!exts.is_array()) exts = json::array();
    for (auto i = find_extension(footprint); i >= 0; i = find_extension(footprint))
        exts.erase(static_cast<std::size_t>(i));
    exts.push_back(new_extension({{"inputs", to_json(recorded)}}));
    auto& data = exts.back()["data"];
    data["proof"] = {{"contentHash", content_hash(footprint)}};
    return footprint;
}

json sign(json footprint, const crypto::secret_key& key) {
    if (!footprint.is_object())
        throw exchange_error("pact-document", "a footprint must be a JSON object");
    auto i = find_extension(footprint);
    if (i < 0) {
        json& exts = footprint["extensions"];
        if (!exts.is_array()) exts = json::array();
        exts.push_back(new_extension(json::object()));
        i = find_extension(footprint);
    }
    json& data = footprint["extensions"][static_cast<std::size_t>(i)]["data"];
    if (!data.is_object())
        throw exchange_error("provenance-format", "/extensions/" + std::to_string(i) +
                                                      "/data: not an object; cannot sign");
    data["format"] = format_id;
    const auto& pk = key.public_part();
    json signer = {
        {"algorithm", "Ed25519"}, {"publicKey", pk.base64()}, {"fingerprint", pk.fingerprint()}};
    if (!pk.key_id.empty()) signer["keyId"] = pk.key_id;
    if (!pk.company_id.empty()) signer["companyId"] = pk.company_id;
    data["signer"] = std::move(signer);
    data.erase("proof");
    const std::string canonical = jcs::canonicalize(footprint);
    const auto sig = key.sign(canonical);
    data["proof"] = {{"contentHash", hash_of_canonical(canonical)},
                     {"signature", crypto::to_base64(sig)}};
    return footprint;
}

json sign_document(json document, const crypto::secret_key& key, const std::string& source) {
    std::vector<std::string> at;
    for (const auto& [pointer, fp] : pact::footprints_in(document, source))
        at.push_back(pointer);
    for (const auto& p : at) {
        auto& fp = document[json::json_pointer(p)];
        fp = sign(std::move(fp), key);
    }
    return document;
}

std::optional<std::string> seal_problem(const json& footprint) {
    if (find_extension(footprint) < 0) return std::nullopt;
    const auto px = parse_extension(footprint);
    if (!px.problem.empty()) return px.problem;
    const std::string canonical = jcs::canonicalize(content_of(footprint));
    if (hash_of_canonical(canonical) != px.content_hash)
        return "it was changed after it was sealed (its content hash does not match)";
    if (px.signer && !crypto::verify(*px.signer, canonical, px.signature))
        return "its signature does not match its content";
    return std::nullopt;
}

std::string signer_fingerprint(const json& footprint) {
    const auto px = parse_extension(footprint);
    return px.problem.empty() && px.signer ? px.signer->fingerprint() : std::string();
}

// ---------------------------------------------------------------- verify

report verify(const json& footprint, const std::string& file, const verify_options& options) {
    try {
        return verifier(options).run(footprint, file);
    } catch (const std::exception& e) {
        report r;
        r.checks.push_back({"provenance",
                            verdict::fail,
                            std::string("could not be checked: ") + e.what(),
                            0,
                            "",
                            file,
                            {}});
        return r;
    }
}

std::vector<std::string> differences(const json& a, const json& b, std::size_t limit) {
    std::vector<std::string> out;
    struct walk {
        std::vector<std::string>& out;
        std::size_t limit;
        void operator()(const json& x, const json& y, const std::string& at) {
            if (out.size() >= limit) return;
            if (x.is_object() && y.is_object()) {
                std::set<std::string> keys;
                for (const auto& [k, v] : x.items())
                    keys.insert(k);
                for (const auto& [k, v] : y.items())
                    keys.insert(k);
                for (const auto& k : keys) {
                    const std::string tok = pact::detail::pointer_token(k);
                    if (!x.contains(k) || !y.contains(k))
                        out.push_back(at + "/" + tok);
                    else
                        (*this)(x[k], y[k], at + "/" + tok);
                    if (out.size() >= limit) return;
                }
                return;
            }
            if (x.is_array() && y.is_array() && x.size() == y.size()) {
                for (std::size_t i = 0; i < x.size(); ++i)
                    (*this)(x[i], y[i], at + "/" + std::to_string(i));
                return;
            }
            if (x != y) out.push_back(at.empty() ? "/" : at);
        }
    };
    walk{out, limit}(a, b, "");
    return out;
}

} // namespace cradle::provenance
