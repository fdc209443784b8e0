"""Runs `cradle useeio FOLDER --format json` and compares N with the published matrix/N.json."""
import json
import subprocess
import sys

cli, folder = sys.argv[1], sys.argv[2]
out = json.loads(subprocess.run([cli, "useeio", folder, "--format", "json"], check=True,
                                capture_output=True, text=True).stdout)
published = json.load(open(f"{folder}/matrix/N.json"))
indicators = [i["code"] for i in json.load(open(f"{folder}/indicators.json"))]
sectors = [s["id"] for s in json.load(open(f"{folder}/sectors.json"))]
assert out["indicators"] == indicators, "indicator order differs"
assert out["sectors"] == sectors, "sector order differs"
worst = 0.0
for row_ours, row_pub in zip(out["N"], published, strict=True):
    for a, b in zip(row_ours, row_pub, strict=True):
        if b != 0:
            worst = max(worst, abs(a - b) / abs(b))
        else:
            assert abs(a) < 1e-300, (a, b)
print(f"{len(published)} x {len(published[0])} values, worst relative difference {worst:.3g}")
sys.exit(0 if worst <= 1e-9 else 1)
