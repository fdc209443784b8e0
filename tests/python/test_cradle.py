"""Python bindings: the same known answers as the C++ tests, errors, pickling, threads."""
import json
import os
import pathlib
import pickle
import subprocess
import sys
import threading

import numpy as np
import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = ROOT / "examples" / "models"


def test_heijungs_suh_textbook():
    # Heijungs & Suh (2002): s = [100, 2], h = 120 kg CO2
    r = cradle.footprint(cradle.read_model(MODELS / "heijungs-suh.json"))
    assert r.scaling.dtype == np.float64 and r.scaling.shape == (2,)
    assert np.allclose(r.scaling, [100, 2], rtol=1e-14)
    assert r.total == pytest.approx(120, rel=1e-14)
    assert r.process_ids == ["electricity_production", "fuel_production"]
    assert r.process_contributions().shape == (11, 2)  # 11 indicator rows
    assert r.indicators[0] == "gwp100.total"


def test_loop_power_plant_copper_smelter():
    # hand solution (tests/test_textbook.cpp): power makes 1 kWh with 0.5 kg CO2 and 0.002 kg
    # copper; the smelter makes 1 kg copper with 4 kg CO2 and 2 kWh.
    # s_power = 1 + 2 s_cu, s_cu = 0.002 s_power -> s_power = 1/0.996
    model = {
        "flows": [{"id": "kwh", "type": "product", "unit": "kWh"},
                  {"id": "cu", "type": "product", "unit": "kg"},
                  {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2",
                   "origin": "fossil"}],
        "processes": [
            {"id": "power", "outputs": [{"flow": "kwh", "amount": 1}],
             "inputs": [{"flow": "cu", "amount": 0.002}],
             "elementary": [{"flow": "co2", "amount": 0.5}]},
            {"id": "smelter", "outputs": [{"flow": "cu", "amount": 1}],
             "inputs": [{"flow": "kwh", "amount": 2}],
             "elementary": [{"flow": "co2", "amount": 4}]}],
        "functional_unit": {"flow": "kwh", "amount": 1}}
    r = cradle.footprint(cradle.parse_model(model))
    s_power = 1 / 0.996
    assert r.scaling[0] == pytest.approx(s_power, rel=1e-13)
    assert r.total == pytest.approx(0.5 * s_power + 4 * 0.002 * s_power, rel=1e-13)


def test_hybrid_model_matches_hand_total():
    # examples/models/README.md: 500 x 0.48613 + 20 x (2.53763 + 0.00029/28 x 29.8
    # + 0.0329/265 x 273) + 300 x 0.9213455281918781 x 0.33975311492234156
    hand = 500 * 0.48613 + 20 * (2.53763 + 0.00029 / 28 * 29.8 + 0.0329 / 265 * 273) \
        + 300 * 0.9213455281918781 * 0.33975311492234156
    r = cradle.footprint(MODELS / "hybrid-widget.json")
    assert r.total == pytest.approx(hand, rel=1e-9)
    assert r.tag_contributions()["useeio-2.0.1"] == pytest.approx(
        300 * 0.9213455281918781 * 0.33975311492234156, rel=1e-9)
    first = r.top(1)[0]
    assert first.id == "grid/VN/2024"
    # the published name, the dataset's short name and the factor's year (factors/grid)
    assert first.name == "Grid electricity, Viet Nam (VNM), Ember 2024"


def test_ga_useeio_against_published_n():
    folder = ROOT / "tests" / "fixtures" / "GAEEIOv1.0-s-20"
    N, sectors, indicators = cradle.read_useeio(folder)
    published = np.array(json.loads((folder / "matrix" / "N.json").read_text()))
    assert N.shape == published.shape == (len(indicators), len(sectors))
    assert np.allclose(N, published, rtol=1e-9, atol=0)


def test_factor_db():
    db = cradle.default_factor_db()
    f = db.get("uk-desnz-2025/1_101_1011_8_1")
    assert f["value"] == pytest.approx(2.57082) and f["unit"] == "l"
    assert f["licence"] == "OGL-UK-3.0"
    hits = db.search("electricity", region="VN", year=2024)
    assert [h["id"] for h in hits] == ["grid/VN/2024"]
    assert db.recharacterize(f["id"], cradle.default_gwp_table(), "AR6") == pytest.approx(
        2.53763 + 0.00029 / 28 * 29.8 + 0.0329 / 265 * 273, rel=1e-13)
    # municipal solid waste burnt (EPA Hub): CO2 in a fossil and a biogenic part, each booked
    # with its origin; `gases` sums a species over its parts
    msw = db.get("us-epa-hub-2025/stationary/municipal-solid-waste/mmBtu")
    co2 = {origin: kg for species, kg, origin in msw["gas_parts"] if species == "CO2"}
    assert co2 == {"fossil": pytest.approx(33.0), "biogenic": pytest.approx(57.7)}
    assert msw["gases"]["CO2"] == pytest.approx(90.7)
    # EPA supply-chain dairy: biogenic methane, characterized as EPA did (AR5 28)
    dairy = db.get("us-epa-sef-1.3/112120")
    assert [o for s, _, o in dairy["gas_parts"] if s == "CH4"] == ["biogenic"]
    assert db.recharacterize(dairy["id"], cradle.default_gwp_table(), "AR5") == pytest.approx(
        1.724, abs=0.0015)


