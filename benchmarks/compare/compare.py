#!/usr/bin/env python3
"""cradle side by side with other sparse solvers and with Brightway, on identical matrices.

    benchmarks/compare/setup.sh                      # once: a venv with the peers (see README)
    build/compare-venv/bin/python benchmarks/compare/compare.py \
        --bench build/release/cradle_bench_engine --out benchmarks/compare/results.md

For each structure (processes:core, default 20000:6000 20000:12000 20000:18000 40000:12000
uslci), cradle_bench_engine generates the synthetic system of benchmarks/synthetic.hpp, times
cradle's stages in C++ and exports A, B, C (Matrix Market), the demand and cradle's s, h and
all-product intensities. "uslci" is the bundled US LCI database (factors/uslci/uslci.model.json,
772 processes; the demand is one unit of every product); "model:FILE" any model file (its
functional unit, or one unit of every product). Each peer then runs in its own process (so its peak memory is its own), with
OMP/MKL/OpenBLAS threads set to 1 and then to every core:

  cradle (Python)  System.from_matrices, System.solve, System.intensities
  SuperLU          scipy.sparse.linalg.splu (never spsolve: with scikit-umfpack installed spsolve
                   silently dispatches to UMFPACK)
  UMFPACK          scikits.umfpack (UmfpackContext: symbolic, numeric, solve, transposed solve)
  PARDISO          pypardiso (MKL)
  Brightway        bw2calc with a bw_processing datapackage: lci(), redo_lci() with a new demand,
                   and the every-product loop on a sample, extrapolated

each on A and on Aᵀ (Brightway factorizes what it builds). Every s, h and all-product vector is
checked against cradle's to 1e-9 relative (max |x − x_cradle| / max |x_cradle|). The table gives
times, their ratio to cradle's (cradle = 1), L+U non-zeros, the peak memory added by the solver,
and the BLAS each run used. A peer that is not installed is listed as such, not failed.

--log FILE writes every row as a JSON line; --reuse FILE takes the rows of the solvers not named
in --solvers from such a file (same structures), so that cradle can be re-timed after a change
without re-timing its peers for an hour; the table says which rows were reused.

--smoke runs a tiny system (no timing is asserted; tests/CMakeLists.txt runs it in CI so the
harness keeps working) and exits 1 if any solver that ran disagrees with cradle.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import resource
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve()
SOLVERS = ["cradle-python", "superlu", "umfpack", "pardiso", "brightway"]
TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------------
# worker: one solver, one structure, one thread setting; prints one JSON line


def median_ms(repeats, fn, budget_s=20.0):
    """The median of `repeats` timed runs of fn (ms) and its last result; fewer runs once they
    have taken `budget_s` (SuperLU on A needs minutes per factorization at a large core)."""
    times = []
    out = None
    spent = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        times.append(dt * 1000)
        spent += dt
        if spent > budget_s:
            break
    times.sort()
    return times[len(times) // 2], out


def rel_diff(x, ref):
    import numpy as np
    x = np.asarray(x, dtype=float).ravel()
    ref = np.asarray(ref, dtype=float).ravel()
    scale = max(float(np.max(np.abs(ref))), 1e-300)
    return float(np.max(np.abs(x - ref))) / scale


def blas_info():
    try:
        import threadpoolctl
        return sorted({f"{p.get('internal_api')} {p.get('version') or ''}".strip()
                       for p in threadpoolctl.threadpool_info()
                       if p.get("user_api") in ("blas", "openmp")})
    except ImportError:
        return ["threadpoolctl not installed"]


def load(folder):
    import numpy as np
    import scipy.io
    A = scipy.io.mmread(str(folder / "A.mtx")).tocsc()
    B = scipy.io.mmread(str(folder / "B.mtx")).tocsc()
    C = scipy.io.mmread(str(folder / "C.mtx")).tocsc()
    f = np.loadtxt(folder / "f.txt")
    ref = {k: np.loadtxt(folder / f"{k}.txt") for k in ("s", "h", "y")}
    return A, B, C, f, ref


def agreement(out, s, C, B, y, ref):
    out["diff_s"] = rel_diff(s, ref["s"])
    out["diff_h"] = rel_diff(C @ (B @ s), ref["h"])
    if y is not None:
        out["diff_y"] = rel_diff(y, ref["y"])


def run_superlu(A, B, C, f, ref, repeats, transposed):
    import scipy.sparse.linalg as sla
    M = A.T.tocsc() if transposed else A
    out = {}
    out["factorize_ms"], lu = median_ms(repeats, lambda: sla.splu(M))
    out["lu_nnz"] = int(lu.L.nnz + lu.U.nnz)
    trans = "T" if transposed else "N"      # s = A⁻¹f on the factors of M
    other = "N" if transposed else "T"      # all products: Aᵀ y = m
    out["solve_ms"], s = median_ms(repeats * 3, lambda: lu.solve(f, trans=trans))
    out["all_products_ms"], y = median_ms(
        repeats * 3, lambda: lu.solve(
            (C[0, :] @ B).toarray().ravel(), trans=other))
    agreement(out, s, C, B, y, ref)
    return out


def run_umfpack(A, B, C, f, ref, repeats, transposed):
    import scikits.umfpack as um
    M = (A.T if transposed else A).tocsc()
    M.sort_indices()
    out = {}

    def factor():
        ctx = um.UmfpackContext("di")
        ctx.numeric(M)
        return ctx
    out["factorize_ms"], ctx = median_ms(repeats, factor)
    out["refactorize_ms"], _ = median_ms(repeats, lambda: ctx.numeric(M))
    info = ctx.info
    out["lu_nnz"] = int(info[um.UMFPACK_LNZ] + info[um.UMFPACK_UNZ])
    sys_s = um.UMFPACK_At if transposed else um.UMFPACK_A
    sys_y = um.UMFPACK_A if transposed else um.UMFPACK_At
    out["solve_ms"], s = median_ms(repeats * 3, lambda: ctx.solve(sys_s, M, f, autoTranspose=False))
    out["all_products_ms"], y = median_ms(
        repeats * 3, lambda: ctx.solve(sys_y, M, (C[0, :] @ B).toarray().ravel(),
                                       autoTranspose=False))
    agreement(out, s, C, B, y, ref)
    return out


def run_pardiso(A, B, C, f, ref, repeats, transposed):
    import pypardiso
    M = (A.T if transposed else A).tocsr()
    out = {}

    def factor():
        p = pypardiso.PyPardisoSolver()
        p.factorize(M)
        return p
    out["factorize_ms"], p = median_ms(repeats, factor)
    out["refactorize_ms"], _ = median_ms(repeats, lambda: p.factorize(M))
    out["lu_nnz"] = int(p.get_iparm(18))  # iparm(18): non-zeros in the factors (1-based)
    if transposed:  # the factors are of Aᵀ: all products directly, one demand needs Aᵀᵀ
        out["all_products_ms"], y = median_ms(
            repeats * 3, lambda: p.solve(M, (C[0, :] @ B).toarray().ravel()))
        s = None
    else:
        out["solve_ms"], s = median_ms(repeats * 3, lambda: p.solve(M, f))
        y = None
    if s is None:  # one demand with its own factorization of A, not timed
        q = pypardiso.PyPardisoSolver()
        s = q.solve(A.tocsr(), f)
    agreement(out, s, C, B, y, ref)
    return out


def run_cradle_python(A, B, C, f, ref, repeats, transposed):
    import cradle
    n, m = A.shape[0], B.shape[0]
    labels = {"products": [f"p{i}" for i in range(n)], "processes": [f"a{i}" for i in range(n)],
              "flows": [f"e{i}" for i in range(m)],
              "indicators": [f"i{k}" for k in range(C.shape[0])]}
    out = {}
    out["factorize_ms"], system = median_ms(
        repeats, lambda: cradle.System.from_matrices(A, B, C, **labels))
    out["solve_ms"], (s, _g, _h) = median_ms(repeats * 3, lambda: system.solve(f))
    threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
    out["all_products_ms"], Y = median_ms(
        repeats, lambda: system.intensities(frame=False, threads=threads))
    agreement(out, s, C, B, Y[0], ref)
    out["note"] = "factorize = from_matrices (validation, compile, factorization); all products = every indicator"
    return out


def run_brightway(A, B, C, f, ref, repeats, transposed, sample):
    import bw2calc
    import bw_processing as bwp
    import numpy as np
    a, b = A.tocoo(), B.tocoo()
    dp = bwp.create_datapackage()
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        indices_array=np.array(list(zip(a.row + 1, a.col + 1)), dtype=bwp.INDICES_DTYPE),
        data_array=np.abs(a.data), flip_array=a.data < 0)
    dp.add_persistent_vector(
        matrix="biosphere_matrix",
        indices_array=np.array(list(zip(b.row + 10**7, b.col + 1)), dtype=bwp.INDICES_DTYPE),
        data_array=b.data)
    c = C[0, :].tocoo()
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        indices_array=np.array(list(zip(c.col + 10**7, c.col + 10**7)), dtype=bwp.INDICES_DTYPE),
        data_array=c.data)
    n = A.shape[0]
    demand = {int(i) + 1: float(f[i]) for i in np.flatnonzero(f)}  # one product, or a basket
    target = int(np.argmax(f)) + 1
    out = {}

    def first():
        lca = bw2calc.LCA(demand, data_objs=[dp])
        lca.lci()
        lca.lcia()
        return lca
    out["factorize_ms"], lca = median_ms(max(1, repeats // 3), first)
    col = lca.dicts.activity
    s = np.zeros(n)
    for act, j in col.items():
        s[act - 1] = lca.supply_array[j]
    other = 1 if target != 1 else 2
    out["solve_ms"], _ = median_ms(repeats, lambda: lca.redo_lci({other: 1.0}))
    # every product by bw2calc's own loop (redo_lcia per demand) on a sample, extrapolated
    rng = np.random.default_rng(1)
    picks = rng.choice(np.arange(1, n + 1), size=min(sample, n), replace=False)
    y = np.zeros(len(picks))
    t0 = time.perf_counter()
    for i, p in enumerate(picks):
        lca.redo_lcia({int(p): 1.0})
        y[i] = lca.score
    per = (time.perf_counter() - t0) / len(picks)
    out["all_products_ms"] = per * n * 1000
    out["all_products_note"] = f"{len(picks)} products x {n / len(picks):.0f}"
    out["diff_s"] = rel_diff(s, ref["s"])
    out["diff_y"] = rel_diff(y, ref["y"][picks - 1])
    try:
        import pypardiso  # noqa: F401
        out["backend"] = "pypardiso"
    except ImportError:
        out["backend"] = "scipy (UMFPACK if scikit-umfpack is installed, else SuperLU)"
    return out


def worker(args):
    folder = pathlib.Path(args.dir)
    base = {"solver": args.worker, "transposed": args.transposed, "threads": args.threads}
    try:
        A, B, C, f, ref = load(folder)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        fn = {"superlu": run_superlu, "umfpack": run_umfpack, "pardiso": run_pardiso,
              "cradle-python": run_cradle_python}.get(args.worker)
        if args.worker == "brightway":
            out = run_brightway(A, B, C, f, ref, args.repeats, args.transposed, args.sample)
        else:
            out = fn(A, B, C, f, ref, args.repeats, args.transposed)
        out["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        out["blas"] = blas_info()
        base.update(out)
    except ImportError as e:
        base["missing"] = str(e)
    print(json.dumps(base))


# ---------------------------------------------------------------------------------------------
# driver


def run_worker(solver, folder, threads, transposed, args):
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = str(threads)
    cmd = [sys.executable, str(HERE), "--worker", solver, "--dir", str(folder), "--threads",
           str(threads), "--repeats", str(args.repeats), "--sample", str(args.sample)]
    if transposed:
        cmd.append("--transposed")
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"solver": solver, "transposed": transposed, "threads": threads,
                "timeout": args.timeout}
    if r.returncode != 0:
        return {"solver": solver, "transposed": transposed, "threads": threads,
                "error": (r.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def fmt(x, digits=1):
    if x is None:
        return "—"
    if x >= 10:
        return f"{x:,.{digits}f}"
    return f"{x:.{max(digits, 2)}f}" if x >= 0.1 else f"{x:.2g}"  # 0.0035, not 0.00


def ratio(x, ref):
    return "" if x is None or not ref else f" ({x / ref:.1f}×)"


def table(structure, cradle, rows):
    n, core = cradle["processes"], cradle["core"]
    title = (f"### {structure}: {n:,} processes, largest loop {core:,} ({100 * core / n:.0f} %)"
             if ":" not in structure or structure.startswith("model:") else
             f"### {n:,} processes, cyclic core {core:,} ({100 * core / n:.0f} %)")
    lines = [title, "",
             f"cradle (C++): compile {fmt(cradle['compile_ms'])} ms, factorize "
             f"{fmt(cradle['factorize_ms'])} ms (symbolic {fmt(cradle['symbolic_ms'])}, "
             f"refactorize {fmt(cradle['refactorize_ms'])}), one demand "
             f"{fmt(cradle['solve_ms'], 2)} ms, all products {fmt(cradle['all_products_ms'], 2)} "
             f"ms ({fmt(cradle['all_products_cb_ms'], 2)} with C·B), L+U "
             f"{cradle['lu_nnz']:,}, peak {fmt(cradle['peak_rss_engine_mb'])} MB (engine)"
             + (f"; all products, 7 indicators {fmt(cradle['all_products_7_ms'])} ms "
                f"({fmt(cradle['all_products_7_2t_ms'])} on 2 threads), 64 demands "
                f"{fmt(cradle['batch64_ms'])} ms ({fmt(cradle['batch64_2t_ms'])} on 2 threads)"
                if "batch64_ms" in cradle else "")
             + (f"; AMD dense factor {cradle['dense_factor']:g}" if "dense_factor" in cradle else ""),
             "",
             "| solver | on | threads | factorize ms | refactorize ms | one demand ms | "
             "all products ms | L+U nnz | peak MB | agrees (s, h, y) | BLAS |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        on = "Aᵀ" if r.get("transposed") else "A"
        if "missing" in r or "error" in r or "timeout" in r:
            what = ("not installed" if "missing" in r else
                    f"over {r['timeout']:.0f} s (stopped)" if "timeout" in r else
                    "failed: " + r["error"][:80])
            lines.append(f"| {r['solver']} | {on} | {r['threads']} | {what} | | | | | | | |")
            continue
        diffs = [r.get(k) for k in ("diff_s", "diff_h", "diff_y") if r.get(k) is not None]
        ok = all(d <= TOLERANCE for d in diffs)
        apn = f" ({r['all_products_note']})" if r.get("all_products_note") else ""
        lines.append(
            f"| {r['solver']} | {on} | {r['threads']} | "
            f"{fmt(r.get('factorize_ms'))}{ratio(r.get('factorize_ms'), cradle['factorize_ms'])} | "
            f"{fmt(r.get('refactorize_ms'))}"
            f"{ratio(r.get('refactorize_ms'), cradle['refactorize_ms'])} | "
            f"{fmt(r.get('solve_ms'), 2)}{ratio(r.get('solve_ms'), cradle['solve_ms'])} | "
            f"{fmt(r.get('all_products_ms'), 2)}"
            f"{ratio(r.get('all_products_ms'), cradle['all_products_cb_ms'])}{apn} | "
            f"{format(r['lu_nnz'], ',') if r.get('lu_nnz') else '—'} | {fmt(r.get('peak_mb'))} | "
            f"{'yes' if ok else 'NO'} ({', '.join(f'{d:.0e}' for d in diffs)}) | "
            f"{'; '.join(r.get('blas', []))} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", help="cradle_bench_engine (default: build/release/)")
    ap.add_argument("--structures",
                    default="20000:6000,20000:12000,20000:18000,40000:12000,uslci")
    ap.add_argument("--threads", default=f"1,{os.cpu_count()}")
    ap.add_argument("--solvers", default=",".join(SOLVERS))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sample", type=int, default=50, help="Brightway all-products sample")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per solver run")
    ap.add_argument("--out", help="write the Markdown table here")
    ap.add_argument("--work", help="folder for the exported matrices (default: a temporary one)")
    ap.add_argument("--reuse", help="rows (JSON lines, as this script prints them) of an earlier "
                    "run: solvers not in --solvers are taken from there, so cradle can be re-timed "
                    "without re-timing its peers")
    ap.add_argument("--log", help="also write every row here (JSON lines, for --reuse)")
    ap.add_argument("--smoke", action="store_true", help="a tiny system; exit 1 on disagreement")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--transposed", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        args.threads = int(args.threads)
        return worker(args)
    if args.smoke:
        args.structures, args.threads, args.repeats, args.sample = "400:120,uslci", "1", 1, 20
    bench = pathlib.Path(args.bench or HERE.parents[2] / "build" / "release" / "cradle_bench_engine")
    if not bench.is_file():
        sys.exit(f"compare.py: {bench} not found: build the benchmarks (cmake --preset release) "
                 "or pass --bench")
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="cradle-compare-"))
    threads = [int(t) for t in args.threads.split(",")]
    solvers = args.solvers.split(",")
    report = [f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}", ""]
    disagreements = []
    reused = []
    if args.reuse:
        reused = [json.loads(line) for line in pathlib.Path(args.reuse).read_text().splitlines()
                  if line.startswith("{")]
    log = open(args.log, "w") if args.log else None
    for spec in args.structures.split(","):
        if spec == "uslci" or spec.startswith("model:"):
            model = (HERE.parents[2] / "factors" / "uslci" / "uslci.model.json" if spec == "uslci"
                     else pathlib.Path(spec[len("model:"):]))
            folder = work / model.stem.replace(".", "_")
            cmd = [str(bench), "0", str(args.repeats), "--model", str(model)]
        else:
            n, core = (int(x) for x in spec.split(":"))
            folder = work / f"{n}_{core}"
            cmd = [str(bench), str(n), str(args.repeats), "--core", str(core)]
        r = subprocess.run(cmd + ["--export", str(folder)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"compare.py: {bench} failed:\n{r.stderr}")
        cradle = json.loads((folder / "cradle.json").read_text())
        rows = []
        for t in threads:
            for s in solvers:
                for tr in ([False] if s in ("cradle-python", "brightway") else [False, True]):
                    row = run_worker(s, folder, t, tr, args)
                    row["structure"] = spec
                    rows.append(row)
                    if log:
                        print(json.dumps(row), file=log, flush=True)
                    bad = [k for k in ("diff_s", "diff_h", "diff_y")
                           if row.get(k) is not None and row[k] > TOLERANCE]
                    if bad or "error" in row:
                        disagreements.append(f"{spec} {s}{' on Aᵀ' if tr else ''}: "
                                             f"{row.get('error') or {k: row[k] for k in bad}}")
                    print(json.dumps(row), flush=True)
        rows += [r for r in reused if r.get("structure") == spec and r["solver"] not in solvers]
        order = {name: k for k, name in enumerate(SOLVERS)}
        rows.sort(key=lambda r: (r["threads"], order.get(r["solver"], 99), r.get("transposed", False)))
        report += [table(spec, cradle, rows), ""]
        if args.reuse and any(r in reused for r in rows):
            report[-2:-2] = [f"(rows of {', '.join(sorted({r['solver'] for r in rows if r in reused}))} "
                             f"from {pathlib.Path(args.reuse).name}; cradle re-timed in this run)"]
    text = "\n".join(report)
    print(text)
    if args.smoke and not any(r.get("solver") == "superlu" and "diff_s" in r for r in rows):
        disagreements.append("SuperLU did not run: the harness needs numpy and scipy")
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")
    if disagreements:
        print("disagreements with cradle (tolerance 1e-9 relative):\n  " + "\n  ".join(disagreements))
        sys.exit(1)


if __name__ == "__main__":
    main()
