"""cradle.dask on a LocalCluster of two worker processes: the same numbers as the local run."""
import pathlib

import numpy as np
import pytest

import cradle

distributed = pytest.importorskip("distributed")
import cradle.dask  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_monte_carlo_equals_the_local_run(client):
    model = cradle.read_model(ROOT / "examples" / "copper" / "model.json")
    local = cradle.monte_carlo(model, 1500, seed=11)
    spread = cradle.dask.monte_carlo(model, 1500, seed=11, client=client, chunk=200)
    assert np.array_equal(spread.samples, local.samples)
    assert spread.summary() == local.summary()
    # each worker built the system once and kept it for its chunks
    built = client.run(lambda: len(cradle.dask._systems))
    assert set(built.values()) == {1}


def test_dask_footprints_of_many_models_and_demands(client):
    models = [cradle.read_model(ROOT / "examples" / "models" / n)
              for n in ("copper-wire.json", "heijungs-suh.json")]
    hs = cradle.dask.footprints(models, client=client)
    for m, h in zip(models, hs):
        assert h[0] == pytest.approx(cradle.footprint(m).total, rel=1e-12)
    system = cradle.build(models[0])
    n = len(system.product_ids)
    demands = [np.eye(n)[k] for k in range(min(n, 4))]
    hs = cradle.dask.footprints(demands, client=client, model=models[0])
    for d, h in zip(demands, hs):
        assert np.allclose(h, system.solve(d)[2], rtol=1e-12)
