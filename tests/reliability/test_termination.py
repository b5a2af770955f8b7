"""SIGTERM to a build (a CI job cancelled, `timeout`) while its fences run: the build ends through its clean-up, as
Ctrl-C ends it, with status 143: every process it started is stopped, a fence's own process in a session of its
own too, and bpdocs' temporary folder is removed (an author's review: `timeout 4 mkdocs build` left a fence's
`setsid` child running and /tmp/bpdocs-files-* behind)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .harness import MARKER, assert_nothing_left, marked_processes, site

DETACHED = ('# Detached\n\n```python exec="on"\nimport subprocess, time\n'
            'subprocess.Popen(["sleep", "600"], start_new_session=True)\ntime.sleep(30)\n```\n\nMath: \\(x_1\\).\n')


@pytest.mark.parametrize("command", [["-m", "mkdocs", "build", "--strict"], ["-m", "bpdocs.cli", "check", "."]])
def test_sigterm_ends_a_build_through_its_clean_up(tmp_path, command):
    root = site(tmp_path, {"index.md": DETACHED})
    marker, temporary = uuid.uuid4().hex, tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", MARKER: marker, "TMPDIR": str(temporary)}
    run = subprocess.Popen([sys.executable, *command], cwd=root, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any("sleep 600" in p for p in marked_processes(marker)):  # the fence runs, its child detached
            assert time.monotonic() < deadline and run.poll() is None
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        stderr = run.communicate(timeout=20)[1]
        assert run.returncode == 128 + signal.SIGTERM, stderr
        assert "Traceback" not in stderr, stderr
    finally:
        if run.poll() is None:
            run.kill()
        run.communicate()
    assert_nothing_left(marker, grace=10)
    assert [path.name for path in Path(temporary).iterdir() if path.name.startswith("bpdocs-")] == []
