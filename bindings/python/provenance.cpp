// cradle._core — verifiable footprints: keys, export with provenance, sign, verify (JSON crosses
// as text; docs/provenance.md).
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "cradle/exchange/canonical.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/exchange/provenance.hpp"

namespace cradle::python {
namespace {

nlohmann::json parse_text(const std::string& text, const std::string& source) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw input_error("json-parse", source + ": not valid JSON: " + detail::json_error_text(e));
    }
}

py::bytes as_bytes(std::span<const unsigned char> b) {
    return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

crypto::bytes from_bytes(const py::bytes& b) {
    const std::string s = b;
    return crypto::bytes(s.begin(), s.end());
}

} // namespace

void bind_provenance(py::module_& m) {
    py::class_<crypto::public_key>(m, "PublicKey")
        .def_static(
            "from_bytes",
            [](const py::bytes& raw, const std::string& key_id, const std::string& company_id) {
                const auto b = from_bytes(raw);
                if (b.size() != 32)
                    throw input_error("key-invalid", "an Ed25519 public key has 32 bytes, not " +
                                                         std::to_string(b.size()));
                crypto::public_key k;
                std::copy(b.begin(), b.end(), k.key.begin());
                k.key_id = key_id;
                k.company_id = company_id;
                return k;
            },
            py::arg("raw"), py::arg("key_id") = "", py::arg("company_id") = "")
        .def_static("read", &crypto::read_public_key, py::arg("path"))
        .def_static("read_trusted", &crypto::read_trusted_keys, py::arg("folder"))
        .def_property_readonly("raw", [](const crypto::public_key& k) { return as_bytes(k.key); })
        .def_readonly("key_id", &crypto::public_key::key_id)
        .def_readonly("company_id", &crypto::public_key::company_id)
        .def_property_readonly("fingerprint", &crypto::public_key::fingerprint)
        .def("__eq__", &crypto::public_key::same_key)
        .def("__repr__", [](const crypto::public_key& k) {
            return "<cradle.PublicKey " + k.fingerprint() +
                   (k.key_id.empty() ? "" : " '" + k.key_id + "'") + ">";
        });

    // the secret never crosses into Python: no attribute, no repr, no pickling
    py::class_<crypto::secret_key>(m, "SigningKey")
        .def_static("generate", &crypto::secret_key::generate, py::arg("key_id") = "",
                    py::arg("company_id") = "")
        .def_static(
            "from_seed",
            [](const py::bytes& seed, const std::string& key_id, const std::string& company_id) {
                auto b = from_bytes(seed);
                auto k = crypto::secret_key::from_seed(b, key_id, company_id);
                std::fill(b.begin(), b.end(), 0);
                return k;
            },
            py::arg("seed"), py::arg("key_id") = "", py::arg("company_id") = "")
        .def_static("read", &crypto::read_secret_key, py::arg("path"))
        .def(
            "save",
            [](const crypto::secret_key& k, const std::filesystem::path& path) {
                crypto::write_key_files(k, path);
            },
            py::arg("path"))
        .def_property_readonly("public_key", &crypto::secret_key::public_part)
        .def(
            "sign_bytes",
            [](const crypto::secret_key& k, const py::bytes& message) {
                return as_bytes(k.sign(std::string(message)));
            },
            py::arg("message"))
        .def("__repr__", [](const crypto::secret_key& k) {
            return "<cradle.SigningKey " + k.public_part().fingerprint() + " (secret not shown)>";
        });

    m.def(
        "verify_bytes",
        [](const crypto::public_key& k, const py::bytes& message, const py::bytes& signature) {
            return crypto::verify(k, std::string(message), from_bytes(signature));
        },
        py::arg("key"), py::arg("message"), py::arg("signature"));
    m.def(
        "jcs_canonicalize",
        [](const std::string& text) { return jcs::canonicalize(parse_text(text, "document")); },
        py::arg("text"));
    m.def(
        "provenance_content_hash",
        [](const std::string& text) {
            return provenance::content_hash(parse_text(text, "footprint"));
        },
        py::arg("text"));
    m.def(
        "provenance_sign",
        [](const std::string& text, const crypto::secret_key& key) {
            const auto doc =
                provenance::sign_document(parse_text(text, "document"), key, "document");
            return doc.dump();
        },
        py::arg("text"), py::arg("key"));
    m.def(
        "provenance_export",
        [](const product_system& model, const std::filesystem::path& base,
           const std::string& meta_text, const std::string& gwp, bool per_gas, bool accept_invalid,
           const std::string& id, const std::string& created, const factor_db& db,
           const gwp_table& gwps, std::optional<double> now,
           const std::vector<std::shared_ptr<process_database>>& process_dbs) {
            provenance::export_request rq;
            rq.process_dbs.assign(process_dbs.begin(), process_dbs.end());
            rq.base = base;
            if (!meta_text.empty()) rq.meta_overlay = parse_text(meta_text, "meta");
            rq.gwp = gwp;
            rq.per_gas = per_gas;
            rq.accept_invalid = accept_invalid;
            rq.now = now;
            rq.options = pact::export_options{id, created};
            auto out = provenance::export_model(model, db, gwps, rq);
            return py::make_tuple(out.footprint.dump(), out.notes);
        },
        py::arg("model"), py::arg("base"), py::arg("meta"), py::arg("gwp"), py::arg("per_gas"),
        py::arg("accept_invalid"), py::arg("id"), py::arg("created"), py::arg("db"),
        py::arg("gwps"), py::arg("now") = std::nullopt,
        py::arg("process_dbs") = std::vector<std::shared_ptr<process_database>>{});
    m.def(
        "provenance_verify",
        [](const std::string& text, const std::string& file,
           const std::vector<std::filesystem::path>& suppliers,
           std::optional<std::vector<crypto::public_key>> trusted, bool require_signature,
           const std::string& original_text, const std::optional<std::filesystem::path>& model,
           const std::string& meta_text, const factor_db* db, const gwp_table* gwps,
           const std::vector<std::shared_ptr<process_database>>& process_dbs) {
            const nlohmann::json doc = parse_text(text, file);
            nlohmann::json original;
            provenance::verify_options opt;
            opt.supplier_dirs = suppliers;
            opt.trusted = std::move(trusted);
            opt.require_signature = require_signature;
            if (!original_text.empty()) {
                original = parse_text(original_text, "original");
                opt.original = &original;
            }
            if (model) {
                provenance::recompute_request rq;
                rq.model = *model;
                rq.db = db;
                rq.gwps = gwps;
                rq.process_dbs.assign(process_dbs.begin(), process_dbs.end());
                if (!meta_text.empty()) rq.meta_overlay = parse_text(meta_text, "meta");
                opt.recompute = rq;
            }
            py::list out;
            for (const auto& [pointer, fp] : pact::footprints_in(doc, file)) {
                const auto r = provenance::verify(*fp, file, opt);
                for (const auto& c : r.checks) {
                    py::dict d;
                    d["pointer"] = pointer;
                    d["id"] = c.id;
                    d["passed"] = c.result == provenance::verdict::pass;
                    d["message"] = c.message;
                    d["level"] = c.level;
                    d["footprint"] = c.footprint;
                    d["file"] = c.file;
                    d["differing"] = c.differing;
                    out.append(d);
                }
            }
            return out;
        },
        py::arg("text"), py::arg("file"), py::arg("suppliers"), py::arg("trusted"),
        py::arg("require_signature"), py::arg("original"), py::arg("model"), py::arg("meta"),
        py::arg("db"), py::arg("gwps"),
        py::arg("process_dbs") = std::vector<std::shared_ptr<process_database>>{});
}

} // namespace cradle::python
