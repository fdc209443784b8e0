// cradle._core — reading models and USEEIO folders.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {

namespace {
py::dict report_dict(const import_report& r) {
    py::dict d;
    d["source"] = r.source;
    d["format"] = r.format;
    d["processes"] = r.processes;
    d["flows"] = r.flows;
    d["exchanges"] = r.exchanges;
    py::dict linked;
    linked["default_provider"] = r.linked_default;
    linked["unique_provider"] = r.linked_unique;
    linked["same_location"] = r.linked_location;
    linked["first_by_id"] = r.linked_first;
    d["linked"] = linked;
    d["cut_off_exchanges"] = r.cut_off_exchanges;
    py::list cut;
    for (const auto& c : r.cut_offs) {
        py::dict x;
        x["flow"] = c.flow;
        x["name"] = c.name;
        x["unit"] = c.unit;
        x["amount"] = c.amount;
        x["processes"] = c.processes;
        cut.append(x);
    }
    d["cut_offs"] = cut;
    py::list amb;
    for (const auto& a : r.ambiguous) {
        py::dict x;
        x["process"] = a.process;
        x["flow"] = a.flow;
        x["chosen"] = a.chosen;
        x["rule"] = a.rule;
        x["candidates"] = a.candidates;
        amb.append(x);
    }
    d["ambiguous"] = amb;
    py::list notes;
    for (const auto& n : r.notes)
        notes.append(py::make_tuple(n.id, n.message));
    d["notes"] = notes;
    return d;
}
} // namespace

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
            return py::make_tuple(std::move(db.system), report_dict(db.report));
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
