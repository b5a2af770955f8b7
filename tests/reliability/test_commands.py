"""`bpdocs check` and `bpdocs new` on bad files and folders, and interrupted: every problem is one line,
``path: what is wrong``, with exit status 1 or 2 (130 for Ctrl-C); never a traceback, a hang, a process
left running, a file written through a symbolic link or outside the new site's folder."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .harness import MARKER, assert_no_internal_traceback, assert_nothing_left

BPDOCS = str(Path(sys.executable).parent / "bpdocs")
CONFIG = "site_name: t\nmarkdown_extensions:\n  - bpdocs\nplugins:\n  - bpdocs\n"
GOOD = '# Good\n\n```python exec="on"\nprint(6 * 7)\n```\n'
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def as_a_user():
    """In the child: file permissions apply, even to root (which otherwise reads and writes anything)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def bpdocs(*args: str, cwd: Path, user: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    marker = uuid.uuid4().hex
    env = {**os.environ, "BPDOCS_CACHE": "0", MARKER: marker}
    result = subprocess.run([BPDOCS, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                            preexec_fn=as_a_user if user else None)
    assert_nothing_left(marker)
    assert_no_internal_traceback(result.stdout + result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def site(root: Path, pages: dict[str, str] | None = None) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG)
    for name, text in (pages or {"index.md": GOOD}).items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text)
    return root


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("docs")]


# -- bpdocs check ----------------------------------------------------------------------------------


