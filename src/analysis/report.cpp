// SPDX-License-Identifier: Apache-2.0
// The HTML report: figures gathered by make_report(), drawn by render_html() as inline SVG.
#include "cradle/analysis/report.hpp"

#include "cradle/analysis/contributions.hpp"
#include "cradle/version.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

namespace cradle {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

namespace {

std::string name_of(const tech_flow& t) {
    const std::string& base = t.name.empty() ? t.process : t.name;
    return t.allocated ? base + " (" + t.product + ")" : base;
}

/// printf into a string (numbers only; text goes through html_escape).
template <class... T> std::string fmt(const char* f, T... v) {
    char buf[128];
    const int n = std::snprintf(buf, sizeof buf, f, v...);
    return std::string(buf, n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), 127));
}

/// A figure for people: 4 significant digits, thousands kept whole.
std::string figure(double v) {
    if (v == 0.0) return "0";
    const double a = std::abs(v);
    if (a >= 1000) return fmt("%.0f", v);
    if (a >= 1) return fmt("%.4g", v);
    return fmt("%.3g", v);
}

std::string percent(double v, double total) {
    return total != 0.0 ? fmt("%.1f %%", 100.0 * v / total) : std::string("–");
}

/// At most `n` code points of `s`, with "…" when cut (UTF-8 safe).
std::string clip(const std::string& s, std::size_t n) {
    std::size_t points = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) {
            if (points == n - 1) break;
            ++points;
        }
    }
    if (i >= s.size()) return s;
    // is the rest longer than one code point?
    std::size_t rest = 0;
    for (std::size_t k = i; k < s.size(); ++k)
        if ((static_cast<unsigned char>(s[k]) & 0xC0U) != 0x80U) ++rest;
    return rest <= 1 ? s : s.substr(0, i) + "…";
}

constexpr std::array<const char*, 10> palette{"#1f6f8b", "#4a90c2", "#d98c1f", "#b8453a",
                                              "#6b5ca5", "#2e8b9a", "#8a6d3b", "#c0567a",
                                              "#5b7f2a", "#7f7f7f"};

/// Horizontal bars, one per item (largest magnitude first), the rest summed in one bar.
std::string bar_chart(const std::string& id, const std::vector<report_item>& all, double total,
                      std::size_t max_bars) {
    std::vector<report_item> items(
        all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(max_bars, all.size())));
    if (all.size() > max_bars) {
        double rest = 0.0;
        for (std::size_t i = max_bars; i < all.size(); ++i)
            rest += all[i].value;
        items.push_back({"", fmt("%zu others", all.size() - max_bars), rest});
    }
    double lo = 0.0, hi = 0.0;
    for (const auto& it : items) {
        lo = std::min(lo, it.value);
        hi = std::max(hi, it.value);
    }
    const double span = hi - lo > 0 ? hi - lo : 1.0;
    constexpr double label_w = 360, bar_x = 372, bar_w = 420, row_h = 24;
    const double zero = bar_x + bar_w * (-lo / span);
    const double height = row_h * static_cast<double>(items.size()) + 12;
    std::string s = "<svg class=\"chart bars\" id=\"" + html_escape(id) +
                    "\" role=\"img\" width=\"940\" height=\"" + fmt("%.0f", height) +
                    "\" viewBox=\"0 0 940 " + fmt("%.0f", height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        const double y = 6 + row_h * static_cast<double>(i);
        const double w = bar_w * std::abs(it.value) / span;
        const double x = it.value < 0 ? zero - w : zero;
        const bool other = it.id.empty() && all.size() > max_bars && i == items.size() - 1;
        const char* colour = it.value < 0 ? "#3c9d5d" : (other ? "#b0b0b0" : palette[i % 9]);
        s += "<g class=\"bar\" data-id=\"" + html_escape(it.id) + "\" data-name=\"" +
             html_escape(it.name) + "\" data-value=\"" + fmt("%.10g", it.value) + "\">";
        s += "<title>" + html_escape(it.name) +
             (it.id.empty() ? "" : " [" + html_escape(it.id) + "]") + ": " + figure(it.value) +
             " kg CO2e (" + percent(it.value, total) + ")</title>";
        s += "<text class=\"label\" x=\"" + fmt("%.0f", label_w) + "\" y=\"" + fmt("%.1f", y + 15) +
             "\" text-anchor=\"end\">" + html_escape(clip(it.name, 52)) + "</text>";
        s += "<rect x=\"" + fmt("%.2f", x) + "\" y=\"" + fmt("%.1f", y + 3) + "\" width=\"" +
             fmt("%.2f", std::max(w, 0.5)) + "\" height=\"" + fmt("%.0f", row_h - 6) +
             "\" fill=\"" + colour + "\"/>";
        const double tx = it.value < 0 ? std::max(x, bar_x) : x + w;
        s += "<text class=\"value\" x=\"" + fmt("%.1f", std::max(tx, zero) + 6) + "\" y=\"" +
             fmt("%.1f", y + 15) + "\">" + figure(it.value) + " · " + percent(it.value, total) +
             "</text></g>\n";
    }
    s += "<line class=\"axis\" x1=\"" + fmt("%.2f", zero) + "\" x2=\"" + fmt("%.2f", zero) +
         "\" y1=\"2\" y2=\"" + fmt("%.0f", height - 4) + "\" stroke=\"#444\"/>\n</svg>\n";
    return s;
}

