// cradle._core — reading models and USEEIO folders.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {

void bind_io(py::module_& m) {
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
