"""Product rules (docs/rules.md): a product category's accounting rules as data, checked.

    import cradle
    report = cradle.check("examples/copper", "copper")          # a calculator, every scenario
    report = cradle.check(model, "rules/pact-v3.json")         # a model (or its file)
    report["passed"], report["scenarios"][0]["checks"]         # what `cradle check --format json` prints
    cradle.rules.bundled()                                     # ['basic-chemicals', 'copper', ...]
"""
from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
import pathlib as _pathlib
import re as _re
from typing import Any, Mapping

from . import _core

_PACKAGE_RULES = _pathlib.Path(__file__).resolve().parent / "rules"


def directory() -> _pathlib.Path:
    """The bundled rule sets: $CRADLE_RULES_DIR if set, else `rules` beside the factor folder
    (inside the package when installed, rules/ of the source tree in development)."""
    env = _os.environ.get("CRADLE_RULES_DIR")
    if env:
        return _pathlib.Path(env)
    from . import factors_dir
    beside = factors_dir().parent / "rules"
    return beside if beside.is_dir() else _PACKAGE_RULES


def bundled() -> list[str]:
    """The ids of the bundled rule sets, sorted."""
    d = directory()
    return sorted(p.stem for p in d.glob("*.json")) if d.is_dir() else []


def path(name: str | _os.PathLike[str]) -> _pathlib.Path:
    """A rules file: `name` itself when it is a file, else the bundled rule set of that id.
    Raises InputError [cradle:unknown-rules] naming the bundled ids otherwise."""
    p = _pathlib.Path(name)
    if p.is_file():
        return p
    text = _os.fspath(name)
    if _re.fullmatch(r"[a-z0-9_-]+", text):
        candidate = directory() / f"{text}.json"
        if candidate.is_file():
            return candidate
    from . import InputError
    raise InputError(f"[cradle:unknown-rules] rules '{text[:80]}': no such file"
                     + (" and no bundled rule set of that id" if _re.fullmatch(r"[a-z0-9_-]+", text)
                        else "")
                     + f" (bundled: {', '.join(bundled()) or 'none found'})")


def read(name: str | _os.PathLike[str]) -> dict[str, Any]:
    """A rule set (file or bundled id) read strictly: {"id", "name", "version", "file",
    "documents", "pact"} — "pact" is the ProductOrSectorSpecificRule a PACT export carries."""
    result: dict[str, Any] = _json.loads(_core.read_rules(_os.fspath(path(name))))
    return result


def check(subject: Any, rules: str | _os.PathLike[str], gwp: str = "AR6", db: Any = None,
          year: int | None = None, set: Mapping[str, float | str] | None = None,
          **params: float | str) -> dict[str, Any]:
    """A model (cradle.Model or model file, linked like cradle.footprint links it) or a
    calculator folder (every scenario; parameters as keywords or in `set`) checked against a rule
    set (file or bundled id). Returns what `cradle check --format json` prints: {"rules",
    "passed", "scenarios": [{"scenario", "checks": [{"rule", "status", "expected", "found",
    "detail", "source"}]}]}. Data age counts to `year` (default: this year)."""
    from . import Model, _linked, default_factor_db, default_gwp_table
    file = _os.fspath(path(rules))
    when = year if year is not None else _datetime.date.today().year
    if not isinstance(subject, Model) and (_pathlib.Path(subject) / "calculator.json").is_file():
        values: dict[str, float | str] = dict(set or {})
        values.update(params)
        out = _core.check_rules_calculator(file, _os.fspath(subject), values,
                                           db if db is not None else default_factor_db(),
                                           default_gwp_table(), gwp, when)
        result: dict[str, Any] = _json.loads(out)
        return result
    if set or params:
        from . import InputError
        raise InputError("[cradle:bad-option] calculator parameters are for calculator folders")
    model = _linked(subject, db)
    result = _json.loads(_core.check_rules(file, model, default_gwp_table(), gwp, when))
    return result