/// The upstream tree as a flow diagram: one column per depth, each node as tall as its share of
/// the total, nested inside its parent's band; loops dashed, cut branches marked.
std::string flow_diagram(const report& rep) {
    const auto& nodes = rep.tree;
    if (nodes.empty() || nodes.front().total == 0.0) return {};
    std::vector<std::vector<std::size_t>> children(nodes.size());
    std::size_t max_depth = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].parent >= 0) children[static_cast<std::size_t>(nodes[i].parent)].push_back(i);
        max_depth = std::max(max_depth, nodes[i].depth);
    }
    constexpr double H = 460, top = 10, col_w = 210, node_w = 14;
    std::vector<double> y(nodes.size(), top), h(nodes.size(), 0.0);
    h[0] = H;
    for (std::size_t p = 0; p < nodes.size(); ++p) {
        double sum = 0.0;
        for (auto c : children[p])
            sum += std::abs(nodes[c].total);
        const double denom = std::max(std::abs(nodes[p].total), sum);
        double cursor = y[p];
        for (auto c : children[p]) {
            h[c] = denom > 0 ? h[p] * std::abs(nodes[c].total) / denom : 0.0;
            y[c] = cursor;
            cursor += h[c];
        }
    }
    const double width = static_cast<double>(max_depth + 1) * col_w + 200; // last labels
    std::string s = "<svg class=\"chart flow\" id=\"supply-chain\" role=\"img\" width=\"" +
                    fmt("%.0f", width) + "\" height=\"" + fmt("%.0f", H + 2 * top) +
                    "\" viewBox=\"0 0 " + fmt("%.0f", width) + " " + fmt("%.0f", H + 2 * top) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    // links first, under the nodes: a band from the parent's edge to the child
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        const auto p = static_cast<std::size_t>(nodes[i].parent);
        const double x0 = static_cast<double>(nodes[p].depth) * col_w + node_w;
        const double x1 = static_cast<double>(nodes[i].depth) * col_w;
        const double y0 = y[i], y1 = y[i] + std::max(h[i], 0.5), xm = (x0 + x1) / 2;
        s += "<path class=\"link" + std::string(nodes[i].total < 0 ? " credit" : "") +
             "\" data-from=\"" + html_escape(nodes[p].id) + "\" data-to=\"" +
             html_escape(nodes[i].id) + "\" d=\"M" + fmt("%.1f,%.2f", x0, y0) + " C" +
             fmt("%.1f,%.2f %.1f,%.2f %.1f,%.2f", xm, y0, xm, y0, x1, y0) + " L" +
             fmt("%.1f,%.2f", x1, y1) + " C" +
             fmt("%.1f,%.2f %.1f,%.2f %.1f,%.2f", xm, y1, xm, y1, x0, y1) + " Z\"/>\n";
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto& n = nodes[i];
        const double x = static_cast<double>(n.depth) * col_w;
        std::string cls = "node";
        if (n.loop) cls += " loop";
        if (n.truncated) cls += " truncated";
        if (n.total < 0) cls += " credit";
        s += "<g class=\"" + cls + "\" data-id=\"" + html_escape(n.id) + "\" data-name=\"" +
             html_escape(n.name) + "\" data-share=\"" + fmt("%.6g", n.share) + "\">";
        s += "<title>" + html_escape(n.name) + " [" + html_escape(n.id) + "]: " + figure(n.amount) +
             " " + html_escape(n.unit) + ", " + figure(n.total) + " kg CO2e with its upstream (" +
             fmt("%.1f %%", 100 * n.share) + "), direct " + figure(n.direct) +
             (n.loop ? "; loop: already on this path, not expanded" : "") +
             (n.truncated ? "; smaller branches cut off" : "") + "</title>";
        s += "<rect x=\"" + fmt("%.1f", x) + "\" y=\"" + fmt("%.2f", y[i]) + "\" width=\"" +
             fmt("%.0f", node_w) + "\" height=\"" + fmt("%.2f", std::max(h[i] - 1, 1.0)) + "\"/>";
        if (h[i] >= 11)
            s += "<text x=\"" + fmt("%.1f", x + node_w + 4) + "\" y=\"" +
                 fmt("%.1f", y[i] + std::min(h[i] / 2, 14.0) + 4) + "\">" + (n.loop ? "↻ " : "") +
                 html_escape(clip(n.name, 24)) + " " + fmt("%.0f%%", 100 * n.share) +
                 (n.truncated ? " +" : "") + "</text>";
        s += "</g>\n";
    }
    s += "</svg>\n";
    return s;
}

