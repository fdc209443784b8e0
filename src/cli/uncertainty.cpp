// cradle CLI — Monte Carlo output (docs/uncertainty.md).
// SPDX-License-Identifier: Apache-2.0
#include "uncertainty.hpp"
#include "output.hpp"

#include "cradle/analysis/monte_carlo.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/uncertain.hpp"
#include "cradle/version.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cradle::cli {

void add_uncertainty_options(CLI::App* app, uncertainty_args& a) {
    app->add_option("--uncertainty", a.draws,
                    "Monte Carlo: this many draws of the model's uncertain amounts, parameters "
                    "and factors (docs/uncertainty.md)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
    app->add_option("--seed", a.seed, "Monte Carlo seed (same seed, same draws)");
    app->add_option("--threads", a.threads, "Monte Carlo threads")->check(CLI::Range(1u, 256u));
    app->add_option("--mc-method", a.method,
                    "Monte Carlo solve: refactorize (numeric LU per draw) or refine (iterative "
                    "refinement on the base LU, refactorizing where it does not converge)")
        ->check(CLI::IsMember({"refactorize", "refine"}));
    app->add_flag("--samples", a.samples, "Machine formats: include every draw's total");
}

namespace {

struct case_result {
    std::string name;
    uncertain_system us;
    characterization ch;
    monte_carlo_result r;
    std::vector<variance_share> shares;
    std::string functional_unit;
};

/// "[=====     ] 4,200 / 10,000 draws  1,234 draws/s  5 s left" on stderr, rewritten in place.
class progress_bar {
  public:
    progress_bar(std::string what, std::size_t total)
        : what_(std::move(what)), total_(total), on_(isatty(fileno(stderr)) != 0),
          start_(std::chrono::steady_clock::now()) {}
    ~progress_bar() {
        if (on_ && drawn_) std::fputs("\r\033[K", stderr);
    }
    progress_bar(const progress_bar&) = delete;
    progress_bar& operator=(const progress_bar&) = delete;

    void operator()(std::size_t done) {
        if (!on_) return;
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double rate = s > 0 ? static_cast<double>(done) / s : 0.0;
        const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
        const auto width = std::size_t{24};
        const std::size_t full = total_ ? width * done / total_ : width;
        std::fprintf(stderr, "\r%s [%s%s] %zu / %zu draws  %.0f draws/s  %.0f s left\033[K",
                     what_.c_str(), std::string(full, '=').c_str(),
                     std::string(width - full, ' ').c_str(), done, total_, rate, left);
        std::fflush(stderr);
        drawn_ = true;
    }

  private:
    std::string what_;
    std::size_t total_;
    bool on_;
    bool drawn_{false};
    std::chrono::steady_clock::time_point start_;
};

nlohmann::json summary_json(const summary& s) {
    return {{"mean", s.mean},   {"sd", s.sd},           {"median", s.median}, {"p2_5", s.p2_5},
            {"p5", s.p5},       {"p25", s.p25},         {"p75", s.p75},       {"p95", s.p95},
            {"p97_5", s.p97_5}, {"se_mean", s.se_mean}, {"se_p95", s.se_p95}};
}

std::string input_label(const uncertain_input& in) {
    if (in.side == "parameter") return "parameter " + in.name;
    return in.name + " (" + in.side + ")";
}

void write_table(const std::string& title, const std::vector<case_result>& res,
                 std::size_t baseline, const gwp_set& gwp, const uncertainty_args& a) {
    std::cout << fmt::format("cradle {} — Monte Carlo of the cradle-to-gate footprint\n",
                             cradle::version);
    std::cout << fmt::format("Model:   {}\n", title);
    const auto& r0 = res.front().r;
    const double rate = r0.wall_seconds > 0 ? static_cast<double>(a.draws) / r0.wall_seconds : 0;
    std::cout << fmt::format("Draws:   {} (seed {}, {} thread{}, {}; {:.0f} draws/s)\n", a.draws,
                             a.seed, a.threads, a.threads == 1 ? "" : "s", a.method, rate);
    std::cout << fmt::format("GWP:     IPCC {} GWP100; kg CO2e\n", gwp.name);
    for (const auto& c : res) {
        const auto& r = c.r;
        std::cout << fmt::format("\n{}{} per {}: {} uncertain inputs\n",
                                 res.size() > 1 ? "scenario " : "",
                                 res.size() > 1 ? c.name : std::string("footprint"),
                                 c.functional_unit, c.us.inputs().size());
        table_writer head(std::cout, {{30},
                                      {12, true},
                                      {12, true},
                                      {11, true},
                                      {11, true},
                                      {11, true},
                                      {11, true},
                                      {11, true}});
        head.row({"", "determin.", "mean", "sd", "2.5 %", "median", "97.5 %", "95 % of mean"});
        for (Eigen::Index k = 0; k < r.impacts.cols(); ++k) {
            const summary s = summarize(r.impacts.col(k));
            if (k > 0 && s.sd == 0.0 && r.deterministic(k) == 0.0) continue;
            head.row({k == 0 ? "Total (GWP100)" : "  " + r.indicators[static_cast<std::size_t>(k)],
                      fixed(r.deterministic(k), 4), fixed(s.mean, 4), fixed(s.sd, 4),
                      fixed(s.p2_5, 4), fixed(s.median, 4), fixed(s.p97_5, 4),
                      "±" + fixed(1.96 * s.se_mean, 4)});
        }
        const auto conv = convergence(r.impacts.col(0));
        std::cout << "  convergence of the total (standard errors):\n";
        table_writer ct(
            std::cout,
            {{10, true, " draws "}, {12, true}, {12, true, "  "}, {12, true}, {12, true}}, "    ");
        ct.row({"", "mean", "± se", "95th pct", "± se"});
        for (const auto& p : conv)
            ct.row({std::to_string(p.draws), fixed(p.mean, 4), fixed(p.se_mean, 4), fixed(p.p95, 4),
                    fixed(p.se_p95, 4)});
        if (!c.shares.empty()) {
            std::cout << "  top contributors to variance (squared Spearman rank correlation, "
                         "normalized):\n";
            table_writer tv(std::cout, {{3, true, ". "}, {56}, {7, true, " %  "}, {8, true}},
                            "    ");
            for (std::size_t i = 0; i < c.shares.size() && i < a.top; ++i) {
                const auto& v = c.shares[i];
                tv.row({std::to_string(i + 1), input_label(c.us.inputs()[v.input]),
                        fixed(100 * v.share, 1), "rho " + fixed(v.rank_correlation, 3)});
            }
        }
        std::cout << fmt::format("  solver: {} refactorizations, {} draws by refinement, largest "
                                 "relative residual {:.1e}\n",
                                 r.refactorizations, r.refined, r.max_residual);
    }
    if (res.size() > 1) {
        std::cout << fmt::format("\nPaired comparison with '{}' (same draws):\n",
                                 res[baseline].name);
        table_writer pt(std::cout, {{26}, {14, true}, {14, true}, {14, true}, {16, true}}, "  ");
        pt.row({"scenario", "mean diff.", "2.5 %", "97.5 %", "P(lower)"});
        for (std::size_t i = 0; i < res.size(); ++i) {
            if (i == baseline) continue;
            const comparison cmp = compare(res[i].r, res[baseline].r);
            pt.row({res[i].name, fixed(cmp.of_difference.mean, 4), fixed(cmp.of_difference.p2_5, 4),
                    fixed(cmp.of_difference.p97_5, 4),
                    fixed(100 * cmp.probability_a_lower, 1) + " %"});
        }
    }
}

nlohmann::json case_json(const case_result& c, const uncertainty_args& a) {
    const auto& r = c.r;
    nlohmann::json j;
    j["name"] = c.name;
    j["functional_unit"] = c.functional_unit;
    j["uncertain_inputs"] = c.us.inputs().size();
    for (Eigen::Index k = 0; k < r.impacts.cols(); ++k) {
        const auto& id = r.indicators[static_cast<std::size_t>(k)];
        j["deterministic"][id] = r.deterministic(k);
        j["statistics"][id] = summary_json(summarize(r.impacts.col(k)));
    }
    j["convergence"] = nlohmann::json::array();
    for (const auto& p : convergence(r.impacts.col(0)))
        j["convergence"].push_back({{"draws", p.draws},
                                    {"mean", p.mean},
                                    {"se_mean", p.se_mean},
                                    {"p95", p.p95},
                                    {"se_p95", p.se_p95}});
    j["variance_contributions"] = nlohmann::json::array();
    for (std::size_t i = 0; i < c.shares.size() && i < a.top; ++i) {
        const auto& v = c.shares[i];
        const auto& in = c.us.inputs()[v.input];
        j["variance_contributions"].push_back({{"process", in.process},
                                               {"side", in.side},
                                               {"position", in.position},
                                               {"flow", in.flow},
                                               {"name", in.name},
                                               {"rank_correlation", v.rank_correlation},
                                               {"share", v.share}});
    }
    j["solver"] = {{"method", a.method},
                   {"refactorizations", r.refactorizations},
                   {"refined", r.refined},
                   {"refinement_steps", r.refinement_steps},
                   {"max_relative_residual", r.max_residual},
                   {"wall_seconds", r.wall_seconds}};
    if (a.samples) {
        std::vector<double> total(r.impacts.col(0).data(),
                                  r.impacts.col(0).data() + r.impacts.rows());
        j["samples"] = total;
    }
    return j;
}

} // namespace

int run_monte_carlo(const std::string& title, const std::vector<mc_case>& cases,
                    std::size_t baseline, const gwp_set& gwp, const uncertainty_args& a,
                    const std::string& format) {
    std::vector<case_result> res;
    res.reserve(cases.size());
    for (const auto& c : cases) {
        if (!c.model.reference)
            throw input_error("json-missing", title + ": the model states no functional unit");
        case_result cr{c.name, compile_uncertain(c.model), {}, {}, {}, {}};
        if (!cr.us.uncertain())
            throw input_error("no-uncertainty",
                              title + (cases.size() > 1 ? " scenario '" + c.name + "'" : "") +
                                  ": nothing in the model is uncertain: give exchanges or "
                                  "parameters an \"uncertainty\", or factors a "
                                  "\"factor_uncertainty\" (docs/uncertainty.md)");
        cr.ch = characterize(cr.us.base().index, gwp);
        const auto& fu = *c.model.reference;
        cr.functional_unit = fmt::format("{:g} {} {}", fu.amount, fu.amount_unit.symbol, fu.flow);
        monte_carlo_options o;
        o.draws = a.draws;
        o.seed = a.seed;
        o.threads = a.threads;
        o.method = a.method == "refine" ? mc_method::refine : mc_method::refactorize;
        // keep the drawn inputs for the contributions to variance while they fit in ~400 MB
        o.keep_inputs =
            static_cast<double>(a.draws) * static_cast<double>(cr.us.inputs().size()) <= 1e8;
        progress_bar bar(cases.size() > 1 ? c.name : "Monte Carlo", a.draws);
        o.progress = [&bar](std::size_t done) { bar(done); };
        cr.r = monte_carlo(cr.us, cr.ch, demand_vector(cr.us.base(), fu), o);
        if (o.keep_inputs && a.draws >= 3) cr.shares = variance_contributions(cr.r);
        res.push_back(std::move(cr));
    }
    if (format == "json") {
        nlohmann::json j;
        j["model"] = title;
        j["draws"] = a.draws;
        j["seed"] = a.seed;
        j["threads"] = a.threads;
        j["gwp_set"] = gwp.name;
        j["unit"] = "kg CO2e";
        j["cases"] = nlohmann::json::array();
        for (const auto& c : res)
            j["cases"].push_back(case_json(c, a));
        if (res.size() > 1) {
            j["comparisons"] = nlohmann::json::array();
            for (std::size_t i = 0; i < res.size(); ++i) {
                if (i == baseline) continue;
                const comparison cmp = compare(res[i].r, res[baseline].r);
                j["comparisons"].push_back({{"case", res[i].name},
                                            {"baseline", res[baseline].name},
                                            {"difference", summary_json(cmp.of_difference)},
                                            {"probability_lower", cmp.probability_a_lower}});
            }
        }
        write_json(std::cout, j);
    } else if (format == "csv") {
        csv_writer csv(std::cout, {"case", "section", "key", "statistic", "value"});
        for (const auto& c : res) {
            for (Eigen::Index k = 0; k < c.r.impacts.cols(); ++k) {
                const auto& id = c.r.indicators[static_cast<std::size_t>(k)];
                csv.row({c.name, "indicator", id, "deterministic", number(c.r.deterministic(k))});
                const nlohmann::json stats = summary_json(summarize(c.r.impacts.col(k)));
                for (const auto& [stat, v] : stats.items())
                    csv.row({c.name, "indicator", id, stat, number(v.get<double>())});
            }
            for (std::size_t i = 0; i < c.shares.size() && i < a.top; ++i) {
                const auto& in = c.us.inputs()[c.shares[i].input];
                csv.row({c.name, "variance", input_label(in), "share", number(c.shares[i].share)});
                csv.row({c.name, "variance", input_label(in), "rank_correlation",
                         number(c.shares[i].rank_correlation)});
            }
            if (a.samples)
                for (Eigen::Index i = 0; i < c.r.impacts.rows(); ++i)
                    csv.row({c.name, "sample",
                             std::to_string(c.r.first_draw + static_cast<std::uint64_t>(i)),
                             "total", number(c.r.impacts(i, 0))});
        }
    } else {
        write_table(title, res, baseline, gwp, a);
    }
    return 0;
}

} // namespace cradle::cli
