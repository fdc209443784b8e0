#!/usr/bin/env python3
"""Regenerate the normalized factor datasets in factors/ from the published source files.

Usage:
  make_factors.py [--sources DIR] [--out DIR] [--check] [DATASET ...]

  --sources  folder with the original files, one sub-folder per dataset
             (default: factors/sources next to this script's folder)
  --out      where the dataset folders are written (default: factors/)
  --check    write nothing; compare what would be written with what is in --out
             and exit 1 listing every file that differs (used by the test suite)
  DATASET    any of: {ids} (default: all)

Every dataset folder gets manifest.json, factors.csv and (where the source gives the
split by gas) gases.csv, in the format described in factors/README.md. The ipcc-gwp
folder is made by make_ipcc_gwp.py (called from here). Only the standard library is
used, plus Debian's iso-codes data (/usr/share/iso-codes/json/iso_3166-1.json) to map
Ember's ISO 3166 alpha-3 country codes to the alpha-2 codes used in factor ids.
The output is deterministic: a re-run on the same sources writes identical bytes.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import pathlib
import re
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
FACTORS = HERE.parent

LB_KG = 0.45359237  # exact, by definition of the avoirdupois pound

FACTOR_HEADER = ["id", "name", "category", "region", "year", "unit", "quantity", "value", "origin"]
GAS_HEADER = ["id", "species", "kg"]
# written when a dataset books some gas under an origin other than its factor's
GAS_HEADER_ORIGIN = GAS_HEADER + ["origin"]


class SourceError(Exception):
    pass


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def num(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SourceError(f"{where}: '{text}' is not a number") from None


def fmt(x: float) -> str:
    """Shortest text that reads back to the same double."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def read_records(path: pathlib.Path) -> tuple[list[list[str]], list[int]]:
    """CSV records and the physical line each ends on (quoted cells may span lines)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rd = csv.reader(fh)
        rows, line_of = [], []
        for r in rd:
            rows.append(r)
            line_of.append(rd.line_num)
    return rows, line_of


def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text.strip()).strip("-").lower()
    return s


class Dataset:
    """Collects factors and per-gas parts, checks ids are unique."""

    def __init__(self, ident: str):
        self.ident = ident
        self.factors: list[list[str]] = []
        self.gases: list[list[str]] = []
        self.ids: set[str] = set()

    def add(self, fid, name, category, region, year, unit, quantity, value, origin, where):
        if fid in self.ids:
            raise SourceError(f"{where}: duplicate factor id '{fid}'")
        self.ids.add(fid)
        self.factors.append([fid, name, category, region, str(year), unit, quantity, value, origin])

    def gas(self, fid, species, kg, origin=""):
        """A gas part; `origin` only where it differs from its factor's (gases.csv column)."""
        self.gases.append([fid, species, kg, origin])

    def files(self, manifest: dict) -> dict[str, str]:
        manifest = dict(manifest)
        manifest.setdefault("counts", {})
        manifest["counts"]["factors"] = len(self.factors)
        manifest["counts"]["gas_parts"] = len(self.gases)
        manifest["files"] = {"factors.csv": "one row per factor (see factors/README.md)"}
        out = {"factors.csv": csv_text(FACTOR_HEADER, self.factors)}
        if self.gases:
            manifest["files"]["gases.csv"] = "kg of each gas per unit of the factor"
            if any(g[3] for g in self.gases):
                out["gases.csv"] = csv_text(GAS_HEADER_ORIGIN, self.gases)
            else:
                out["gases.csv"] = csv_text(GAS_HEADER, [g[:3] for g in self.gases])
        out["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        out["LICENSE.md"] = licence_text(manifest)
        return out


def licence_text(m: dict) -> str:
    return (f"# {m['title']}\n\n"
            f"- Publisher: {m['publisher']}\n- Version: {m['version']}\n"
            f"- Licence: {m['licence']} ({m['licence_url']})\n"
            f"- Attribution: {m['attribution']}\n- Source: {m['source']}\n\n"
            "The files in this folder were derived from the source files named in "
            "manifest.json by factors/tools/make_factors.py (cradle project, Apache-2.0 for "
            "the script); the data keep the licence above.\n")


# ---------------------------------------------------------------- UK DESNZ

DESNZ_UNITS = {
    "km": "km", "miles": "mile", "tonne.km": "t*km", "tonnes": "t", "kg": "kg",
    "passenger.km": "passenger*km", "litres": "l", "kWh (Net CV)": "kWh",
    "kWh (Gross CV)": "kWh", "Room per night": "room*night", "kWh": "kWh", "GJ": "GJ",
    "cubic metres": "m3", "per FTE Working Hour": "FTE*h", "million litres": "million litres",
}
DESNZ_GAS = {"kg CO2e of CO2 per unit": "CO2", "kg CO2e of CH4 per unit": "CH4",
             "kg CO2e of N2O per unit": "N2O"}
DESNZ_GWP = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}  # AR5, see DESNZ_GWP_NOTE
DESNZ_FOSSIL = ("Fuels", "UK electricity", "Heat and steam", "Transmission and distribution",
                "Delivery vehicles", "Passenger vehicles", "Freighting goods", "Business travel",
                "Managed assets", "UK electricity for EVs", "UK electricity T&D for EVs")


# Where the GWPs of each release are stated. Both releases' own refrigerant factors are AR5's
# GWP100 (HFC-134a 1300, HFC-23 12400, SF6 23500; AR4: 1430, 14800, 22800): the test
# "factors: DESNZ releases are on AR5" checks it against ipcc-gwp.
DESNZ_GWP_NOTE = {
    "2025": "DESNZ methodology paper 2025 (../shared source data), para 1.7: IPCC AR5 GWP100; the "
            "release's own Kyoto-gas factors are AR5's (HFC-134a 1300, SF6 23500). gases.csv "
            "gives kg of gas (the published kg CO2e of each gas divided by these GWPs)",
    "2024": "AR5 GWP100, as the release's own Kyoto-gas factors show (HFC-134a 1300, HFC-23 "
            "12400, SF6 23500 kg CO2e/kg are AR5's; AR4 would give 1430, 14800, 22800). The 2024 "
            "methodology paper is not among the copied sources and is not cited here; the 2025 "
            "paper (para 1.7) states AR5 for the series. gases.csv gives kg of gas (the "
            "published kg CO2e of each gas divided by these GWPs)",
}


