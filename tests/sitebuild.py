"""Helpers to build real MkDocs sites in a temporary directory, as a user would."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

MKDOCS = [sys.executable, "-m", "mkdocs"]
# A line that makes a fence worth a checkpoint after it (bpdocs.core.run.checkpoints: a session's cells since the
# last one must have taken MIN_REPLAY_SECONDS), for tests that resume a session from one.
WORTH_A_CHECKPOINT = "__import__('time').sleep(0.05)  # worth a checkpoint"
ROOT = Path(__file__).resolve().parents[1]
MINIMAL_CONFIG = """\
site_name: fixture
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
plugins:
  - bpdocs:
      typeset: browser  # these tests read the TeX that fences produce; build-time typesetting has its own
"""


def write_site(root: Path, pages: dict[str, str], config: str = MINIMAL_CONFIG) -> Path:
    """Write ``mkdocs.yml`` and ``docs/<name>`` pages under ``root``; return root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config)
    for name, text in pages.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(text))
    return root


def copy_repository_site(dest: Path, config_edit=lambda text: text) -> Path:
    """This repository's site sources in ``dest``, so builds never write into the working tree.

    bpcore and the plugin are linked, not copied: mkdocs.yml watches them.
    """
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(config_edit((ROOT / "mkdocs.yml").read_text()))
    shutil.copytree(ROOT / "docs", dest / "docs")
    for package in ("bpcore", "plugins"):
        (dest / package).symlink_to(ROOT / package)
    return dest


def build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in ``root``, capturing output."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=root, env=full_env,
                          capture_output=True, text=True, timeout=600)


def build_in_process(root: Path, command: str = "serve"):
    """One build inside this process, as ``mkdocs serve`` runs each rebuild."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return config


@contextlib.contextmanager
def serve_loop(root: Path, dirty: bool = False):
    """Builds as ``mkdocs serve`` runs them, in this process: one plugin instance for every rebuild (its state
    kept from one build to the next), the configuration read anew each time; yields ``rebuild()``, which returns
    the build's configuration. Shut down at the end, as serve is."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    first = load_config(str(root / "mkdocs.yml"))
    first.plugins.on_startup(command="serve", dirty=dirty)

    def rebuild():
        config = load_config(str(root / "mkdocs.yml"))
        mkdocs_build(config, dirty=dirty)
        return config

    try:
        yield rebuild
    finally:
        first.plugins.on_shutdown()


def stop_server(server: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a ``mkdocs serve`` started with ``start_new_session=True``: its whole group, as Ctrl-C in a terminal
    does (MkDocs then removes the temporary folder it serves from; on SIGTERM it leaves it in /tmp), then by force."""
    import signal

    for stop, wait in ((signal.SIGINT, timeout / 2), (signal.SIGTERM, timeout / 2), (signal.SIGKILL, None)):
        try:
            os.killpg(server.pid, stop)
        except ProcessLookupError:  # the group is gone already
            pass
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def path_without(tmp: Path, hidden: str = "node") -> str:
    """A PATH like this one, with the command ``hidden`` nowhere on it (one folder of links to the rest)."""
    folder = tmp / f"path-without-{hidden}"
    folder.mkdir(parents=True, exist_ok=True)
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not directory or not Path(directory).is_dir():
            continue
        for entry in Path(directory).iterdir():
            link = folder / entry.name
            if entry.name != hidden and not link.exists() and not link.is_symlink():
                link.symlink_to(entry)
    return str(folder)
