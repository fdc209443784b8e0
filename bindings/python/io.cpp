// cradle._core — reading models and USEEIO folders.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {

void bind_io(py::module_& m) {
    // ---- inventory databases (openLCA JSON-LD, EcoSpold 2, EcoSpold 1)
    m.def(
        "import_database",
        [](const std::string& format, const std::filesystem::path& path, bool cut_offs_are_errors) {
            import_options opt;
            opt.cutoffs = cut_offs_are_errors ? cutoff_rule::error : cutoff_rule::cut_off;
            imported_database db;
            {
                py::gil_scoped_release release;
                if (format == "jsonld")
                    db = read_olca_jsonld(path, opt);
                else if (format == "ecospold2")
                    db = read_ecospold2(path, opt);
                else if (format == "ecospold1")
                    db = read_ecospold1(path, opt);
                else
                    throw input_error({problem{
                        "bad-option", "import format '" + format +
                                          "' is not one of jsonld, ecospold2, ecospold1"}});
            }
            return py::make_tuple(std::move(db.system), to_json(db.report).dump());
        },
        py::arg("format"), py::arg("path"), py::arg("cut_offs_are_errors") = false);
    m.def(
        "choose_product",
        [](const product_system& s, const std::string& what) {
            product_system out = s;
            out.reference = find_product(s, what);
            return out;
        },
        py::arg("model"), py::arg("product"));
    m.def("write_model", &write_model, py::arg("model"), py::arg("path"));

    m.def("read_model", &read_model, py::arg("path"));
    m.def(
        "parse_model",
        [](const std::string& text, const std::string& source) {
            return parse_model(text, source);
        },
        py::arg("text"), py::arg("source") = "<string>");

    // ---- USEEIO folders
    m.def(
        "read_useeio",
        [](const std::filesystem::path& folder) {
            const io_model io = read_io_model(folder);
            Eigen::MatrixXd N;
            {
                py::gil_scoped_release release;
                N = total_impacts(io);
            }
            return std::make_tuple(N, io.sectors, io.indicators);
        },
        py::arg("folder"));
}

} // namespace cradle::python
