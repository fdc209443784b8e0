// cradle CLI — the one output layer every subcommand writes through: aligned text tables, CSV
// with proper quoting, JSON, and the number formats they share.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/index.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cradle::cli {

/// A number in shortest round-trip-safe form for machine formats ("{:.10g}" unless `digits`).
[[nodiscard]] std::string number(double v, int digits = 10);
/// A number with `decimals` digits after the point ("{:.4f}").
[[nodiscard]] std::string fixed(double v, int decimals);

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
[[nodiscard]] std::string csv_field(std::string_view s);

/// Width of `s` on a terminal: its UTF-8 code points (continuation bytes not counted).
[[nodiscard]] std::size_t display_width(std::string_view s);
/// `s` cut to at most `width` code points for a table cell, with "…" where it was cut, never in
/// the middle of a UTF-8 sequence; a cut prefers a word boundary in the last third, and a
/// factor's label ("<name>, <dataset year>") keeps its dataset whole. Tables only: machine
/// formats always carry the whole name.
[[nodiscard]] std::string shorten(std::string_view s, std::size_t width);

/// The name a person reads for a column of A: the process name (its id if it has none), with
/// the product for a process split by allocation ("Smelter (sulphuric_acid)").
[[nodiscard]] std::string display_name(const tech_flow& t);

/// Width of the name column of the text tables.
inline constexpr std::size_t name_width = 56;

/// CSV rows with a header; every row must have as many fields as the header.
class csv_writer {
  public:
    csv_writer(std::ostream& out, std::vector<std::string> header);
    void row(const std::vector<std::string>& fields);

  private:
    std::ostream& out_;
    std::size_t width_;
};

/// A column of a text table: its width, alignment, and the text printed after each cell.
struct column {
    std::size_t width{0};
    bool right{false};
    std::string after{" "};
};

/// Aligned text rows: each cell padded to its column's display width (never cut), then the column's
/// `after` text; `indent` before each row.
class table_writer {
  public:
    table_writer(std::ostream& out, std::vector<column> columns, std::string indent = {});
    void row(const std::vector<std::string>& cells);

  private:
    std::ostream& out_;
    std::vector<column> columns_;
    std::string indent_;
};

/// On stderr, when `pivot_ratio` is below ill_conditioned_pivot_ratio: "cradle: warning:
/// [cradle:ill-conditioned] <what>: ..." with the ratio in scientific notation.
void warn_conditioning(double pivot_ratio, const std::string& what);

/// While alive, std::cout writes to the file `path` (nothing changes when `path` is empty).
/// finish() flushes and throws input_error "write-failed" naming the file if writing failed.
class stdout_to_file {
  public:
    explicit stdout_to_file(const std::string& path);
    ~stdout_to_file();
    stdout_to_file(const stdout_to_file&) = delete;
    stdout_to_file& operator=(const stdout_to_file&) = delete;
    void finish();

  private:
    std::string path_;
    std::unique_ptr<std::ofstream> file_;
    std::streambuf* saved_{nullptr};
};

/// JSON, pretty-printed with `indent` spaces (negative: one line), and a newline.
void write_json(std::ostream& out, const nlohmann::json& j, int indent = 2);
/// `j` to stdout, or to the file `path` (input_error "write-failed" naming it if that fails).
/// Returns whether a file was written.
bool write_json_to(const std::string& path, const nlohmann::json& j);

} // namespace cradle::cli
