// cradle check MODEL_OR_CALCULATOR --rules FILE_OR_ID — a footprint against its product rules;
// and the helpers `footprint --rules` and `run --rules` share (checks.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "checks.hpp"
#include "commands.hpp"
#include "output.hpp"

#include "cradle/analysis/calculator.hpp"
#include "cradle/data/link.hpp"
#include "cradle/exchange/pact.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

namespace cradle::cli {

int current_year() {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return static_cast<int>(std::chrono::year_month_day(today).year());
}

bool all_passed(const std::vector<checked>& all) {
    for (const auto& c : all)
        if (!rules::passed(c.rows)) return false;
    return true;
}

void print_checks(std::ostream& out, const rules::rule_set& r, const std::vector<checked>& all) {
    out << "rules: " << r.name << " (" << r.id << ", " << r.version << ")\n";
    for (const auto& c : all) {
        if (!c.scenario.empty()) out << "\nscenario " << c.scenario << ":\n";
        std::vector<std::vector<std::string>> rows{{"rule", "result", "expected", "found"}};
        for (const auto& x : c.rows)
            rows.push_back(
                {x.rule, x.outcome == rules::status::pass ? "pass" : "FAIL", x.expected, x.found});
        std::vector<column> cols(4, column{0, false, "  "});
        for (const auto& row : rows)
            for (std::size_t i = 0; i < row.size(); ++i)
                cols[i].width = std::max(cols[i].width, display_width(row[i]));
        table_writer t(out, cols, "  ");
        for (const auto& row : rows)
            t.row(row);
        for (const auto& x : c.rows)
            if (x.outcome == rules::status::fail) out << "  " << x.rule << ": " << x.detail << '\n';
    }
    out << (all_passed(all) ? "all rules pass\n" : "some rules fail\n");
}

nlohmann::json checks_json(const rules::rule_set& r, const std::vector<checked>& all) {
    nlohmann::json j = {
        {"rules", {{"id", r.id}, {"name", r.name}, {"version", r.version}, {"file", r.file}}},
        {"passed", all_passed(all)},
        {"scenarios", nlohmann::json::array()}};
    for (const auto& c : all)
        j["scenarios"].push_back({{"scenario", c.scenario}, {"checks", c.rows}});
    return j;
}

nlohmann::json meta_with_rules(nlohmann::json meta, const rules::rule_set& r) {
    if (!meta.is_object()) meta = nlohmann::json::object();
    auto& pcf = meta["pcf"];
    if (!pcf.is_object()) return meta; // to_pact names the malformed metadata
    auto& list = pcf["productOrSectorSpecificRules"];
    if (!list.is_array()) list = nlohmann::json::array();
    const nlohmann::json entry = rules::pact_rule_entry(r);
    if (std::find(list.begin(), list.end(), entry) == list.end()) list.push_back(entry);
    return meta;
}

std::map<std::string, parameter_override> parse_settings(const std::vector<std::string>& set) {
    std::map<std::string, parameter_override> out;
    for (const auto& s : set) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw input_error("bad-set", "--set '" + s + "': expected name=value");
        out[s.substr(0, eq)] = s.substr(eq + 1); // a number parameter parses the text
    }
    return out;
}

product_system with_meta(product_system model, const std::string& meta) {
    if (meta.empty()) return model;
    model.sections["pact"] = pact::merge_meta(model, read_json_file(meta)).dump();
    return model;
}

namespace {

struct check_args {
    std::string input;
    std::string rules;
    std::string product;
    std::vector<std::string> set;
    std::string scenario;
    std::string gwp{"AR6"};
    std::string factors;
    std::string meta;
    std::string format{"table"};
    std::string output;
    int year{0};
};

std::vector<checked> run_checks(const check_args& a, const rules::rule_set& r) {
    const gwp_table table = gwp_table_from(a.factors);
    const gwp_set& gwp = table.get(a.gwp);
    const int year = a.year != 0 ? a.year : current_year();
    std::vector<checked> out;
    if (std::filesystem::exists(std::filesystem::path(a.input) / "calculator.json")) {
        if (!a.product.empty())
            throw input_error("bad-option", "--product is for databases, not calculator folders");
        const calculator calc = load_calculator(a.input);
        const factor_db db = factors_from(a.factors);
        std::vector<std::string> names;
        for (const auto& m : scenario_models(calc, parse_settings(a.set), db)) {
            names.push_back(m.name);
            if (!a.scenario.empty() && m.name != a.scenario) continue;
            out.push_back({m.name, rules::check_model(r, with_meta(m.model, a.meta), gwp, year)});
        }
        if (out.empty()) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            throw input_error("unknown-scenario", a.input + ": no scenario '" + a.scenario +
                                                      "' (scenarios: " + list + ")");
        }
        return out;
    }
    if (!a.set.empty() || !a.scenario.empty())
        throw input_error("bad-option", "--set and --scenario are for calculator folders");
    product_system model = load_linked(a.input, a.product, a.factors);
    out.push_back({"", rules::check_model(r, with_meta(std::move(model), a.meta), gwp, year)});
    return out;
}

} // namespace

command add_check(CLI::App& app) {
    auto a = std::make_shared<check_args>();
    auto* cc = app.add_subcommand(
        "check", "Check a footprint against product rules (exit 1 if any rule fails)");
    cc->add_option("input", a->input, "A model file, or a calculator folder (every scenario)")
        ->required();
    cc->add_option("--rules", a->rules,
                   "A rules file, or the id of a bundled rule set (pact-v3, copper, ...)")
        ->required();
    cc->add_option("--product", a->product, "Compute 1 unit of this product of a database");
    cc->add_option("--set", a->set, "Calculator parameter, name=value (repeatable)");
    cc->add_option("--scenario", a->scenario, "Check only this calculator scenario");
    cc->add_option("--gwp", a->gwp, "IPCC GWP100 set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    cc->add_option("--meta", a->meta, "PACT metadata (JSON), over the model's \"pact\" section");
    cc->add_option("--year", a->year, "Year data age is counted to (default: this year)")
        ->check(CLI::Range(1900, 2200));
    cc->add_option("--factors", a->factors, "Factor directory (default: the bundled one)");
    cc->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "json"}));
    cc->add_option("-o,--output", a->output, "Write the result to this file");
    return {cc, [a] {
                const rules::rule_set r = rules::find_rules(a->rules);
                const auto all = run_checks(*a, r);
                stdout_to_file out(a->output);
                if (a->format == "json")
                    write_json(std::cout, checks_json(r, all));
                else
                    print_checks(std::cout, r, all);
                out.finish();
                return all_passed(all) ? 0 : 1;
            }};
}

} // namespace cradle::cli