def desnz_origin(level1: str) -> str:
    if level1 in ("Bioenergy", "Outside of scopes"):
        return "biogenic"
    if level1.startswith(DESNZ_FOSSIL):
        return "fossil"
    return "other"


def make_desnz(src: pathlib.Path, year: str, version: str) -> dict[str, str]:
    files = sorted(src.glob("*.csv"))
    if len(files) != 1:
        raise SourceError(f"{src}: expected one CSV (the 'Factors by Category' sheet)")
    path = files[0]
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    header_row = next((i for i, r in enumerate(rows) if r and r[0] == "ID"), None)
    if header_row is None:
        raise SourceError(f"{path}: no header row starting with 'ID'")
    header = rows[header_row]
    need = ["ID", "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM",
            "GHG/Unit", f"GHG Conversion Factor {year}"]
    missing = [c for c in need if c not in header]
    if missing:
        raise SourceError(f"{path} row {header_row + 1}: missing column(s) {missing}")
    col = {c: header.index(c) for c in need}
    ds = Dataset(f"uk-desnz-{year}")
    totals = {}  # (prefix, uom) -> factor id
    pending_gas = []
    skipped_empty = skipped_energy = source_rows = 0
    for n, r in enumerate(rows[header_row + 1:], start=header_row + 2):
        if not any(c.strip() for c in r) or (len(r) > 1 and r[1] == "END" and not r[0]):
            continue
        source_rows += 1
        where = f"{path.name} row {n}"
        get = {c: (r[i].strip() if i < len(r) else "") for c, i in col.items()}
        fid, uom, ghg, value = get["ID"], get["UOM"], get["GHG/Unit"], get[need[-1]]
        if not fid:
            raise SourceError(f"{where}: empty ID")
        if ghg in ("kWh (Net CV)", "kWh (net)"):
            skipped_energy += 1  # SECR energy content (kWh per km), not an emission factor
            continue
        if value == "":
            skipped_empty += 1  # the publication leaves the cell blank: no factor
            continue
        v = num(value, f"{where} column '{need[-1]}'")
        if uom not in DESNZ_UNITS:
            raise SourceError(f"{where} column 'UOM': unknown unit '{uom}'")
        unit = DESNZ_UNITS[uom]
        levels = [get["Level 2"], get["Level 3"], get["Level 4"], get["Column Text"]]
        name = ", ".join(x for x in levels if x)
        if uom.startswith("kWh (") or uom == "kWh (Gross CV)":
            name += f" [{uom[5:-1]}]"
        category = " > ".join(x for x in (get["Scope"], get["Level 1"]) if x)
        origin = desnz_origin(get["Level 1"])
        prefix = fid.rsplit("_", 1)[0]
        if ghg == "kg CO2e":
            ds.add(fid, name, category, "GB", year, unit, "CO2e", value, origin, where)
            totals[(prefix, uom)] = fid
        elif ghg in DESNZ_GAS:
            pending_gas.append((prefix, uom, fid, name, category, unit, DESNZ_GAS[ghg], v,
                                origin, where))
        else:
            raise SourceError(f"{where} column 'GHG/Unit': unknown entry '{ghg}'")
    standalone = 0
    for prefix, uom, fid, name, category, unit, species, v, origin, where in pending_gas:
        owner = totals.get((prefix, uom))
        if owner is None:  # a gas published on its own (e.g. biogenic CO2 outside of scopes)
            ds.add(fid, f"{name} ({species})", category, "GB", year, unit, species,
                   fmt(v / DESNZ_GWP[species]), origin, where)
            standalone += 1
        else:
            ds.gas(owner, species, fmt(v / DESNZ_GWP[species]))
    manifest = {
        "id": f"uk-desnz-{year}",
        "kind": "factors",
        "title": f"UK Government GHG Conversion Factors for Company Reporting {year}",
        "short_name": f"UK DESNZ {year}",
        "publisher": "Department for Energy Security and Net Zero (DESNZ) / Defra",
        "version": version,
        "year": int(year),
        "region": "GB",
        "licence": "OGL-UK-3.0",
        "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "attribution": "Contains public sector information licensed under the Open Government "
                       "Licence v3.0.",
        "source": "https://www.gov.uk/government/collections/government-conversion-factors-"
                  "for-company-reporting (flat file, sheet 'Factors by Category')",
        "source_files": {path.name: sha256(path)},
        "gwp": {"set": "AR5", "CH4": 28, "N2O": 265, "note": DESNZ_GWP_NOTE[year]},
        "methane": "Every factor with a per-gas split is fuel burnt (origin 'fossil'), so "
                   "cradle characterizes its methane with the fossil value (AR5 30, AR6 29.8) "
                   "where DESNZ used 28 for all methane: at most +0.6 % under AR5 (domestic "
                   "coal), combustion methane being small. Bioenergy and other factors "
                   "without a split are used as published.",
        "units": "value: kg of 'quantity' per 'unit'; CO2e under the GWP set above",
        "counts": {"source_rows": source_rows, "per_gas_rows_attached": len(pending_gas) -
                   standalone, "per_gas_rows_standalone": standalone,
                   "blank_in_source": skipped_empty, "energy_rows_skipped": skipped_energy},
        "notes": "Factor ids are the publication's IDs. Rows giving kWh per km (SECR energy "
                 "conversions) are not emission factors and are skipped; rows the publication "
                 "leaves blank are skipped. 'kWh' factors on a net or gross calorific basis say "
                 "so in their name. The methodology paper says the bioenergy and WTT-bioenergy "
                 "factors still use AR4 GWPs and that hotel-stay factors mix AR4 and AR5; none "
                 "of them has a per-gas split here, so they are used as published.",
    }
    return ds.files(manifest)


# ------------------------------------------------- US EPA supply-chain factors

def gwp_column(set_name: str) -> dict[str, float]:
    """Species -> GWP100 of one set in the bundled ipcc-gwp/gwp100.csv (made by
    make_ipcc_gwp.py from its sources)."""
    path = FACTORS / "ipcc-gwp" / "gwp100.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rd = csv.DictReader(lines)
    return {r["species"]: float(r[set_name]) for r in rd if r.get(set_name)}


