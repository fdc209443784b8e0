// cradle._core — compiled systems, factorization and solves (cradle.System).
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {
namespace {

/// Read-only numpy views (data, indices, indptr) of a compressed column-major sparse matrix that
/// `owner` keeps alive, plus its shape: no copy of the matrix.
py::tuple csc_views(const sparse_matrix& M, const py::object& owner) {
    if (!M.isCompressed()) throw std::logic_error("cradle: internal matrix not compressed");
    const auto nnz = static_cast<py::ssize_t>(M.nonZeros());
    auto readonly = [](py::array a) {
        a.attr("setflags")(py::arg("write") = false);
        return a;
    };
    py::array data = readonly(py::array_t<double>({nnz}, {sizeof(double)}, M.valuePtr(), owner));
    py::array indices = readonly(py::array_t<int>({nnz}, {sizeof(int)}, M.innerIndexPtr(), owner));
    py::array indptr = readonly(py::array_t<int>({static_cast<py::ssize_t>(M.outerSize() + 1)},
                                                 {sizeof(int)}, M.outerIndexPtr(), owner));
    return py::make_tuple(data, indices, indptr, py::make_tuple(M.rows(), M.cols()));
}

/// A scipy.sparse.csc_matrix copy (scipy is optional; the error says how to do without).
py::object to_scipy(const sparse_matrix& M, const char* name) {
    py::module_ sparse;
    try {
        sparse = py::module_::import("scipy.sparse");
    } catch (py::error_already_set&) {
        throw py::import_error(std::string("cradle.System.") + name +
                               " needs scipy (pip install scipy); System.csc('" + name +
                               "') gives the CSC arrays without it");
    }
    const auto nnz = static_cast<py::ssize_t>(M.nonZeros());
    py::array_t<double> data(nnz, M.valuePtr());
    py::array_t<int> indices(nnz, M.innerIndexPtr());
    py::array_t<int> indptr(static_cast<py::ssize_t>(M.outerSize() + 1), M.outerIndexPtr());
    return sparse.attr("csc_matrix")(py::make_tuple(data, indices, indptr),
                                     py::make_tuple(M.rows(), M.cols()));
}

} // namespace

system_class bind_engine(py::module_& m) {
    // ---- matrices, factorization, solves
    system_class system(m, "System");
    system
        .def_property_readonly("process_ids",
                               [](const solved_system& s) {
                                   std::vector<std::string> v;
                                   for (const auto& c : s.sys->index.columns())
                                       v.push_back(c.process);
                                   return v;
                               })
        .def_property_readonly("process_names",
                               [](const solved_system& s) {
                                   // a process split by allocation: "name (product)"
                                   std::vector<std::string> v;
                                   for (const auto& c : s.sys->index.columns()) {
                                       const std::string& n = c.name.empty() ? c.process : c.name;
                                       v.push_back(c.allocated ? n + " (" + c.product + ")" : n);
                                   }
                                   return v;
                               })
        .def_property_readonly("product_ids",
                               [](const solved_system& s) {
                                   std::vector<std::string> v;
                                   for (const auto& c : s.sys->index.columns())
                                       v.push_back(c.product);
                                   return v;
                               })
        .def_property_readonly("tags",
                               [](const solved_system& s) {
                                   std::vector<std::vector<std::string>> v;
                                   for (const auto& c : s.sys->index.columns())
                                       v.push_back(c.tags);
                                   return v;
                               })
        .def_property_readonly("flow_ids",
                               [](const solved_system& s) {
                                   std::vector<std::string> v;
                                   for (const auto& f : s.sys->index.elementary_flows())
                                       v.push_back(f.id);
                                   return v;
                               })
        .def_property_readonly("flow_names",
                               [](const solved_system& s) {
                                   std::vector<std::string> v;
                                   for (const auto& f : s.sys->index.elementary_flows())
                                       v.push_back(f.name.empty() ? f.id : f.name);
                                   return v;
                               })
        .def_property_readonly("indicators",
                               [](const solved_system& s) { return s.ch->indicators; })
        .def_property_readonly("gwp_set", [](const solved_system& s) { return s.ch->gwp_set; })
        .def_property_readonly("pivot_ratio",
                               [](const solved_system& s) { return s.lu->pivot_ratio(); })
        .def_property_readonly("A", [](const solved_system& s) { return to_scipy(s.sys->A, "A"); })
        .def_property_readonly("B", [](const solved_system& s) { return to_scipy(s.sys->B, "B"); })
        .def_property_readonly("C", [](const solved_system& s) { return to_scipy(s.ch->C, "C"); })
        .def(
            "csc",
            [](const py::object& self, const std::string& which) {
                const auto& s = self.cast<const solved_system&>();
                const sparse_matrix* M = which == "A"   ? &s.sys->A
                                         : which == "B" ? &s.sys->B
                                         : which == "C" ? &s.ch->C
                                                        : nullptr;
                if (M == nullptr)
                    throw input_error("bad-matrix",
                                      "System.csc: no matrix '" + which + "' (A, B or C)");
                return csc_views(*M, self);
            },
            py::arg("which"))
        .def(
            "demand",
            [](const solved_system& s, const product_system& model) {
                if (!model.reference)
                    throw input_error("json-missing", "the model states no functional unit");
                return Eigen::VectorXd(demand_vector(*s.sys, *model.reference));
            },
            py::arg("model"))
        .def(
            "solve",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& f) {
                if (f.size() != static_cast<Eigen::Index>(s.sys->index.size()))
                    throw input_error("bad-demand", "demand has " + std::to_string(f.size()) +
                                                        " entries, the system has " +
                                                        std::to_string(s.sys->index.size()) +
                                                        " products");
                footprint r;
                {
                    py::gil_scoped_release release;
                    r = calculate(*s.sys, *s.ch, *s.lu, f);
                }
                // moved, not copied: numpy takes ownership of the Eigen buffers
                return std::make_tuple(std::move(r.scaling), std::move(r.inventory),
                                       std::move(r.impacts));
            },
            py::arg("demand"))
        .def(
            "solve_many",
            [](const solved_system& s, const Eigen::Ref<const Eigen::MatrixXd>& F) {
                if (F.rows() != static_cast<Eigen::Index>(s.sys->index.size()))
                    throw input_error("bad-demand", "demands need one row per product (" +
                                                        std::to_string(s.sys->index.size()) + ")");
                batch_footprint r;
                {
                    py::gil_scoped_release release;
                    r = calculate_batch(*s.sys, *s.ch, *s.lu, F);
                }
                return std::make_tuple(std::move(r.scaling), std::move(r.inventory),
                                       std::move(r.impacts));
            },
            py::arg("demands"))
        .def("intensities", [](const solved_system& s) {
            py::gil_scoped_release release;
            return Eigen::MatrixXd(intensities(*s.sys, *s.ch, *s.lu));
        });
    m.def(
        "build",
        [](const product_system& model, const gwp_table& t, const std::string& set) {
            solved_system s;
            s.model = std::make_shared<product_system>(model);
            auto sys = std::make_shared<compiled_system>(compile(model));
            s.ch = std::make_shared<characterization>(characterize(sys->index, t.get(set)));
            {
                py::gil_scoped_release release;
                s.lu = std::make_shared<factorization>(factorize(*sys));
            }
            s.sys = std::move(sys);
            return s;
        },
        py::arg("model"), py::arg("gwp_table"), py::arg("gwp_set") = "AR6");

    return system;
}

} // namespace cradle::python
