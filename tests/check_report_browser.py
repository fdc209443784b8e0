#!/usr/bin/env python3
"""`cradle report` opened in a real browser (headless Chromium, Debian's package).

For every bundled calculator (and two models with an upstream tree, one with loops) the report is
written, opened offline, and checked against what `cradle run`/`cradle footprint --format json`
computes independently:
- the browser logs nothing on its console (no script error, no refused or failed load);
- every chart was drawn: the page's own script records, per chart, how many shapes have a
  non-empty bounding box in the browser's layout (data-drawn), and that count must equal the
  number of bars / nodes and links / bins in the chart;
- the process chart has one bar per contributor (the largest 15, then one "N others" bar), named
  and valued as `cradle run --format json` lists them; the total and the gate table match;
- the supply-chain diagram has as many nodes and loop marks as the `--tree` JSON;
- the file is self-contained (no http(s) reference) and under 2 MB;
- a screenshot is taken (written to OUT_DIR; the copper one is what docs/report-copper.png shows).
A self-test first checks that a page with a script error and a refused load is caught.

Usage: check_report_browser.py CRADLE REPO_ROOT OUT_DIR
"""
import html.parser
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

cradle, root, out_dir = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
out_dir.mkdir(parents=True, exist_ok=True)
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    sys.exit("check_report_browser: no chromium on PATH (scripts/install-deps.sh installs "
             "Debian's chromium package)")


def browse(page: pathlib.Path, screenshot: pathlib.Path | None = None):
    """The DOM after the page's scripts ran, and the console lines the browser logged."""
    with tempfile.TemporaryDirectory() as profile:
        base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr",
                "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no name resolves
                "--virtual-time-budget=5000"]
        p = subprocess.run(base + ["--dump-dom", page.as_uri()], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            sys.exit(f"chromium failed on {page}: {p.stderr[-2000:]}")
        if screenshot is not None:
            s = subprocess.run(base + ["--window-size=1100,2400", f"--screenshot={screenshot}",
                                       page.as_uri()], capture_output=True, text=True, timeout=120)
            if s.returncode != 0:
                sys.exit(f"chromium screenshot failed on {page}: {s.stderr[-2000:]}")
    console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l]
    return p.stdout, console


class Dom(html.parser.HTMLParser):
    """Elements as (tag, attrs, classes) in document order, and the text of table cells."""

    def __init__(self, text):
        super().__init__()
        self.elements, self.rows, self._row, self._cell = [], {}, None, None
        self._table = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a, set((a.get("class") or "").split())))
        if tag == "table":
            self._table = a.get("id")
            self.rows.setdefault(self._table, [])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def find(self, tag=None, cls=None, **attrs):
        return [a for t, a, c in self.elements
                if (tag is None or t == tag) and (cls is None or cls in c)
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def chart(self, chart_id):
        """Attributes of the chart svg and of the elements inside it."""
        inside, depth, start = [], 0, None
        for i, (t, a, c) in enumerate(self.elements):
            if t == "svg" and a.get("id") == chart_id:
                start = i
                break
        if start is None:
            return None, []
        # the chart's elements run until the next svg (charts do not nest)
        for t, a, c in self.elements[start + 1:]:
            if t == "svg":
                break
            inside.append((t, a, c))
        return self.elements[start][1], inside


def run_json(*args):
    p = subprocess.run([cradle, *map(str, args)], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"cradle {' '.join(map(str, args))} failed: {p.stderr}")
    return json.loads(p.stdout)


def report(target, name, *extra):
    page = out_dir / f"{name}.html"
    p = subprocess.run([cradle, "report", target, "-o", page, *extra], capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit(f"cradle report {target} failed: {p.stderr}")
    return page


def close(a, b, rel=1e-9):
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)


# ---- self-test: the checks below can fail
with tempfile.TemporaryDirectory() as tmp:
    bad = pathlib.Path(tmp) / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                   "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                   "<script>undefinedFunction();</script>"
                   "<script>fetch('https://example.com/x')</script></body></html>")
    _, console = browse(bad)
    check(any("undefinedFunction" in l for l in console),
          "self-test: a script error on a page is seen on the console")
    check(any("example.com" in l for l in console),
          "self-test: a load refused by the page's policy is seen on the console")


def common_checks(page, dom, console, label):
    size = page.stat().st_size
    text = page.read_text(encoding="utf-8")
    check(not console, f"{label}: nothing on the browser console {console[:3]}")
    check(size < 2 * 1024 * 1024, f"{label}: {size / 1024:.0f} kB, under 2 MB")
    check(not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text),
          f"{label}: no external reference (src/href to the network)")
    charts = dom.find("svg", cls="chart")
    body = dom.find("body")[0]
    check(body.get("data-ready") == str(len(charts)) and len(charts) >= 2,
          f"{label}: the page's script ran over all {len(charts)} charts")
    for c in charts:
        _, inside = dom.chart(c["id"])
        # what the chart holds: one rect per bar / node / non-empty bin, one path per link
        want = sum(1 for t, a, cl in inside if t == "rect" and float(a["height"]) > 0) + \
            sum(1 for t, a, cl in inside if "link" in cl)
        check(c.get("data-drawn") == str(want) and want > 0,
              f"{label}: chart {c['id']}: {c.get('data-drawn')} of {want} shapes drawn")
    return text


