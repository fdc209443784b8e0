"""Signed footprints end to end through the CLI, as examples/copper-chain/README.md shows them:
three keys (0600 secret, 0644 public, never overwritten), three signed exports, verify walking the
chain back to the mine (exit 0), --format json, --recompute, and each kind of tampering caught
with exit 1 and the right check. No command ever prints a byte of a secret key."""
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile

cli, source = sys.argv[1], pathlib.Path(sys.argv[2])
chain = source / "examples" / "copper-chain"
outputs = []


def run(*args, cwd=None, code=0):
    p = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, cwd=cwd)
    outputs.append(p.stdout + p.stderr)
    if p.returncode != code:
        sys.exit(f"{args}: exit {p.returncode}, expected {code}\n{p.stdout}\n{p.stderr}")
    return p


def failed(out):
    return sorted(line.split()[1] for line in out.splitlines() if line.strip().startswith("FAIL"))


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for m in ("mine.json", "smelter.json", "cable.json"):
        shutil.copy(chain / m, tmp / m)
    (tmp / "keys").mkdir()
    companies = [("mine", "mine.json", "mine.pact.json"),
                 ("smelter", "smelter.json", "smelter.pact.json"),
                 ("cable", "cable.json", "wire.pact.json")]
    for name, _, _ in companies:
        run("keygen", "--out", f"{name}.key", "--key-id", f"{name}-2026",
            "--company", f"urn:pact:company:example:{name}", cwd=tmp)
        assert stat.S_IMODE(os.stat(tmp / f"{name}.key").st_mode) == 0o600
        assert stat.S_IMODE(os.stat(tmp / f"{name}.pub").st_mode) == 0o644
        shutil.copy(tmp / f"{name}.pub", tmp / "keys")
    seeds = [json.loads((tmp / f"{n}.key").read_text())["seed"] for n, _, _ in companies]
    err = run("keygen", "--out", "mine.key", cwd=tmp, code=1).stderr
    assert "key-exists" in err, err
    # the README's signed exports
    for name, model, out in companies:
        run("footprint", model, "--format", "pact", "--sign", f"{name}.key", "-o", out, cwd=tmp)
    ok = run("verify", "wire.pact.json", "--trust", "keys", cwd=tmp).stdout
    assert "verified: all 17 checks passed" in ok, ok
    assert ok.count("pass signature") == 3 and ok.count("pass trusted-signer") == 3, ok
    report = json.loads(run("verify", "wire.pact.json", "--trust", "keys", "--format", "json",
                            cwd=tmp).stdout)
    assert report[0]["verified"] and {c["level"] for c in report[0]["checks"]} == {0, 1, 2}
    rec = run("verify", "wire.pact.json", "--trust", "keys", "--recompute", "cable.json",
              cwd=tmp).stdout
    assert "pass recompute-figures" in rec and "pass recompute-inputs" in rec, rec
    # without --trust: signatures checked, no trust decision
    assert "trusted-signer" not in run("verify", "wire.pact.json", cwd=tmp).stdout

    mine = json.loads((tmp / "mine.pact.json").read_text())
    original = json.dumps(mine, indent=2)
    # 1. a number of the mine's footprint edited
    mine["pcf"]["pcfExcludingBiogenicUptake"] = "1463.6438011403823"
    (tmp / "mine.pact.json").write_text(json.dumps(mine))
    out = run("verify", "wire.pact.json", "--trust", "keys", cwd=tmp, code=1).stdout
    assert failed(out) == ["content-hash", "pact", "signature", "supplier"], out
    (tmp / "orig").mkdir()
    (tmp / "orig" / "mine.pact.json").write_text(original)
    out = run("verify", "mine.pact.json", "--original", "orig/mine.pact.json", "--suppliers",
              "orig", cwd=tmp, code=1).stdout
    assert "fields that differ from the original: /pcf/pcfExcludingBiogenicUptake" in out, out
    # 2. re-signed with a key nobody trusts
    (tmp / "mine.pact.json").write_text(original)
    run("keygen", "--out", "other/mallory.key", cwd=tmp, code=1)  # no folder: an error, no crash
    (tmp / "other").mkdir()
    run("keygen", "--out", "other/mallory.key", "--key-id", "mallory", cwd=tmp)
    run("sign", "mine.pact.json", "--key", "other/mallory.key", cwd=tmp)
    out = run("verify", "wire.pact.json", "--trust", "keys", cwd=tmp, code=1).stdout
    assert failed(out) == ["supplier", "trusted-signer"], out
    assert "mallory" in out
    # 3. a truncated signature
    mine = json.loads(original)
    proof = mine["extensions"][-1]["data"]["proof"]
    proof["signature"] = proof["signature"][:-8]
    (tmp / "mine.pact.json").write_text(json.dumps(mine))
    out = run("verify", "wire.pact.json", "--trust", "keys", cwd=tmp, code=1).stdout
    assert failed(out) == ["provenance"], out
    # 4. the smelter's file missing
    (tmp / "mine.pact.json").write_text(original)
    shutil.move(tmp / "smelter.pact.json", tmp / "smelter.bak")
    out = run("verify", "wire.pact.json", "--trust", "keys", cwd=tmp, code=1).stdout
    assert failed(out) == ["supplier"] and "is not in the supplier folders" in out, out
    shutil.move(tmp / "smelter.bak", tmp / "smelter.pact.json")
    # a secret key others may read is refused, and its bytes are not shown
    os.chmod(tmp / "mine.key", 0o640)
    err = run("sign", "mine.pact.json", "--key", "mine.key", cwd=tmp, code=1).stderr
    assert "key-permissions" in err, err
    err = run("footprint", "mine.json", "--format", "pact", "--sign", "mine.key", cwd=tmp,
              code=1).stderr
    assert "key-permissions" in err, err
    os.chmod(tmp / "mine.key", 0o600)
    # a calculator's export signed, and an unsigned one signed afterwards
    run("run", source / "examples" / "copper", "--format", "pact", "--sign", "cable.key", "-o",
        "copper.pact.json", cwd=tmp)
    assert "verified" in run("verify", "copper.pact.json", "--trust", "keys", cwd=tmp).stdout
    run("footprint", "mine.json", "--format", "pact", "-o", "plain.pact.json", cwd=tmp)
    out = run("verify", "plain.pact.json", cwd=tmp, code=1).stdout
    assert failed(out) == ["signature"], out
    run("verify", "plain.pact.json", "--allow-unsigned", cwd=tmp)
    run("sign", "plain.pact.json", "--key", "mine.key", "-o", "plain.signed.json", cwd=tmp)
    run("verify", "plain.signed.json", "--trust", "keys", cwd=tmp)
    # --sign only where there is a PACT export
    run("footprint", "mine.json", "--sign", "mine.key", cwd=tmp, code=1)
    # nothing printed a secret
    for text in outputs:
        for seed in seeds:
            assert seed not in text, "a secret key was printed"
print("signed chain verified; tampering caught; no secret printed")