# gas names of the by-GHG file -> species as in ipcc-gwp/gwp100.csv
SEF_SPECIES = {
    "Carbon dioxide": "CO2", "Methane": "CH4", "Nitrous oxide": "N2O",
    "Sulfur hexafluoride": "SF6", "Nitrogen trifluoride": "NF3", "Carbon tetrafluoride": "CF4",
    "Hexafluoroethane": "C2F6", "Perfluoropropane": "C3F8", "Perfluorobutane": "C4F10",
    "Perfluorocyclobutane": "cC4F8", "Perfluorohexane": "C6F14", "HFC-23": "HFC23",
    "HFC-32": "HFC32", "HFC-125": "HFC125", "HFC-134a": "HFC134a", "HFC-143a": "HFC143a",
    "HFC-236fa": "HFC236fa",
    # given by EPA in kg CO2e already: kept as a pre-characterized part
    "HFCs and PFCs, unspecified": "CO2e",
}

# Methane in the by-gas file is booked by the sector's dominant source (the file gives no
# split): livestock, crops, food made from them, waste and sewage -> biogenic; fossil-fuel
# extraction, refining, gas distribution and pipelines -> fossil; other sectors unstated
# ('other', characterized with the non-fossil value EPA used for all methane).
SEF_CH4_BIOGENIC = ("11", "311", "562", "221320")
SEF_CH4_FOSSIL = ("211", "2121", "213111", "213112", "213113", "2212", "324", "486")


def sef_ch4_origin(code: str) -> str:
    if code.startswith(SEF_CH4_BIOGENIC):
        return "biogenic"
    if code.startswith(SEF_CH4_FOSSIL):
        return "fossil"
    return ""


def make_sef(src: pathlib.Path) -> dict[str, str]:
    co2e = src / "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv"
    bygas = src / "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv"
    cols = ["2017 NAICS Code", "2017 NAICS Title", "GHG", "Unit",
            "Supply Chain Emission Factors without Margins",
            "Margins of Supply Chain Emission Factors",
            "Supply Chain Emission Factors with Margins", "Reference USEEIO Code"]

    def read(path):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rd = csv.DictReader(fh)
            missing = [c for c in cols if c not in (rd.fieldnames or [])]
            if missing:
                raise SourceError(f"{path.name} row 1: missing column(s) {missing}")
            return [(n, r) for n, r in enumerate(rd, start=2)]

    ds = Dataset("us-epa-sef-1.3")
    codes = {}
    rows = read(co2e)
    for n, r in rows:
        where = f"{co2e.name} row {n}"
        code = r["2017 NAICS Code"].strip()
        if not re.fullmatch(r"\d{6}", code):
            raise SourceError(f"{where} column '2017 NAICS Code': '{code}' is not a NAICS-6 code")
        if r["Unit"] != "kg CO2e/2022 USD, purchaser price":
            raise SourceError(f"{where} column 'Unit': unexpected unit '{r['Unit']}'")
        w = r["Supply Chain Emission Factors with Margins"]
        wo = r["Supply Chain Emission Factors without Margins"]
        num(w, f"{where} column 'Supply Chain Emission Factors with Margins'")
        num(wo, f"{where} column 'Supply Chain Emission Factors without Margins'")
        name = r["2017 NAICS Title"].strip()
        cat = f"NAICS {code[:2]}; USEEIO {r['Reference USEEIO Code']}"
        ds.add(code, f"{name} (with margins)", cat, "US", 2022, "USD2022", "CO2e", w,
               "other", where)
        ds.add(f"{code}/without-margins", f"{name} (without margins)", cat, "US", 2022,
               "USD2022", "CO2e", wo, "other", where)
        codes[code] = name
    gas_rows = read(bygas)
    species_seen = set()
    ar5 = gwp_column("AR5")
    for n, r in gas_rows:
        where = f"{bygas.name} row {n}"
        code = r["2017 NAICS Code"].strip()
        if code not in codes:
            raise SourceError(f"{where}: NAICS code '{code}' is not in {co2e.name}")
        gas = r["GHG"].strip()
        if gas not in SEF_SPECIES:
            raise SourceError(f"{where} column 'GHG': unknown gas '{gas}'")
        species = SEF_SPECIES[gas]
        unit = "kg CO2e/2022 USD, purchaser price" if species == "CO2e" else \
            "kg/2022 USD, purchaser price"
        if r["Unit"] != unit:
            raise SourceError(f"{where} column 'Unit': unexpected unit '{r['Unit']}'")
        species_seen.add(species)
        w = r["Supply Chain Emission Factors with Margins"]
        wo = r["Supply Chain Emission Factors without Margins"]
        gas_origin = sef_ch4_origin(code) if species == "CH4" else ""
        ds.gas(code, species, fmt(num(w, f"{where} column 'with Margins'")), gas_origin)
        ds.gas(f"{code}/without-margins", species, fmt(num(wo, f"{where} column "
                                                               "'without Margins'")), gas_origin)
    manifest = {
        "id": "us-epa-sef-1.3",
        "kind": "factors",
        "title": "Supply Chain Greenhouse Gas Emission Factors for US Commodities and "
                 "Industries v1.3.0 (NAICS-6, 2022 USD)",
        "short_name": "US EPA SEF v1.3",
        "publisher": "US Environmental Protection Agency",
        "version": "1.3.0",
        "year": 2022,
        "region": "US",
        "licence": "public domain (US government work)",
        "licence_url": "https://edg.epa.gov/EPA_Data_License.html",
        "attribution": "US EPA, Supply Chain GHG Emission Factors v1.3.0, "
                       "doi:10.23719/1531143",
        "source": "https://doi.org/10.23719/1531143",
        "source_files": {co2e.name: sha256(co2e), bygas.name: sha256(bygas)},
        "gwp": {"set": "AR5", **{sp: ar5[sp] for sp in sorted(species_seen) if sp not in ("CO2e", "CH4")},
                "CH4": 28,
                "note": "built by EPA from USEEIO v2.2.22-GHG with IPCC AR5 GWP100 (the values "
                        "above, from ipcc-gwp/gwp100.csv, reproduce every published CO2e from "
                        "its gases within the publication's rounding except 311514/without-"
                        "margins, +0.30 %); gases.csv gives kg of each gas per USD, except "
                        "species 'CO2e' ('HFCs and PFCs, unspecified', published in kg CO2e)"},
        "methane": "EPA characterized all methane with 28 (AR5 without the oxidation of fossil "
                   "carbon): with CH4 = 30 only 973 of the 2032 factors with a split match "
                   "their published CO2e. The file does not say where the methane comes from; "
                   "cradle books it by the sector's dominant source (gases.csv column "
                   "'origin'): biogenic for NAICS 11 (agriculture, forestry, fishing), 311 "
                   "(food made from their products), 562 (waste) and 221320 (sewage); fossil "
                   "for 211, 2121, 213111-213113 (oil, gas and coal extraction and its "
                   "support), 2212 (gas distribution), 324 (refining, coal products) and 486 "
                   "(pipelines), which cradle therefore characterizes with the fossil value "
                   "(AR5 30, AR6 29.8: up to +5.6 % (coal mining) on those factors against the "
                   "published CO2e); unstated elsewhere, which cradle characterizes with the non-fossil "
                   "value like EPA (AR5 28, AR6 27.0).",
        "units": "kg CO2e per 2022 USD, purchaser price. Id '<NAICS>' = with margins "
                 "(purchaser price incl. transport, wholesale and retail margins); "
                 "'<NAICS>/without-margins' = without",
        "counts": {"source_rows": len(rows), "by_gas_rows": len(gas_rows),
                   "gases": len(species_seen)},
        "notes": "Published values are rounded to three significant figures, so the per-gas "
                 "parts re-weighted with AR5 GWPs match the CO2e value only to that rounding.",
    }
    return ds.files(manifest)