def test_errors_are_cradle_exceptions_naming_the_culprit():
    with pytest.raises(cradle.InputError, match=r"\[cradle:file-not-readable\].*nope\.json"):
        cradle.read_model("nope.json")
    bad = ROOT / "tests" / "fixtures" / "bad" / "unlinked.json"
    with pytest.raises(cradle.ModelError,
                       match=r"\[cradle:unlinked-input\] process 'smelter' input 'electricity'") as e:
        cradle.footprint(bad)
    assert e.value.problems[0][0] == "unlinked-input"
    with pytest.raises(cradle.DataError, match=r"closest: grid/VN/2024"):
        cradle.default_factor_db().get("grid/VN/2023")
    model = json.loads((MODELS / "hybrid-widget.json").read_text())
    model["processes"][0]["inputs"][1]["unit"] = "kWh"
    with pytest.raises(cradle.ModelError, match=r"incompatible-unit.*is per l"):
        cradle.footprint(cradle.parse_model(model))
    with pytest.raises(cradle.UnitError, match=r"unknown unit 'kWhr'"):
        cradle.default_factor_db().search(unit="kWhr")
    assert issubclass(cradle.SolverError, cradle.Error)


def test_pickle_model_and_result():
    m = cradle.read_model(MODELS / "copper-wire.json")
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.to_json() == m.to_json()
    r = cradle.footprint(m)
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.total == r.total and r2.process_ids == r.process_ids
    assert np.array_equal(r2.scaling, r.scaling)


def test_two_threads_solve_at_once():
    system = cradle.build(cradle.read_model(MODELS / "copper-wire.json"))
    n = len(system.product_ids)
    expected = system.solve_many(np.eye(n))[2][0]
    out = {}

    def work(k):
        f = np.zeros(n)
        f[k] = 1.0
        for _ in range(200):
            out[k] = system.solve(f)[2][0]

    threads = [threading.Thread(target=work, args=(k,)) for k in (0, n - 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out[0] == pytest.approx(expected[0], rel=1e-12)
    assert out[n - 1] == pytest.approx(expected[n - 1], rel=1e-12)
    assert np.allclose(system.intensities(frame=False)[0], expected, rtol=1e-10)


def test_batches_on_threads_give_the_same_numbers():
    system = cradle.build(cradle.read_model(MODELS / "copper-wire.json"))
    n = len(system.product_ids)
    F = np.eye(n)[:, ::-1] * 2.5
    one = system.solve_many(F)
    for threads in (2, 0):
        many = system.solve_many(F, threads=threads)
        for a, b in zip(one, many):
            assert np.array_equal(a, b)  # bit for bit
        assert np.array_equal(system.intensities(frame=False, threads=threads),
                              system.intensities(frame=False))
    with pytest.raises(TypeError):
        system.intensities(frame=False, threads=-1)


@pytest.mark.feature("cli")
def test_quickstart_and_cli_entry_point():
    q = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "quickstart.py")],
                       capture_output=True, text=True, check=True)
    assert "copper-wire.json: 2929.0006 kg CO2e" in q.stdout
    c = subprocess.run([sys.executable, "-m", "cradle", "factors", "show", "grid/VN/2024"],
                       capture_output=True, text=True, check=True)
    assert "0.48613" in c.stdout


def test_singular_system_raises_solver_error_naming_processes():
    # two processes that each consume exactly what the other makes (as tests/test_errors.cpp)
    model = {
        "flows": [{"id": "a", "type": "product", "unit": "kg"},
                  {"id": "b", "type": "product", "unit": "kg"}],
        "processes": [
            {"id": "maker_a", "outputs": [{"flow": "a", "amount": 1}],
             "inputs": [{"flow": "b", "amount": 1}]},
            {"id": "maker_b", "outputs": [{"flow": "b", "amount": 1}],
             "inputs": [{"flow": "a", "amount": 1}]}],
        "functional_unit": {"flow": "a", "amount": 1}}
    with pytest.raises(cradle.SolverError, match=r"singular-technosphere.*'maker_a'") as e:
        cradle.footprint(cradle.parse_model(model))
    assert isinstance(e.value, cradle.Error)
    assert e.value.id in ("singular-technosphere", "near-singular-technosphere")
    assert sorted(e.value.processes) == ["maker_a", "maker_b"]


