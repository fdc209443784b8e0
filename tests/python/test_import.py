"""Inventory databases from Python: read_database, choose_product, the bundled US LCI, its
supply-chain factor table, and the same matrices solved by Brightway's bw2calc."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "factors" / "sources" / "uslci"
JSONLD = SOURCES / "uslci_olca1_5_0_json_ld.zip"
COAL = "Electricity, bituminous coal, at power plant"


@pytest.mark.feature("zip", "ecospold")
def test_read_database_detects_the_format_and_reports():
    model, report = cradle.read_database(JSONLD)
    assert report["format"] == "openLCA JSON-LD (v1 key names)"
    assert report["processes"] >= 766
    assert report["cut_offs"] and all(c["processes"] for c in report["cut_offs"])
    assert report["ghg_flows_mapped"] > 0
    linked = report["linked"]
    assert sum(linked.values()) > 3000
    m2, r2 = cradle.read_database(SOURCES / "uslci_fy18_q1_01_olca1_5_ecospold2.zip")
    assert r2["format"] == "EcoSpold 2"
    # the same power plant in both releases, per kWh (JSON-LD counts it in MJ)
    a = cradle.footprint(cradle.choose_product(model, COAL)).total * 3.6
    b = cradle.footprint(cradle.choose_product(m2, COAL)).total
    assert a == pytest.approx(b, rel=1e-9)


@pytest.mark.feature("zip", "ecospold")
def test_errors_are_cradle_errors_naming_the_culprit(tmp_path):
    with pytest.raises(cradle.InputError, match=r"cut-off-flow"):
        cradle.read_database(JSONLD, cut_offs_are_errors=True)
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   "<ecoSpold><dataset>&e;</dataset></ecoSpold>")
    with pytest.raises(cradle.InputError, match=r"xml-doctype.*bad\.xml|bad\.xml.*DOCTYPE"):
        cradle.read_database(bad)
    not_a_zip = tmp_path / "db.zip"
    not_a_zip.write_text("plain text")
    with pytest.raises(cradle.InputError, match=r"bad-archive.*db\.zip"):
        cradle.read_database(not_a_zip)
    model, _ = cradle.read_database(JSONLD)
    with pytest.raises(cradle.InputError, match="did you mean"):
        cradle.choose_product(model, "Electricity, bitumnous coal, at power plant")


@pytest.mark.feature("zip")
def test_the_bundled_uslci_and_its_factor_table():
    db = cradle.process_database("uslci")
    assert db.licence == "MIT" and len(db.model.process_ids) >= 766
    table = cradle.supply_chain_table("uslci")
    names = table["names"]
    values = table["values"]
    assert values.shape == (len(table["indicators"]), len(names))
    assert np.isfinite(values).all()
    coal = names.index(COAL)
    model, _ = cradle.read_database(JSONLD)
    assert values[0, coal] == pytest.approx(
        cradle.footprint(cradle.choose_product(model, COAL)).total, rel=1e-9)
    # my own process buying US LCI electricity and diesel (examples/uslci/machined-part.json)
    part = cradle.footprint(ROOT / "examples" / "uslci" / "machined-part.json").total
    elec = values[0, names.index("Electricity, at Grid, US, 2010")]
    diesel = values[0, names.index("Diesel, combusted in industrial equipment")]
    assert part == pytest.approx(43.2 * elec + 0.0005 * diesel + 0.05, rel=1e-9)


@pytest.mark.feature("zip", "ecospold")
def test_import_write_and_read_back(tmp_path):
    model, _ = cradle.read_database(SOURCES / "uslci_fy20_q2_01_olca1_10_3_ecospold1.zip")
    cradle.write_model(model, tmp_path / "es1.json")
    again = cradle.read_model(tmp_path / "es1.json")
    assert again.process_ids == model.process_ids


def test_brightway_gives_the_same_footprint_for_every_us_lci_product():
    """The A, B and C matrices cradle builds for the whole US LCI, handed to bw2calc (via
    bw_processing): every product's GWP agrees with cradle's to 1e-9 relative. This checks
    linking and solving against a peer; tests/io/test_olca.cpp checks the reading by hand."""
    bw2calc = pytest.importorskip("bw2calc")
    bwp = pytest.importorskip("bw_processing")
    model = cradle.process_database("uslci").model
    system = cradle.build(model)
    A = system.A.tocoo()
    B = system.B.tocoo()
    C = system.C.tocsr()[0]  # the total GWP row
    n, nflows = A.shape[0], B.shape[0]
    # ids: products/activities 1..n (product j is made by activity j), flows 10^6 + k
    dp = bwp.create_datapackage()
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        indices_array=np.array(list(zip(A.row + 1, A.col + 1)), dtype=bwp.INDICES_DTYPE),
        data_array=A.data.astype(float),
        flip_array=np.zeros(len(A.data), dtype=bool))
    dp.add_persistent_vector(
        matrix="biosphere_matrix",
        indices_array=np.array(list(zip(B.row + 10**6, B.col + 1)), dtype=bwp.INDICES_DTYPE),
        data_array=B.data.astype(float))
    cf = C.toarray().ravel()
    k = np.flatnonzero(cf)
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        indices_array=np.array(list(zip(k + 10**6, k + 10**6)), dtype=bwp.INDICES_DTYPE),
        data_array=cf[k])
    lca = bw2calc.LCA({1: 1.0}, data_objs=[dp])
    lca.lci()
    lca.lcia()
    table = cradle.supply_chain_table(model)
    # relative 1e-9; a product whose footprint is 0 (a field operation with no emissions)
    # compares to rounding noise, so below 1e-15 of the largest footprint counts as equal
    floor = 1e-15 * np.abs(table["values"][0]).max()
    worst = 0.0
    for j in range(n):
        lca.lcia(demand={j + 1: 1.0})
        ours = table["values"][0, j]
        diff = abs(lca.score - ours)
        if diff > floor:
            worst = max(worst, diff / abs(ours))
        assert diff <= max(1e-9 * abs(ours), floor), (table["names"][j], lca.score, ours)
    assert n >= 766 and nflows > 0
    print(f"bw2calc: {n} products, worst relative difference {worst:.2e}")
