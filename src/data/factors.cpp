// SPDX-License-Identifier: Apache-2.0
#include "cradle/data/factors.hpp"

#include "cradle/data/bundled.hpp"
#include "cradle/io/files.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>

namespace cradle {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw data_error("bad-data-file", what);
}

/// A CSV file with a header row; rows are checked for their number of cells.
struct csv_table {
    std::filesystem::path file;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> line; ///< 1-based line number of each row

    [[nodiscard]] std::size_t column(const std::string& name) const {
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) bad(file.string() + " row 1: missing column '" + name + "'");
        return static_cast<std::size_t>(it - header.begin());
    }
    [[nodiscard]] std::string where(std::size_t r, std::size_t c) const {
        return file.string() + " row " + std::to_string(line[r]) + " column '" +
               detail::excerpt(header[c]) + "'";
    }
    [[nodiscard]] double number(std::size_t r, std::size_t c) const {
        const std::string& s = rows[r][c];
        double v = 0;
        try {
            std::size_t used = 0;
            v = std::stod(s, &used);
            if (used != s.size()) throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            bad(where(r, c) + ": '" + detail::excerpt(s) + "' is not a number");
        }
        if (!std::isfinite(v)) bad(where(r, c) + ": '" + detail::excerpt(s) + "' is not finite");
        return v;
    }
    [[nodiscard]] int integer(std::size_t r, std::size_t c) const {
        const double v = number(r, c);
        if (v != std::floor(v) || std::abs(v) > 1e9)
            bad(where(r, c) + ": '" + detail::excerpt(rows[r][c]) + "' is not an integer");
        return static_cast<int>(v);
    }
};

csv_table read_csv(const std::filesystem::path& file) {
    std::string text;
    try {
        text = read_text_file(file);
    } catch (const input_error& e) {
        bad(e.message());
    }
    csv_table t;
    t.file = file;
    std::istringstream in(text);
    std::string l;
    std::size_t n = 0;
    while (std::getline(in, l)) {
        ++n;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        if (l.empty()) continue;
        if (std::count(l.begin(), l.end(), '"') % 2 != 0)
            bad(file.string() + " row " + std::to_string(n) + ": unbalanced quotes");
        auto cells = detail::split_csv_line(l);
        if (t.header.empty()) {
            t.header = std::move(cells);
            continue;
        }
        if (cells.size() != t.header.size())
            bad(file.string() + " row " + std::to_string(n) + ": " + std::to_string(cells.size()) +
                " columns, expected " + std::to_string(t.header.size()));
        t.rows.push_back(std::move(cells));
        t.line.push_back(n);
    }
    if (t.header.empty()) bad(file.string() + ": empty file (no header row)");
    return t;
}

nlohmann::json read_manifest(const std::filesystem::path& folder) {
    const auto file = folder / "manifest.json";
    std::string text;
    try {
        text = read_text_file(file);
    } catch (const input_error& e) {
        bad(e.message());
    }
    try {
        auto j = nlohmann::json::parse(text);
        if (!j.is_object()) bad(file.string() + ": expected a JSON object");
        return j;
    } catch (const nlohmann::json::parse_error& e) {
        bad(file.string() + ": not valid JSON: " + e.what());
    }
}

std::string manifest_string(const nlohmann::json& m, const std::filesystem::path& file,
                            const char* key, bool required = true) {
    auto it = m.find(key);
    if (it == m.end()) {
        if (required) bad(file.string() + ": missing '" + key + "'");
        return {};
    }
    if (!it->is_string()) bad(file.string() + " /" + key + ": expected a string");
    return it->get<std::string>();
}

