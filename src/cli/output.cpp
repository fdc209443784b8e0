// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include "cradle/engine/solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include <ostream>
#include <stdexcept>

namespace cradle::cli {

std::string number(double v, int digits) {
    return fmt::format("{:.{}g}", v, digits);
}

std::string fixed(double v, int decimals) {
    return fmt::format("{:.{}f}", v, decimals);
}

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
    return n;
}

namespace {
/// The first `points` code points of `s`.
std::string_view head_points(std::string_view s, std::size_t points) {
    std::size_t keep = 0;
    for (std::size_t n = 0; keep < s.size() && n < points; ++n) {
        ++keep;
        while (keep < s.size() && (static_cast<unsigned char>(s[keep]) & 0xC0U) == 0x80U)
            ++keep;
    }
    return s.substr(0, keep);
}

/// `s` cut to `width` code points, the cut at a word boundary in the last third if there is one.
std::string cut(std::string_view s, std::size_t width) {
    std::string_view head = head_points(s, width - 1); // room for the ellipsis
    if (const auto sp = head.find_last_of(" ,;/");
        sp != std::string_view::npos && display_width(head.substr(0, sp)) * 3 >= width * 2)
        head = head.substr(0, sp);
    while (!head.empty() && (head.back() == ' ' || head.back() == ','))
        head.remove_suffix(1);
    return std::string(head) + "…";
}
} // namespace

std::string shorten(std::string_view s, std::size_t width) {
    if (width == 0 || display_width(s) <= width) return std::string(s);
    // "<name>, <source>" (a factor's label): keep the source whole and shorten the name
    if (const auto comma = s.rfind(", "); comma != std::string_view::npos && width >= 24) {
        const std::string_view tail = s.substr(comma);
        const std::size_t tw = display_width(tail);
        if (tw * 5 <= width * 2) return cut(s.substr(0, comma), width - tw) + std::string(tail);
    }
    return cut(s, width);
}

std::string display_name(const tech_flow& t) {
    const std::string& base = t.name.empty() ? t.process : t.name;
    return t.allocated ? base + " (" + t.product + ")" : base;
}

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

csv_writer::csv_writer(std::ostream& out, std::vector<std::string> header)
    : out_(out), width_(header.size()) {
    row(header);
}

void csv_writer::row(const std::vector<std::string>& fields) {
    if (fields.size() != width_)
        throw std::logic_error("csv_writer: row of " + std::to_string(fields.size()) +
                               " fields, header of " + std::to_string(width_));
    for (std::size_t i = 0; i < fields.size(); ++i)
        out_ << (i ? "," : "") << csv_field(fields[i]);
    out_ << '\n';
}

table_writer::table_writer(std::ostream& out, std::vector<column> columns, std::string indent)
    : out_(out), columns_(std::move(columns)), indent_(std::move(indent)) {}

void table_writer::row(const std::vector<std::string>& cells) {
    if (cells.size() != columns_.size())
        throw std::logic_error("table_writer: row of " + std::to_string(cells.size()) +
                               " cells, table of " + std::to_string(columns_.size()));
    std::string line = indent_;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const column& c = columns_[i];
        const std::size_t w = display_width(cells[i]);
        const std::string pad(w < c.width ? c.width - w : 0, ' ');
        line += c.right ? pad + cells[i] : cells[i] + pad;
        line += c.after;
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    out_ << line << '\n';
}

void warn_conditioning(double pivot_ratio, const std::string& what) {
    if (!ill_conditioned(pivot_ratio)) return;
    std::cerr << fmt::format("cradle: warning: [cradle:ill-conditioned] {}: the technosphere is "
                             "nearly singular (smallest/largest pivot {:.1e} < {:.0e}); results "
                             "may carry relative errors up to about {:.0e}\n",
                             what, pivot_ratio, ill_conditioned_pivot_ratio,
                             1e-16 / std::max(pivot_ratio, 1e-300));
}

stdout_to_file::stdout_to_file(const std::string& path) : path_(path) {
    if (path.empty()) return;
    file_ = std::make_unique<std::ofstream>(path, std::ios::binary);
    if (!*file_) throw input_error("write-failed", path + ": could not be opened for writing");
    saved_ = std::cout.rdbuf(file_->rdbuf());
}

stdout_to_file::~stdout_to_file() {
    if (saved_ != nullptr) std::cout.rdbuf(saved_);
}

void stdout_to_file::finish() {
    if (!file_) return;
    std::cout.flush();
    std::cout.rdbuf(saved_);
    saved_ = nullptr;
    file_->close();
    if (!*file_) throw input_error("write-failed", path_ + ": could not be written");
}

void write_json(std::ostream& out, const nlohmann::json& j, int indent) {
    out << j.dump(indent) << '\n';
}

bool write_json_to(const std::string& path, const nlohmann::json& j) {
    if (path.empty()) {
        write_json(std::cout, j);
        return false;
    }
    std::ofstream out(path);
    write_json(out, j);
    if (!out) throw input_error("write-failed", path + ": could not be written");
    return true;
}

} // namespace cradle::cli
