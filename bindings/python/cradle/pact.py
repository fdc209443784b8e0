"""PACT v3 ProductFootprints: strict validation, a readable view, supplier footprints.

Export is `Result.to_pact(meta)`; docs/pact.md documents the mapping and every rule.
"""
from __future__ import annotations

import json as _json
import os as _os
import pathlib as _pathlib
import warnings as _warnings
from typing import Any, Mapping

from . import _core
from ._core import Model

__all__ = ["validate", "describe", "link_suppliers", "load", "write", "SPEC_VERSION"]

#: the PACT Technical Specifications version cradle writes and checks
SPEC_VERSION = "3.0.3"


def _text(doc: Mapping[str, Any] | list[Any] | str | _os.PathLike[str]) -> str:
    if isinstance(doc, (str, _os.PathLike)):
        return _pathlib.Path(doc).read_text(encoding="utf-8")
    return _json.dumps(doc)


def load(path: str | _os.PathLike[str]) -> Any:
    """A PACT file (a footprint, a REST response or an array), parsed."""
    return _json.loads(_pathlib.Path(path).read_text(encoding="utf-8"))


def validate(doc: Mapping[str, Any] | list[Any] | str | _os.PathLike[str]) -> list[dict[str, str]]:
    """Every problem of a PACT document (a dict/list, or a file path): [{"id", "path", "message"}].

    An empty list means the document is valid: the v3.0.3 data model made strict (anchored
    decimals, no unknown properties outside `extensions`, enums, date-times, UUIDs, URNs, ISO 3166),
    both totals equal to the sum of their parts, signs, periods and the methodology rules.
    """
    return list(_core.pact_validate(_text(doc)))


def describe(doc: Mapping[str, Any] | str | _os.PathLike[str]) -> str:
    """A footprint as readable text (declared unit, totals, split, DQR, company, period)."""
    return str(_core.pact_describe(_text(doc)))


def write(doc: Mapping[str, Any], path: str | _os.PathLike[str]) -> None:
    """Write a footprint as JSON (UTF-8, indented)."""
    _pathlib.Path(path).write_text(_json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")


def link_suppliers(model: Model, base: str | _os.PathLike[str] = ".", now: float | None = None,
                   accept_invalid: bool = False) -> Model:
    """Replace `pact:<file>[#id]` providers by the supplier footprints they name.

    Paths are relative to `base` (the model's folder). Invalid or expired footprints raise
    cradle.ModelError unless `accept_invalid`, when each becomes a warning; unit bridges through
    productMassPerDeclaredUnit are reported as warnings too. `now`: seconds since the epoch for
    the validity check (default: the current time).
    """
    linked, notes = _core.pact_link_suppliers(model, _os.fspath(base), now, accept_invalid)
    for note in notes:
        _warnings.warn(note, stacklevel=2)
    return linked