# ------------------------------------------------- EPA GHG Emission Factors Hub

# EIA, "Methodology for Allocating Municipal Solid Waste to Biogenic and Non-Biogenic Energy"
# (May 2007), Table 1: non-biogenic share of the heat content of US MSW in 2005
MSW_NON_BIOGENIC_HEAT_SHARE = 0.44


def make_hub(src: pathlib.Path) -> dict[str, str]:
    files = sorted(src.glob("*.csv"))
    if len(files) != 1:
        raise SourceError(f"{src}: expected one CSV (the Emission Factors Hub sheet)")
    path = files[0]
    rows, line_of = read_records(path)

    def cell(r, i):
        return r[i].replace("\n", " ").strip() if i < len(r) else ""

    starts = {cell(r, 1): i for i, r in enumerate(rows) if cell(r, 1).startswith("Table ")}
    for t in ("Table 1", "Table 2", "Table 6", "Table 7", "Table 8", "Table 9", "Table 10"):
        if t not in starts:
            raise SourceError(f"{path.name}: '{t}' not found")
    ds = Dataset("us-epa-hub-2025")
    units_map = {"short ton": "short ton", "scf": "scf", "gallon": "gal", "mmBtu": "mmBtu",
                 "vehicle-mile": "mile", "short ton-mile": "short ton*mi",
                 "passenger-mile": "passenger*mi"}

    def where(i, c=None):
        s = f"{path.name} row {line_of[i]}"
        return s + (f" column {c + 1}" if c is not None else "")

    def add_combustion(fid, name, cat, unit, co2_kg, ch4_g, n2o_g, origin, i):
        gwp_co2e = co2_kg + ch4_g / 1000 * 28 + n2o_g / 1000 * 265
        if name.startswith("Municipal Solid Waste"):
            # part fossil, part biogenic CO2; its CH4 and N2O come from combustion (fossil)
            ds.add(fid, name, cat, "US", 2025, unit, "CO2e", fmt(gwp_co2e), "other", where(i))
            ds.gas(fid, "CO2", fmt(float(f"{co2_kg * msw_fossil:.6g}")), "fossil")
            ds.gas(fid, "CO2", fmt(float(f"{co2_kg * (1 - msw_fossil):.6g}")), "biogenic")
            ds.gas(fid, "CH4", fmt(ch4_g / 1000), "fossil")
            ds.gas(fid, "N2O", fmt(float(f"{n2o_g / 1000:.6g}")), "fossil")
            return
        ds.add(fid, name, cat, "US", 2025, unit, "CO2e", fmt(gwp_co2e), origin, where(i))
        ds.gas(fid, "CO2", fmt(co2_kg))
        ds.gas(fid, "CH4", fmt(ch4_g / 1000))
        ds.gas(fid, "N2O", fmt(n2o_g / 1000))

    # Municipal solid waste: the fossil share of its CO2 = the non-biogenic share of its heat
    # content (EIA 2007, Table 1: 44 % in 2005) burnt at the Hub's own plastics factor, over the
    # Hub's MSW factor (both kg CO2 per mmBtu, Table 1 below).
    table1 = {cell(r, 2): cell(r, 4) for r in rows[starts["Table 1"]:starts["Table 2"]]}
    for k in ("Plastics", "Municipal Solid Waste"):
        if k not in table1:
            raise SourceError(f"{path.name}: Table 1 has no '{k}' row")
    msw_fossil = MSW_NON_BIOGENIC_HEAT_SHARE * num(table1["Plastics"], "Table 1 Plastics") / \
        num(table1["Municipal Solid Waste"], "Table 1 Municipal Solid Waste")

    # Table 1: stationary combustion, per mmBtu (HHV) and per physical unit
    i = starts["Table 1"] + 1
    group = ""
    phys_unit = None
    end = starts["Table 2"]
    while i < end:
        r = rows[i]
        name = cell(r, 2)
        if name.startswith("Source:"):
            break
        if cell(r, 3).startswith("mmBtu per "):
            phys_unit = cell(r, 3)[len("mmBtu per "):]
            if phys_unit not in units_map:
                raise SourceError(f"{where(i, 3)}: unknown unit '{phys_unit}'")
        elif name and not cell(r, 4):
            group = name
        elif name and phys_unit:
            # peat is a fossil fuel in IPCC inventories (2006 Guidelines Vol. 2 Table 1.1 lists
            # it with the solid fossil fuels); the Hub's table groups it with biomass
            origin = "biogenic" if group.startswith("Biomass") and name != "Peat" else "fossil"
            cat = f"Stationary combustion > {group}"
            vals = [cell(r, c) for c in range(4, 10)]
            co2, ch4, n2o = (num(vals[k], where(i, 4 + k)) for k in range(3))
            add_combustion(f"stationary/{slug(name)}/mmBtu", f"{name} (per mmBtu, HHV)", cat,
                           "mmBtu", co2, ch4, n2o, origin, i)
            if vals[3]:
                co2, ch4, n2o = (num(vals[k], where(i, 4 + k)) for k in range(3, 6))
                add_combustion(f"stationary/{slug(name)}/{slug(phys_unit)}", name, cat,
                               units_map[phys_unit], co2, ch4, n2o, origin, i)
        i += 1

    # Table 2: mobile combustion CO2 per unit of fuel
    i = starts["Table 2"] + 1
    while i < starts["Table 3"]:
        r = rows[i]
        name = cell(r, 2)
        if name.startswith("Source:"):
            break
        if name and name != "Fuel Type" and cell(r, 3):
            unit = cell(r, 4)
            if unit not in units_map:
                raise SourceError(f"{where(i, 4)}: unknown unit '{unit}'")
            co2 = num(cell(r, 3), where(i, 3))
            origin = "biogenic" if name.startswith(("Biodiesel", "Ethanol")) else "fossil"
            fid = f"mobile/{slug(name)}/{slug(unit)}"
            ds.add(fid, f"{name} (mobile combustion, CO2 only)", "Mobile combustion CO2",
                   "US", 2025, units_map[unit], "CO2", fmt(co2), origin, where(i))
        i += 1

    # Table 6: eGRID2023 subregions, lb per MWh -> kg per kWh
    i = starts["Table 6"] + 1
    while i < starts["Table 7"]:
        r = rows[i]
        acr, name = cell(r, 2), cell(r, 3)
        if acr.startswith("Source:"):
            break
        if acr and name and acr != "eGRID Subregion Acronym":
            for kind, first in (("total-output", 4), ("non-baseload", 7)):
                lb = [num(cell(r, first + k), where(i, first + k)) for k in range(3)]
                kg = [x * LB_KG / 1000 for x in lb]
                fid = f"egrid/{slug(acr)}/{kind}"
                co2e = kg[0] + kg[1] * 28 + kg[2] * 265
                label = "total output" if kind == "total-output" else \
                    "non-baseload (not for footprints)"
                ds.add(fid, f"eGRID2023 {name} ({acr}), {label}", "Electricity > eGRID2023",
                       "US" if acr == "US Average" else f"US-{acr}", 2023, "kWh", "CO2e",
                       fmt(co2e), "other", where(i))
                for sp, x in zip(("CO2", "CH4", "N2O"), kg):
                    ds.gas(fid, sp, fmt(x))
        i += 1

    # Table 7: steam and heat per mmBtu
    i = starts["Table 7"] + 1
    while i < starts["Table 8"]:
        r = rows[i]
        if cell(r, 2) == "Steam and Heat" and cell(r, 3):
            co2, ch4, n2o = (num(cell(r, c), where(i, c)) for c in (3, 4, 5))
            add_combustion("steam/steam-and-heat/mmBtu", "Steam and heat (per mmBtu of steam)",
                           "Steam and heat", "mmBtu", co2, ch4, n2o, "fossil", i)
        i += 1

    # Tables 8 and 10: transport per vehicle-mile, short ton-mile or passenger-mile
    for table, nxt, prefix, cat in (("Table 8", "Table 9", "freight", "Upstream transportation"),
                                    ("Table 10", "Table 11", "travel", "Business travel")):
        i = starts[table] + 1
        while i < starts[nxt]:
            r = rows[i]
            name = cell(r, 2)
            if name.startswith(("Source:", "Notes:")):
                break
            if name and name != "Vehicle Type" and cell(r, 6):
                unit = cell(r, 6)
                if unit not in units_map:
                    raise SourceError(f"{where(i, 6)}: unknown unit '{unit}'")
                clean = re.sub(r"\s*[A-D]$", "", name)
                co2, ch4, n2o = (num(cell(r, c), where(i, c)) for c in (3, 4, 5))
                add_combustion(f"{prefix}/{slug(clean)}/{slug(unit)}", clean, cat,
                               units_map[unit], co2, ch4, n2o, "fossil", i)
            i += 1

    # Table 9: waste, metric tons CO2e per short ton of material
    i = starts["Table 9"] + 1
    methods = None
    while i < starts["Table 10"]:
        r = rows[i]
        name = cell(r, 2)
        if name.startswith(("Source:", "Notes:")):
            break
        if name == "Material":
            methods = [re.sub(r"[A-D]$", "", cell(r, c)) for c in range(3, 9)]
        elif methods and name:
            for k, m in enumerate(methods):
                v = cell(r, 3 + k)
                if v in ("NA", ""):
                    continue
                t = num(v, where(i, 3 + k))
                ds.add(f"waste/{slug(name)}/{slug(m)}", f"{name}, {m.lower()}",
                       "Waste (end of life)", "US", 2025, "short ton", "CO2e", fmt(t * 1000),
                       "other", where(i))
        i += 1

    manifest = {
        "id": "us-epa-hub-2025",
        "kind": "factors",
        "title": "GHG Emission Factors Hub (January 2025)",
        "short_name": "US EPA GHG Hub 2025",
        "publisher": "US Environmental Protection Agency, Center for Corporate Climate "
                     "Leadership",
        "version": "2025 (last modified 2025-01-15); electricity: eGRID2023",
        "year": 2025,
        "region": "US",
        "licence": "public domain (US government work)",
        "licence_url": "https://edg.epa.gov/EPA_Data_License.html",
        "attribution": "US EPA, GHG Emission Factors Hub 2025",
        "source": "https://www.epa.gov/climateleadership/ghg-emission-factors-hub",
        "source_files": {path.name: sha256(path)},
        "gwp": {"set": "AR5", "CH4": 28, "N2O": 265,
                "note": "the Hub's own GWP table (AR5); used only for the CO2e column, "
                        "gases.csv gives kg of each gas"},
        "methane": "The Hub characterizes all methane with 28. Combustion methane is booked "
                   "with its fuel: fossil for fossil fuels (cradle: AR5 30, AR6 29.8), biogenic "
                   "for biomass (AR5 28, AR6 27.0).",
        "origins": "Peat is booked as a fossil fuel, as IPCC inventories treat it (2006 IPCC "
                   "Guidelines, Vol. 2, Ch. 1, Table 1.1); the Hub's Table 1 lists it under "
                   "biomass. Municipal solid waste burnt: CO2 booked "
                   f"{msw_fossil:.1%} fossil, {1 - msw_fossil:.1%} biogenic: the "
                   f"non-biogenic share of its heat content ({MSW_NON_BIOGENIC_HEAT_SHARE:.0%}, "
                   "EIA, 'Methodology for Allocating Municipal Solid Waste to Biogenic and "
                   "Non-Biogenic Energy', May 2007, Table 1, year 2005) burnt at the Hub's "
                   "plastics factor (Table 1), over the Hub's MSW factor; its CH4 and N2O as "
                   "fossil. Waste end-of-life factors (Table 9, WARM) are CO2e without a split "
                   "(origin 'other').",
        "units": "value: kg of 'quantity' per 'unit'. eGRID lb/MWh converted to kg/kWh "
                 "(x 0.45359237 / 1000); g of CH4 and N2O converted to kg",
        "counts": {},
        "notes": "Tables 1 (stationary combustion), 2 (mobile CO2), 6 (eGRID2023 subregions, "
                 "total output and non-baseload), 7 (steam), 8 (freight), 9 (waste) and 10 "
                 "(business travel). Tables 3-5 (CH4/N2O per vehicle-mile by model year) are "
                 "not included. Combustion factors cover combustion only, not upstream.",
    }
    return ds.files(manifest)