def test_check_names_a_dangling_symlink_page_and_checks_the_others(tmp_path):
    root = site(tmp_path)
    (root / "docs" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = bpdocs("check", cwd=root)
    assert result.returncode == 1
    assert errors(result) == [f"docs/gone.md: a symbolic link to {tmp_path / 'nowhere.md'}, which does not exist"]
    assert "1 page, 1 cell run" in result.stdout


def test_check_takes_a_folder_named_like_a_page_as_the_folder_it_is(tmp_path):
    """MkDocs builds the pages inside a folder named ``notes.md``; so does check, given it or its parent."""
    root = site(tmp_path, {"index.md": GOOD, "notes.md/inner.md": '# I\n\n```python exec="on"\n1 / 0\n```\n'})
    for args in ((), ("docs/notes.md",)):
        result = bpdocs("check", *args, cwd=root)
        assert result.returncode == 1
        assert errors(result) == ["docs/notes.md/inner.md:4: ZeroDivisionError: division by zero"]


def test_check_names_an_unreadable_page(tmp_path):
    root = site(tmp_path, {"index.md": GOOD, "secret.md": GOOD})
    (root / "docs" / "secret.md").chmod(0)
    result = bpdocs("check", cwd=root, user=True)
    assert result.returncode == 1
    assert errors(result) == ["docs/secret.md: cannot be read (permission denied)"]
    given = bpdocs("check", "docs/secret.md", cwd=root, user=True)
    assert given.returncode == 1 and errors(given) == errors(result)


def test_check_names_an_unreadable_folder_instead_of_skipping_it(tmp_path):
    root = site(tmp_path, {"index.md": GOOD, "private/page.md": GOOD})
    (root / "docs" / "private").chmod(0)
    try:
        result = bpdocs("check", cwd=root, user=True)
    finally:
        (root / "docs" / "private").chmod(0o755)
    assert result.returncode == 1
    assert errors(result) == ["docs/private: a folder that cannot be read (Permission denied): its pages are not "
                              "checked"]


def test_check_does_not_hang_on_a_pipe_named_like_a_page(tmp_path):
    root = site(tmp_path)
    os.mkfifo(root / "docs" / "pipe.md")
    result = bpdocs("check", cwd=root, timeout=60)
    assert result.returncode == 1
    assert errors(result) == ["docs/pipe.md: not a regular file (a pipe or a device): it cannot be a page"]


@pytest.mark.parametrize("args", [(), ("--json",)])
def test_check_with_docs_a_file_is_bad_usage(tmp_path, args):
    root = tmp_path / "site"
    root.mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "docs").write_text("not a folder\n")
    result = bpdocs("check", *args, cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip() == "bpdocs check: mkdocs.yml: docs_dir: The path 'docs' isn't an existing directory."
    if args:
        assert json.loads(result.stdout)["usage_error"] == result.stderr.strip()


def test_check_with_an_unreadable_configuration_is_bad_usage(tmp_path):
    root = site(tmp_path)
    (root / "mkdocs.yml").chmod(0)
    result = bpdocs("check", cwd=root, user=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "bpdocs check: mkdocs.yml: cannot read it (Permission denied)"


def test_check_in_a_read_only_site_runs_without_storing_results(tmp_path):
    root = site(tmp_path)
    root.chmod(0o555)
    try:
        result = bpdocs("check", cwd=root, user=True)
    finally:
        root.chmod(0o755)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 page, 1 cell run" in result.stdout


def interrupt_check(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[int]]:
    """Ctrl-C while a fence runs: SIGINT to ``bpdocs check``, as a terminal sends it."""
    marker = uuid.uuid4().hex
    started = root / "started"
    (root / "docs" / "index.md").write_text(
        '# Slow\n\n```python exec="on"\nimport os, time\n'
        f'open({str(started)!r}, "w").write(f"{{os.getpid()}} {{os.getppid()}}")\ntime.sleep(120)\n```\n')
    process = subprocess.Popen([BPDOCS, "check", *args], cwd=root, env={**os.environ, "BPDOCS_CACHE": "0",
                                                                         MARKER: marker},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not (started.exists() and started.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = [int(pid) for pid in started.read_text().split()]
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert_nothing_left(marker)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), pids


def test_ctrl_c_during_check_exits_130_with_one_line_and_stops_every_process(tmp_path):
    result, pids = interrupt_check(site(tmp_path))
    assert result.returncode == 130
    assert result.stderr == "bpdocs: interrupted\n"
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]


def test_ctrl_c_during_check_json_still_prints_json(tmp_path):
    result, _ = interrupt_check(site(tmp_path), "--json")
    assert result.returncode == 130
    assert json.loads(result.stdout)["interrupted"] is True


# -- bpdocs new ------------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, str]:
    """Every path below ``folder`` and what it is (a link's target, a file's hash), links not followed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = "folder"
    return found


def new(tmp_path: Path, prepare, user: bool = False) -> tuple[subprocess.CompletedProcess, dict, dict]:
    """``bpdocs new mysite`` after ``prepare(mysite, outside)``; the whole tree before and after."""
    target, outside = tmp_path / "mysite", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine\n")
    prepare(target, outside)
    before = tree(tmp_path)
    result = bpdocs("new", "mysite", cwd=tmp_path, user=user)
    return result, before, tree(tmp_path)


def test_new_refuses_docs_that_is_a_file(tmp_path):
    def prepare(target, outside):
        target.mkdir()
        (target / "docs").write_text("a file\n")

    result, before, after = new(tmp_path, prepare)
    assert result.returncode == 1 and before == after
    assert result.stderr.strip() == "mysite/docs: a file where the starter needs a folder; nothing was written"


def test_new_in_a_read_only_folder_says_so_and_writes_nothing(tmp_path):
    def prepare(target, outside):
        target.mkdir(mode=0o555)

    result, before, after = new(tmp_path, prepare, user=True)
    assert result.returncode == 1 and before == after
    assert result.stderr.strip() == "mysite/docs: Permission denied; nothing was written"


@pytest.mark.parametrize("name", ["mkdocs.yml", "docs/index.md", ".github/workflows/pages.yml"])
def test_new_never_writes_through_a_dangling_symlink_out_of_its_folder(tmp_path, name):
    def prepare(target, outside):
        link = target / name
        link.parent.mkdir(parents=True)
        link.symlink_to(outside / "planted.txt")

    result, before, after = new(tmp_path, prepare)
    assert result.returncode == 1 and before == after
    assert result.stderr.strip() == f"mysite/{name}: a symbolic link (bpdocs new never writes through one); " \
                                    "nothing was written"
    assert not (tmp_path / "outside" / "planted.txt").exists()


@pytest.mark.parametrize("name", ["docs", ".github", ".github/workflows"])
def test_new_never_writes_into_a_linked_folder(tmp_path, name):
    def prepare(target, outside):
        link = target / name
        link.parent.mkdir(parents=True)
        link.symlink_to(outside, target_is_directory=True)

    result, before, after = new(tmp_path, prepare)
    assert result.returncode == 1 and before == after
    assert result.stderr.strip() == f"mysite/{name}: a symbolic link (bpdocs new never writes through one); " \
                                    "nothing was written"


def test_new_into_a_dangling_symlink_says_so(tmp_path):
    result, before, after = new(tmp_path, lambda target, outside: target.symlink_to(outside / "gone"))
    assert result.returncode == 1 and before == after
    assert result.stderr.strip() == f"mysite: a symbolic link to {tmp_path / 'outside' / 'gone'}, which does " \
                                    "not exist; nothing was written"


def test_new_that_cannot_finish_takes_back_what_it_wrote(tmp_path):
    """A write that fails half-way (here: a file size limit, as a full disk would) leaves nothing behind."""
    import resource

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    result = subprocess.run([BPDOCS, "new", "mysite"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            preexec_fn=small_files)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(": File too large; nothing was written"), result.stderr
    assert result.stderr.startswith("mysite/")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