origin parse_origin(const csv_table& t, std::size_t r, std::size_t c) {
    const std::string& s = t.rows[r][c];
    if (s == "fossil") return origin::fossil;
    if (s == "biogenic") return origin::biogenic;
    if (s == "land-use-change") return origin::land_use_change;
    if (s == "other") return origin::other;
    bad(t.where(r, c) + ": '" + detail::excerpt(s) +
        "' is not one of fossil, biogenic, land-use-change, other");
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

io_background read_io(const std::filesystem::path& folder, const std::vector<factor>& factors) {
    io_background io;
    io.currency = "USD2012";
    const csv_table sectors = read_csv(folder / "sectors.csv");
    const std::size_t ci = sectors.column("index"), cc = sectors.column("code"),
                      cl = sectors.column("location"), cn = sectors.column("name");
    for (std::size_t r = 0; r < sectors.rows.size(); ++r) {
        if (sectors.integer(r, ci) != static_cast<int>(r))
            bad(sectors.where(r, ci) + ": sectors must be listed in index order");
        io.codes.push_back(sectors.rows[r][cc] + "/" + sectors.rows[r][cl]);
        io.names.push_back(sectors.rows[r][cn]);
    }
    const auto n = static_cast<int>(io.codes.size());
    if (static_cast<std::size_t>(n) != factors.size())
        bad((folder / "sectors.csv").string() + ": " + std::to_string(n) +
            " sectors but factors.csv has " + std::to_string(factors.size()) + " rows");
    for (int j = 0; j < n; ++j)
        if (factors[static_cast<std::size_t>(j)].id != io.codes[static_cast<std::size_t>(j)])
            bad((folder / "factors.csv").string() + ": row " + std::to_string(j + 2) +
                " is not sector '" + io.codes[static_cast<std::size_t>(j)] + "'");
    const csv_table a = read_csv(folder / "A.csv");
    const std::size_t ar = a.column("row"), ac = a.column("col"), av = a.column("value");
    std::vector<triplet> t;
    t.reserve(a.rows.size());
    for (std::size_t r = 0; r < a.rows.size(); ++r) {
        const int i = a.integer(r, ar), j = a.integer(r, ac);
        if (i < 0 || i >= n) bad(a.where(r, ar) + ": sector index out of range");
        if (j < 0 || j >= n) bad(a.where(r, ac) + ": sector index out of range");
        t.emplace_back(i, j, a.number(r, av));
    }
    io.A.resize(n, n);
    io.A.setFromTriplets(t.begin(), t.end(), [&](double, double) -> double {
        bad((folder / "A.csv").string() + ": an entry appears twice");
    });
    io.A.makeCompressed();
    const csv_table d = read_csv(folder / "direct.csv");
    if (d.rows.size() != static_cast<std::size_t>(n))
        bad(d.file.string() + ": " + std::to_string(d.rows.size()) + " rows, expected " +
            std::to_string(n));
    const std::size_t dv = d.column("kg_co2e_per_usd"), di = d.column("index");
    for (std::size_t r = 0; r < d.rows.size(); ++r) {
        if (d.integer(r, di) != static_cast<int>(r)) bad(d.where(r, di) + ": out of order");
        io.direct.push_back(d.number(r, dv));
    }
    const csv_table p = read_csv(folder / "price_ratios.csv");
    if (p.rows.size() != static_cast<std::size_t>(n))
        bad(p.file.string() + ": " + std::to_string(p.rows.size()) + " rows, expected " +
            std::to_string(n));
    for (std::size_t c = 1; c < p.header.size(); ++c) {
        try {
            io.price_years.push_back(std::stoi(p.header[c]));
        } catch (const std::exception&) {
            bad(p.file.string() + " row 1: column '" + detail::excerpt(p.header[c]) +
                "' is not a year");
        }
    }
    for (std::size_t r = 0; r < p.rows.size(); ++r) {
        std::vector<double> row;
        for (std::size_t c = 1; c < p.header.size(); ++c) {
            const double v = p.number(r, c);
            if (v <= 0) bad(p.where(r, c) + ": price ratio must be positive");
            row.push_back(v);
        }
        io.price_ratio.push_back(std::move(row));
    }
    return io;
}

} // namespace

factor_dataset::factor_dataset(std::shared_ptr<const dataset_info> info, std::vector<factor> f,
                               std::optional<io_background> io)
    : info_(std::move(info)), factors_(std::move(f)), io_(std::move(io)) {
    by_id_.reserve(factors_.size());
    for (std::size_t i = 0; i < factors_.size(); ++i)
        if (!by_id_.emplace(factors_[i].id, i).second)
            bad(info_->id + ": duplicate factor id '" + factors_[i].id + "'");
}

