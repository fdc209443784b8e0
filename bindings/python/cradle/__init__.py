"""cradle: cradle-to-gate product carbon footprints on the C++ engine.

    import cradle
    model = cradle.read_model("examples/models/copper-wire.json")
    result = cradle.footprint(model)            # AR6, bundled factors, no configuration
    print(result.total, result.by_origin)
    for c in result.top(5):                     # Contributor(id, name, value)
        print(c.name, c.value)
"""
from __future__ import annotations

import importlib as _importlib
import json as _json
import os as _os
import pathlib as _pathlib
import warnings as _warnings
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as _np

from . import _core
from ._core import (  # noqa: F401  (re-exported)
    DataError,
    Error,
    ExchangeError,
    FactorDB,
    GwpTable,
    InputError,
    Model,
    ModelError,
    ProcessDatabase,
    SolverError,
    System,
    UnitError,
)

from . import pact  # noqa: E402,F401  (cradle.pact: validate, describe, link_suppliers)
from . import provenance  # noqa: E402,F401  (cradle.provenance: export, sign, verify)
from . import rules  # noqa: E402,F401  (cradle.rules: read, bundled, check)
from .rules import check  # noqa: E402,F401
from . import uncertainty  # noqa: E402,F401  (cradle.uncertainty: Monte Carlo results)
from .uncertainty import MonteCarloResult  # noqa: E402,F401
from .provenance import PublicKey, SigningKey, sign, verify  # noqa: E402,F401

__version__ = _core.__version__

#: The optional parts of this installation: "signatures" (libsodium: signed PACT footprints,
#: keys, verify), "zip" (libzip: databases read from .zip files), "ecospold" (pugixml: the
#: EcoSpold importers) and "cli" (the `cradle` command-line tool). The binary wheel has them all;
#: a source build leaves out a part whose library it did not find, and that part raises
#: cradle.Error with id "feature-unavailable" (docs/python.md, "Installing").
features: dict[str, bool] = dict(
    _core._features,
    cli=(_pathlib.Path(__file__).resolve().parent / "bin"
         / ("cradle.exe" if _os.name == "nt" else "cradle")).is_file())


class ConditioningWarning(UserWarning):
    """The technosphere is nearly singular: the result is computed, but its relative error may
    be as large as about 1e-16 / pivot_ratio (see System.pivot_ratio)."""


def _check_conditioning(pivot_ratio: float, what: str) -> None:
    if pivot_ratio < _core.ILL_CONDITIONED_PIVOT_RATIO:
        _warnings.warn(
            f"[cradle:ill-conditioned] {what}: the technosphere is nearly singular (smallest/"
            f"largest pivot {pivot_ratio:.1e} < {_core.ILL_CONDITIONED_PIVOT_RATIO:.0e}); "
            f"results may carry relative errors up to about {1e-16 / max(pivot_ratio, 1e-300):.0e}",
            ConditioningWarning, stacklevel=3)

__all__ = [
    "Error", "InputError", "UnitError", "ModelError", "DataError", "SolverError",
    "Model", "FactorDB", "GwpTable", "System", "Result", "ConditioningWarning",
    "MonteCarloResult", "monte_carlo",
    "factors_dir", "read_model", "parse_model", "default_factor_db", "default_gwp_table",
    "link", "build", "footprint", "footprints", "read_useeio", "run", "calculator_parameters",
    "check", "rules",
    "SigningKey", "PublicKey", "sign", "verify",
    "ProcessDatabase", "read_database", "choose_product", "write_model", "process_databases",
    "process_database", "supply_chain_table",
]

_PACKAGE_FACTORS = _pathlib.Path(__file__).resolve().parent / "factors"


def factors_dir() -> _pathlib.Path:
    """The bundled factor folder: $CRADLE_FACTORS_DIR if set, else the one inside the package."""
    env = _os.environ.get("CRADLE_FACTORS_DIR")
    return _pathlib.Path(env) if env else _PACKAGE_FACTORS


def read_model(path: str | _os.PathLike[str]) -> Model:
    """Read a model file (JSON model format, docs/model-format.md)."""
    return _core.read_model(_os.fspath(path))


def parse_model(model: str | Mapping[str, Any], source: str = "<string>") -> Model:
    """A model from JSON text or from a dict in the same layout."""
    text = model if isinstance(model, str) else _json.dumps(model)
    return _core.parse_model(text, source)


