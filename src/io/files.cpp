// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/files.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/io/json.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace cradle {

namespace {

std::string bytes_text(std::uintmax_t n) {
    if (n >= (std::uintmax_t{1} << 20))
        return std::to_string(n >> 20) + " MiB (" + std::to_string(n) + " bytes)";
    return std::to_string(n) + " bytes";
}

} // namespace

std::uintmax_t max_file_bytes() {
    const char* env = std::getenv("CRADLE_MAX_FILE_BYTES");
    if (env == nullptr || *env == '\0') return default_max_file_bytes;
    const std::string_view text(env);
    std::uintmax_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v == 0)
        throw input_error("bad-environment", "CRADLE_MAX_FILE_BYTES is '" + detail::excerpt(text) +
                                                 "', not a positive whole number of bytes");
    return v;
}

std::string read_text_file(const std::filesystem::path& file, std::uintmax_t max_bytes) {
    std::error_code ec;
    const auto st = std::filesystem::status(file, ec); // follows symlinks; a loop is an error
    if (ec || !std::filesystem::exists(st))
        throw input_error("file-not-readable",
                          file.string() + ": cannot open file for reading (" +
                              (ec ? ec.message() : std::string("no such file")) + ")");
    if (!std::filesystem::is_regular_file(st))
        throw input_error("not-a-file",
                          file.string() + ": not a regular file (a directory, device or pipe)");
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) throw input_error("file-not-readable", file.string() + ": " + ec.message());
    auto too_large = [&](std::uintmax_t n) {
        return input_error("file-too-large",
                           file.string() + ": " + bytes_text(n) + ", more than the limit of " +
                               bytes_text(max_bytes) +
                               " (set CRADLE_MAX_FILE_BYTES to read larger files)");
    };
    if (size > max_bytes) throw too_large(size);
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw input_error("file-not-readable", file.string() + ": cannot open file for reading");
    std::string text;
    text.reserve(static_cast<std::size_t>(size));
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) throw too_large(text.size()); // it grew while read
    }
    if (in.bad()) throw input_error("file-not-readable", file.string() + ": read error");
    return text;
}

std::string read_text_file(const std::filesystem::path& file) {
    return read_text_file(file, max_file_bytes());
}

product_system read_model(const std::filesystem::path& file) {
    return parse_model(read_text_file(file), file.string());
}

void write_model(const product_system& sys, const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    if (!out)
        throw input_error("file-not-writable", file.string() + ": cannot open file for writing");
    out << model_to_json(sys).dump(2) << '\n';
    if (!out) throw input_error("file-not-writable", file.string() + ": write error");
}

std::filesystem::path resolve_inside(const std::filesystem::path& folder,
                                     const std::string& relative, const std::string& what,
                                     bool allow_outside) {
    const std::filesystem::path rel(relative);
    const std::filesystem::path joined = folder / rel;
    if (allow_outside) return joined;
    std::error_code ec;
    const auto base = std::filesystem::weakly_canonical(folder, ec);
    std::error_code ec2;
    const auto target = std::filesystem::weakly_canonical(joined, ec2);
    if (ec || ec2)
        throw input_error("file-not-readable", what + ": '" + detail::excerpt(relative, 120) +
                                                   "': " + (ec ? ec : ec2).message());
    // component-wise prefix: /a/bc is not inside /a/b
    auto b = base.begin();
    auto t = target.begin();
    for (; b != base.end() && t != target.end() && *b == *t; ++b, ++t) {
    }
    const bool inside = b == base.end() || (std::next(b) == base.end() && b->empty());
    if (rel.is_absolute() || !inside)
        throw input_error("outside-folder",
                          what + ": '" + detail::excerpt(relative, 120) +
                              "' is outside the folder " + folder.string() +
                              " (after symlinks); files a calculator uses must be inside its "
                              "folder (allow others explicitly with --allow-outside)");
    return target;
}

} // namespace cradle
