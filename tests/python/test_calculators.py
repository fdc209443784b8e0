"""The five bundled calculators from Python, against the hand computations in their READMEs.

Factor values are the bundled ones re-characterized under AR6, as `cradle factors show ID`
prints them ("under AR6"); tolerance: 1e-9 relative (the hand computation uses the same digits).
"""
import pathlib

import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
EX = ROOT / "examples"

DIESEL = 2.662567284        # uk-desnz-2025/1_101_1012_8_1, per l
GAS = 0.2027229474          # uk-desnz-2025/1_100_1004_7_1, natural gas (net CV), per kWh
EXPLOSIVES = 0.5007856948   # us-epa-sef-1.3/325920, per USD2022
CRUDE = 0.4191792784        # us-epa-sef-1.3/211120
PETROCHEM = 0.8088973857    # us-epa-sef-1.3/325110
INDGAS = 1.22412668         # us-epa-sef-1.3/325120
COMPUTERS = 0.05836589802   # us-epa-sef-1.3/334111
GRID = {"CL": 0.26552, "DE": 0.34206, "PE": 0.26327, "US": 0.38355, "VN": 0.48613,
        "CN": 0.5575}       # grid/<CC>/2024 (Ember, CO2e, no gas split)
REL = 1e-9


def copper_hand(recycled=0.3, grid_mine="CL", grid_smelter="CL", grid_cable="DE", cff_r2=None):
    ore = 1 / (0.007 * 0.9)
    moved = ore * 3.5
    mine = moved * 0.4 * DIESEL + moved * 0.2 * 0.8 * EXPLOSIVES + ore * 22 * GRID[grid_mine]
    smelter = mine / 0.98 + 1350 * GRID[grid_smelter] + 1500 * GAS
    secondary = 400 * GRID[grid_cable] + 1200 * GAS  # scrap: cut-off, no burden
    if cff_r2 is None:  # cut-off: recycled content at its refining burden
        copper = (1 - recycled) * smelter + recycled * secondary
    else:  # PEF CFF, copper A = 0.2, Q = 1: (1-R1) Ev + R1 (A Erec + (1-A) Ev) + (1-A) R2 (Erec - Ev)
        a = 0.2
        copper = ((1 - recycled) * smelter + recycled * (a * secondary + (1 - a) * smelter)
                  + (1 - a) * cff_r2 * (secondary - smelter))
    rod = copper + 350 * GAS + 60 * GRID[grid_cable]
    wire = rod / 0.99 + 350 * GRID[grid_cable]
    return mine, smelter, rod, wire


def test_copper_default_with_gates():
    mine, smelter, rod, wire = copper_hand()
    r = cradle.run(EX / "copper")
    (s,) = r["scenarios"]
    assert s["total"] == pytest.approx(wire, rel=REL)
    gates = {g["label"]: g for g in s["gates"]}
    assert gates["mine gate"]["per_unit"] == pytest.approx(mine, rel=REL)
    assert gates["smelter gate"]["per_unit"] == pytest.approx(smelter, rel=REL)
    assert gates["rod mill gate"]["per_unit"] == pytest.approx(rod, rel=REL)
    # t Cu in concentrate per t wire: 0.7 t primary cathode per t rod / 0.98 / 0.99
    assert gates["mine gate"]["amount"] == pytest.approx(0.7 / 0.98 / 0.99, rel=REL)
    assert gates["cable maker's gate"]["embodied"] == pytest.approx(wire, rel=REL)


def test_copper_more_scrap_and_a_peruvian_smelter():
    *_, wire = copper_hand(recycled=0.6, grid_smelter="PE")
    r = cradle.run(EX / "copper", recycled_share=0.6, grid_smelter="PE")
    assert r["scenarios"][0]["total"] == pytest.approx(wire, rel=REL)
    assert r["scenarios"][0]["total"] < copper_hand()[3]


def test_copper_circular_footprint_formula():
    # recycling_method=cff: the PEF Circular Footprint Formula with copper's published A = 0.2
    for r2 in (0.0, 0.5, 1.0):
        *_, wire = copper_hand(cff_r2=r2)
        r = cradle.run(EX / "copper", recycling_method="cff", eol_recycling_rate=r2)
        assert r["scenarios"][0]["total"] == pytest.approx(wire, rel=REL)
    # A = 1 would be cut-off: the cut-off method is the default
    assert cradle.run(EX / "copper")["scenarios"][0]["total"] == pytest.approx(copper_hand()[3],
                                                                               rel=REL)
    with pytest.raises(cradle.ModelError, match=r"'recycling_method'"):
        cradle.run(EX / "copper", recycling_method="avoided-burden")


