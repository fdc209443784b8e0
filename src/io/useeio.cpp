// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/useeio.hpp"

#include "cradle/io/files.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cradle {
namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
    const std::string text = read_text_file(file);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw data_error("json-parse", file.string() + ": not valid JSON: " + e.what());
    }
}

/// A matrix stored as a JSON list of rows; checks the shape and every entry.
sparse_matrix read_rows(const std::filesystem::path& file, Eigen::Index rows, Eigen::Index cols) {
    const auto doc = read_json(file);
    auto bad = [&](const std::string& what) {
        throw data_error("bad-data-file", file.string() + ": " + what);
    };
    if (!doc.is_array()) bad("expected a list of rows");
    if (rows >= 0 && static_cast<Eigen::Index>(doc.size()) != rows)
        bad(std::to_string(doc.size()) + " rows, expected " + std::to_string(rows));
    std::vector<triplet> t;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const auto& row = doc[i];
        if (!row.is_array()) bad("row " + std::to_string(i) + " is not a list");
        if (static_cast<Eigen::Index>(row.size()) != cols)
            bad("row " + std::to_string(i) + " has " + std::to_string(row.size()) +
                " columns, expected " + std::to_string(cols));
        for (std::size_t j = 0; j < row.size(); ++j) {
            if (!row[j].is_number())
                bad("row " + std::to_string(i) + " column " + std::to_string(j) + ": not a number");
            const double v = row[j].get<double>();
            if (!std::isfinite(v))
                bad("row " + std::to_string(i) + " column " + std::to_string(j) + ": not finite");
            if (v != 0.0) t.emplace_back(static_cast<int>(i), static_cast<int>(j), v);
        }
    }
    sparse_matrix m(static_cast<Eigen::Index>(doc.size()), cols);
    m.setFromTriplets(t.begin(), t.end());
    m.makeCompressed();
    return m;
}

/// A metadata list (sectors.json, ...): objects with "id" (and "index" in order).
std::vector<nlohmann::json> read_list(const std::filesystem::path& file) {
    const auto doc = read_json(file);
    if (!doc.is_array()) throw data_error("bad-data-file", file.string() + ": expected a list");
    std::vector<nlohmann::json> out;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const auto& e = doc[i];
        if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
            throw data_error("bad-data-file", file.string() + ": entry " + std::to_string(i) +
                                                  " has no string 'id'");
        if (e.contains("index") && e["index"] != i)
            throw data_error("bad-data-file", file.string() + ": entry " + std::to_string(i) +
                                                  " has index " + e["index"].dump());
        out.push_back(e);
    }
    return out;
}

std::string get_str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

io_model read_io_model(const std::filesystem::path& folder, io_path path) {
    if (!std::filesystem::is_directory(folder))
        throw input_error("file-not-readable", folder.string() + ": not a directory");
    io_model m;
    m.name = folder.filename().string();
    if (m.name.empty()) m.name = folder.parent_path().filename().string();
    for (const auto& s : read_list(folder / "sectors.json")) {
        m.sectors.push_back(get_str(s, "id"));
        m.sector_names.push_back(get_str(s, "name"));
    }
    for (const auto& s : read_list(folder / "indicators.json")) {
        const std::string code = get_str(s, "code");
        m.indicators.push_back(code.empty() ? get_str(s, "id") : code);
        m.indicator_units.push_back(get_str(s, "unit"));
    }
    const auto n = static_cast<Eigen::Index>(m.sectors.size());
    const auto k = static_cast<Eigen::Index>(m.indicators.size());
    const auto mat = folder / "matrix";

    const sparse_matrix A = read_rows(mat / "A.json", n, n);
    sparse_matrix I(n, n);
    I.setIdentity();
    m.technosphere = I - A;
    m.technosphere.makeCompressed();

    const bool have_bc =
        std::filesystem::exists(mat / "B.json") && std::filesystem::exists(mat / "C.json");
    const bool use_flows = path == io_path::flows || (path == io_path::automatic && have_bc);
    if (use_flows) {
        if (!have_bc)
            throw data_error("bad-data-file", mat.string() + ": B.json and C.json are required");
        for (const auto& f : read_list(folder / "flows.json"))
            m.flows.push_back(get_str(f, "id"));
        const auto nf = static_cast<Eigen::Index>(m.flows.size());
        m.B = read_rows(mat / "B.json", nf, n);
        m.C = read_rows(mat / "C.json", k, nf);
        m.D = m.C * m.B;
        m.D.makeCompressed();
    } else {
        if (!std::filesystem::exists(mat / "D.json"))
            throw data_error("bad-data-file",
                             mat.string() + ": needs D.json, or B.json with C.json");
        m.D = read_rows(mat / "D.json", k, n);
    }
    return m;
}

} // namespace cradle