def default_factor_db() -> FactorDB:
    """All bundled factor datasets (DESNZ, EPA, grid, USEEIO ...)."""
    return _core.load_factor_db(factors_dir())


def default_gwp_table() -> GwpTable:
    """The bundled IPCC GWP100 table (AR4, AR5, AR6)."""
    return _core.load_gwp_table(factors_dir() / "ipcc-gwp" / "gwp100.csv")


def link(model: Model, db: FactorDB | None = None, per_gas: bool = True) -> Model:
    """Replace '<dataset>/<id>' providers by background processes (a new model): processes of a
    process database ('uslci/<process name or id>') with their upstream, and factors."""
    dbs = process_databases()
    if _core.has_process_db_refs(model, dbs):
        model = _core.link_process_databases(model, dbs)
    if not _core.has_background_refs(model):
        return model
    return _core.link(model, db if db is not None else default_factor_db(), per_gas)


def _database_format(path: _pathlib.Path) -> str:
    if path.suffix == ".xml":
        return "ecospold1"
    names: list[str] = []
    if path.is_dir():
        names = [p.as_posix() for p in path.rglob("*") if p.is_file()]
    elif path.suffix == ".spold":
        return "ecospold2"
    else:
        import zipfile
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
        except (OSError, zipfile.BadZipFile) as e:
            raise InputError(f"[cradle:bad-archive] {path}: neither a folder, an EcoSpold 1 "
                             f".xml file nor a readable zip file ({e})") from None
    if any(n.endswith(".spold") for n in names):
        return "ecospold2"
    if any("processes/" in n for n in names):
        return "jsonld"
    return "ecospold1" if any(n.endswith(".xml") for n in names) else "jsonld"


def read_database(path: str | _os.PathLike[str], format: str | None = None, *,
                  cut_offs_are_errors: bool = False,
                  map_ghg: bool = True) -> tuple[Model, dict[str, Any]]:
    """Read an inventory database into a model (docs/import.md): openLCA JSON-LD ("jsonld", a
    folder or zip), EcoSpold 2 ("ecospold2", .spold files in a folder or zip) or EcoSpold 1
    ("ecospold1", an XML file, folder or zip); the format is detected when not given.

    Returns the model and the import report (links by rule, cut-off flows with their amounts
    and users, ambiguous links, notes, and with `map_ghg` the greenhouse-gas flows mapped by
    factors/ghg-flows and those that look like GHGs but are not mapped).
    """
    p = _pathlib.Path(path)
    fmt = format or _database_format(p)
    model, report_text = _core.import_database(fmt, _os.fspath(p), cut_offs_are_errors)
    report: dict[str, Any] = _json.loads(report_text)
    if map_ghg:
        model, mapped, unmapped = _core.map_ghg_flows(
            model, factors_dir() / "ghg-flows" / "ghg-flows.csv", default_gwp_table())
        report["ghg_flows_mapped"] = mapped
        report["unmapped_ghg_like"] = unmapped
    return model, report


def choose_product(model: Model, product: str) -> Model:
    """A copy of `model` whose functional unit is 1 unit of `product` (a process or product flow,
    by id or name)."""
    return _core.choose_product(model, product)


def write_model(model: Model, path: str | _os.PathLike[str]) -> None:
    """Write a model in cradle's JSON model format."""
    _core.write_model(model, _os.fspath(path))


_process_dbs: dict[str, list[ProcessDatabase]] = {}


def process_databases() -> list[ProcessDatabase]:
    """The bundled process databases (factors/uslci: the US LCI), loaded once."""
    key = _os.fspath(factors_dir())
    if key not in _process_dbs:
        _process_dbs[key] = _core.load_process_databases(key)
    return _process_dbs[key]


def process_database(id: str = "uslci") -> ProcessDatabase:
    """One bundled process database by id."""
    for d in process_databases():
        if d.id == id:
            return d
    raise InputError(f"[cradle:unknown-dataset] no process database '{id}' "
                     f"(available: {', '.join(d.id for d in process_databases())})")


