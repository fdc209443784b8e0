// cradle — elementary flows of imported databases mapped to greenhouse-gas species.
// SPDX-License-Identifier: Apache-2.0
#include "cradle/data/ghg_flows.hpp"

#include "cradle/detail/csv.hpp"
#include "cradle/io/files.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace cradle {

namespace {
/// Lower case, runs of white space as one space, trimmed.
std::string name_key(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}
} // namespace

ghg_flow_map parse_ghg_flow_map(std::string_view text, const std::string& source) {
    ghg_flow_map map;
    map.file = source;
    std::istringstream in{std::string(text)};
    std::string line;
    std::size_t row = 0;
    bool header = false;
    auto fail = [&](const std::string& what) {
        throw data_error("bad-data-file", source + " row " + std::to_string(row) + ": " + what);
    };
    while (std::getline(in, line)) {
        ++row;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto cells = detail::split_csv_line(line);
        if (!header) {
            if (cells != std::vector<std::string>{"name", "compartment", "species", "origin",
                                                  "direction", "cas", "source"})
                fail("expected the header name,compartment,species,origin,direction,cas,source");
            header = true;
            continue;
        }
        if (cells.size() != 7) fail(std::to_string(cells.size()) + " cells, expected 7");
        ghg_flow_rule r;
        r.name = cells[0];
        r.compartment = cells[1];
        r.species = cells[2];
        auto o = origin_from_string(cells[3]);
        if (!o) fail("unknown origin '" + cells[3] + "'");
        r.carbon_origin = *o;
        if (cells[4] != "emission" && cells[4] != "resource")
            fail("direction must be emission or resource");
        r.dir = cells[4] == "emission" ? direction::emission : direction::resource;
        r.cas = cells[5];
        r.source = cells[6];
        if (r.name.empty() || r.species.empty()) fail("name and species are required");
        if (r.compartment != "air" && r.compartment != "resource")
            fail("compartment must be air or resource");
        for (const auto& prev : map.rules)
            if (name_key(prev.name) == name_key(r.name) && prev.compartment == r.compartment)
                fail("'" + r.name + "' in " + r.compartment + " is listed twice");
        map.rules.push_back(std::move(r));
    }
    if (!header) fail("no header");
    return map;
}

ghg_flow_map load_ghg_flow_map(const std::filesystem::path& file) {
    return parse_ghg_flow_map(read_text_file(file), file.string());
}

std::string compartment_class(const flow& f) {
    if (f.kind != flow_kind::elementary) return {};
    if (f.dir == direction::resource) return "resource";
    std::string c = name_key(f.compartment);
    if (c.empty()) return "air";
    std::size_t start = 0;
    while (start <= c.size()) {
        const auto end = std::min(c.find('/', start), c.size());
        const std::string seg = c.substr(start, end - start);
        // "air", "air/…", "Emission to air" (NETL), "troposphere", "stratosphere" (EcoSpold 1
        // exports of the FEDEFL: "troposphere/rural")
        if (seg.rfind("air", 0) == 0 || seg.find("to air") != std::string::npos ||
            seg == "troposphere" || seg == "stratosphere" || seg.rfind("troposphere", 0) == 0 ||
            seg.rfind("stratosphere", 0) == 0)
            return "air";
        start = end + 1;
    }
    return {};
}

bool looks_like_ghg(const flow& f, const gwp_set& gwp) {
    if (compartment_class(f) != "air") return false;
    const std::string n = name_key(f.name);
    std::size_t start = 0;
    while (start <= f.name.size()) {
        const auto end = std::min(f.name.find(',', start), f.name.size());
        const std::string part = detail::normalize_species(f.name.substr(start, end - start));
        if (!part.empty() && (gwp.values.count(part) || part == "CH4")) return true;
        start = end + 1;
    }
    const bool methane = n.find("methane") != std::string::npos &&
                         n.find("non-methane") == std::string::npos &&
                         n.find("other than methane") == std::string::npos &&
                         n.find("nonmethane") == std::string::npos;
    for (const char* word : {"carbon dioxide", "nitrous oxide", "dinitrogen monoxide", "fluoride",
                             "fluoro", "hfc", "pfc", "cfc", "halon"})
        if (n.find(word) != std::string::npos) return true;
    return methane;
}

ghg_mapping map_ghg_flows(product_system sys, const ghg_flow_map& map, const gwp_set& gwp) {
    ghg_mapping out;
    std::map<std::pair<std::string, std::string>, const ghg_flow_rule*> by_key;
    for (const auto& r : map.rules) {
        by_key[{name_key(r.name), r.compartment}] = &r;
        if (!gwp.lookup(r.species, r.carbon_origin))
            out.problems.push_back(
                {"unknown-species", map.file + ": '" + r.name + "' maps to species '" + r.species +
                                        "', which GWP set " + gwp.name + " does not have"});
    }
    std::vector<const flow*> unmapped;
    for (auto& f : sys.flows) {
        if (f.kind != flow_kind::elementary || !f.substance.empty()) continue;
        const std::string cls = compartment_class(f);
        auto it = cls.empty() ? by_key.end() : by_key.find({name_key(f.name), cls});
        if (it != by_key.end()) {
            f.substance = it->second->species;
            f.carbon_origin = it->second->carbon_origin;
            f.dir = it->second->dir;
            if (f.cas.empty()) f.cas = it->second->cas;
            ++out.mapped;
        } else if (looks_like_ghg(f, gwp)) {
            unmapped.push_back(&f);
        }
    }
    std::sort(unmapped.begin(), unmapped.end(), [](const flow* a, const flow* b) {
        return std::tie(a->name, a->id) < std::tie(b->name, b->id);
    });
    for (const auto* f : unmapped)
        out.unmapped_ghg_like.push_back(f->id);
    out.system = std::move(sys);
    return out;
}

} // namespace cradle
