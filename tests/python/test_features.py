"""The optional parts of an installation (cradle.features): what the binary wheel has, and how a
source build without a part's library refuses to use it — by name, never half-done. CI runs this
file against both (scripts/test.sh): the wheel, where every part is present, and a build from
source with CMake pointed away from /usr, where libsodium, libzip, pugixml and CLI11 are absent."""
import os
import pathlib
import subprocess
import sys

import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
USLCI = ROOT / "factors" / "sources" / "uslci"


def test_every_part_is_reported():
    assert set(cradle.features) == {"signatures", "zip", "ecospold", "cli"}
    assert all(isinstance(v, bool) for v in cradle.features.values())
    if os.environ.get("CRADLE_EXPECT_ALL_FEATURES") == "1":  # the wheel (scripts/test.sh)
        assert all(cradle.features.values()), cradle.features


@pytest.mark.skipif(cradle.features["zip"], reason="this installation reads zip files")
def test_without_libzip_a_zip_file_is_refused_by_name():
    f = USLCI / "uslci_olca1_5_0_json_ld.zip"
    with pytest.raises(cradle.InputError, match=r"feature-unavailable.*uslci_olca1_5_0_json_ld\.zip"):
        cradle.read_database(f)


@pytest.mark.skipif(cradle.features["ecospold"], reason="this installation reads EcoSpold")
def test_without_pugixml_ecospold_is_refused_by_name(tmp_path):
    db = tmp_path / "my-ecospold-db"
    db.mkdir()
    (db / "one.spold").write_text(
        '<?xml version="1.0"?><ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"/>')
    with pytest.raises(cradle.InputError, match=r"feature-unavailable.*my-ecospold-db"):
        cradle.read_database(db)


@pytest.mark.skipif(cradle.features["signatures"], reason="this installation signs")
def test_without_libsodium_signing_is_refused():
    with pytest.raises(cradle.Error, match=r"feature-unavailable.*libsodium"):
        cradle.SigningKey.generate("k")


@pytest.mark.skipif(cradle.features["cli"], reason="this installation has the CLI")
def test_without_cli11_the_command_says_so():
    r = subprocess.run([sys.executable, "-m", "cradle", "--version"], capture_output=True,
                       text=True)
    assert r.returncode == 1
    assert "[cradle:feature-unavailable]" in r.stderr and "CLI11" in r.stderr


def test_the_engine_works_whatever_the_parts():
    r = cradle.footprint(ROOT / "examples" / "models" / "hybrid-widget.json")
    assert r.total > 0 and r.process_names
