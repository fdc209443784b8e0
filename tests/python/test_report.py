"""Names and pictures from Python: Result.top() records, the HTML report, the matplotlib chart."""
import html.parser
import pathlib
import sys

import numpy as np
import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = ROOT / "examples" / "models"


class Bars(html.parser.HTMLParser):
    """data-* attributes of the process chart's bars, the total, and the histogram bins."""

    def __init__(self, text):
        super().__init__()
        self.chart, self.bars, self.bins, self.total, self.sources = None, [], 0, None, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.chart = a.get("id")
        if tag == "g" and a.get("class") == "bar" and self.chart == "process-chart":
            self.bars.append(a)
        if tag == "rect" and a.get("class") == "bin":
            self.bins += 1
        if a.get("id") == "total":
            self.total = float(a["data-value"])
        if tag == "tr" and "data-id" in a and self.chart is not None:
            self.sources.append(a["data-id"])


def test_top_gives_named_records_and_the_dataframe_has_names():
    r = cradle.footprint(MODELS / "hybrid-widget.json")
    top = r.top(3)
    assert [c.id for c in top][0] == "grid/VN/2024"
    # the grid factor: published name "Grid electricity, Viet Nam (VNM)", Ember, 2024
    assert top[0].name == "Grid electricity, Viet Nam (VNM), Ember 2024"
    # a DESNZ factor: its published name and "UK DESNZ 2025" (no year repeated)
    diesel = r.process_names[r.process_ids.index("uk-desnz-2025/1_101_1011_8_1")]
    assert diesel == "Liquid fuels, Diesel (average biofuel blend), UK DESNZ 2025"
    assert abs(top[0].value) >= abs(top[1].value) >= abs(top[2].value)


def test_report_writes_the_page_the_cli_writes(tmp_path):
    r = cradle.footprint(MODELS / "hybrid-widget.json")
    page = r.report(tmp_path / "widget.html")
    dom = Bars(page.read_text(encoding="utf-8"))
    assert dom.total == pytest.approx(r.total, rel=1e-9)
    # the largest 15 contributors, by name and value, then one bar summing the others
    row = r.process_contributions()[0]
    nonzero = int(np.count_nonzero(row))
    assert nonzero > 15 and len(dom.bars) == 16
    for bar, c in zip(dom.bars, r.top(15)):
        assert (bar["data-id"], bar["data-name"]) == (c.id, c.name)
        assert float(bar["data-value"]) == pytest.approx(c.value, rel=1e-9)
    assert dom.bars[-1]["data-name"] == f"{nonzero - 15} others"
    assert float(dom.bars[-1]["data-value"]) == pytest.approx(
        row.sum() - sum(c.value for c in r.top(15)), rel=1e-8)
    # the three datasets the widget's factors come from
    assert {"grid", "uk-desnz-2025", "useeio-2.0.1"} <= set(dom.sources)


def test_report_with_a_monte_carlo_histogram(tmp_path):
    model = cradle.read_model(ROOT / "examples" / "copper" / "model.json")
    r = cradle.footprint(model)
    mc = cradle.monte_carlo(model, 200, seed=3)
    dom = Bars(r.report(tmp_path / "copper.html", uncertainty=mc, title="Copper").read_text())
    assert dom.bins == 40


def test_plot_draws_the_named_contributions(monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    r = cradle.footprint(MODELS / "hybrid-widget.json")
    ax = r.plot(n=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    top = r.top(5)
    # names up to 48 characters as they are, longer ones cut to 47 and an ellipsis
    assert labels[:5] == [c.name if len(c.name) <= 48 else c.name[:47] + "\u2026" for c in top]
    assert any(len(c.name) > 48 for c in top)  # the widget's top five include a long name
    assert labels[5].endswith("others") and len(ax.patches) == 6
    assert ax.patches[0].get_width() == pytest.approx(top[0].value, rel=1e-12)
    # the bars add up to the total
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(r.total, rel=1e-9)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install matplotlib"):
        r.plot()