def supply_chain_table(model: Model | str = "uslci", gwp: str = "AR6") -> dict[str, Any]:
    """Every product of `model` (or of a bundled process database, by id) with its
    cradle-to-gate GWP per unit, from one transposed solve: a dict with "ids", "names",
    "locations", "units", "indicators" and "values" (indicators x products, kg CO2e per unit)."""
    m = process_database(model).model if isinstance(model, str) else model
    ids, names, locations, units, indicators, values, pivot = _core.supply_chain_table(
        m, default_gwp_table(), gwp)
    _check_conditioning(pivot, "supply_chain_table")
    prefix = f"{model}/" if isinstance(model, str) else ""
    return {"ids": [prefix + i for i in ids], "names": names, "locations": locations,
            "units": units, "indicators": indicators, "values": values, "pivot_ratio": pivot}


def build(model: Model, gwp: str = "AR6", gwp_table: GwpTable | None = None,
          db: FactorDB | None = None, per_gas: bool = True) -> System:
    """Link, compile, characterize and factorize once; solve many times on the result."""
    if _core.has_supplier_footprints(model):
        model = pact.link_suppliers(model)
    if _core.has_background_refs(model):
        model = link(model, db, per_gas)
    return _core.build(model, gwp_table or default_gwp_table(), gwp)


class Contributor(NamedTuple):
    """One process's direct contribution: its id (what models and JSON use), the name a person
    reads (for a bundled factor: "Diesel (average biofuel blend), UK DESNZ 2025"), kg CO2e."""

    id: str
    name: str
    value: float