calculators = sorted(p.parent for p in (root / "examples").glob("*/calculator.json"))
check(len(calculators) >= 5, f"{len(calculators)} bundled calculators found")
for folder in calculators:
    name = folder.name
    extra = ["--uncertainty", "300", "--seed", "7"] if name == "copper" else []
    page = report(folder, name, *extra)
    dom_text, console = browse(page, out_dir / f"{name}.png")
    dom = Dom(dom_text)
    common_checks(page, dom, console, name)
    # independent: the calculator run, its baseline scenario (what the report shows)
    calc = json.loads((folder / "calculator.json").read_text())
    res = run_json("run", folder, "--format", "json")
    scen = res["scenarios"]
    base = next((s for s in scen if s["name"] == calc.get("baseline")), scen[0])
    total = dom.find(id="total")[0]["data-value"]
    check(close(total, base["total"]), f"{name}: total {total} = cradle run {base['total']}")
    _, bars = dom.chart("process-chart")
    bars = [a for t, a, c in bars if "bar" in c]
    contributors = base["contributors"]
    want = min(15, len(contributors)) + (1 if len(contributors) > 15 else 0)
    check(len(bars) == want, f"{name}: {len(bars)} process bars for {len(contributors)} "
          f"contributors (want {want})")
    ok = all(b["data-name"] == c["name"] and b["data-id"] == c["process"]
             and close(b["data-value"], c["value"]) for b, c in zip(bars, contributors[:15]))
    check(ok, f"{name}: bars named, identified and valued as cradle run lists them")
    if len(contributors) > 15:
        rest = sum(c["value"] for c in contributors[15:])
        check(bars[-1]["data-name"] == f"{len(contributors) - 15} others"
              and close(bars[-1]["data-value"], rest, 1e-8), f"{name}: the others bar sums the rest")
    gates = dom.rows.get("gates", [])[1:]
    check([g[0] for g in gates] == [g["label"] for g in base["gates"]],
          f"{name}: gate table has the {len(base['gates'])} gates of cradle run")
    if len(scen) > 1:
        _, sbars = dom.chart("scenario-chart")
        sbars = [a for t, a, c in sbars if "bar" in c]
        check(sorted(b["data-name"] for b in sbars) == sorted(s["name"] for s in scen),
              f"{name}: one bar per scenario ({len(scen)})")
    if extra:
        hist, bins = dom.chart("uncertainty")
        check(hist is not None and sum(1 for t, a, c in bins if "bin" in c) == 40,
              f"{name}: uncertainty histogram of 40 bins")
    check(dom.rows.get("sources") and len(dom.rows["sources"]) > 1,
          f"{name}: data sources listed ({len(dom.rows.get('sources', [])) - 1})")
    png = out_dir / f"{name}.png"
    check(png.exists() and png.stat().st_size > 20000, f"{name}: screenshot {png.name}")

# the supply-chain diagram against the upstream tree of `cradle footprint --tree`
for model in [root / "examples" / "models" / "copper-wire.json",
              root / "examples" / "models" / "hybrid-widget.json",  # 400 USEEIO sectors
              root / "tests" / "fixtures" / "loop-productive.json"]:
    label = model.stem
    page = report(model, label)
    dom_text, console = browse(page)
    dom = Dom(dom_text)
    common_checks(page, dom, console, label)
    fp = run_json("footprint", model, "--tree", "--format", "json")
    tree = fp["tree"]
    direct = sorted((p for p in fp["processes"] if p["direct"] != 0),
                    key=lambda p: -abs(p["direct"]))
    _, bars = dom.chart("process-chart")
    bars = [a for t, a, c in bars if "bar" in c]
    check(len(bars) == min(15, len(direct)) + (len(direct) > 15),
          f"{label}: {len(bars)} process bars for {len(direct)} contributing processes")
    check(all(b["data-id"] == p["id"] and close(b["data-value"], p["direct"])
              for b, p in zip(bars, direct[:15])), f"{label}: the largest 15 in order")
    if len(direct) > 15:
        check(bars[-1]["data-name"] == f"{len(direct) - 15} others" and
              close(bars[-1]["data-value"], sum(p["direct"] for p in direct[15:]), 1e-8),
              f"{label}: one bar sums the other {len(direct) - 15}")
    _, inside = dom.chart("supply-chain")
    nodes = [a for t, a, c in inside if "node" in c]
    loops = [a for t, a, c in inside if "node" in c and "loop" in c]
    check(len(nodes) == len(tree), f"{label}: {len(nodes)} diagram nodes = {len(tree)} tree nodes")
    check([n["data-id"] for n in nodes] == [t["process"] for t in tree],
          f"{label}: nodes in tree order")
    check(len(loops) == sum(1 for t in tree if t["loop"]),
          f"{label}: {len(loops)} loop marks = loops of the tree")
    if label == "loop-productive":
        check(len(loops) > 0, f"{label}: the loop is marked")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("all report checks passed")