const factor* factor_dataset::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &factors_[it->second];
}

std::vector<std::string> factor_dataset::closest(std::string_view id, std::size_t n) const {
    // rank ids sharing more leading '/'-segments first ("VN/2023" -> "VN/2024"),
    // then by edit distance
    auto segments = [](std::string_view a, std::string_view b) {
        std::size_t same = 0;
        while (!a.empty() && !b.empty()) {
            const auto ea = a.find('/'), eb = b.find('/');
            if (ea == std::string_view::npos || eb == std::string_view::npos) break;
            if (a.substr(0, ea) != b.substr(0, eb)) break;
            ++same;
            a.remove_prefix(ea + 1);
            b.remove_prefix(eb + 1);
        }
        return same;
    };
    if (id.size() > detail::closest_words_max_length) return {}; // bounded in time
    std::vector<std::pair<std::size_t, const std::string*>> scored;
    scored.reserve(factors_.size());
    for (const auto& f : factors_)
        scored.emplace_back(detail::edit_distance(id, f.id) +
                                1000 * (8 - std::min<std::size_t>(8, segments(id, f.id))),
                            &f.id);
    const std::size_t k = std::min(n, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end(),
                      [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first < b.first : *a.second < *b.second;
                      });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < k; ++i)
        out.push_back(*scored[i].second);
    return out;
}

factor_db::factor_db(std::vector<std::shared_ptr<const factor_dataset>> sets)
    : sets_(std::move(sets)) {
    std::sort(sets_.begin(), sets_.end(),
              [](const auto& a, const auto& b) { return a->info().id < b->info().id; });
    for (std::size_t i = 1; i < sets_.size(); ++i)
        if (sets_[i]->info().id == sets_[i - 1]->info().id)
            throw data_error("duplicate-dataset", "two datasets have the id '" +
                                                      sets_[i]->info().id + "' (" +
                                                      sets_[i - 1]->info().folder.string() + ", " +
                                                      sets_[i]->info().folder.string() + ")");
}

const factor_dataset* factor_db::dataset(std::string_view id) const {
    for (const auto& s : sets_)
        if (s->info().id == id) return s.get();
    return nullptr;
}

const factor* factor_db::find(std::string_view full_id) const {
    const auto slash = full_id.find('/');
    if (slash == std::string_view::npos) return nullptr;
    const factor_dataset* d = dataset(full_id.substr(0, slash));
    return d ? d->find(full_id.substr(slash + 1)) : nullptr;
}

const factor& factor_db::get(std::string_view full_id) const {
    if (const factor* f = find(full_id)) return *f;
    const auto slash = full_id.find('/');
    const std::string ds(full_id.substr(0, slash));
    const factor_dataset* d = slash == std::string_view::npos ? nullptr : dataset(ds);
    if (d == nullptr) {
        std::string list;
        for (const auto& s : sets_)
            list += (list.empty() ? "" : ", ") + s->info().id;
        throw data_error("unknown-factor", "no factor '" + detail::excerpt(full_id, 80) +
                                               "': unknown dataset '" + detail::excerpt(ds, 80) +
                                               "' (loaded: " + list + ")");
    }
    std::string near;
    for (const auto& c : d->closest(full_id.substr(slash + 1)))
        near += (near.empty() ? "" : ", ") + ds + "/" + c;
    throw data_error("unknown-factor", "no factor '" + detail::excerpt(full_id, 80) + "' in " + ds +
                                           (near.empty() ? "" : "; closest: " + near));
}

std::size_t factor_db::size() const {
    std::size_t n = 0;
    for (const auto& s : sets_)
        n += s->factors().size();
    return n;
}

