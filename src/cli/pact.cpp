// cradle pact validate|show — PACT v3 footprints: strict validation and a readable view.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/exchange/pact.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace cradle::cli {

nlohmann::json read_json_file(const std::string& path) {
    const std::string text = read_text_file(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw input_error("json-parse",
                          path + ": not valid JSON: " + cradle::detail::json_error_text(e));
    }
}

namespace {

struct pact_args {
    std::vector<std::string> files;
    std::string format{"text"};
    std::string show_file;
};

/// Validate every file; print each problem with file, JSON path and id. Exit 0 if all clean.
int validate_files(const pact_args& a) {
    std::size_t bad = 0, footprints = 0;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& file : a.files) {
        std::vector<pact::validation_problem> ps;
        try {
            const auto doc = read_json_file(file);
            ps = pact::validate_document(doc);
            try {
                footprints += pact::footprints_in(doc, file).size();
            } catch (const input_error&) {
            }
        } catch (const error& e) {
            ps.push_back({e.id(), "", e.message()});
        }
        if (!ps.empty()) ++bad;
        if (a.format == "json") {
            nlohmann::json j = {{"file", file}, {"valid", ps.empty()}};
            j["problems"] = nlohmann::json::array();
            for (const auto& p : ps)
                j["problems"].push_back({{"id", p.id}, {"path", p.path}, {"message", p.message}});
            report.push_back(std::move(j));
            continue;
        }
        if (ps.empty()) {
            std::cout << fmt::format("{}: valid\n", file);
            continue;
        }
        std::cout << fmt::format("{}: {} problem{}\n", file, ps.size(), ps.size() == 1 ? "" : "s");
        for (const auto& p : ps)
            std::cout << fmt::format("  {}: [{}] {}\n", p.path.empty() ? "/" : p.path, p.id,
                                     p.message);
    }
    if (a.format == "json")
        write_json(std::cout, report);
    else if (a.files.size() > 1)
        std::cout << fmt::format("{} of {} files valid\n", a.files.size() - bad, a.files.size());
    (void)footprints;
    return bad == 0 ? 0 : 1;
}

int show_file(const pact_args& a) {
    std::string file = a.show_file, id;
    if (auto hash = file.find('#'); hash != std::string::npos) {
        id = file.substr(hash + 1);
        file = file.substr(0, hash);
    }
    const auto doc = read_json_file(file);
    const auto fps = pact::footprints_in(doc, file);
    bool shown = false;
    for (const auto& [at, fp] : fps) {
        if (!id.empty() && !(fp->is_object() && fp->value("id", "") == id)) continue;
        if (shown) std::cout << "\n";
        std::cout << pact::describe(*fp);
        const auto ps = pact::validate(*fp, at);
        std::cout << (ps.empty() ? "Validation                          valid\n"
                                 : fmt::format("Validation                          {} problem{} "
                                               "(cradle pact validate {})\n",
                                               ps.size(), ps.size() == 1 ? "" : "s", file));
        shown = true;
    }
    if (!shown) throw input_error("pact-unknown-footprint", file + ": no footprint '" + id + "'");
    return 0;
}

} // namespace

command add_pact(CLI::App& app) {
    auto a = std::make_shared<pact_args>();
    auto* pc = app.add_subcommand("pact", "PACT v3 footprints: validate, show");
    pc->require_subcommand(1);
    auto* v = pc->add_subcommand("validate", "Check PACT footprint files strictly (exit 1 if not)");
    v->add_option("files", a->files, "PACT files (a footprint, a list response, an array)")
        ->required();
    v->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    auto* s = pc->add_subcommand("show", "Print a footprint readably");
    s->add_option("file", a->show_file, "PACT file, optionally FILE#<footprint id>")->required();
    return {pc, [a, v] { return *v ? validate_files(*a) : show_file(*a); }};
}

} // namespace cradle::cli