/// Histogram of the Monte Carlo totals, with the mean and the 95 % interval.
std::string histogram(const report_distribution& d) {
    std::vector<double> v = d.totals;
    std::sort(v.begin(), v.end());
    if (v.size() < 2) return {};
    const auto q = [&](double p) {
        const double at = p * static_cast<double>(v.size() - 1);
        const auto i = static_cast<std::size_t>(at);
        const double f = at - static_cast<double>(i);
        return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
    };
    const double lo = v.front(), hi = v.back(), span = hi > lo ? hi - lo : 1.0;
    constexpr std::size_t bins = 40;
    std::vector<std::size_t> count(bins, 0);
    for (double x : v)
        ++count[std::min(bins - 1, static_cast<std::size_t>((x - lo) / span * bins))];
    const double peak = static_cast<double>(*std::max_element(count.begin(), count.end()));
    constexpr double W = 800, H = 200, left = 40, bottom = 230;
    const auto X = [&](double x) { return left + W * (x - lo) / span; };
    std::string s =
        "<svg class=\"chart histogram\" id=\"uncertainty\" role=\"img\" width=\"880\" "
        "height=\"260\" viewBox=\"0 0 880 260\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    for (std::size_t b = 0; b < bins; ++b) {
        const double bh = H * static_cast<double>(count[b]) / peak;
        s += "<rect class=\"bin\" x=\"" + fmt("%.2f", left + W * static_cast<double>(b) / bins) +
             "\" y=\"" + fmt("%.2f", bottom - bh) + "\" width=\"" + fmt("%.2f", W / bins - 1) +
             "\" height=\"" + fmt("%.2f", std::max(bh, 0.0)) + "\"><title>" +
             figure(lo + span * static_cast<double>(b) / bins) + " to " +
             figure(lo + span * static_cast<double>(b + 1) / bins) +
             " kg CO2e: " + fmt("%zu", count[b]) + " draws</title></rect>\n";
    }
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    const std::array<std::pair<const char*, double>, 4> marks{{{"2.5 %", q(0.025)},
                                                               {"mean", mean},
                                                               {"97.5 %", q(0.975)},
                                                               {"deterministic", d.deterministic}}};
    for (std::size_t k = 0; k < marks.size(); ++k) {
        const double x = X(marks[k].second);
        s += "<g class=\"mark\"><line x1=\"" + fmt("%.2f", x) + "\" x2=\"" + fmt("%.2f", x) +
             "\" y1=\"" + fmt("%.0f", bottom - H - 10) + "\" y2=\"" + fmt("%.0f", bottom) +
             "\" stroke=\"" + (k == 3 ? "#b8453a" : "#222") + "\" stroke-dasharray=\"" +
             (k == 1 || k == 3 ? "none" : "4 3") + "\"/><text x=\"" + fmt("%.2f", x + 3) +
             "\" y=\"" + fmt("%.0f", bottom - H - 12 + 11.0 * static_cast<double>(k)) + "\">" +
             marks[k].first + " " + figure(marks[k].second) + "</text></g>\n";
    }
    s += "<line x1=\"" + fmt("%.0f", left) + "\" x2=\"" + fmt("%.0f", left + W) + "\" y1=\"" +
         fmt("%.0f", bottom) + "\" y2=\"" + fmt("%.0f", bottom) + "\" stroke=\"#444\"/>\n";
    for (int t = 0; t <= 4; ++t) {
        const double x = lo + span * t / 4.0;
        s += "<text class=\"tick\" x=\"" + fmt("%.1f", X(x)) + "\" y=\"" +
             fmt("%.0f", bottom + 16) + "\" text-anchor=\"middle\">" + figure(x) + "</text>\n";
    }
    s += "</svg>\n";
    return s;
}