std::vector<const factor*> factor_db::search(const factor_query& q) const {
    std::vector<std::string> words;
    {
        std::istringstream in(lower(q.text));
        std::string w;
        while (in >> w)
            words.push_back(w);
    }
    const std::string cat = lower(q.category), region = lower(q.region);
    std::vector<const factor*> out;
    for (const auto& s : sets_) {
        if (!q.dataset.empty() && s->info().id != q.dataset) continue;
        for (const auto& f : s->factors()) {
            if (q.year && f.year != *q.year) continue;
            if (!region.empty() && lower(f.region) != region) continue;
            if (!cat.empty() && lower(f.category).find(cat) == std::string::npos) continue;
            if (q.per_unit && !(q.per_unit->dim == f.per_unit.dim)) continue;
            if (!words.empty()) {
                const std::string hay = lower(f.full_id() + " " + f.name + " " + f.category);
                bool all = true;
                for (const auto& w : words)
                    if (hay.find(w) == std::string::npos) {
                        all = false;
                        break;
                    }
                if (!all) continue;
            }
            out.push_back(&f);
            if (out.size() >= q.limit) return out;
        }
    }
    return out;
}

factor_dataset load_dataset(const std::filesystem::path& folder) {
    const auto mfile = folder / "manifest.json";
    const auto m = read_manifest(folder);
    auto info = std::make_shared<dataset_info>();
    info->id = manifest_string(m, mfile, "id");
    info->kind = manifest_string(m, mfile, "kind");
    if (info->kind != "factors" && info->kind != "io-model")
        bad(mfile.string() + " /kind: '" + info->kind + "' is not 'factors' or 'io-model'");
    info->title = manifest_string(m, mfile, "title");
    info->short_name = manifest_string(m, mfile, "short_name", false);
    info->publisher = manifest_string(m, mfile, "publisher");
    info->version = manifest_string(m, mfile, "version");
    info->region = manifest_string(m, mfile, "region");
    info->licence = manifest_string(m, mfile, "licence");
    info->licence_url = manifest_string(m, mfile, "licence_url", false);
    info->attribution = manifest_string(m, mfile, "attribution", false);
    info->source = manifest_string(m, mfile, "source");
    info->folder = folder;
    if (auto y = m.find("year"); y != m.end() && y->is_number_integer() &&
                                 y->get<std::int64_t>() >= 1900 && y->get<std::int64_t>() <= 2100)
        info->year = static_cast<int>(y->get<std::int64_t>()); // range checked before the cast
    else
        bad(mfile.string() + " /year: expected a year from 1900 to 2100");
    if (auto g = m.find("gwp"); g != m.end() && g->is_object()) {
        if (auto s = g->find("set"); s != g->end() && s->is_string()) info->gwp_set = *s;
        for (const auto& [k, v] : g->items())
            if (v.is_number()) info->gwp_values[detail::normalize_species(k)] = v.get<double>();
        if (!info->gwp_values.empty()) info->gwp_values.emplace("CO2", 1.0);
    } else {
        bad(mfile.string() + " /gwp: expected an object");
    }

    const csv_table t = read_csv(folder / "factors.csv");
    const std::size_t c_id = t.column("id"), c_name = t.column("name"),
                      c_cat = t.column("category"), c_region = t.column("region"),
                      c_year = t.column("year"), c_unit = t.column("unit"),
                      c_q = t.column("quantity"), c_v = t.column("value"), c_o = t.column("origin");
    std::vector<factor> factors;
    factors.reserve(t.rows.size());
    std::unordered_map<std::string, std::size_t> index;
    std::unordered_map<std::string, unit> units;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        factor f;
        f.id = t.rows[r][c_id];
        if (f.id.empty()) bad(t.where(r, c_id) + ": empty id");
        if (!index.emplace(f.id, r).second)
            bad(t.where(r, c_id) + ": duplicate id '" + f.id + "' (first at row " +
                std::to_string(t.line[index[f.id]]) + ")");
        f.name = t.rows[r][c_name];
        f.category = t.rows[r][c_cat];
        f.region = t.rows[r][c_region];
        f.year = t.integer(r, c_year);
        const std::string& u = t.rows[r][c_unit];
        auto cached = units.find(u);
        if (cached == units.end()) {
            try {
                cached = units.emplace(u, parse_unit(u)).first;
            } catch (const unit_error& e) {
                bad(t.where(r, c_unit) + ": " + e.message());
            }
        }
        f.per_unit = cached->second;
        f.quantity = t.rows[r][c_q];
        if (f.quantity.empty()) bad(t.where(r, c_q) + ": empty");
        f.value = t.number(r, c_v);
        f.carbon_origin = parse_origin(t, r, c_o);
        f.dataset = info;
        factors.push_back(std::move(f));
    }
    if (std::filesystem::exists(folder / "gases.csv")) {
        const csv_table g = read_csv(folder / "gases.csv");
        const std::size_t g_id = g.column("id"), g_sp = g.column("species"), g_kg = g.column("kg");
        // optional: the gas's own origin where it differs from its factor's (empty: the factor's)
        constexpr std::size_t absent = static_cast<std::size_t>(-1);
        const auto o_it = std::find(g.header.begin(), g.header.end(), "origin");
        const std::size_t g_o =
            o_it == g.header.end() ? absent : static_cast<std::size_t>(o_it - g.header.begin());
        for (std::size_t r = 0; r < g.rows.size(); ++r) {
            auto it = index.find(g.rows[r][g_id]);
            if (it == index.end())
                bad(g.where(r, g_id) + ": no factor '" + g.rows[r][g_id] + "' in factors.csv");
            if (g.rows[r][g_sp].empty()) bad(g.where(r, g_sp) + ": empty");
            gas_part part{g.rows[r][g_sp], g.number(r, g_kg), std::nullopt};
            if (g_o != absent && !g.rows[r][g_o].empty()) part.gas_origin = parse_origin(g, r, g_o);
            factors[it->second].gases.push_back(std::move(part));
        }
    }
    std::optional<io_background> io;
    if (info->kind == "io-model") io = read_io(folder, factors);
    return factor_dataset(std::move(info), std::move(factors), std::move(io));
}