class Result:
    """Footprint of one demand: scaling s, inventory g, impacts h, with labels.

    `scaling`, `inventory` and `impacts` are numpy arrays that own the buffers the engine
    computed (handed over, not copied). A Result pickles its numbers and labels only: after
    unpickling, `system` is None, so `total`, `by_origin` and the arrays work, but contributions
    and the upstream tree raise cradle.Error until you `attach()` a System built again from the
    same model (for example with `cradle.build(model)` on the worker).
    """

    system: System | None

    def __init__(self, system: System, demand: Any, scaling: _np.ndarray,
                 inventory: _np.ndarray, impacts: _np.ndarray) -> None:
        self.system = system
        self.demand = _np.asarray(demand)
        self.scaling = scaling
        self.inventory = inventory
        self.impacts = impacts
        self.indicators = list(system.indicators)
        self.process_ids = list(system.process_ids)
        self.process_names = list(system.process_names)
        self.flow_ids = list(system.flow_ids)
        self.flow_names = list(system.flow_names)
        #: conditioning of the solve: smallest / largest pivot of the loops' LU factors
        self.pivot_ratio = float(system.pivot_ratio)

    @property
    def total(self) -> float:
        """kg CO2e (GWP100, row 'gwp100.total')."""
        return float(self.impacts[0])

    @property
    def by_origin(self) -> dict[str, float]:
        return {k: float(v) for k, v in zip(self.indicators, self.impacts)}

    def _system(self) -> System:
        if self.system is None:
            raise Error("[cradle:result-without-system] this Result was unpickled and has no "
                        "System; rebuild it (cradle.build(model)) and call result.attach(system)")
        return self.system

    def attach(self, system: System) -> Result:
        """Give an unpickled Result its System again (checked against the labels)."""
        if list(system.process_ids) != self.process_ids or list(system.flow_ids) != self.flow_ids:
            raise Error("[cradle:system-mismatch] the System's process or flow ids differ from "
                        "the ones this Result was computed on")
        self.system = system
        return self

    def process_contributions(self) -> _np.ndarray:
        """indicators x processes: direct emissions of each process at its scale."""
        return self._system().process_contributions(self.scaling)

    def top(self, n: int = 5) -> list[Contributor]:
        """The n processes with the largest direct contribution to the total (by magnitude),
        as Contributor(id, name, value) records."""
        row = self.process_contributions()[0]
        order = _np.argsort(-_np.abs(row), kind="stable")[:n]
        return [Contributor(self.process_ids[i], self.process_names[i], float(row[i]))
                for i in order]

    def tag_contributions(self) -> dict[str, float]:
        row = self.process_contributions()[0]
        out: dict[str, float] = {}
        for tags, v in zip(self._system().tags, row):
            for t in tags:
                out[t] = out.get(t, 0.0) + float(v)
        return out

    def flow_contributions(self) -> _np.ndarray:
        """indicators x elementary flows: characterized inventory."""
        return self._system().flow_contributions(self.inventory)

    def upstream_tree(self, cutoff: float = 0.01) -> list[dict[str, Any]]:
        """Upstream tree from the demanded product; branches below `cutoff` share pruned."""
        return self._system().upstream_tree(self.demand, cutoff)

    def to_dataframe(self) -> Any:
        """Process contributions as a pandas DataFrame (needs pandas): one row per process,
        columns `id`, `name`, then one per indicator (kg CO2e)."""
        try:
            pd = _importlib.import_module("pandas")
        except ImportError as e:  # optional dependency
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from e
        df = pd.DataFrame(self.process_contributions().T, columns=self.indicators)
        df.insert(0, "name", self.process_names)
        df.insert(0, "id", self.process_ids)
        return df

    def report(self, path: str | _os.PathLike[str], *, title: str | None = None,
               cutoff: float = 0.01, uncertainty: MonteCarloResult | None = None) -> _pathlib.Path:
        """Write this footprint as one self-contained HTML page (what `cradle report` writes:
        origin split, contributions, the supply chain as a flow diagram, data sources; with
        `uncertainty`, its histogram). Returns the path."""
        totals = None if uncertainty is None else _np.ascontiguousarray(uncertainty.samples[:, 0])
        page = self._system()._report_html(_np.asarray(self.demand, dtype=float), title or "",
                                           cutoff, totals,
                                           0 if uncertainty is None else uncertainty.seed)
        out = _pathlib.Path(path)
        out.write_text(page, encoding="utf-8")
        return out

    def plot(self, n: int = 15, ax: Any = None) -> Any:
        """Bar chart of the `n` largest direct contributions, by name, with the rest summed
        (matplotlib, an optional dependency: pip install matplotlib). Returns the Axes."""
        try:
            plt = _importlib.import_module("matplotlib.pyplot")
        except ImportError as e:  # optional dependency
            raise ImportError("plot() needs matplotlib: pip install matplotlib") from e
        row = self.process_contributions()[0]
        nonzero = int(_np.count_nonzero(row))
        top = self.top(min(n, nonzero))
        labels = [c.name if len(c.name) <= 48 else c.name[:47] + "…" for c in top]
        values = [c.value for c in top]
        if nonzero > len(top):
            labels.append(f"{nonzero - len(top)} others")
            values.append(float(row.sum()) - sum(values))
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 0.35 * len(values) + 1.2))
        ax.barh(range(len(values)), values,
                color=["#3c9d5d" if v < 0 else "#1f6f8b" for v in values])
        ax.set_yticks(range(len(values)), labels)
        ax.invert_yaxis()
        ax.set_xlabel("kg CO2e (direct emissions at scale)")
        ax.set_title(f"Contributions to {self.total:.4g} kg CO2e")
        return ax

    def to_pact(self, meta: Mapping[str, Any] | str | _os.PathLike[str] | None = None, *,
                id: str | None = None, created: str | None = None,
                path: str | _os.PathLike[str] | None = None,
                sign: SigningKey | str | _os.PathLike[str] | None = None) -> dict[str, Any]:
        """This footprint as a PACT v3 ProductFootprint (a dict), valid or an exception.

        `meta` (a dict or a JSON file) gives what only the company knows; it overlays the
        model's "pact" section (docs/pact.md, docs/schema/pact-meta.schema.json). Missing
        metadata raises cradle.InputError naming each property; a document that would not
        validate raises cradle.ExchangeError. `id` defaults to a random UUID v4 and `created` to
        now. With `path`, the document is also written there. With `sign` (a SigningKey or a
        secret key file), it is signed (docs/provenance.md); for the inputs to be recorded as
        well, export the model file with cradle.provenance.export.
        """
        if meta is None:
            text = ""
        elif isinstance(meta, (str, _os.PathLike)):
            text = _pathlib.Path(meta).read_text(encoding="utf-8")
        else:
            text = _json.dumps(meta)
        doc: dict[str, Any] = _json.loads(self._system()._pact(
            _np.asarray(self.demand, dtype=float), text, id or "", created or ""))
        if sign is not None:
            doc = provenance.sign(doc, sign)
        if path is not None:
            pact.write(doc, path)
        return doc

    def __repr__(self) -> str:
        return f"<cradle.Result total={self.total:.6g} kg CO2e>"


