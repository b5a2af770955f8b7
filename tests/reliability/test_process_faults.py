"""Faults of the processes themselves: the build killed with -9 midway, the worker killed, and
`mkdocs serve` fed one bad page after another. Nothing hangs, nothing is left running, and the next
build (or the fixed page) is right."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

from ..browser.conftest import free_port
from ..sitebuild import stop_server
from .harness import MARKER, assert_nothing_left, build, marked_processes, site

SLOW = '# Slow\n\n```python exec="on"\nimport subprocess, time\nsubprocess.Popen(["sleep", "600"])\ntime.sleep(3)\nprint("slow done")\n```\n'


def test_kill_9_in_the_middle_of_a_build_then_rebuild(tmp_path):
    root = site(tmp_path, {"index.md": SLOW, "other.md": SLOW.replace("Slow", "Other")})
    marker = uuid.uuid4().hex
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "1", MARKER: marker}
    run = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not any("sleep" in p for p in marked_processes(marker)):  # the fences are running
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert_nothing_left(marker, grace=10)  # the worker saw its pipe close: it stopped every page
    result = build(root, env={"BPDOCS_CACHE": "1"})
    assert result.returncode == 0, result.stderr
    assert "slow done" in (root / "site" / "index.html").read_text()


KILLER = '# Killer\n\n```python exec="on"\nimport os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n```\n'


def test_the_worker_killed_fails_its_page_at_a_real_line_and_leaves_nothing(tmp_path):
    root = site(tmp_path, {"index.md": KILLER})
    result = build(root)
    assert result.returncode != 0
    assert "docs/index.md:3: the worker process ended: it was killed by SIGKILL" in result.stderr, result.stderr
    assert "/tmp/bpdocs-stderr" not in result.stderr and not any(
        name.startswith("bpdocs-stderr") for name in os.listdir("/tmp"))


BAD_PAGES = [
    '# P\n\n```python exec="on\nprint(1)\n```\n',  # an unterminated quote
    '# P\n\n```python exce="on"\nprint(1)\n```\n',  # a misspelt key
    '# P\n\n```python exec="on"\nimport os\nos._exit(3)\n```\n',  # an exit
    '# P\n\n```python exec="on" timeout="1"\nwhile True:\n    pass\n```\n',  # a hang
    '# P\n\n```math check="1-1"\ny_1 = t_1\n```\n',  # a wrong equation
    '# P\n\n```bpnet\nlayers: [1\n```\n',  # a bad spec
    '# P\n\n```python exec="on"\nimport subprocess\nsubprocess.Popen(["sleep", "600"])\n```\n',  # a leak
    '# P\n\nValue `{python} 1 +`.\n',  # a bad inline value
]


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def test_serve_answers_through_every_bad_page_and_recovers(tmp_path):
    root = site(tmp_path, {"index.md": "# Start\n\nStarting.\n"})
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    marker = uuid.uuid4().hex
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", MARKER: marker}
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    page = root / "docs" / "index.md"

    def wait_for(words: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read().decode()
                if words in body:
                    return body
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{words!r} never showed:\n" + (tmp_path / "serve.log").read_text()[-3000:])

    try:
        wait_for("Starting.")
        for n, bad in enumerate(BAD_PAGES):
            page.write_text(bad.replace("# P", f"# Bad {n}"))
            wait_for(f"Bad {n}")  # rebuilt, served, the server alive
            assert get(url) == 200
        page.write_text('# Fixed\n\n```python exec="on"\nprint("recovered", 6 * 7)\n```\n')
        assert "recovered 42" in wait_for("recovered 42")
    finally:
        stop_server(server)
        log.close()
    assert_nothing_left(marker, grace=10)


def test_ctrl_c_of_serve_stops_every_process_and_leaves_no_folder(tmp_path):
    """Ctrl-C of `mkdocs serve` (SIGINT to its group, as a terminal sends it), once while it serves, its worker kept
    for the next rebuild, and once while a rebuild's fence runs: it exits at once with status 0, stops the worker,
    the fence's own processes and Node, and MkDocs removes the temporary folder it served from, bpdocs the one its
    generated files are written to."""
    root = site(tmp_path, {"index.md": "# Start\n\n```python exec=\"on\"\nprint(6 * 7)\n```\n\nMath: \\(x_1\\).\n"})
    for during_a_fence in (False, True):
        marker, temporary = uuid.uuid4().hex, tmp_path / f"tmp-{during_a_fence}"
        temporary.mkdir()
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", MARKER: marker, "TMPDIR": str(temporary)}
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    assert get(f"http://127.0.0.1:{port}/") == 200
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline
                    time.sleep(0.2)
            # where MkDocs serves from, and where bpdocs' generated files (MathJax's stylesheet) are backed
            assert sorted(path.name[:7] for path in temporary.iterdir()) == ["bpdocs-", "mkdocs_"]
            if during_a_fence:
                (root / "docs" / "index.md").write_text(SLOW)
                while not any("sleep" in p for p in marked_processes(marker)):  # the rebuild's fence runs
                    assert time.monotonic() < deadline + 60 and server.poll() is None
                    time.sleep(0.05)
            started = time.monotonic()
            os.killpg(server.pid, signal.SIGINT)
            assert server.wait(timeout=15) == 0 and time.monotonic() - started < 10
        finally:  # (a failed assertion above must not leave the server to the tests after)
            if server.poll() is None:
                stop_server(server)
        assert_nothing_left(marker, grace=10)
        assert list(temporary.iterdir()) == []