# ------------------------------------------------- grid intensities by country

def iso3_to_iso2(iso_json: pathlib.Path) -> dict[str, str]:
    doc = json.loads(iso_json.read_text(encoding="utf-8"))
    table = {c["alpha_3"]: c["alpha_2"] for c in doc["3166-1"]}
    # Kosovo has no ISO code; XKX / XK are the user-assigned codes in common use (EU, IMF)
    table.setdefault("XKX", "XK")
    return table


def make_grid(src: pathlib.Path, iso_json: pathlib.Path) -> dict[str, str]:
    path = src / "ember-average-intensities.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    iso = iso3_to_iso2(iso_json)
    ds = Dataset("grid")
    for key in sorted(doc):
        e = doc[key]
        where = f"{path.name} entry '{key}'"
        for f in ("country_code", "country_or_region", "year", "emissions_intensity_gco2_per_kwh"):
            if f not in e:
                raise SourceError(f"{where}: missing field '{f}'")
        code3 = e["country_code"]
        if code3:
            if code3 not in iso:
                raise SourceError(f"{where}: unknown ISO 3166 alpha-3 code '{code3}'")
            region = iso[code3]
        else:
            region = slug(e["country_or_region"]).upper() if len(e["country_or_region"]) <= 4 \
                else re.sub(r"[^A-Za-z0-9]+", "-", e["country_or_region"]).strip("-")
        g = e["emissions_intensity_gco2_per_kwh"]
        if not isinstance(g, (int, float)) or g < 0:
            raise SourceError(f"{where}: intensity '{g}' is not a non-negative number")
        ds.add(f"{region}/{e['year']}", f"Grid electricity, {e['country_or_region']}"
               + (f" ({code3})" if code3 else " (region aggregate)"),
               "Electricity > grid average (Ember)", region, e["year"], "kWh", "CO2e",
               fmt(g / 1000), "fossil", where)
    manifest = {
        "id": "grid",
        "kind": "factors",
        "title": "Grid electricity carbon intensity by country and region (annual average)",
        "short_name": "Ember",
        "publisher": "Ember (via The Green Web Foundation co2.js)",
        "version": "co2.js data @ 27cbe832; latest year per country (2022-2024)",
        "year": max(int(e["year"]) for e in doc.values()),
        "region": "global",
        "licence": "CC-BY-SA-4.0",
        "licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "attribution": "Ember, yearly electricity data (CC BY-SA 4.0), distributed by The Green "
                       "Web Foundation co2.js; converted from g to kg per kWh by cradle",
        "source": "https://ember-energy.org/data/ ; https://github.com/thegreenwebfoundation/"
                  "co2.js (data/)",
        "source_files": {path.name: sha256(path)},
        "gwp": {"set": "as published by Ember",
                "note": "pre-characterized; no split by gas. Booked as fossil CO2e (origin "
                        "'fossil'): grid emissions are from burning fuels, and a model's own "
                        "grid electricity is booked the same way (examples/models/copper-wire)"},
        "units": "kg CO2e per kWh of electricity generated (Ember's emissions intensity); ids "
                 "'<ISO 3166 alpha-2>/<year>', or '<region>/<year>' for aggregates",
        "counts": {"source_entries": len(doc)},
        "notes": "Share-alike: redistributed derivatives of this folder stay under CC BY-SA "
                 "4.0. Country codes mapped from alpha-3 with Debian iso-codes.",
    }
    return ds.files(manifest)


