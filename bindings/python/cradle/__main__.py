"""`cradle` command after pip install: runs the packaged CLI binary on the packaged factors."""
import os
import pathlib
import subprocess
import sys


def main() -> int:
    here = pathlib.Path(__file__).resolve().parent
    exe = here / "bin" / ("cradle.exe" if os.name == "nt" else "cradle")
    env = dict(os.environ)
    env.setdefault("CRADLE_FACTORS_DIR", str(here / "factors"))
    return subprocess.call([str(exe), *sys.argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main())
