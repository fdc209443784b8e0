// cradle._core — contributions and upstream trees on a System, and the calculators.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {

void bind_analysis(py::module_& m, system_class& system) {
    m.def(
        "supply_chain_table",
        [](const product_system& model, const gwp_table& t, const std::string& set) {
            supply_chain_table tab;
            {
                py::gil_scoped_release release;
                tab = supply_chain_factors(model, t.get(set));
            }
            std::vector<std::string> ids, names, locations, units;
            for (const auto& p : tab.products) {
                ids.push_back(p.label());
                names.push_back(p.name);
                locations.push_back(p.location);
                units.push_back(p.product_unit.symbol);
            }
            return py::make_tuple(ids, names, locations, units, tab.indicators,
                                  std::move(tab.values), tab.pivot_ratio);
        },
        py::arg("model"), py::arg("gwp_table"), py::arg("set") = "AR6");

    system
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
    ;
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
                         (!py::isinstance<py::float_>(v) && !py::isinstance<py::int_>(v)))
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
                d["pivot_ratio"] = s.pivot_ratio;
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
}

} // namespace cradle::python
