// cradle._core — pybind11 bindings of the C++ engine (private; use the `cradle` package).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/cradle.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>

namespace py = pybind11;
using namespace cradle;

namespace {

/// A model plus its JSON text (the pickled form).
py::tuple model_state(const product_system& m) {
    return py::make_tuple(model_to_json(m).dump());
}

product_system model_from_state(const py::tuple& t) {
    if (t.size() != 1) throw std::runtime_error("cradle.Model: bad pickle state");
    return parse_model(t[0].cast<std::string>(), "<pickle>");
}

py::dict factor_dict(const factor& f) {
    py::dict d;
    d["id"] = f.full_id();
    d["name"] = f.name;
    d["category"] = f.category;
    d["region"] = f.region;
    d["year"] = f.year;
    d["unit"] = f.per_unit.symbol;
    d["quantity"] = f.quantity;
    d["value"] = f.value;
    d["origin"] = std::string(to_string(f.carbon_origin));
    py::dict gases;
    for (const auto& g : f.gases)
        gases[py::str(g.species)] = g.kg;
    d["gases"] = gases;
    d["dataset"] = f.dataset->id;
    d["version"] = f.dataset->version;
    d["licence"] = f.dataset->licence;
    d["source"] = f.dataset->source;
    return d;
}

py::dict info_dict(const factor_dataset& ds) {
    const auto& i = ds.info();
    py::dict d;
    d["id"] = i.id;
    d["kind"] = i.kind;
    d["title"] = i.title;
    d["publisher"] = i.publisher;
    d["version"] = i.version;
    d["year"] = i.year;
    d["region"] = i.region;
    d["licence"] = i.licence;
    d["source"] = i.source;
    d["gwp_set"] = i.gwp_set;
    d["factors"] = ds.factors().size();
    return d;
}

/// Everything of one calculation the Python side needs, solved once.
struct solved_system {
    std::shared_ptr<const compiled_system> sys;
    std::shared_ptr<const characterization> ch;
    std::shared_ptr<const factorization> lu;
};

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

/// Raise `exc` with the C++ message, plus `.id` and one more attribute (`name` = `value`).
void raise_with(const py::object& exc, const error& e, const char* name, const py::object& value) {
    PyObject* instance = PyObject_CallFunction(exc.ptr(), "s", e.what());
    if (instance == nullptr) return; // the constructor's own exception stays set
    py::object obj = py::reinterpret_steal<py::object>(instance);
    obj.attr(name) = value;
    obj.attr("id") = e.id();
    PyErr_SetObject(exc.ptr(), obj.ptr());
}

} // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "cradle C++ engine (private module; import cradle)";
    m.attr("__version__") = std::string(version);

    // ---- errors: one hierarchy rooted at cradle.Error, same messages as C++
    static py::exception<error> base(m, "Error");
    static py::exception<input_error> input_exc(m, "InputError", base.ptr());
    static py::exception<unit_error> unit_exc(m, "UnitError", base.ptr());
    static py::exception<model_error> model_exc(m, "ModelError", base.ptr());
    static py::exception<data_error> data_exc(m, "DataError", base.ptr());
    static py::exception<solver_error> solver_exc(m, "SolverError", base.ptr());
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const solver_error& e) {
            raise_with(solver_exc, e, "processes", py::cast(e.processes()));
        } catch (const model_error& e) {
            py::list problems;
            for (const auto& pr : e.problems())
                problems.append(py::make_tuple(pr.id, pr.message));
            raise_with(model_exc, e, "problems", problems);
        } catch (const unit_error& e) {
            unit_exc(e.what());
        } catch (const input_error& e) {
            input_exc(e.what());
        } catch (const data_error& e) {
            data_exc(e.what());
        } catch (const error& e) {
            base(e.what());
        }
    });

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
    m.def("read_model", &read_model, py::arg("path"));
    m.def(
        "parse_model",
        [](const std::string& text, const std::string& source) {
            return parse_model(text, source);
        },
        py::arg("text"), py::arg("source") = "<string>");

    // ---- factor data
    py::class_<gwp_table>(m, "GwpTable")
        .def_property_readonly("sets",
                               [](const gwp_table& t) {
                                   std::vector<std::string> v;
                                   for (const auto& s : t.sets)
                                       v.push_back(s.name);
                                   return v;
                               })
        .def(
            "gwp",
            [](const gwp_table& t, const std::string& set, const std::string& species,
               const std::string& o) {
                const origin org = o == "biogenic" ? origin::biogenic
                                   : o == "fossil" ? origin::fossil
                                                   : origin::other;
                auto v = t.get(set).lookup(species, org);
                if (!v) throw data_error("unknown-species", "no GWP for '" + species + "'");
                return *v;
            },
            py::arg("set"), py::arg("species"), py::arg("origin") = "fossil");
    m.def("load_gwp_table", &load_gwp_table, py::arg("path"));

    py::class_<factor_db, std::shared_ptr<factor_db>>(m, "FactorDB")
        .def_property_readonly("datasets",
                               [](const factor_db& db) {
                                   py::list l;
                                   for (const auto& d : db.datasets())
                                       l.append(info_dict(*d));
                                   return l;
                               })
        .def("__len__", &factor_db::size)
        .def("get",
             [](const factor_db& db, const std::string& id) { return factor_dict(db.get(id)); })
        .def(
            "search",
            [](const factor_db& db, const std::string& text, const std::string& dataset,
               const std::string& region, std::optional<int> year, const std::string& unit_text,
               std::size_t limit) {
                factor_query q;
                q.text = text;
                q.dataset = dataset;
                q.region = region;
                q.year = year;
                if (!unit_text.empty()) q.per_unit = parse_unit(unit_text);
                q.limit = limit;
                py::list out;
                for (const auto* f : db.search(q))
                    out.append(factor_dict(*f));
                return out;
            },
            py::arg("text") = "", py::arg("dataset") = "", py::arg("region") = "",
            py::arg("year") = py::none(), py::arg("unit") = "", py::arg("limit") = 50)
        .def(
            "recharacterize",
            [](const factor_db& db, const std::string& id, const gwp_table& t,
               const std::string& set) { return recharacterize(db.get(id), t.get(set)); },
            py::arg("id"), py::arg("gwp_table"), py::arg("set"));
    m.def(
        "load_factor_db",
        [](const std::filesystem::path& dir) {
            py::gil_scoped_release release;
            return std::make_shared<factor_db>(load_factor_db(dir));
        },
        py::arg("path"));
    m.def(
        "link",
        [](const product_system& s, const factor_db& db, bool per_gas) {
            return link_background(s, db, link_options{per_gas});
        },
        py::arg("model"), py::arg("db"), py::arg("per_gas") = true);
    m.def("has_background_refs", &has_background_refs, py::arg("model"));

    // ---- matrices, factorization, solves
    py::class_<solved_system>(m, "System")
        .def_property_readonly("process_ids",
                               [](const solved_system& s) {
                                   std::vector<std::string> v;
                                   for (const auto& c : s.sys->index.columns())
                                       v.push_back(c.process);
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
        .def_property_readonly("indicators",
                               [](const solved_system& s) { return s.ch->indicators; })
        .def_property_readonly("gwp_set", [](const solved_system& s) { return s.ch->gwp_set; })
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
        .def("intensities",
             [](const solved_system& s) {
                 py::gil_scoped_release release;
                 return Eigen::MatrixXd(intensities(*s.sys, *s.ch, *s.lu));
             })
        .def(
            "process_contributions",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& scaling) {
                footprint r;
                r.scaling = scaling;
                return Eigen::MatrixXd(process_contributions(*s.sys, *s.ch, r));
            },
            py::arg("scaling"))
        .def(
            "flow_contributions",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& inventory) {
                footprint r;
                r.inventory = inventory;
                return Eigen::MatrixXd(flow_contributions(*s.ch, r));
            },
            py::arg("inventory"))
        .def(
            "upstream_tree",
            [](const solved_system& s, const Eigen::Ref<const Eigen::VectorXd>& demand,
               double cutoff) {
                Eigen::Index root = 0;
                demand.cwiseAbs().maxCoeff(&root);
                const Eigen::VectorXd lambda =
                    intensities(*s.sys, *s.ch, *s.lu, climate_indicator::total);
                tree_options opt;
                opt.cutoff = cutoff;
                py::list out;
                for (const auto& n : upstream_tree(*s.sys, *s.ch, lambda,
                                                   process_col{static_cast<std::size_t>(root)},
                                                   demand(root), opt)) {
                    py::dict d;
                    d["parent"] = n.parent;
                    d["depth"] = n.depth;
                    d["process"] = s.sys->index.column(n.process).process;
                    d["product"] = s.sys->index.column(n.process).product;
                    d["amount"] = n.amount;
                    d["direct"] = n.direct;
                    d["total"] = n.total;
                    d["share"] = n.share;
                    d["loop"] = n.loop;
                    out.append(d);
                }
                return out;
            },
            py::arg("demand"), py::arg("cutoff") = 0.01);
    m.def(
        "build",
        [](const product_system& model, const gwp_table& t, const std::string& set) {
            solved_system s;
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

    // ---- calculators
    m.def(
        "run_calculator",
        [](const std::filesystem::path& folder, const py::dict& set, const factor_db& db,
           const gwp_table& t, const std::string& gwp) {
            std::map<std::string, parameter_override> overrides;
            for (const auto& [k, v] : set) {
                const auto name = k.cast<std::string>();
                if (py::isinstance<py::str>(v))
                    overrides[name] = v.cast<std::string>();
                else if (py::isinstance<py::bool_>(v) ||
                         !py::isinstance<py::float_>(v) && !py::isinstance<py::int_>(v))
                    throw input_error("parameter-type",
                                      "parameter '" + name + "': expected a number or a text");
                else
                    overrides[name] = v.cast<double>();
            }
            const calculator c = load_calculator(folder);
            const calculator_result r = [&] {
                py::gil_scoped_release release;
                return run_calculator(c, overrides, db, t.get(gwp));
            }();
            py::dict out;
            out["calculator"] = r.name;
            out["title"] = r.title;
            out["gwp_set"] = r.gwp_set;
            py::list scenarios;
            for (const auto& s : r.scenarios) {
                py::dict d;
                d["name"] = s.name;
                d["functional_unit"] = s.functional_unit;
                d["total"] = s.total;
                py::dict ind;
                for (std::size_t k = 0; k < s.indicators.size(); ++k)
                    ind[py::str(s.indicators[k])] = s.impacts[k];
                d["indicators"] = ind;
                py::dict params;
                for (const auto& [k, v] : s.values.numbers)
                    params[py::str(k)] = v;
                for (const auto& [k, v] : s.values.texts)
                    params[py::str(k)] = v;
                d["parameters"] = params;
                py::list contributors;
                for (const auto& c2 : s.contributors)
                    contributors.append(py::make_tuple(c2.process, c2.value));
                d["contributors"] = contributors;
                d["tags"] = s.tags;
                py::list gates;
                for (const auto& g : s.gates) {
                    py::dict gd;
                    gd["label"] = g.label;
                    gd["flow"] = g.flow;
                    gd["unit"] = g.unit;
                    gd["amount"] = g.amount;
                    gd["per_unit"] = g.per_unit;
                    gd["embodied"] = g.embodied;
                    gates.append(gd);
                }
                d["gates"] = gates;
                d["reduction_percent"] = s.reduction_percent
                                             ? py::object(py::float_(*s.reduction_percent))
                                             : py::object(py::none());
                scenarios.append(d);
            }
            out["scenarios"] = scenarios;
            return out;
        },
        py::arg("folder"), py::arg("set"), py::arg("db"), py::arg("gwp_table"),
        py::arg("gwp_set") = "AR6");
    m.def(
        "calculator_parameters",
        [](const std::filesystem::path& folder) {
            const calculator c = load_calculator(folder);
            py::list out;
            for (const auto& p : c.model.parameters) {
                py::dict d;
                d["name"] = p.name;
                d["description"] = p.description;
                d["unit"] = p.unit;
                if (!p.formula.empty())
                    d["formula"] = p.formula;
                else if (p.is_text)
                    d["default"] = p.text;
                else
                    d["default"] = p.value;
                d["min"] = p.min ? py::object(py::float_(*p.min)) : py::object(py::none());
                d["max"] = p.max ? py::object(py::float_(*p.max)) : py::object(py::none());
                d["choices"] = p.choices;
                out.append(d);
            }
            return out;
        },
        py::arg("folder"));

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
