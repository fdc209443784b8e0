"""cradle.dask: Monte Carlo and many footprints spread over a Dask cluster (docs/scale-out.md).

    from distributed import Client
    import cradle, cradle.dask
    client = Client()                                  # or a dask-jobqueue / Kubernetes cluster
    model = cradle.read_model("examples/copper/model.json")
    mc = cradle.dask.monte_carlo(model, 1_000_000, seed=42, client=client)

The draws are split into chunks; the model is pickled and sent to the workers once (per client;
`forget()` drops what was sent), and each worker builds the system once from it and keeps it
for the chunks it is given. Draw d is the same numbers on any worker, so the merged
result is identical, number for number, to `cradle.monte_carlo(model, draws, seed)` on one
machine. Needs `pip install .[dask]` (dask and distributed).
"""
from __future__ import annotations

import hashlib
from typing import Any, Sequence

import numpy as _np

import cradle

from .uncertainty import MonteCarloResult

__all__ = ["monte_carlo", "footprints", "forget"]

# On a worker: the systems built so far, by model digest and GWP set (kept between tasks).
_systems: dict[tuple[str, str], cradle.System] = {}
# On the client: each model sent to a cluster, its digest and its future there, so that a model
# is pickled and sent once however many runs use it (forget() drops them).
_sent: dict[tuple[int, int], tuple[cradle.Model, str, Any]] = {}


def _digest(model: cradle.Model) -> str:
    return hashlib.sha256(model.to_json().encode()).hexdigest()


def _system(model: cradle.Model, digest: str, gwp: str) -> cradle.System:
    key = (digest, gwp)
    if key not in _systems:
        _systems[key] = cradle.build(model, gwp)
    return _systems[key]


def _chunk(model: cradle.Model, digest: str, gwp: str, first: int, draws: int, seed: int,
           threads: int, method: str, keep_inputs: bool) -> MonteCarloResult:
    return _system(model, digest, gwp).monte_carlo(draws, seed=seed, threads=threads,
                                                   method=method, keep_inputs=keep_inputs,
                                                   first_draw=first)


def _send(c: Any, model: cradle.Model) -> tuple[str, Any]:
    key = (id(c), id(model))
    if key not in _sent:  # the entry keeps the model alive, so its id is not reused
        _sent[key] = (model, _digest(model), c.scatter(model, broadcast=True))
    _, digest, future = _sent[key]
    return digest, future


def forget() -> None:
    """Drop the models sent to clusters (they are sent again when next used)."""
    _sent.clear()


def _client(client: Any) -> Any:
    if client is not None:
        return client
    from distributed import get_client  # type: ignore[import-not-found,unused-ignore]
    return get_client()


def monte_carlo(model: cradle.Model, draws: int, seed: int = 0, client: Any = None, *,
                chunk: int | None = None, gwp: str = "AR6", threads: int = 1,
                method: str = "refactorize", keep_inputs: bool = False) -> MonteCarloResult:
    """Monte Carlo of `model`'s functional unit on the cluster of `client` (default: the current
    one). `chunk` draws per task (default: draws split into 4 tasks per worker); `threads` per
    task. Returns the merged MonteCarloResult, identical to the local run with the same seed."""
    c = _client(client)
    if draws < 1:
        raise cradle.InputError("[cradle:bad-option] draws must be at least 1")
    if chunk is None:
        workers = max(1, len(c.scheduler_info().get("workers", {})))
        chunk = max(1, -(-draws // (4 * workers)))
    digest, scattered = _send(c, model)
    futures = [c.submit(_chunk, scattered, digest, gwp, first, min(chunk, draws - first), seed,
                        threads, method, keep_inputs, pure=False)
               for first in range(0, draws, chunk)]
    return MonteCarloResult.concatenate(c.gather(futures))


def _footprint(model: cradle.Model, digest: str, gwp: str,
               demand: Any) -> tuple[_np.ndarray, float]:
    system = _system(model, digest, gwp)
    f = system.demand(model) if demand is None else _np.asarray(demand, dtype=float)
    _, _, h = system.solve(f)
    return h, system.pivot_ratio


def footprints(models_or_demands: Sequence[Any], client: Any = None, *,
               model: cradle.Model | None = None, gwp: str = "AR6") -> list[_np.ndarray]:
    """Impacts (one vector of indicators each) of many product systems — a list of Models, each
    for its functional unit — or of many demand vectors on one `model`. Each worker builds a
    system once and keeps it."""
    c = _client(client)
    if model is not None:
        digest, m = _send(c, model)
        futures = [c.submit(_footprint, m, digest, gwp, _np.asarray(d, dtype=float), pure=False)
                   for d in models_or_demands]
    else:
        futures = [c.submit(_footprint, mo, _digest(mo), gwp, None, pure=False)
                   for mo in models_or_demands]
    return [h for h, _ in c.gather(futures)]
