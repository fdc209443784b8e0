"""cradle.System.from_matrices: a System from matrices the user brings (scipy sparse or dense)."""
import numpy as np
import pytest

import cradle

# Heijungs & Suh (2002), The Computational Structure of Life Cycle Assessment, ch. 2: electricity
# production makes 10 kWh from 2 l fuel, emitting 1 kg CO2 and 0.1 kg SO2; fuel production makes
# 100 l, emitting 10 kg CO2, 2 kg SO2 and taking 50 kg crude oil. For 1000 kWh: s = (100, 2),
# g = (CO2 120, SO2 14, crude oil 100), and with GWP CO2 = 1: h = 120 kg CO2e.
A = np.array([[10.0, 0.0], [-2.0, 100.0]])
B = np.array([[1.0, 10.0], [0.1, 2.0], [0.0, 50.0]])
C = np.array([[1.0, 0.0, 0.0]])
LABELS = dict(products=["electricity", "fuel"], processes=["power plant", "refinery"],
              flows=["CO2", "SO2", "crude oil"], indicators=["gwp100"])


def test_the_textbook_system_from_dense_and_sparse_matrices():
    scipy = pytest.importorskip("scipy.sparse")
    for a, b, c in ((A, B, C), (scipy.csr_matrix(A), scipy.coo_matrix(B), scipy.csc_matrix(C))):
        system = cradle.System.from_matrices(a, b, c, **LABELS)
        r = system.footprint({"electricity": 1000})
        assert np.allclose(r.scaling, [100, 2], rtol=1e-14)
        assert np.allclose(r.inventory, [120, 14, 100], rtol=1e-14)
        assert r.total == pytest.approx(120, rel=1e-14)
        assert r.process_ids == ["power plant", "refinery"]
        # the refinery's 2 x 10 kg CO2 and the power plant's 100 x 1 kg
        assert np.allclose(r.process_contributions()[0], [100, 20], rtol=1e-14)
        assert [c.id for c in r.top(2)] == ["power plant", "refinery"]
        assert (system.A.toarray() == A).all() and (system.C.toarray() == C).all()


def test_intensities_are_labelled_and_match_the_hand_solution():
    pd = pytest.importorskip("pandas")
    system = cradle.System.from_matrices(A, B, C, **LABELS)
    df = system.intensities()
    assert isinstance(df, pd.DataFrame)
    assert list(df.index) == ["power plant", "refinery"]
    assert list(df.columns) == ["name", "product", "gwp100"]
    # per kWh: 0.1 kg CO2 direct + 0.2 l fuel x 0.1 kg CO2/l = 0.12; per l fuel: 0.1
    assert df.loc["power plant", "gwp100"] == pytest.approx(0.12, rel=1e-14)
    assert df.loc["refinery", "gwp100"] == pytest.approx(0.1, rel=1e-14)
    assert np.array_equal(system.intensities(frame=False), df[["gwp100"]].to_numpy().T)


def test_a_footprint_by_vector_equals_the_footprint_by_name():
    system = cradle.System.from_matrices(A, B, C)  # default labels
    assert system.product_ids == ["product-0", "product-1"]
    assert system.flow_ids == ["flow-0", "flow-1", "flow-2"]
    assert system.footprint([1000, 0]).total == pytest.approx(120, rel=1e-14)
    with pytest.raises(cradle.InputError, match=r"bad-demand.*'steel'"):
        system.footprint({"steel": 1})


def test_every_problem_is_named_at_once():
    bad_a = A.copy()
    bad_a[1, 0] = np.nan
    with pytest.raises(cradle.InputError) as e:
        cradle.System.from_matrices(bad_a, B[:, :1], C, products=["x", "x"],
                                    flows=["CO2", "SO2"], indicators=["gwp", "other"])
    msg = str(e.value)
    for part in ("A[1, 0]: not a finite number", "B has 1 columns, A has 2",
                 "products[1] 'x' is also products[0]", "flows: 2 labels for 3",
                 "indicators: 2 labels for 1"):
        assert part in msg, (part, msg)
    with pytest.raises(cradle.InputError, match=r"A is 2 x 3, not square"):
        cradle.System.from_matrices(np.ones((2, 3)), np.ones((1, 3)), np.ones((1, 1)))
    with pytest.raises(cradle.InputError, match=r"not 2"):
        cradle.System.from_matrices(np.ones(3), B, C)


def test_a_singular_system_is_a_solver_error():
    with pytest.raises(cradle.SolverError):
        cradle.System.from_matrices(np.array([[1.0, -1.0], [-1.0, 1.0]]), B[:, :2] * 0 + 1,
                                    C)
