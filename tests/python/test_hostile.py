"""The hostile inputs of issue 11 (tests/hostile/cases.py) through the Python package: each
raises a cradle.Error subclass with its stable id, never crashes the interpreter, never echoes
the files it must not read. (The CLI runs the same cases in the ctest cli.hostile-inputs.)"""
from __future__ import annotations

import os
import pathlib
import sys
import warnings

import pytest

import cradle

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "hostile"))
from cases import SECRET, make_cases  # noqa: E402

CASES = make_cases(pathlib.Path(os.environ.get("CRADLE_HOSTILE_DIR", "/tmp")) /
                   f"cradle-hostile-py-{os.getpid()}")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_ends_in_a_cradle_error(case, monkeypatch):
    for k, v in case.env.items():
        monkeypatch.setenv(k, v)
    if case.expect == "ill-conditioned":
        with pytest.warns(cradle.ConditioningWarning, match=r"\[cradle:ill-conditioned\]"):
            r = cradle.footprint(case.path)
        assert r.pivot_ratio < 1e-8
        return
    with pytest.raises(cradle.Error) as info:
        if case.kind == "footprint":
            cradle.footprint(case.path)
        elif case.kind == "run":
            cradle.run(case.path)
        else:
            cradle._core.load_factor_db(case.path)
    message = str(info.value)
    assert message.startswith(f"[cradle:{case.expect}]"), message[:300]
    assert SECRET not in message and "root:x:" not in message
    assert len(message) < 4000


def test_a_productive_model_gives_no_conditioning_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", cradle.ConditioningWarning)
        r = cradle.footprint(HERE.parent.parent / "examples" / "models" / "heijungs-suh.json")
    assert r.pivot_ratio > 1e-8  # its electricity-fuel loop is well conditioned
    assert r.total == pytest.approx(120.0)