# IFI names that ISO 3166-1's names (name, official_name, common_name in Debian's iso-codes) do
# not give, even without a trailing "(U.K.)"-style parenthesis: spelling variants, the source's
# typo "Vanatu", and areas with no ISO 3166-1 code (ISO 3166-2 subdivision codes for the Azores,
# Madeira and the Canary Islands; XK for Kosovo as for Ember; EU for the EU-27 aggregate, as Ember
# names it). "Channel Islands" (Jersey JE and Guernsey GG together) keeps a name slug.
IFI_ALIASES = {
    "Azores (Portugal)": "PT-20", "Madeira (Portugal)": "PT-30", "Canary Islands (Spain)": "ES-CN",
    "Channel Islands (U.K)": "Channel-Islands", "Bonaire (Netherland)": "BQ", "Cape Verde": "CV",
    "China (PRC and Hong Kong)": "CN", "Congo, Democratic Republic of": "CD",
    "Congo, Republic of": "CG", "Curacao/Netherlands Antilles": "CW",
    "Korea (North), Democratic People's Republic of": "KP", "Korea (South), Republic of": "KR",
    "Kosovo": "XK", "Micronesia": "FM", "North Macedonia, Republic of": "MK",
    "Palestinian Authority": "PS", "Saint Helena (U.K.)": "SH", "Saint Martin (France)": "MF",
    "Saint Vincent and Grenadines": "VC", "Sao Tom\u00e9 & Principe": "ST",
    "Sint Martin (Netherlands)": "SX", "Taiwan (Chinese Taipei)": "TW", "Turkey": "TR",
    "Vanatu": "VU", "Virgin Islands (U.S.)": "VI", "British Virgin Islands (U.K.)": "VG",
    "Falkland Islands (U.K.)": "FK", "Faroe Islands (Denmark)": "FO", "Reunion (France)": "RE",
    "EU 27": "EU",
}


