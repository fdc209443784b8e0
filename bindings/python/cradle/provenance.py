"""Verifiable footprints: signing keys, exports that record their inputs, signatures, and the
verification of a footprint and of its supplier chain (docs/provenance.md).

    import cradle
    key = cradle.SigningKey.generate("acme-2026", "urn:pact:company:example:acme")
    key.save("acme.key")                        # acme.key (0600) and acme.pub
    doc = cradle.provenance.export("model.json", sign=key)
    report = cradle.verify(doc, trust="keys/", suppliers=["received/"])
    assert report.ok, report
"""
from __future__ import annotations

import dataclasses as _dc
import json as _json
import os as _os
import pathlib as _pathlib
import warnings as _warnings
from typing import Any, Iterable, Iterator, Mapping, Sequence, Union

from . import _core
from ._core import PublicKey, SigningKey

__all__ = ["SigningKey", "PublicKey", "Check", "Verification", "export", "sign", "verify",
           "content_hash", "canonicalize", "SCHEMA_URL"]

#: `dataSchema` of cradle's provenance extension (docs/schema/provenance.schema.json)
SCHEMA_URL = "https://cradle.invalid/schema/provenance-1.0.0.schema.json"

Document = Union[Mapping[str, Any], Sequence[Any], str, "_os.PathLike[str]"]


def _text(doc: Document) -> str:
    if isinstance(doc, (str, _os.PathLike)):
        return _pathlib.Path(doc).read_text(encoding="utf-8")
    return _json.dumps(doc)


def _key(key: SigningKey | str | _os.PathLike[str]) -> SigningKey:
    return key if isinstance(key, SigningKey) else SigningKey.read(_os.fspath(key))


def canonicalize(doc: Any) -> str:
    """The RFC 8785 canonical form (JSON Canonicalization Scheme) of a JSON value."""
    return str(_core.jcs_canonicalize(_json.dumps(doc)))


def content_hash(footprint: Document) -> str:
    """"sha256:<hex>" of a footprint's canonical form without the proof of its cradle extension."""
    return str(_core.provenance_content_hash(_text(footprint)))


def export(model: str | _os.PathLike[str], *, meta: Mapping[str, Any] | None = None,
           gwp: str = "AR6", per_gas: bool = True, accept_invalid: bool = False, id: str = "",
           created: str = "", sign: SigningKey | str | _os.PathLike[str] | None = None,
           db: Any = None, gwps: Any = None, now: float | None = None) -> dict[str, Any]:
    """The PACT footprint of a model file, with its provenance (what `cradle footprint MODEL
    --format pact` writes); signed when `sign` is a key or a key file."""
    from . import default_factor_db, default_gwp_table, process_databases, read_model

    key = _key(sign) if sign is not None else None  # refused before any work
    path = _pathlib.Path(model)
    text, notes = _core.provenance_export(
        read_model(path), _os.fspath(path.parent), _json.dumps(meta) if meta else "", gwp,
        per_gas, accept_invalid, id, created,
        db if db is not None else default_factor_db(),
        gwps if gwps is not None else default_gwp_table(), now, process_databases())
    for note in notes:
        _warnings.warn(note, stacklevel=2)
    if key is not None:
        text = _core.provenance_sign(text, key)
    doc: dict[str, Any] = _json.loads(text)
    return doc


def sign(doc: Document, key: SigningKey | str | _os.PathLike[str]) -> Any:
    """Every footprint of a PACT document signed by `key` (a SigningKey or a secret key file).

    Returns the signed document; numbers are never changed. A footprint without cradle's
    provenance extension gets one holding only the signature.
    """
    return _json.loads(_core.provenance_sign(_text(doc), _key(key)))


@_dc.dataclass(frozen=True)
class Check:
    """One verdict: `id` is "pact", "provenance", "content-hash", "signature", "trusted-signer",
    "supplier", "recompute-inputs" or "recompute-figures"; `level` 0 is the footprint verified,
    1 its suppliers, and so on up the chain."""
    id: str
    passed: bool
    message: str
    level: int
    footprint: str
    file: str
    differing: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{'  ' * self.level}{'pass' if self.passed else 'FAIL'} {self.id}: {self.message}"


@_dc.dataclass(frozen=True)
class Verification:
    """Every check of a verification; true when all passed."""
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def __bool__(self) -> bool:
        return self.ok

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __str__(self) -> str:
        return "\n".join(str(c) for c in self.checks)


def verify(doc: Document, *, trust: str | _os.PathLike[str] | Iterable[PublicKey] | None = None,
           suppliers: Iterable[str | _os.PathLike[str]] | None = None,
           require_signature: bool = True, original: Document | None = None,
           recompute: str | _os.PathLike[str] | None = None,
           meta: Mapping[str, Any] | None = None, db: Any = None,
           gwps: Any = None) -> Verification:
    """Verify a PACT document (a dict, or a file path): content hash, signature, trust (`trust`:
    a folder of .pub files or PublicKeys), the supplier footprints it records, found in the
    folders `suppliers` (default: the file's own folder), recursively, and with `recompute` (the
    model file) the numbers and inputs recomputed from the bundled (or `db`) data."""
    file = _os.fspath(doc) if isinstance(doc, (str, _os.PathLike)) else "<document>"
    if suppliers is None:
        dirs = [str(_pathlib.Path(file).parent)] if file != "<document>" else []
    else:
        dirs = [_os.fspath(d) for d in suppliers]
    trusted: list[PublicKey] | None
    if trust is None:
        trusted = None
    elif isinstance(trust, (str, _os.PathLike)):
        trusted = list(PublicKey.read_trusted(_os.fspath(trust)))
    else:
        trusted = list(trust)
    from . import process_databases
    if recompute is not None:
        from . import default_factor_db, default_gwp_table
        db = db if db is not None else default_factor_db()
        gwps = gwps if gwps is not None else default_gwp_table()
    rows = _core.provenance_verify(
        _text(doc), file, dirs, trusted, require_signature,
        _text(original) if original is not None else "",
        _os.fspath(recompute) if recompute is not None else None,
        _json.dumps(meta) if meta else "", db, gwps, process_databases())
    return Verification(tuple(Check(r["id"], r["passed"], r["message"], r["level"],
                                    r["footprint"], r["file"], tuple(r["differing"]))
                              for r in rows))