constexpr const char* style = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2327;margin:0;background:#f6f7f8}
main{max-width:980px;margin:0 auto;padding:24px 28px 40px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde1e4;padding-bottom:4px}
.sub{color:#5a646b;margin:0 0 16px}.total{font-size:34px;font-weight:600;margin:6px 0}.total small{font-size:15px;font-weight:400;color:#5a646b}
table{border-collapse:collapse;margin:6px 0;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #eceff1;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:12px;fill:#1d2327}svg .value{fill:#444}svg .tick{fill:#555}
.flow .node rect{fill:#1f6f8b}.flow .node.credit rect{fill:#3c9d5d}.flow .node.loop rect{fill:#fff;stroke:#b8453a;stroke-width:1.5;stroke-dasharray:3 2}
.flow .link{fill:#1f6f8b;fill-opacity:.18}.flow text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.flow .link.credit{fill:#3c9d5d}
.histogram .bin{fill:#6b5ca5;fill-opacity:.75}
.note{color:#5a646b;font-size:12.5px}.scroll{overflow-x:auto}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px;font-size:13px}dt{color:#5a646b}dd{margin:0}
footer{color:#5a646b;font-size:12px;margin-top:30px}
)css";

// Records, in data attributes, what the browser drew: per chart the number of shapes with a
// non-empty box, and on <body> that the page finished. Tools (and the browser test) read them.
constexpr const char* script = R"js(
document.addEventListener('DOMContentLoaded', function () {
  var charts = document.querySelectorAll('svg.chart');
  for (var i = 0; i < charts.length; i++) {
    var shapes = charts[i].querySelectorAll('.bar rect, .node rect, .link, .bin');
    var drawn = 0;
    for (var k = 0; k < shapes.length; k++) {
      var b = shapes[k].getBBox();
      if (b.width > 0 && b.height > 0) drawn++;
    }
    charts[i].setAttribute('data-drawn', String(drawn));
  }
  document.body.setAttribute('data-ready', String(charts.length));
});
)js";

} // namespace

report make_report(const product_system& model, const compiled_system& sys,
                   const characterization& ch, const factorization& lu, const footprint& r,
                   const report_options& options) {
    report rep;
    rep.title = model.name;
    rep.gwp_set = ch.gwp_set;
    rep.generator = std::string("cradle ") + cradle::version;
    rep.total = r.total();
    rep.cutoff = options.cutoff;
    if (model.reference) {
        const auto& fu = *model.reference;
        char amount[32];
        std::snprintf(amount, sizeof amount, "%g", fu.amount);
        rep.functional_unit = std::string(amount) + " " + fu.amount_unit.symbol + " " + fu.flow;
    }
    for (std::size_t k = 1; k < climate_indicator_count && k < r.indicators.size(); ++k) {
        const double v = r.impacts(static_cast<Eigen::Index>(k));
        if (v != 0.0)
            rep.origins.push_back({std::string(climate_indicator_ids[k]),
                                   std::string(climate_indicator_names[k]), v});
    }
    const Eigen::MatrixXd contrib = process_contributions(sys, ch, r);
    for (const auto& [c, v] : top(contrib.row(0).transpose(), sys.index.size())) {
        const auto& t = sys.index.columns()[c];
        rep.processes.push_back({t.label(), name_of(t), v});
    }
    for (const auto& [tag, v] : tag_contributions(sys, contrib))
        if (v != 0.0) rep.tags.push_back({tag, tag, v});
    std::stable_sort(rep.tags.begin(), rep.tags.end(), [](const auto& a, const auto& b) {
        return std::abs(a.value) > std::abs(b.value);
    });
    // the tree from the column the demand falls on (the reference product)
    if (r.demand.size() > 0 && r.demand.cwiseAbs().maxCoeff() > 0) {
        Eigen::Index root = 0;
        r.demand.cwiseAbs().maxCoeff(&root);
        const Eigen::VectorXd lambda = intensities(sys, ch, lu, climate_indicator::total);
        tree_options to;
        to.cutoff = options.cutoff;
        to.max_nodes = options.max_nodes;
        for (const auto& n :
             upstream_tree(sys, ch, lambda, process_col{static_cast<std::size_t>(root)},
                           r.demand(root), to)) {
            const auto& t = sys.index.column(n.process);
            rep.tree.push_back({n.parent, n.depth, t.label(), name_of(t), n.amount,
                                t.product_unit.symbol, n.direct, n.total, n.share, n.loop,
                                n.truncated});
        }
    }
    // data sources: what the linked factors and process databases recorded on their processes
    std::map<std::string, report_source> sources;
    for (const auto& p : model.processes) {
        const auto ds = p.metadata.find("dataset");
        if (ds == p.metadata.end()) continue;
        auto& s = sources[ds->second];
        s.dataset = ds->second;
        auto get = [&](const char* a, const char* b) {
            if (auto it = p.metadata.find(a); it != p.metadata.end()) return it->second;
            if (auto it = p.metadata.find(b); it != p.metadata.end()) return it->second;
            return std::string();
        };
        if (s.title.empty()) s.title = get("dataset_title", "dataset.title");
        if (s.version.empty()) s.version = get("version", "dataset.version");
        if (s.licence.empty()) s.licence = get("licence", "dataset.licence");
        if (s.source.empty()) s.source = get("source", "dataset.source");
        ++s.processes;
    }
    for (auto& [id, s] : sources)
        rep.sources.push_back(std::move(s));
    return rep;
}

std::string render_html(const report& rep) {
    const double total = rep.total;
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"" +
                    html_escape(rep.generator) +
                    "\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                    "<title>" +
                    html_escape(rep.title.empty() ? "Carbon footprint" : rep.title) +
                    " — carbon footprint</title>\n<style>" + style + "</style>\n<script>" + script +
                    "</script>\n</head>\n<body>\n<main>\n";
    h += "<h1>" + html_escape(rep.title.empty() ? "Carbon footprint" : rep.title) + "</h1>\n";
    h += "<p class=\"sub\">Cradle-to-gate carbon footprint of <strong>" +
         html_escape(rep.functional_unit) + "</strong>" +
         (rep.scenario.empty() ? ""
                               : ", scenario <strong>" + html_escape(rep.scenario) + "</strong>") +
         " · IPCC " + html_escape(rep.gwp_set) + " GWP100</p>\n";
    h += "<p class=\"total\" id=\"total\" data-value=\"" + fmt("%.10g", total) + "\">" +
         figure(total) + " <small>kg CO2e per " + html_escape(rep.functional_unit) +
         "</small></p>\n";

    if (!rep.origins.empty()) {
        h += "<h2>By origin</h2>\n<table id=\"origins\"><tr><th>origin</th><th class=\"n\">kg "
             "CO2e</th><th class=\"n\">share</th></tr>\n";
        for (const auto& o : rep.origins)
            h += "<tr data-id=\"" + html_escape(o.id) + "\"><td>" + html_escape(o.name) +
                 "</td><td class=\"n\">" + figure(o.value) + "</td><td class=\"n\">" +
                 percent(o.value, total) + "</td></tr>\n";
        h += "</table>\n";
        h += bar_chart("origin-chart", rep.origins, total, 10);
    }
    if (!rep.scenarios.empty()) {
        h += "<h2>Scenarios</h2>\n";
        h += bar_chart("scenario-chart", rep.scenarios, total, 20);
    }
    if (!rep.gates.empty()) {
        h += "<h2>Gate by gate</h2>\n<p class=\"note\">Cradle to each gate: the product leaving "
             "it, its footprint per unit, and what it embodies of the final product's.</p>\n"
             "<table id=\"gates\"><tr><th>gate</th><th>product</th><th class=\"n\">amount</th>"
             "<th>unit</th><th class=\"n\">kg CO2e per unit</th><th class=\"n\">embodied</th>"
             "<th class=\"n\">share</th></tr>\n";
        for (const auto& g : rep.gates)
            h += "<tr><td>" + html_escape(g.label) + "</td><td>" + html_escape(g.flow) +
                 "</td><td class=\"n\">" + figure(g.amount) + "</td><td>" + html_escape(g.unit) +
                 "</td><td class=\"n\">" + fmt("%.4f", g.per_unit) + "</td><td class=\"n\">" +
                 fmt("%.4f", g.embodied) + "</td><td class=\"n\">" + percent(g.embodied, total) +
                 "</td></tr>\n";
        h += "</table>\n";
    }
    if (!rep.processes.empty()) {
        h += "<h2>Contributions by process</h2>\n<p class=\"note\">Direct emissions of each "
             "process at its scale in this supply chain (" +
             fmt("%zu", rep.processes.size()) +
             " processes with a non-zero share; the largest "
             "15 shown, the rest summed).</p>\n";
        h += bar_chart("process-chart", rep.processes, total, 15);
    }
    if (!rep.tags.empty() && !(rep.tags.size() == 1 && rep.tags.front().id == "(untagged)")) {
        h += "<h2>Contributions by stage and tag</h2>\n<p class=\"note\">A process counts under "
             "its stage and each of its tags, so tags may overlap.</p>\n";
        h += bar_chart("tag-chart", rep.tags, total, 15);
    }
    if (const std::string diagram = flow_diagram(rep); !diagram.empty()) {
        h += "<h2>Supply chain</h2>\n<p class=\"note\">The upstream tree of the functional unit, "
             "left to right: each process is as tall as its footprint with everything behind it. "
             "Branches below " +
             fmt("%.2g", 100 * rep.cutoff) +
             " % of the total are cut off "
             "(marked +); a dashed node (↻) is a loop, a product already on its path, not "
             "expanded again.</p>\n<div class=\"scroll\">" +
             diagram + "</div>\n";
    }
    if (rep.uncertainty) {
        const auto& d = *rep.uncertainty;
        h += "<h2>Uncertainty</h2>\n<p class=\"note\">Monte Carlo, " + fmt("%zu", d.totals.size()) +
             " draws (seed " + fmt("%llu", static_cast<unsigned long long>(d.seed)) +
             "): distribution of the total, kg CO2e per functional unit.</p>\n" + histogram(d);
    }
    if (!rep.pact.empty()) {
        h += "<h2>PACT summary</h2>\n<dl id=\"pact\">\n";
        for (const auto& [k, v] : rep.pact)
            h += "<dt>" + html_escape(k) + "</dt><dd>" + html_escape(v) + "</dd>\n";
        h += "</dl>\n";
    }
    h += "<h2>Data sources</h2>\n";
    if (rep.sources.empty()) {
        h += "<p class=\"note\">Every figure comes from the model itself; no factor dataset or "
             "process database was linked.</p>\n";
    } else {
        h += "<table id=\"sources\"><tr><th>dataset</th><th>version</th><th>licence</th>"
             "<th class=\"n\">used</th><th>source</th></tr>\n";
        for (const auto& s : rep.sources)
            h += "<tr data-id=\"" + html_escape(s.dataset) + "\"><td><strong>" +
                 html_escape(s.dataset) + "</strong><br>" + html_escape(s.title) + "</td><td>" +
                 html_escape(s.version) + "</td><td>" + html_escape(s.licence) +
                 "</td><td class=\"n\">" + fmt("%zu", s.processes) + "</td><td>" +
                 html_escape(s.source) + "</td></tr>\n";
        h += "</table>\n";
    }
    h += "<footer>Made by " + html_escape(rep.generator) +
         " (cradle-to-gate, ISO 14067 / GHG Protocol Product Standard). Names are shown; hover "
         "a bar or node for its id.</footer>\n</main>\n</body>\n</html>\n";
    return h;
}

} // namespace cradle