def iso2_by_name(iso_json: pathlib.Path) -> dict[str, str]:
    doc = json.loads(iso_json.read_text(encoding="utf-8"))
    out = {}
    for c in doc["3166-1"]:
        for k in ("name", "official_name", "common_name"):
            if k in c:
                out[c[k].lower()] = c["alpha_2"]
    return out


def ifi_region(name: str, by_name: dict[str, str], where: str) -> str:
    if name in IFI_ALIASES:
        return IFI_ALIASES[name]
    for n in (name, re.sub(r"\s*\([^)]*\)$", "", name)):  # "Puerto Rico (U.S.)" -> "Puerto Rico"
        if n.lower() in by_name:
            return by_name[n.lower()]
    raise SourceError(f"{where}: no ISO 3166 code for '{name}' (add it to IFI_ALIASES)")


def make_ifi(src: pathlib.Path, iso_json: pathlib.Path) -> dict[str, str]:
    path = src / "IFI_Default_Grid_Factors_2021_v3.1_unfccc.csv"
    by_name = iso2_by_name(iso_json)
    seen: dict[str, str] = {}
    rows, line_of = read_records(path)
    first = next((i for i, r in enumerate(rows) if r and r[0].startswith("Country")), None)
    if first is None:
        raise SourceError(f"{path.name}: no 'Country / Territory / Island' header row")
    kinds = [("combined-margin/firm", "combined margin, firm energy"),
             ("combined-margin/intermittent", "combined margin, intermittent energy"),
             ("combined-margin/efficiency", "combined margin, energy efficiency"),
             ("combined-margin/consumption", "combined margin, electricity consumption"),
             ("operating-margin", "operating margin")]
    ds = Dataset("ifi-grid-2021")
    count = 0
    for i in range(first + 1, len(rows)):
        r = rows[i]
        if not r or not r[0].strip():
            continue
        if r[0].startswith("Note"):
            break  # the notes below the table
        if len(r) < 6:
            raise SourceError(f"{path.name} row {line_of[i]}: {len(r)} columns, expected 6")
        count += 1
        name = r[0].strip()
        if name.startswith("Memo:"):
            name = name[len("Memo:"):].strip()
        region = ifi_region(name, by_name, f"{path.name} row {line_of[i]}")
        if region in seen:
            raise SourceError(f"{path.name} row {line_of[i]}: '{name}' and '{seen[region]}' "
                              f"both map to {region}")
        seen[region] = name
        for k, (kid, label) in enumerate(kinds):
            v = num(r[1 + k], f"{path.name} row {line_of[i]} column {k + 2}")
            ds.add(f"{region}/{kid}", f"Grid emission factor {name}, {label}",
                   "Electricity > IFI harmonised grid factors", region, 2021, "kWh", "CO2",
                   fmt(v / 1000), "fossil", f"{path.name} row {line_of[i]}")
    manifest = {
        "id": "ifi-grid-2021",
        "kind": "factors",
        "title": "IFI Dataset of Default Grid Factors v3.1 (2021)",
        "short_name": "IFI 2021",
        "publisher": "International Financial Institutions Technical Working Group on GHG "
                     "Accounting; published by UNFCCC",
        "version": "3.1 (2021)",
        "year": 2021,
        "region": "global",
        "licence": "published by UNFCCC; cite the source",
        "licence_url": "https://unfccc.int/documents/461676",
        "attribution": "IFI TWG, Default Grid Factors 2021 v3.1, UNFCCC",
        "source": "https://unfccc.int/sites/default/files/resource/"
                  "IFITWG_Harmonized_Grid_Emission_factor_data_set.pdf (via co2.js data/)",
        "source_files": {path.name: sha256(path)},
        "gwp": {"set": "none", "note": "CO2 only"},
        "units": "kg CO2 per kWh; ids '<region>/<margin>' where region is the ISO 3166-1 "
                 "alpha-2 code as in the 'grid' dataset (ISO 3166-2 for the Azores PT-20, "
                 "Madeira PT-30 and the Canary Islands ES-CN; XK Kosovo; EU the EU-27; "
                 "'Channel-Islands'), mapped from the source's names with Debian iso-codes",
        "counts": {"source_rows": count},
        "notes": "Marginal factors for project appraisal, not grid averages: for product "
                 "footprints prefer the 'grid' dataset. CO2 only, booked fossil (no gas split is "
                 "published). 'China (PRC and Hong Kong)' is keyed CN.",
    }
    return ds.files(manifest)


# ------------------------------------------------- USEEIO v2.0.1-411

