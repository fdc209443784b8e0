// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/files.hpp"

#include "cradle/io/json.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace cradle {

std::string read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw input_error("file-not-readable", file.string() + ": cannot open file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw input_error("file-not-readable", file.string() + ": read error");
    return ss.str();
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

} // namespace cradle
