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

using index_array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using value_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// One matrix a user brought (System.from_matrices), as triplets: every entry checked (in range,
/// finite), duplicates summed as scipy does. Problems are collected, at most 20 per matrix.
sparse_matrix user_matrix(const std::string& name, const index_array& rows, const index_array& cols,
                          const value_array& vals, std::int64_t nrows, std::int64_t ncols,
                          std::vector<problem>& problems) {
    sparse_matrix M(static_cast<Eigen::Index>(nrows), static_cast<Eigen::Index>(ncols));
    const auto n = vals.size();
    if (rows.size() != n || cols.size() != n) {
        problems.push_back({"bad-matrix", name + ": rows, columns and values differ in length"});
        return M;
    }
    auto r = rows.unchecked<1>();
    auto c = cols.unchecked<1>();
    auto v = vals.unchecked<1>();
    std::vector<triplet> t;
    t.reserve(static_cast<std::size_t>(n));
    std::size_t bad = 0;
    for (py::ssize_t k = 0; k < n; ++k) {
        const bool in_range = r(k) >= 0 && r(k) < nrows && c(k) >= 0 && c(k) < ncols;
        if (!in_range || !std::isfinite(v(k))) {
            if (++bad <= 20)
                problems.push_back(
                    {"bad-matrix", name + "[" + std::to_string(r(k)) + ", " + std::to_string(c(k)) +
                                       "]: " +
                                       (in_range ? "not a finite number"
                                                 : "outside the " + std::to_string(nrows) + " x " +
                                                       std::to_string(ncols) + " matrix")});
            continue;
        }
        if (v(k) != 0.0) t.emplace_back(static_cast<int>(r(k)), static_cast<int>(c(k)), v(k));
    }
    if (bad > 20)
        problems.push_back({"bad-matrix", name + ": and " + std::to_string(bad - 20) + " more"});
    M.setFromTriplets(t.begin(), t.end());
    M.makeCompressed();
    return M;
}

/// Labels of one axis: as many as the matrix has, none empty, none twice.
void check_labels(const std::string& what, const std::vector<std::string>& labels,
                  std::int64_t expected, std::vector<problem>& problems) {
    if (static_cast<std::int64_t>(labels.size()) != expected) {
        problems.push_back({"bad-matrix", what + ": " + std::to_string(labels.size()) +
                                              " labels for " + std::to_string(expected) +
                                              " rows or columns"});
        return;
    }
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty())
            problems.push_back({"bad-matrix", what + "[" + std::to_string(i) + "] is empty"});
        else if (const auto [it, fresh] = seen.emplace(labels[i], i); !fresh)
            problems.push_back({"bad-matrix", what + "[" + std::to_string(i) + "] '" + labels[i] +
                                                  "' is also " + what + "[" +
                                                  std::to_string(it->second) + "]"});
    }
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
            [](const solved_system& s, const Eigen::Ref<const Eigen::MatrixXd>& F,
               unsigned threads) {
                if (F.rows() != static_cast<Eigen::Index>(s.sys->index.size()))
                    throw input_error("bad-demand", "demands need one row per product (" +
                                                        std::to_string(s.sys->index.size()) + ")");
                batch_footprint r;
                {
                    py::gil_scoped_release release;
                    r = calculate_batch(*s.sys, *s.ch, *s.lu, F, threads);
                }
                return std::make_tuple(std::move(r.scaling), std::move(r.inventory),
                                       std::move(r.impacts));
            },
            py::arg("demands"), py::arg("threads") = 1)
        .def(
            "intensities",
            [](const solved_system& s, unsigned threads) {
                py::gil_scoped_release release;
                return Eigen::MatrixXd(intensities(*s.sys, *s.ch, *s.lu, threads));
            },
            py::arg("threads") = 1);
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
    // System.from_matrices (cradle/__init__.py converts scipy or numpy to triplets)
    m.def(
        "_system_from_triplets",
        [](const py::tuple& A, const py::tuple& B, const py::tuple& C,
           const std::vector<std::string>& products, const std::vector<std::string>& processes,
           const std::vector<std::string>& names, const std::vector<std::string>& flows,
           const std::vector<std::string>& indicators, const std::string& unit_name) {
            std::vector<problem> problems;
            auto read = [&](const char* name, const py::tuple& T) {
                return user_matrix(name, T[0].cast<index_array>(), T[1].cast<index_array>(),
                                   T[2].cast<value_array>(), T[3].cast<std::int64_t>(),
                                   T[4].cast<std::int64_t>(), problems);
            };
            auto a = read("A", A);
            auto b = read("B", B);
            auto c = read("C", C);
            if (a.rows() != a.cols())
                problems.push_back({"bad-matrix", "A is " + std::to_string(a.rows()) + " x " +
                                                      std::to_string(a.cols()) +
                                                      ", not square (products x processes)"});
            if (b.cols() != a.cols())
                problems.push_back({"bad-matrix", "B has " + std::to_string(b.cols()) +
                                                      " columns, A has " +
                                                      std::to_string(a.cols())});
            if (c.cols() != b.rows())
                problems.push_back({"bad-matrix", "C has " + std::to_string(c.cols()) +
                                                      " columns, B has " +
                                                      std::to_string(b.rows()) + " rows (flows)"});
            check_labels("products", products, a.rows(), problems);
            check_labels("processes", processes, a.cols(), problems);
            if (names.size() != processes.size())
                problems.push_back({"bad-matrix", "names: " + std::to_string(names.size()) +
                                                      " for " + std::to_string(processes.size()) +
                                                      " processes"});
            check_labels("flows", flows, b.rows(), problems);
            check_labels("indicators", indicators, c.rows(), problems);
            if (!problems.empty()) throw input_error(std::move(problems));
            std::vector<tech_flow> columns(processes.size());
            for (std::size_t j = 0; j < columns.size(); ++j) {
                columns[j].process = processes[j];
                columns[j].product = products[j];
                columns[j].name = names[j];
            }
            std::vector<flow> elementary(flows.size());
            for (std::size_t i = 0; i < flows.size(); ++i) {
                elementary[i].id = flows[i];
                elementary[i].name = flows[i];
                elementary[i].kind = flow_kind::elementary;
            }
            solved_system s;
            auto sys = std::make_shared<compiled_system>(
                compiled_system{system_index(std::move(columns), std::move(elementary)),
                                std::move(a), std::move(b)});
            auto ch = std::make_shared<characterization>();
            ch->gwp_set = "user";
            ch->indicators = indicators;
            ch->unit = unit_name;
            ch->C = std::move(c);
            for (Eigen::Index i = 0; i < ch->C.cols(); ++i)
                if (ch->C.col(i).nonZeros() == 0) ch->uncharacterized.emplace_back(i);
            {
                py::gil_scoped_release release;
                s.lu = std::make_shared<factorization>(factorize(*sys));
            }
            s.sys = std::move(sys);
            s.ch = std::move(ch);
            return s;
        },
        py::arg("A"), py::arg("B"), py::arg("C"), py::arg("products"), py::arg("processes"),
        py::arg("names"), py::arg("flows"), py::arg("indicators"), py::arg("unit"));

    return system;
}

} // namespace cradle::python
