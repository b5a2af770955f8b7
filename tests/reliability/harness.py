"""Builds of fixture sites that must end cleanly: a located error or a correct page, and no process left.

Every build runs with a marker in its environment; afterwards, any process still carrying the marker
(the worker, a page, or anything a fence started, even one that left its process group) is a leak.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

from ..sitebuild import write_site

MKDOCS = [sys.executable, "-m", "mkdocs"]
CONFIG = "site_name: t\nmarkdown_extensions:\n  - admonition\n  - footnotes\n  - pymdownx.details\n" \
         "  - pymdownx.tabbed:\n      alternate_style: true\nplugins:\n  - bpdocs{options}\n"
MARKER = "BPDOCS_LEAK_MARKER"


def marked_processes(marker: str) -> list[str]:
    """Processes (other than this one) whose environment carries ``marker``: pid and command line."""
    found = []
    needle = f"{MARKER}={marker}".encode()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{name}/cmdline", "rb") as f:
                found.append(f"{name}: {f.read().replace(chr(0).encode(), b' ').decode(errors='replace')}")
        except OSError:
            continue
    return found


def assert_nothing_left(marker: str, grace: float = 3.0) -> None:
    deadline = time.monotonic() + grace
    while (left := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == [], f"processes left running after the build: {left}"


def site(root: Path, pages: dict[str, str], options: str = "") -> Path:
    return write_site(root, pages, config=CONFIG.format(options=options))


def build(root: Path, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` with a leak marker; asserts nothing it started is still running."""
    marker = uuid.uuid4().hex
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", MARKER: marker, **(env or {})}
    result = subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=root, env=full_env,
                            capture_output=True, text=True, timeout=timeout)
    assert_nothing_left(marker)
    return result


def first_error(result: subprocess.CompletedProcess) -> str:
    """The first located error of a failed build (``docs/page.md:LINE: ...`` and what follows it)."""
    assert result.returncode != 0, "the build should have failed"
    match = re.search(r"^(?:ERROR\s+-\s+)?(docs/\S+:\d+: .*)$", result.stderr, re.M)
    assert match, result.stderr
    assert_no_internal_traceback(result.stderr)
    return match.group(1)


PACKAGE = str(Path(__file__).resolve().parents[2] / "plugins" / "bpdocs")


def assert_no_internal_traceback(text: str) -> None:
    """No frame of bpdocs' own code, nor of MkDocs', is shown to the author (their fences' frames may be)."""
    frames = re.findall(r'^\s*File "([^"]+)"', text, re.M)
    internal = [f for f in frames if f.startswith(PACKAGE) or "/site-packages/" in f]
    assert internal == [], f"internal frames shown: {internal}\n{text}"


def children_named(fragment: str, test_run: str) -> list[str]:
    """Processes of this test run (their environment carries ``BPDOCS_TEST_RUN=test_run``, set in
    tests/conftest.py) whose command line contains ``fragment``: for the end-of-session check."""
    found = []
    needle = f"BPDOCS_TEST_RUN={test_run}".encode()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            if fragment not in command:
                continue
            with open(f"/proc/{name}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
        except OSError:
            continue
        found.append(f"{name}: {command}")
    return found


def tree_state(top: Path, exclude: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every file, folder and link below ``top`` (links never followed), but the ``exclude``-d paths and what
    is below them: a file's digest and mode, a link's target. Equal states: nothing there changed."""
    import hashlib
    import stat

    excluded = {os.path.abspath(path) for path in exclude}
    state: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(top):  # does not follow links: a link to a folder is listed, not entered
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in excluded]
        for name in dirs + files:
            path = os.path.join(folder, name)
            if path in excluded:
                continue
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                what = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as f:
                    what = ("file", hashlib.sha256(f.read()).hexdigest(), info.st_mode, info.st_uid)
            else:
                what = ("other", info.st_mode, info.st_uid)
            state[os.path.relpath(path, top)] = what
    return state


def changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def key_home(folder: Path, key: bytes | None = None) -> dict:
    """An environment whose cache key lives in ``folder`` (never the user's own), holding ``key`` if given."""
    if key is not None:
        (folder / "bpdocs").mkdir(parents=True, exist_ok=True)
        (folder / "bpdocs" / "key").write_bytes(key)
        (folder / "bpdocs" / "key").chmod(0o600)
    return {"XDG_CACHE_HOME": str(folder), "BPDOCS_CACHE": "1"}


def build_ok(root: Path, **kwargs) -> str:
    """A build that must succeed, with no traceback of bpdocs' internals; its log."""
    result = build(root, **kwargs)
    assert result.returncode == 0, result.stderr
    assert_no_internal_traceback(result.stderr)
    return result.stderr


def printed(root: Path, page: str = "index.html") -> list[str]:
    """What each fence of a built page printed, in page order."""
    import html

    text = (root / "site" / page).read_text()
    return [html.unescape(o) for o in re.findall(r'<pre class="bpdocs-stdout"><code>(.*?)</code>', text, re.S)]
