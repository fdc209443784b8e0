// cradle._core — GWP tables, factor databases and background linking.
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {
namespace {

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
    py::dict gases; // kg per species (a species booked under two origins: their sum)
    py::list parts; // each gas as published, with the origin it is booked under
    for (const auto& g : f.gases) {
        const py::str sp(g.species);
        gases[sp] = (gases.contains(sp) ? gases[sp].cast<double>() : 0.0) + g.kg;
        parts.append(py::make_tuple(g.species, g.kg, std::string(to_string(g.origin_in(f)))));
    }
    d["gases"] = gases;
    d["gas_parts"] = parts;
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

} // namespace

void bind_data(py::module_& m) {
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
                const auto org = origin_from_string(o);
                if (!org)
                    throw input_error("json-value",
                                      "unknown origin '" + o +
                                          "' (fossil, biogenic, land-use-change, other, "
                                          "land-management, technological, ccs)");
                auto v = t.get(set).lookup(species, *org);
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

    // ---- greenhouse-gas flows of imported databases
    m.def(
        "map_ghg_flows",
        [](const product_system& s, const std::filesystem::path& map_file, const gwp_table& t,
           const std::string& set) {
            const ghg_mapping r = map_ghg_flows(s, load_ghg_flow_map(map_file), t.get(set));
            if (!r.problems.empty()) throw model_error(r.problems);
            return py::make_tuple(r.system, r.mapped, r.unmapped_ghg_like);
        },
        py::arg("model"), py::arg("map_file"), py::arg("gwp_table"), py::arg("set") = "AR6");

    // ---- process databases (factors/uslci)
    py::class_<process_database, std::shared_ptr<process_database>>(m, "ProcessDatabase")
        .def_readonly("id", &process_database::id)
        .def_readonly("title", &process_database::title)
        .def_readonly("version", &process_database::version)
        .def_readonly("licence", &process_database::licence)
        .def_readonly("source", &process_database::source)
        .def_readonly("model", &process_database::model)
        .def("__repr__", [](const process_database& d) {
            return "<ProcessDatabase " + d.id + ": " + std::to_string(d.model.processes.size()) +
                   " processes>";
        });
    m.def(
        "load_process_databases",
        [](const std::filesystem::path& dir) {
            std::vector<std::shared_ptr<const process_database>> dbs;
            {
                py::gil_scoped_release release;
                dbs = load_process_databases(dir);
            }
            std::vector<std::shared_ptr<process_database>> out;
            for (auto& d : dbs)
                out.push_back(std::const_pointer_cast<process_database>(d));
            return out;
        },
        py::arg("path"));
    auto as_const = [](const std::vector<std::shared_ptr<process_database>>& dbs) {
        return std::vector<std::shared_ptr<const process_database>>(dbs.begin(), dbs.end());
    };
    m.def(
        "has_process_db_refs",
        [as_const](const product_system& s,
                   const std::vector<std::shared_ptr<process_database>>& dbs) {
            return has_process_db_refs(s, as_const(dbs));
        },
        py::arg("model"), py::arg("databases"));
    m.def(
        "link_process_databases",
        [as_const](const product_system& s,
                   const std::vector<std::shared_ptr<process_database>>& dbs) {
            return link_process_databases(s, as_const(dbs));
        },
        py::arg("model"), py::arg("databases"));
}

} // namespace cradle::python
