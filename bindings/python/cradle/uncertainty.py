"""cradle.uncertainty: Monte Carlo results (docs/uncertainty.md).

    system = cradle.build(cradle.read_model("examples/copper/model.json"))
    mc = system.monte_carlo(10000, seed=42, threads=2)      # releases the GIL
    mc.total                     # numpy array, one footprint per draw
    mc.summary()                 # mean, sd, median, 2.5/5/25/75/95/97.5 % percentiles, errors
    mc.variance_contributions()  # which uncertain inputs drive the spread
    mc.compare(other)            # paired: the same draws, the distribution of the difference

Draw d is the same numbers whatever the threads or chunks: a run split in chunks
(`first_draw=`) and joined with MonteCarloResult.concatenate gives the numbers of one run.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as _np

from . import _core

__all__ = ["MonteCarloResult"]


class MonteCarloResult:
    """The outcome of System.monte_carlo: every draw's impacts (draws x indicators), the
    deterministic impacts and, with keep_inputs, the uncertain inputs (process, side, position,
    flow, name, distribution, amount) and their drawn values."""

    indicators: list[str]
    seed: int
    first_draw: int
    deterministic: _np.ndarray
    samples: _np.ndarray
    inputs: list[dict[str, Any]]
    input_count: int
    input_samples: _np.ndarray | None
    solver: dict[str, Any]

    def __init__(self, raw: dict[str, Any]) -> None:
        self.indicators = list(raw["indicators"])
        self.seed = int(raw["seed"])
        self.first_draw = int(raw["first_draw"])
        self.deterministic = _np.asarray(raw["deterministic"], dtype=float)
        self.samples = _np.asarray(raw["impacts"], dtype=float)
        self.inputs = list(raw["inputs"])
        self.input_count = int(raw.get("input_count", len(self.inputs)))
        kept = raw.get("input_samples")
        self.input_samples = None if kept is None else _np.asarray(kept, dtype=_np.float32)
        self.solver = dict(raw["solver"])

    @property
    def draws(self) -> int:
        return int(self.samples.shape[0])

    def _column(self, indicator: str) -> int:
        try:
            return self.indicators.index(indicator)
        except ValueError:
            raise _core.InputError(f"[cradle:unknown-indicator] no indicator '{indicator}' "
                                   f"(indicators: {', '.join(self.indicators)})") from None

    def of(self, indicator: str = "gwp100.total") -> _np.ndarray:
        """Every draw's value of one indicator."""
        return self.samples[:, self._column(indicator)]

    @property
    def total(self) -> _np.ndarray:
        """Every draw's total footprint (kg CO2e)."""
        return self.of("gwp100.total")

    def summary(self, indicator: str = "gwp100.total") -> dict[str, float]:
        """mean, sd, median, p2_5, p5, p25, p75, p95, p97_5, se_mean, se_p95 (and draws)."""
        return dict(_core.summarize(self.of(indicator)))

    def statistics(self) -> dict[str, dict[str, float]]:
        """summary() of every indicator."""
        return {k: self.summary(k) for k in self.indicators}

    def convergence(self, indicator: str = "gwp100.total") -> list[dict[str, float]]:
        """mean and 95th percentile with their standard errors after n/16 ... n draws."""
        return list(_core.convergence(self.of(indicator)))

    def variance_contributions(self, top: int | None = 10,
                               indicator: str = "gwp100.total") -> list[dict[str, Any]]:
        """Each uncertain input's share of the variance: squared Spearman rank correlations,
        normalized (docs/uncertainty.md says why), largest first. Needs keep_inputs=True."""
        if self.input_samples is None:
            raise _core.SolverError("[cradle:no-inputs-kept] contributions to variance need the "
                                    "drawn inputs: run monte_carlo with keep_inputs=True")
        out = []
        for k, rho, share in _core.variance_contributions(self.input_samples, self.of(indicator)):
            out.append({**self.inputs[k], "rank_correlation": rho, "share": share})
        return out if top is None else out[:top]

    def compare(self, other: MonteCarloResult,
                indicator: str = "gwp100.total") -> dict[str, Any]:
        """This run against `other` on the same draws (same seed and draws): the draws of
        self - other, their summary, and the probability that self is lower."""
        if (self.seed, self.first_draw, self.draws) != (other.seed, other.first_draw,
                                                        other.draws):
            raise _core.SolverError("[cradle:unpaired-runs] a paired comparison needs two runs "
                                    "with the same seed and draws")
        diff = self.of(indicator) - other.of(indicator)
        return {"difference": diff, "summary": dict(_core.summarize(diff)),
                "probability_lower": float(_np.mean(diff < 0))}

    @staticmethod
    def concatenate(parts: Sequence[MonteCarloResult]) -> MonteCarloResult:
        """One result from chunks of one run (same seed, consecutive draws)."""
        if not parts:
            raise _core.InputError("[cradle:no-results] nothing to concatenate")
        parts = sorted(parts, key=lambda p: p.first_draw)
        at = parts[0].first_draw
        for p in parts:
            if p.seed != parts[0].seed or p.first_draw != at:
                raise _core.InputError("[cradle:unpaired-runs] chunks must share the seed and "
                                       "follow each other without gaps")
            at += p.draws
        raw = {"indicators": parts[0].indicators, "seed": parts[0].seed,
               "first_draw": parts[0].first_draw, "deterministic": parts[0].deterministic,
               "input_count": parts[0].input_count,
               "impacts": _np.vstack([p.samples for p in parts]), "inputs": parts[0].inputs,
               "input_samples": None if any(p.input_samples is None for p in parts)
               else _np.vstack([p.input_samples for p in parts if p.input_samples is not None]),
               "solver": {"chunks": len(parts),
                          "max_relative_residual": max(p.solver["max_relative_residual"]
                                                       for p in parts),
                          "refactorizations": sum(p.solver["refactorizations"] for p in parts),
                          "refined": sum(p.solver["refined"] for p in parts)}}
        return MonteCarloResult(raw)

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<MonteCarloResult {self.draws} draws: mean {s['mean']:.6g}, 95 % interval "
                f"[{s['p2_5']:.6g}, {s['p97_5']:.6g}] kg CO2e>")


def _progress_bar(total: int) -> Callable[[int], None] | None:
    """A tqdm progress callback when tqdm is installed, else None (no progress shown)."""
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    bar = tqdm(total=total, unit="draw")

    class _Callback:
        def __call__(self, done: int) -> None:
            bar.update(done - bar.n)

        def close(self) -> None:
            bar.close()

    return _Callback()