def _rebuild_result(_state: None, demand: _np.ndarray, scaling: _np.ndarray,
                    inventory: _np.ndarray, impacts: _np.ndarray,
                    labels: tuple[list[str], list[str], list[str]] | None = None,
                    pivot_ratio: float = 1.0,
                    names: tuple[list[str], list[str]] | None = None) -> Result:
    r = Result.__new__(Result)
    r.system = None
    r.pivot_ratio = pivot_ratio
    r.demand, r.scaling, r.inventory, r.impacts = demand, scaling, inventory, impacts
    r.indicators, r.process_ids, r.flow_ids = labels or ([], [], [])
    # pickles from before names were kept: the ids stand in for the names
    r.process_names, r.flow_names = names or (list(r.process_ids), list(r.flow_ids))
    return r


def _result_reduce(self: Result) -> tuple[Any, tuple[Any, ...]]:
    return (_rebuild_result, (None, self.demand, self.scaling, self.inventory, self.impacts,
                              (self.indicators, self.process_ids, self.flow_ids),
                              self.pivot_ratio, (self.process_names, self.flow_names)))


Result.__reduce__ = _result_reduce  # type: ignore[method-assign,assignment]  # pickles the numbers and labels, not the factorization


def _linked(model: Model | str | _os.PathLike[str], db: FactorDB | None = None,
            per_gas: bool = True) -> Model:
    """The model (or model file) with its supplier PACT footprints and background linked."""
    base: str | _os.PathLike[str] = "."
    if not isinstance(model, Model):
        base = _pathlib.Path(model).parent
        model = read_model(model)
    if _core.has_supplier_footprints(model):
        model = pact.link_suppliers(model, base)
    if _core.has_background_refs(model):
        model = link(model, db, per_gas)
    return model


def footprint(model: Model | str | _os.PathLike[str], gwp: str = "AR6", demand: Any = None,
              db: FactorDB | None = None, per_gas: bool = True,
              system: System | None = None) -> Result:
    """Footprint of the model's functional unit (or of `demand`, one entry per product)."""
    model = _linked(model, db, per_gas)
    system = system or _core.build(model, default_gwp_table(), gwp)
    f = system.demand(model) if demand is None else _np.asarray(demand, dtype=float)
    s, g, h = system.solve(f)
    _check_conditioning(system.pivot_ratio, "footprint")
    return Result(system, f, s, g, h)


def monte_carlo(model: Model | str | _os.PathLike[str], draws: int, seed: int = 0,
                threads: int = 1, gwp: str = "AR6", db: FactorDB | None = None,
                **options: Any) -> MonteCarloResult:
    """Monte Carlo of a model's functional unit: build(model) then System.monte_carlo (options:
    method, keep_inputs, demand, progress, first_draw). Same seed, same numbers, on any
    number of threads."""
    if not isinstance(model, Model):
        model = read_model(model)
    return build(model, gwp, db=db).monte_carlo(draws, seed=seed, threads=threads, **options)


def _triplets(M: Any, name: str) -> tuple[_np.ndarray, _np.ndarray, _np.ndarray, int, int]:
    """(rows, cols, values, n_rows, n_cols) of a scipy sparse matrix or a dense 2-D array."""
    if hasattr(M, "tocoo"):  # scipy.sparse (any format)
        c = M.tocoo()
        return (_np.asarray(c.row, dtype=_np.int64), _np.asarray(c.col, dtype=_np.int64),
                _np.asarray(c.data, dtype=float), int(c.shape[0]), int(c.shape[1]))
    try:
        a = _np.asarray(M, dtype=float)
    except (TypeError, ValueError) as e:
        raise InputError(f"[cradle:bad-matrix] {name}: not a matrix of numbers ({e})") from None
    if a.ndim != 2:
        raise InputError(f"[cradle:bad-matrix] {name}: {a.ndim} dimensions, not 2")
    r, c = _np.nonzero(a)  # NaN counts as non-zero: the engine names it
    return (r.astype(_np.int64), c.astype(_np.int64), a[r, c], a.shape[0], a.shape[1])