def test_copper_errors_name_the_parameter():
    with pytest.raises(cradle.ModelError, match=r"'recycled_share' = 1.3 t/t rod is outside its range \[0, 1\]"):
        cradle.run(EX / "copper", recycled_share=1.3)
    with pytest.raises(cradle.ModelError, match=r"provider 'grid/XX/2024'.*grid_smelter"):
        cradle.run(EX / "copper", grid_smelter="XX")
    with pytest.raises(cradle.ModelError, match=r"no parameter 'recycled'.*recycled_share"):
        cradle.run(EX / "copper", recycled=0.5)


def petro_hand(allocation="mass", grid="US"):
    naphtha = 550 * CRUDE + 700 * GAS
    per_t_naphtha = naphtha + 28 * 0.30 * 1000 / 3.6 * GAS  # 8.4 GJ of gas in kWh
    if allocation == "mass":
        ethylene = per_t_naphtha * (0.30 / 0.79) / 0.30
    else:
        credits = (0.16 * 1000 + 0.10 * 900 + 0.22 * 800) * PETROCHEM + 0.01 * 2000 * INDGAS
        ethylene = (per_t_naphtha - credits) / 0.30
    return 1.01 * ethylene + 500 * GRID[grid]


def test_petrochemicals_mass_and_substitution():
    r = cradle.run(EX / "petrochemicals")
    by = {s["name"]: s for s in r["scenarios"]}
    assert by["mass allocation"]["total"] == pytest.approx(petro_hand("mass"), rel=REL)
    assert by["substitution"]["total"] == pytest.approx(petro_hand("substitution"), rel=REL)
    r = cradle.run(EX / "petrochemicals", grid_region="CN")
    assert r["scenarios"][0]["total"] == pytest.approx(petro_hand("mass", "CN"), rel=REL)


def eco_hand(solar, heat):
    elec = 800 + 2500 * heat * 0.03
    return elec * (1 - solar) * GRID["VN"] + elec * solar * 0.041 + 2500 * (1 - heat) / 0.9 * GAS


def test_eco_park_reduction_against_baseline():
    r = cradle.run(EX / "eco-park")
    base, after = r["scenarios"]
    assert base["total"] == pytest.approx(eco_hand(0, 0), rel=REL)
    assert after["total"] == pytest.approx(eco_hand(0.3, 0.25), rel=REL)
    assert after["reduction_percent"] == pytest.approx(
        100 * (1 - eco_hand(0.3, 0.25) / eco_hand(0, 0)), rel=1e-9)
    r = cradle.run(EX / "eco-park", solar_share=0.9, heat_recovered_share=0.6)
    assert r["scenarios"][1]["reduction_percent"] == pytest.approx(
        100 * (1 - eco_hand(0.9, 0.6) / eco_hand(0, 0)), rel=1e-9)
    assert r["scenarios"][1]["reduction_percent"] > 50  # meets a 50 % target


def dc_hand(grid="US", util=0.5):
    kw = (120 + 280 * util) / 1000
    return kw * 1.58 * GRID[grid] + 10000 / (4 * 8760) * COMPUTERS


def test_data_centre_per_server_hour():
    assert cradle.run(EX / "data-centre")["scenarios"][0]["total"] == pytest.approx(
        dc_hand(), rel=REL)
    r = cradle.run(EX / "data-centre", set={"grid_country": "DE", "utilisation": 1.0})
    assert r["scenarios"][0]["total"] == pytest.approx(dc_hand("DE", 1.0), rel=REL)


SEF = {  # per USD2022 under AR6: (with margins, without margins)
    "331420": (0.3344459105, 0.3156702346), "325211": (1.04547266, 1.021848963),
    "484121": (0.5949457797, 0.5949457797), "484110": (0.5949457797, 0.5949457797),
    "541330": (0.1034817032, 0.1034817032), "322211": (0.4784996162, 0.449048643),
    "333120": (0.2282163342, 0.2006355661), "561720": (0.216108362, 0.216108362)}


def test_spend_screening_with_and_without_margins():
    rows = [line.split(",")[:2] for line in
            (EX / "spend-screening" / "purchases.csv").read_text().splitlines()[1:]]
    r = cradle.run(EX / "spend-screening")
    with_m, without_m = r["scenarios"]
    assert with_m["total"] == pytest.approx(
        sum(float(usd) * SEF[n][0] for n, usd in rows), rel=REL)
    assert without_m["total"] == pytest.approx(
        sum(float(usd) * SEF[n][1] for n, usd in rows), rel=REL)
    top = with_m["contributors"][0]
    assert top[0] == "us-epa-sef-1.3/325211" and top[1] == pytest.approx(120000 * SEF["325211"][0])


def test_parameters_listed():
    names = [p["name"] for p in cradle.calculator_parameters(EX / "copper")]
    assert "recycled_share" in names and "grid_smelter" in names
