"""`cradle` command after pip install, and `python -m cradle`: runs the packaged CLI binary (the
same program as the C++ build's `cradle`) on the packaged factors, with its exit code."""
import os
import pathlib
import subprocess
import sys


def main() -> int:
    here = pathlib.Path(__file__).resolve().parent
    exe = here / "bin" / ("cradle.exe" if os.name == "nt" else "cradle")
    if not exe.is_file():
        sys.stderr.write(
            "cradle: error: [cradle:feature-unavailable] this installation has no command-line "
            "tool: it was built from source without CLI11 (Debian libcli11-dev), which the "
            "Python package index does not carry; install the binary wheel, or libcli11-dev "
            "and reinstall. The Python API is complete.\n")
        return 1
    env = dict(os.environ)
    env.setdefault("CRADLE_FACTORS_DIR", str(here / "factors"))
    return subprocess.call([str(exe), *sys.argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main())