def _from_matrices(A: Any, B: Any, C: Any, *, products: Sequence[str] | None = None,
                   processes: Sequence[str] | None = None, flows: Sequence[str] | None = None,
                   indicators: Sequence[str] | None = None, names: Sequence[str] | None = None,
                   unit: str = "kg CO2e") -> System:
    """A System from matrices you bring (scipy sparse or dense numpy): A (products x processes,
    square, outputs positive, inputs negative), B (flows x processes), C (indicators x flows).
    Labels default to "product-0", ..., processes to the products, names to the processes.
    Solve, intensities, contributions, the upstream tree and the report work as on a compiled
    model (no PACT export: there is no model metadata). Every problem (shape, label count,
    duplicate or empty label, NaN or out-of-range entry) is reported in one InputError; a singular
    A is a SolverError naming the product."""
    ta, tb, tc = _triplets(A, "A"), _triplets(B, "B"), _triplets(C, "C")
    prods = list(products) if products is not None else [f"product-{j}" for j in range(ta[3])]
    procs = list(processes) if processes is not None else list(prods)
    return _core._system_from_triplets(
        ta, tb, tc, prods, procs, list(names) if names is not None else list(procs),
        list(flows) if flows is not None else [f"flow-{i}" for i in range(tb[3])],
        list(indicators) if indicators is not None else [f"indicator-{k}" for k in range(tc[3])],
        unit)


def _system_footprint(self: System, demand: Any) -> Result:
    """Footprint of `demand`: one amount per product (array), or {product or process id: amount}."""
    if isinstance(demand, Mapping):
        f = _np.zeros(len(self.process_ids))
        where = {p: j for j, p in enumerate(self.product_ids)}
        where.update({p: j for j, p in enumerate(self.process_ids)})
        for k, v in demand.items():
            if k not in where:
                raise InputError(f"[cradle:bad-demand] demand: no product or process '{k}'")
            f[where[k]] += float(v)
    else:
        f = _np.asarray(demand, dtype=float)
    s, g, h = self.solve(f)
    _check_conditioning(self.pivot_ratio, "footprint")
    return Result(self, f, s, g, h)


_intensities_array = _core.System.intensities


def _system_intensities(self: System, frame: bool | None = None, threads: int = 1) -> Any:
    """Cradle-to-gate intensity of every product (the footprint of one unit of each): one
    transposed solve per indicator, on `threads` threads (0: every core; same numbers).

    With pandas installed (or frame=True): a DataFrame, one row per product column of A indexed
    by its process id, with columns "name", "product" and one per indicator. Without pandas, or
    with frame=False: the indicators x products numpy array."""
    M = _intensities_array(self, threads=threads)
    if frame is False:
        return M
    try:
        pd = _importlib.import_module("pandas")
    except ImportError:
        if frame:
            raise ImportError("intensities(frame=True) needs pandas: pip install pandas") from None
        return M
    df = pd.DataFrame(M.T, columns=list(self.indicators),
                      index=pd.Index(list(self.process_ids), name="process"))
    df.insert(0, "product", list(self.product_ids))
    df.insert(0, "name", list(self.process_names))
    return df


# Python methods of the extension's System (declared in _core.pyi)
setattr(System, "from_matrices", staticmethod(_from_matrices))
setattr(System, "footprint", _system_footprint)
setattr(System, "intensities", _system_intensities)


def footprints(system: System, demands: Any) -> tuple[_np.ndarray, _np.ndarray, _np.ndarray]:
    """Many demands at once (products x n): returns (scaling, inventory, impacts) matrices."""
    return system.solve_many(_np.asarray(demands, dtype=float))


def run(calculator: str | _os.PathLike[str], set: Mapping[str, float | str] | None = None,
        gwp: str = "AR6", db: FactorDB | None = None, **params: float | str) -> dict[str, Any]:
    """Run a bundled calculator folder (examples/<name>), like `cradle run`.

    Parameters come as keywords or in `set` (for names that are not identifiers). Returns
    {"calculator", "title", "gwp_set", "scenarios": [{"name", "total", "indicators",
    "parameters", "contributors", "tags", "gates", "reduction_percent", ...}]}.
    """
    values: dict[str, float | str] = dict(set or {})
    values.update(params)
    result: dict[str, Any] = _core.run_calculator(_os.fspath(calculator), values,
                                db if db is not None else default_factor_db(),
                                default_gwp_table(), gwp)
    for scenario in result["scenarios"]:
        _check_conditioning(scenario["pivot_ratio"], f"scenario '{scenario['name']}'")
    return result


def calculator_parameters(calculator: str | _os.PathLike[str]) -> list[dict[str, Any]]:
    """The parameters of a calculator: name, default (or formula), unit, range, choices."""
    return _core.calculator_parameters(_os.fspath(calculator))


def read_useeio(folder: str | _os.PathLike[str]) -> tuple[_np.ndarray, list[str], list[str]]:
    """Total impacts N (indicators x sectors) of a USEEIO folder, with sector and indicator ids."""
    return _core.read_useeio(_os.fspath(folder))
