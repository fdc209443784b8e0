"""What the tests/check_*_cli.py scripts share: run the cradle CLI, collect failed checks.

    from clicheck import Checks
    c = Checks(cradle)
    r = c.run("footprint", path)            # a failure is recorded unless ok=False
    c.check(r.stdout.startswith("x"), "what was expected")
    c.finish("check_x_cli")                 # prints the failures and exits 1, or "all passed"
"""
import subprocess
import sys


class Checks:
    def __init__(self, cradle):
        self.cradle = cradle
        self.failures = []

    def run(self, *args, ok=True):
        r = subprocess.run([self.cradle, *map(str, args)], capture_output=True, text=True)
        cmd = "cradle " + " ".join(map(str, args))
        if ok and r.returncode != 0:
            self.failures.append(f"{cmd} failed:\n{r.stderr}")
        if not ok and r.returncode == 0:
            self.failures.append(f"{cmd} should have failed")
        return r

    def check(self, cond, what):
        if not cond:
            self.failures.append(what)

    def finish(self, name):
        if self.failures:
            print("\n".join(self.failures))
            sys.exit(1)
        print(f"{name}: all checks passed")