namespace {
factor_db load_factor_db_unguarded(const std::filesystem::path& root) {
    if (!std::filesystem::is_directory(root))
        throw data_error("factors-not-found", root.string() + " is not a directory");
    std::vector<std::filesystem::path> folders;
    for (const auto& e : std::filesystem::directory_iterator(root)) {
        if (!e.is_directory() || !std::filesystem::exists(e.path() / "manifest.json")) continue;
        const auto m = read_manifest(e.path());
        const auto kind = m.find("kind");
        if (kind != m.end() && kind->is_string() && (*kind == "factors" || *kind == "io-model"))
            folders.push_back(e.path());
    }
    std::sort(folders.begin(), folders.end());
    std::vector<std::shared_ptr<const factor_dataset>> sets;
    for (const auto& f : folders)
        sets.push_back(std::make_shared<const factor_dataset>(load_dataset(f)));
    return factor_db(std::move(sets));
}
} // namespace

factor_db load_factor_db(const std::filesystem::path& root) {
    try {
        return load_factor_db_unguarded(root);
    } catch (const std::filesystem::filesystem_error& e) { // symlink loops, permissions, ...
        throw data_error("file-system-error", (e.path1().empty() ? root : e.path1()).string() +
                                                  ": " + e.code().message());
    }
}

factor_db default_factor_db() {
    return load_factor_db(default_factors_dir());
}

double recharacterize(const factor& f, const gwp_set& gwp) {
    auto weight = [&](const std::string& species, origin o) {
        if (detail::normalize_species(species) == "CO2E") return 1.0;
        const auto v = gwp.lookup(species, o);
        if (!v)
            throw data_error("unknown-species", f.full_id() + ": GWP set " + gwp.name +
                                                    " has no value for '" + species + "'");
        return *v;
    };
    if (f.gases.empty()) return f.value * weight(f.quantity, f.carbon_origin);
    double sum = 0;
    for (const auto& g : f.gases)
        sum += g.kg * weight(g.species, g.origin_in(f));
    return sum;
}

std::optional<double> published_from_parts(const factor& f) {
    if (f.gases.empty() || f.dataset->gwp_values.empty()) return std::nullopt;
    double sum = 0;
    for (const auto& g : f.gases) {
        const std::string s = detail::normalize_species(g.species);
        if (s == "CO2E") {
            sum += g.kg;
            continue;
        }
        auto it = f.dataset->gwp_values.find(s);
        if (it == f.dataset->gwp_values.end()) return std::nullopt;
        sum += g.kg * it->second;
    }
    return sum;
}

} // namespace cradle
