"""Peak memory of a whole command and of every process it starts (Linux, /proc).

The command runs under a small wrapper that reports its own peak resident set (``ru_maxrss``) and the
largest of its descendants' (the worker, each page's forked child, Node: every process it waited for);
meanwhile the process tree is sampled every 20 ms for the peak of its total proportional set size (PSS:
memory shared by forked children counted once, split between them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WRAPPER = """\
import atexit, json, resource, runpy, sys
out = sys.argv.pop(1)
def report():
    with open(out, "w") as f:
        json.dump({"main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, f)
atexit.register(report)
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parent = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(name))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_kib(root: int) -> int:
    """The total PSS of ``root`` and all its descendants now."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo += tree.get(pid, [])
    return total


def measured_build(root: Path, args: list[str], env: dict) -> dict[str, float]:
    """Run ``mkdocs *args`` in ``root``; its peaks in MiB: ``main`` (the MkDocs process), ``largest child``
    (any process it started, directly or not) and ``all processes`` (sampled PSS of the whole tree)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        report = out.name
    process = subprocess.Popen([sys.executable, "-c", WRAPPER, report, *args], cwd=root, env=env)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_pss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        if process.wait() != 0:
            raise subprocess.CalledProcessError(process.returncode, args)
    finally:
        done.set()
        sampler.join()
    rusage = json.loads(Path(report).read_text())
    os.unlink(report)
    return {"main": rusage["main"] / 1024, "largest child": rusage["children"] / 1024,
            "all processes": peak[0] / 1024}