def test_results_are_handed_over_not_copied():
    system = cradle.build(cradle.read_model(MODELS / "copper-wire.json"))
    s, g, h = system.solve(system.demand(cradle.read_model(MODELS / "copper-wire.json")))
    # the arrays wrap the buffers the engine computed (a capsule owns them), no second copy
    for a in (s, g, h, system.intensities(frame=False)):
        assert not a.flags.owndata and type(a.base).__name__ == "PyCapsule"
    # the sparse matrices are read-only views into the System, kept alive by the arrays
    data, indices, indptr, shape = system.csc("A")
    assert np.shares_memory(data, system.csc("A")[0]) and not data.flags.writeable
    with pytest.raises(ValueError):
        data[0] = 2.0
    dense = np.zeros(shape)
    for j in range(shape[1]):
        dense[indices[indptr[j]:indptr[j + 1]], j] = data[indptr[j]:indptr[j + 1]]
    assert np.array_equal(dense, system.A.toarray())  # scipy copy agrees with the views
    del system
    assert np.isfinite(data).all() and data.sum() == pytest.approx(dense.sum())
    with pytest.raises(cradle.InputError, match=r"no matrix 'D'"):
        cradle.build(cradle.read_model(MODELS / "heijungs-suh.json")).csc("D")


def test_to_dataframe_with_and_without_pandas(monkeypatch):
    r = cradle.footprint(MODELS / "heijungs-suh.json")
    df = r.to_dataframe()
    assert list(df["id"]) == r.process_ids and list(df["name"]) == r.process_names
    assert list(df.columns) == ["id", "name"] + r.indicators
    assert df["gwp100.total"].sum() == pytest.approx(120, rel=1e-14)
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError, match=r"pip install pandas"):
        r.to_dataframe()


def test_unpickled_result_needs_its_system_again():
    m = cradle.read_model(MODELS / "heijungs-suh.json")
    r = pickle.loads(pickle.dumps(cradle.footprint(m)))
    assert r.system is None and r.total == pytest.approx(120, rel=1e-14)
    with pytest.raises(cradle.Error, match=r"result-without-system"):
        r.top(1)
    with pytest.raises(cradle.Error, match=r"system-mismatch"):
        r.attach(cradle.build(cradle.read_model(MODELS / "copper-wire.json")))
    r.attach(cradle.build(m))
    assert sum(c.value for c in r.top(2)) == pytest.approx(120, rel=1e-14)
    assert r.process_names == cradle.build(m).process_names  # names survive the pickle


def test_stubs_match_the_extension_and_the_package_type_checks():
    # the .pyi stubs against the built module, then mypy --strict over the package and quickstart
    allow = ROOT / "tests" / "python" / "stubtest-allowlist.txt"
    st = subprocess.run([sys.executable, "-m", "mypy.stubtest", "cradle._core", "--allowlist",
                         str(allow)], capture_output=True, text=True)
    assert st.returncode == 0, st.stdout + st.stderr
    for target in (["-p", "cradle"], [str(ROOT / "examples" / "python" / "quickstart.py")]):
        mp = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull,
                             *target], capture_output=True, text=True)
        assert mp.returncode == 0, mp.stdout + mp.stderr


@pytest.mark.feature("cli")
def test_python_m_cradle_and_the_cradle_command_are_the_cli():
    def run(*args):
        return subprocess.run(list(args), capture_output=True, text=True)

    py = run(sys.executable, "-m", "cradle", "--help")
    assert py.returncode == 0 and py.stdout.startswith("cradle \u2014 cradle-to-gate")
    assert "Exit codes: 0 ok, 1 bad input, 2 usage" in py.stdout
    script = pathlib.Path(sys.executable).parent / "cradle"
    if script.exists():  # the console script pip installed beside this Python
        assert run(str(script), "--help").stdout == py.stdout
    cpp = os.environ.get("CRADLE_CLI")  # the C++ build's binary (scripts/test.sh)
    if cpp:
        assert run(cpp, "--help").stdout == py.stdout
    # the same exit codes: usage 2, bad input 1 with the stable id
    assert run(sys.executable, "-m", "cradle", "footprint").returncode == 2
    bad = run(sys.executable, "-m", "cradle", "footprint", "no-such-model.json")
    assert bad.returncode == 1 and "[cradle:" in bad.stderr and "no-such-model.json" in bad.stderr
    v = run(sys.executable, "-m", "cradle", "--version")
    assert v.stdout.startswith(f"cradle {cradle.__version__}") and "useeio-2.0.1" in v.stdout
