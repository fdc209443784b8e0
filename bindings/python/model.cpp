// cradle._core — the model (cradle.Model, picklable).
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {
namespace {

/// A model plus its JSON text (the pickled form).
py::tuple model_state(const product_system& m) {
    return py::make_tuple(model_to_json(m).dump());
}

product_system model_from_state(const py::tuple& t) {
    if (t.size() != 1) throw std::runtime_error("cradle.Model: bad pickle state");
    return parse_model(t[0].cast<std::string>(), "<pickle>");
}

} // namespace

void bind_model(py::module_& m) {
    // ---- model
    py::class_<product_system>(m, "Model")
        .def_readonly("name", &product_system::name)
        .def_property_readonly("process_ids",
                               [](const product_system& s) {
                                   std::vector<std::string> ids;
                                   for (const auto& p : s.processes)
                                       ids.push_back(p.id);
                                   return ids;
                               })
        .def("to_json", [](const product_system& s) { return model_to_json(s).dump(2); })
        .def(py::pickle(&model_state, &model_from_state));
}

} // namespace cradle::python
