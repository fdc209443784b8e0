// SPDX-License-Identifier: Apache-2.0
// Files: bounded reads, no file read outside a calculator's folder, file-system failures as
// cradle errors naming the path, and no file contents echoed in messages (issue 11, finding 5).
#include "helpers.hpp"

#include <filesystem>
#include <fstream>

using namespace cradle;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() /
               ("cradle-files-" + std::to_string(std::hash<std::string>{}(
                                      Catch::getResultCapture().getCurrentTestName())));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};
std::string id_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "no error";
}
} // namespace

TEST_CASE("reads are bounded, and only regular files are read") {
    temp_dir d;
    const auto f = d.write("m.json", std::string(1000, ' ') + "{}");
    CHECK(read_text_file(f, 2000).size() == 1002);
    CHECK_THAT(test::message_of<input_error>([&] { (void)read_text_file(f, 1000); }),
               Contains("[cradle:file-too-large]") && Contains("1002 bytes, more than the limit "
                                                               "of 1000 bytes"));
    CHECK(id_of([&] { (void)read_text_file(d.path); }) == "not-a-file");
    CHECK(id_of([&] { (void)read_text_file(d.path / "missing.json"); }) == "file-not-readable");
    fs::create_symlink("loop", d.path / "loop"); // a symlink to itself
    CHECK_THAT(test::message_of<input_error>([&] { (void)read_text_file(d.path / "loop"); }),
               Contains("[cradle:file-not-readable]") && Contains("loop"));
    CHECK(default_max_file_bytes == 256u * 1024 * 1024);
}

TEST_CASE("a file that is not JSON is not echoed in the error") {
    temp_dir d;
    const auto f = d.write("passwd", "root:x:0:0:SECRET-TOKEN-1234:/root:/bin/bash\n");
    const auto msg = test::message_of<input_error>([&] { (void)read_model(f); });
    CHECK_THAT(msg, Contains("[cradle:json-parse]") && Contains("line 1, column 1"));
    CHECK_THAT(msg, !Contains("SECRET"));
    // a control character in a quoted piece is escaped
    CHECK(detail::excerpt("a\x1b[31mb") == "a\\x1b[31mb");
    CHECK(detail::excerpt(std::string(100, 'x'), 10) == "xxxxxxxxxx... (100 bytes)");
}

TEST_CASE("resolve_inside keeps a calculator's files in its folder, after symlinks") {
    temp_dir d;
    fs::create_directories(d.path / "calc" / "data");
    d.write("calc/data/model.json", "{}");
    d.write("outside.json", "{}");
    const auto calc = d.path / "calc";
    CHECK(resolve_inside(calc, "data/model.json", "c") ==
          fs::weakly_canonical(calc / "data/model.json"));
    CHECK(id_of([&] { (void)resolve_inside(calc, "../outside.json", "c"); }) == "outside-folder");
    CHECK(id_of([&] { (void)resolve_inside(calc, "/etc/passwd", "c"); }) == "outside-folder");
    CHECK(id_of([&] { (void)resolve_inside(calc, "data/../../calc2/x", "c"); }) ==
          "outside-folder");
    fs::create_symlink(d.path / "outside.json", calc / "link.json");
    CHECK_THAT(test::message_of<input_error>([&] { (void)resolve_inside(calc, "link.json", "c"); }),
               Contains("[cradle:outside-folder] c: 'link.json' is outside the folder"));
    CHECK(resolve_inside(calc, "link.json", "c", true) == calc / "link.json"); // allowed
}

TEST_CASE("a calculator naming a model outside its folder is refused, unless allowed") {
    temp_dir d;
    fs::create_directories(d.path / "calc");
    d.write("model.json", R"({"flows": [{"id": "p", "unit": "kg"}],
        "processes": [{"id": "m", "outputs": [{"flow": "p", "amount": 1}]}],
        "functional_unit": {"flow": "p", "amount": 1}})");
    d.write("calc/calculator.json",
            R"({"format": "cradle-calculator/1", "name": "c", "model": "../model.json"})");
    CHECK(id_of([&] { (void)load_calculator(d.path / "calc"); }) == "outside-folder");
    CHECK(load_calculator(d.path / "calc", calculator_options{true}).model.processes.size() == 1);
}

TEST_CASE("a purchases year is checked for range before any cast") {
    temp_dir d;
    d.write("model.json", R"({"flows": [{"id": "p", "unit": "item"}],
        "processes": [{"id": "office", "outputs": [{"flow": "p", "amount": 1}]}],
        "functional_unit": {"flow": "p", "amount": 1}})");
    d.write("purchases.csv", "naics,usd,year\n111110,100,1e300\n111110,100,2019.5\n");
    d.write("calculator.json", R"({"format": "cradle-calculator/1", "name": "s",
        "model": "model.json", "purchases": {"file": "purchases.csv", "process": "office",
        "provider": "us-epa-sef-1.3/{naics}"}})");
    const auto msg = test::message_of<input_error>([&] { (void)load_calculator(d.path); });
    CHECK_THAT(msg, Contains("row 2: year '1e300' is not a year from 1900 to 2100") &&
                        Contains("row 3: year '2019.5' is not a year"));
}

TEST_CASE("file-system failures in a factor folder are cradle errors naming the path") {
    temp_dir d;
    fs::create_directories(d.path / "bad");
    fs::create_symlink("manifest.json", d.path / "bad" / "manifest.json"); // loops on itself
    const auto msg = test::message_of<data_error>([&] { (void)load_factor_db(d.path); });
    CHECK_THAT(msg, Contains("[cradle:file-system-error]") && Contains("manifest.json"));
}

TEST_CASE("closest-match suggestions are bounded for huge ids") {
    const factor_db db = default_factor_db();
    const std::string huge = "uk-desnz-2025/" + std::string(1000000, 'z');
    const auto msg = test::message_of<data_error>([&] { (void)db.get(huge); });
    CHECK_THAT(msg, Contains("(1000014 bytes)"));
    CHECK(msg.size() < 400);
    CHECK(detail::closest_words(std::string(200, 'a'), {"a", "b"}).empty());
    CHECK(detail::closest_words("grde", {"grade", "recovery", "gr", "grid"}, 2) ==
          std::vector<std::string>{"grade", "gr"}); // ties (2) by name
}

TEST_CASE("messages carry no control characters and no huge quotes") {
    // an id with a terminal escape sequence, from a hostile model file
    const char* hostile = R"({"flows": [{"id": "p", "unit": "kg"}], "processes": [
        {"id": "evil\u001b[2J", "outputs": [{"flow": "p", "amount": 1}],
         "inputs": [{"flow": "nope", "amount": 1}]}]})";
    const auto msg =
        test::message_of<model_error>([&] { (void)compile(parse_model(hostile, "m.json")); });
    CHECK_THAT(msg, Contains("process 'evil\\x1b[2J' input 'nope'"));
    CHECK(msg.find('\x1b') == std::string::npos);
    const auto unit_msg =
        test::message_of<unit_error>([] { (void)parse_unit(std::string(1000000, 'k')); });
    CHECK_THAT(unit_msg,
               Contains("[cradle:unknown-unit] unknown unit 'kkk") && Contains("(1000000 bytes)"));
    CHECK(unit_msg.size() < 200);
}
