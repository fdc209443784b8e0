// cradle._core — PACT v3 export, validation and supplier footprints (JSON crosses as text).
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {

void bind_exchange(py::module_& m, system_class& system) {
    system.def(
        "_pact",
        [](const solved_system& s, const Eigen::VectorXd& f, const std::string& meta_text,
           const std::string& id, const std::string& created) {
            if (!s.model) throw input_error("pact-meta", "this System was not built from a model");
            const nlohmann::json overlay =
                meta_text.empty() ? nlohmann::json() : nlohmann::json::parse(meta_text);
            const nlohmann::json meta = pact::merge_meta(*s.model, overlay);
            const footprint r = calculate(*s.sys, *s.ch, *s.lu, f);
            const auto figs =
                pact::compute_figures(*s.model, *s.sys, *s.ch, *s.lu, r, pact::booking_from(meta));
            return pact::to_pact(figs, meta, pact::export_options{id, created}).dump();
        },
        py::arg("demand"), py::arg("meta"), py::arg("id") = "", py::arg("created") = "");
    m.def(
        "pact_validate",
        [](const std::string& text) {
            nlohmann::json doc;
            try {
                doc = nlohmann::json::parse(text);
            } catch (const nlohmann::json::exception& e) {
                throw input_error("json-parse", "not valid JSON: " + detail::json_error_text(e));
            }
            py::list out;
            for (const auto& p : pact::validate_document(doc)) {
                py::dict d;
                d["id"] = p.id;
                d["path"] = p.path;
                d["message"] = p.message;
                out.append(d);
            }
            return out;
        },
        py::arg("text"));
    m.def(
        "pact_describe",
        [](const std::string& text) { return pact::describe(nlohmann::json::parse(text)); },
        py::arg("text"));
    m.def("has_supplier_footprints", &pact::has_supplier_footprints, py::arg("model"));
    m.def(
        "pact_link_suppliers",
        [](const product_system& model, const std::filesystem::path& base,
           std::optional<double> now, bool accept_invalid) {
            pact::import_options opt;
            opt.base = base;
            opt.now = now;
            opt.accept_invalid = accept_invalid;
            std::vector<std::string> notes;
            product_system out = pact::link_supplier_footprints(model, opt, &notes);
            return py::make_tuple(std::move(out), notes);
        },
        py::arg("model"), py::arg("base"), py::arg("now") = std::nullopt,
        py::arg("accept_invalid") = false);
}

} // namespace cradle::python
