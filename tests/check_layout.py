#!/usr/bin/env python3
"""The include direction of cradle's stages (docs/architecture.md): a header or source file of a
stage includes only its own stage and lower ones; no flat header is added beside the stage
folders; nothing in the repository includes a deprecated forwarding header.

Usage: check_layout.py REPO_ROOT   (exit 1 and one line per violation; a self-test runs first)
"""
import pathlib
import re
import sys
import tempfile

# rank of each stage; a file may include ranks <= its own
STAGES = {"model": 1, "io": 2, "data": 3, "engine": 4, "analysis": 5, "exchange": 6}
FOUNDATION = {"error.hpp", "version.hpp", "sparse.hpp"}  # rank 0, with detail/
UMBRELLA = "cradle.hpp"
# old flat paths kept one release as one-line forwards (CHANGELOG: deprecated)
DEPRECATED = {"calculator.hpp", "characterization.hpp", "factors.hpp", "formula.hpp", "gwp.hpp",
              "index.hpp", "io.hpp", "json.hpp", "link.hpp", "matrices.hpp", "model.hpp",
              "parameters.hpp", "results.hpp", "solver.hpp", "units.hpp", "useeio.hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"cradle/([^"]+)"', re.M)


def rank_of_header(rel: str):
    """Rank of a path relative to include/cradle/, or None for the umbrella and forwards."""
    parts = rel.split("/")
    if len(parts) == 1:
        return 0 if parts[0] in FOUNDATION else None
    if parts[0] == "detail":
        return 0
    return STAGES.get(parts[0], -1)


def check(root: pathlib.Path):
    problems = []
    inc = root / "include" / "cradle"
    for h in sorted(inc.rglob("*.hpp")):
        rel = h.relative_to(inc).as_posix()
        if "/" not in rel and rel not in FOUNDATION | DEPRECATED | {UMBRELLA}:
            problems.append(f"include/cradle/{rel}: a new header belongs in a stage folder "
                            f"({', '.join(STAGES)}) or detail/")
        if rank_of_header(rel) == -1:
            problems.append(f"include/cradle/{rel}: '{rel.split('/')[0]}' is not a stage folder")
    # files with a rank: headers under include/cradle/<stage>/ and sources under src/<stage>/
    ranked = []
    for h in inc.rglob("*.hpp"):
        r = rank_of_header(h.relative_to(inc).as_posix())
        if r is not None and r >= 0:
            ranked.append((h, r))
    for s in (root / "src").rglob("*.cpp"):
        stage = s.relative_to(root / "src").parts[0]
        if stage in STAGES:
            ranked.append((s, STAGES[stage]))
    for f, r in ranked:
        for m in INCLUDE.finditer(f.read_text(encoding="utf-8")):
            target = m.group(1)
            tr = rank_of_header(target)
            if tr is None or tr == -1:
                problems.append(f"{f.relative_to(root)}: includes 'cradle/{target}', which is "
                                "not a stage header (use the stage folders)")
            elif tr > r:
                problems.append(f"{f.relative_to(root)}: includes 'cradle/{target}' from a "
                                "higher stage")
    # nobody uses the deprecated forwards
    for folder in ("include", "src", "bindings", "tests", "benchmarks", "examples"):
        for f in (root / folder).rglob("*"):
            if f.suffix not in (".hpp", ".cpp", ".h", ".cc") or not f.is_file():
                continue
            if f.parent == inc and f.name in DEPRECATED:
                continue
            for m in INCLUDE.finditer(f.read_text(encoding="utf-8")):
                if m.group(1) in DEPRECATED:
                    problems.append(f"{f.relative_to(root)}: includes deprecated "
                                    f"'cradle/{m.group(1)}'")
    return problems


def self_test():
    """The check must catch a lower stage including a higher one, and a new flat header."""
    with tempfile.TemporaryDirectory() as d:
        root = pathlib.Path(d)
        (root / "include/cradle/model").mkdir(parents=True)
        (root / "include/cradle/engine").mkdir(parents=True)
        (root / "src").mkdir()
        (root / "include/cradle/engine/solver.hpp").write_text("#pragma once\n")
        (root / "include/cradle/model/model.hpp").write_text('#include "cradle/engine/solver.hpp"\n')
        (root / "include/cradle/pact.hpp").write_text("#pragma once\n")
        found = check(root)
        assert any("model/model.hpp: includes 'cradle/engine/solver.hpp'" in p for p in found), found
        assert any("pact.hpp: a new header belongs" in p for p in found), found
        assert len(found) == 2, found


if __name__ == "__main__":
    self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    n = sum(1 for _ in (root / "include").rglob("*.hpp")) + sum(1 for _ in (root / "src").rglob("*.cpp"))
    print(f"include direction: {n} files checked, no violation")