def make_useeio(src: pathlib.Path) -> dict[str, str]:
    def load(rel):
        p = src / rel
        try:
            return p, json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise SourceError(f"{p.name}: not valid JSON: {e}") from None

    sp, sectors = load("sectors.json")
    ip, indicators = load("indicators.json")
    ap, A = load("matrix/A.json")
    dp, D = load("matrix/D.json")
    np_, N = load("matrix/N.json")
    rp, Rho = load("matrix/Rho.json")
    n = len(sectors)
    for s_i, s in enumerate(sectors):
        if s.get("index") != s_i:
            raise SourceError(f"{sp.name} entry {s_i}: index {s.get('index')} out of order")
    ghg = next((k for k, x in enumerate(indicators) if x.get("code") == "GHG"), None)
    if ghg is None:
        raise SourceError(f"{ip.name}: no indicator with code 'GHG'")
    for path, m, rows, cols in ((ap, A, n, n), (dp, D, len(indicators), n),
                                (np_, N, len(indicators), n), (rp, Rho, n, None)):
        if len(m) != rows or any(cols is not None and len(r) != cols for r in m):
            raise SourceError(f"{path.name}: shape differs from {rows} x {cols}")
    years = list(range(2002, 2019))
    if any(len(r) != len(years) for r in Rho):
        raise SourceError(f"{rp.name}: expected {len(years)} columns (2002-2018)")
    if any(r[years.index(2012)] != 1 for r in Rho):
        raise SourceError(f"{rp.name}: column for 2012 (the model year) is not all 1")
    out = {}
    out["sectors.csv"] = csv_text(
        ["index", "code", "location", "name", "category"],
        [[str(k), s["code"], s["location"], s["name"], s.get("description", "")]
         for k, s in enumerate(sectors)])
    out["A.csv"] = csv_text(["row", "col", "value"],
                            [[str(i), str(j), fmt(v)] for i, r in enumerate(A)
                             for j, v in enumerate(r) if v != 0])
    out["direct.csv"] = csv_text(["index", "kg_co2e_per_usd"],
                                 [[str(j), fmt(D[ghg][j])] for j in range(n)])
    out["price_ratios.csv"] = csv_text(["index"] + [str(y) for y in years],
                                       [[str(i)] + [fmt(v) for v in r] for i, r in enumerate(Rho)])
    ds = Dataset("useeio-2.0.1")
    for j, s in enumerate(sectors):
        ds.add(f"{s['code']}/{s['location']}", s["name"], s.get("description", ""),
               s["location"], 2012, "USD2012", "CO2e", fmt(N[ghg][j]), "other",
               f"{sp.name} entry {j}")
    manifest = {
        "id": "useeio-2.0.1",
        "kind": "io-model",
        "title": "USEEIO v2.0.1-411: US environmentally-extended input-output model "
                 "(411 commodities)",
        "short_name": "USEEIO v2.0.1",
        "publisher": "US Environmental Protection Agency",
        "version": "2.0.1-411",
        "year": 2012,
        "region": "US",
        "licence": "public domain (US government work)",
        "licence_url": "https://edg.epa.gov/EPA_Data_License.html",
        "attribution": "US EPA, USEEIO v2.0.1 (Ingwersen et al. 2022, doi:10.1038/s41597-022-"
                       "01293-7); files from ModelEarth/OpenFootprint impacts/2020",
        "source": "https://github.com/ModelEarth/OpenFootprint (impacts/2020/USEEIOv2.0.1-411)",
        "source_files": {f"{p.parent.name}/{p.name}" if p.parent != src else p.name: sha256(p)
                         for p in (sp, ip, ap, dp, np_, rp)},
        "gwp": {"set": "AR4", "note": "GHG indicator of USEEIO v2.0 (TRACI 2.1, IPCC AR4 "
                "GWP100), pre-characterized: no B matrix in the source, so no split by gas"},
        "units": "USD 2012 producer price. A.csv: direct requirements (row, col, USD per USD); "
                 "direct.csv: GHG row of D (kg CO2e per USD of output); price_ratios.csv: Rho "
                 "(CPI of 2012 / CPI of the year, per commodity) for 2002-2018; factors.csv "
                 "value: published total GHG per USD (GHG row of N), for search and display",
        "counts": {"sectors": n, "A_nonzeros": sum(1 for r in A for v in r if v != 0),
                   "indicators_in_source": len(indicators)},
        "notes": "Linked as a whole: a model input from 'useeio-2.0.1/<code>/US' brings in the "
                 "411-sector system solved together with the model (hybrid LCA). An amount in "
                 "USD of year Y is converted to 2012 USD with Rho[code][Y] (useeior "
                 "adjustMultiplierPriceYear); years outside 2002-2018 are refused.",
    }
    out.update(ds.files(manifest))
    return out


# ------------------------------------------------- driver

def make_ipcc(src: pathlib.Path) -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    import make_ipcc_gwp  # noqa: E402

    with tempfile.TemporaryDirectory() as tmp:
        make_ipcc_gwp.main(src, pathlib.Path(tmp))
        return {"gwp100.csv": (pathlib.Path(tmp) / "gwp100.csv").read_text(encoding="utf-8")}


ISO_JSON = pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json")

BUILDERS = {
    "ipcc-gwp": lambda s: make_ipcc(s / "ipcc-gwp"),
    "uk-desnz-2025": lambda s: make_desnz(s / "uk-desnz-2025", "2025", "1.0"),
    "uk-desnz-2024": lambda s: make_desnz(s / "uk-desnz-2024", "2024", "1.1"),
    "us-epa-sef-1.3": lambda s: make_sef(s / "us-epa-sef-1.3"),
    "us-epa-hub-2025": lambda s: make_hub(s / "us-epa-hub-2025"),
    "grid": lambda s: make_grid(s / "grid", ISO_JSON),
    "ifi-grid-2021": lambda s: make_ifi(s / "grid", ISO_JSON),
    "useeio-2.0.1": lambda s: make_useeio(s / "useeio-2.0.1"),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=pathlib.Path, default=FACTORS / "sources")
    ap.add_argument("--out", type=pathlib.Path, default=FACTORS)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("datasets", nargs="*")
    args = ap.parse_args(argv)
    chosen = args.datasets or list(BUILDERS)
    unknown = [d for d in chosen if d not in BUILDERS]
    if unknown:
        ap.error(f"unknown dataset(s) {unknown}; known: {list(BUILDERS)}")
    differ = []
    for d in chosen:
        try:
            files = BUILDERS[d](args.sources)
        except (SourceError, OSError) as e:
            print(f"make_factors: {d}: {e}", file=sys.stderr)
            return 2
        folder = args.out / d
        for name, text in sorted(files.items()):
            target = folder / name
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    differ.append(str(target))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
        if not args.check:
            print(f"{d}: wrote {len(files)} files to {folder}")
    if differ:
        print("make_factors --check: these files differ from what the script produces:\n  " +
              "\n  ".join(differ), file=sys.stderr)
        return 1
    if args.check:
        print(f"make_factors --check: {len(chosen)} dataset(s) match their sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
