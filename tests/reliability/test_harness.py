"""The end-of-run leftover check (tests/conftest.py) sees this test run's processes only."""

import os
import subprocess
import sys
import time

from ..conftest import TEST_RUN
from .harness import children_named


def test_the_leftover_check_ignores_other_runs_and_finds_its_own():
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)", "bpdocs.core.run.forkserver"]
    others = {k: v for k, v in os.environ.items() if k != "BPDOCS_TEST_RUN"}
    other = subprocess.Popen(sleeper, env=others)  # another build on this machine
    own = subprocess.Popen(sleeper)  # inherits this run's mark
    try:
        # Popen returns once the child has begun to exec; its command line shows in /proc a moment later.
        deadline = time.monotonic() + 10
        while True:
            pids = {int(line.split(":")[0]) for line in children_named("bpdocs.core.run.forkserver", TEST_RUN)}
            if own.pid in pids or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert own.pid in pids
        assert other.pid not in pids
    finally:
        for process in (other, own):
            process.kill()
            process.wait()
