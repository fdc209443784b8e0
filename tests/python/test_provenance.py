"""Verifiable footprints from Python: keys from files or bytes, export with provenance, sign,
verify (one entry per check), RFC 8032 and RFC 8785 vectors through the bindings."""
import json
import os
import pathlib
import shutil
import stat

import pytest

import cradle

pytestmark = pytest.mark.feature("signatures")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHAIN = ROOT / "examples" / "copper-chain"
NOW = 1767225600.0 + 30 * 86400  # 2026-01-31

# RFC 8032 §7.1 TEST 1 and TEST 2 (public test keys)
SEED1 = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PUB1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
SIG1 = ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
        "cf9b46bd25bf5f0595bbe24655141438e7a100b")
SEED2 = bytes.fromhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
SIG2 = ("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d"
        "0f11d8c387b2eaeb4302aeeb00d291612bb0c00")


def test_rfc8032_vectors_through_python():
    k1 = cradle.SigningKey.from_seed(SEED1)
    assert k1.public_key.raw.hex() == PUB1
    assert k1.sign_bytes(b"").hex() == SIG1
    assert cradle._core.verify_bytes(k1.public_key, b"", bytes.fromhex(SIG1))
    assert not cradle._core.verify_bytes(k1.public_key, b"x", bytes.fromhex(SIG1))
    assert cradle.SigningKey.from_seed(SEED2).sign_bytes(b"\x72").hex() == SIG2
    assert "secret not shown" in repr(k1)
    assert SEED1.hex() not in repr(k1)
    with pytest.raises(cradle.ExchangeError):
        cradle.SigningKey.from_seed(b"short")


def test_rfc8785_canonical_form():
    # RFC 8785 §3.2.3: sorted by UTF-16 code units; numbers the ECMAScript way
    doc = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001F600": 5, "\u0080": 6, "\u00f6": 7}
    assert cradle.provenance.canonicalize(doc) == (
        '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\U0001F600":5,"\ufb33":3}')
    assert cradle.provenance.canonicalize([1e21, 1e-7, -0.0, 5e-324, 4.50]) == \
        "[1e+21,1e-7,0,5e-324,4.5]"


def test_keys_from_files_and_bytes(tmp_path):
    key = cradle.SigningKey.generate("acme-2026", "urn:pact:company:example:acme")
    key.save(tmp_path / "acme.key")
    assert stat.S_IMODE(os.stat(tmp_path / "acme.key").st_mode) == 0o600
    back = cradle.SigningKey.read(tmp_path / "acme.key")
    assert back.public_key == key.public_key
    pub = cradle.PublicKey.read(tmp_path / "acme.pub")
    assert pub == key.public_key and pub.key_id == "acme-2026"
    assert cradle.PublicKey.from_bytes(pub.raw) == pub
    with pytest.raises(cradle.InputError, match="key-exists"):
        key.save(tmp_path / "acme.key")
    os.chmod(tmp_path / "acme.key", 0o644)
    with pytest.raises(cradle.InputError, match="key-permissions"):
        cradle.SigningKey.read(tmp_path / "acme.key")


def chain(tmp_path):
    """The copper chain exported and signed with three keys; returns (folder, trusted keys)."""
    for m in ("mine.json", "smelter.json", "cable.json"):
        shutil.copy(CHAIN / m, tmp_path / m)
    keys = tmp_path / "keys"
    keys.mkdir()
    for i, (model, out, name) in enumerate([("mine.json", "mine.pact.json", "mine"),
                                            ("smelter.json", "smelter.pact.json", "smelter"),
                                            ("cable.json", "wire.pact.json", "cable")]):
        key = cradle.SigningKey.generate(f"{name}-2026", f"urn:pact:company:example:{name}")
        key.save(tmp_path / f"{name}.key")
        shutil.copy(tmp_path / f"{name}.pub", keys / f"{name}.pub")
        doc = cradle.provenance.export(tmp_path / model, sign=tmp_path / f"{name}.key",
                                       id=f"00000000-0000-4000-8000-00000000000{i + 1}",
                                       created="2026-01-31T00:00:00Z", now=NOW)
        cradle.pact.write(doc, tmp_path / out)
    return tmp_path, keys


def test_signed_chain_verifies_and_tampering_is_caught(tmp_path):
    folder, keys = chain(tmp_path)
    wire = folder / "wire.pact.json"
    report = cradle.verify(wire, trust=keys)
    assert report.ok, str(report)
    assert {c.level for c in report} == {0, 1, 2}
    assert [c.id for c in report if c.level == 2] == [
        "pact", "provenance", "content-hash", "signature", "trusted-signer"]
    # the export is a valid PACT footprint; the extension names its schema
    doc = json.loads(wire.read_text())
    assert cradle.pact.validate(doc) == []
    assert doc["extensions"][-1]["dataSchema"] == cradle.provenance.SCHEMA_URL
    # a number of the mine edited: the mine's seal and signature, and the smelter's record
    mine = json.loads((folder / "mine.pact.json").read_text())
    original = json.loads(json.dumps(mine))
    mine["pcf"]["geographyCountry"] = "PE"
    cradle.pact.write(mine, folder / "mine.pact.json")
    bad = cradle.verify(wire, trust=keys)
    assert not bad
    assert sorted((c.level, c.id) for c in bad.failed) == [
        (1, "supplier"), (2, "content-hash"), (2, "signature")]
    alone = cradle.verify(mine, original=original, suppliers=[])
    hash_check = next(c for c in alone if c.id == "content-hash")
    assert hash_check.differing == ("/pcf/geographyCountry",)
    # a trust list of keys instead of a folder: the mine's key missing
    pubs = [cradle.PublicKey.read(keys / "cable.pub"), cradle.PublicKey.read(keys / "smelter.pub")]
    cradle.pact.write(original, folder / "mine.pact.json")
    r = cradle.verify(wire, trust=pubs)
    assert [(c.level, c.id) for c in r.failed] == [(2, "trusted-signer")]


def test_recompute_from_the_model(tmp_path):
    folder, keys = chain(tmp_path)
    r = cradle.verify(folder / "wire.pact.json", trust=keys, recompute=folder / "cable.json")
    assert r.ok, str(r)
    assert [c.id for c in r if c.level == 0][-2:] == ["recompute-inputs", "recompute-figures"]


def test_sign_a_plain_pact_document(tmp_path):
    # a footprint from Result.to_pact (no provenance): signing adds the extension, no number moves
    shutil.copy(CHAIN / "mine.json", tmp_path / "mine.json")
    r = cradle.footprint(tmp_path / "mine.json")
    doc = r.to_pact(id="00000000-0000-4000-8000-0000000000aa", created="2026-01-31T00:00:00Z")
    key = cradle.SigningKey.from_seed(SEED1, "test")
    signed = cradle.sign(doc, key)
    assert signed["pcf"] == doc["pcf"]
    assert cradle.pact.validate(signed) == []
    assert cradle.verify(signed, trust=[key.public_key]).ok
    unsigned = cradle.verify(doc)
    assert [c.id for c in unsigned.failed] == ["provenance"]


def test_result_to_pact_signed(tmp_path):
    shutil.copy(CHAIN / "mine.json", tmp_path / "mine.json")
    key = cradle.SigningKey.from_seed(SEED2, "mine")
    doc = cradle.footprint(tmp_path / "mine.json").to_pact(sign=key, path=tmp_path / "m.json")
    assert cradle.verify(tmp_path / "m.json", trust=[key.public_key]).ok
    assert doc["extensions"][-1]["data"]["signer"]["keyId"] == "mine"
