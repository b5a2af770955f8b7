"""Shared by the build benches: time whole `mkdocs build` commands, interleaved, and take medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
MINIMAL_CONFIG = """\
site_name: bench
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
"""


def compile_sources() -> None:
    """Bytecode for bpdocs and bpcore, as a wheel's install writes it: an editable checkout run with
    PYTHONDONTWRITEBYTECODE (as some shells and CI set it) compiles every module again in every timed build."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "plugins" / "bpdocs"), str(ROOT / "bpcore")],
                   check=True, stdout=subprocess.DEVNULL)


def repository_site(dest: Path, config_edit=lambda text: text) -> Path:
    """This repository's site sources copied to ``dest`` (bpcore and the plugin linked, as watched)."""
    dest.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(config_edit((ROOT / "mkdocs.yml").read_text()))
    shutil.copytree(ROOT / "docs", dest / "docs")
    for package in ("bpcore", "plugins"):
        (dest / package).symlink_to(ROOT / package)
    return dest


def build_seconds(root: Path, env: dict | None = None, clear_cache: bool = False) -> float:
    """Wall time of one `mkdocs build --strict --quiet` in ``root``."""
    if clear_cache:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root,
                   env=full_env, check=True)
    return time.perf_counter() - start


def interleaved_medians(variants: dict, runs: int) -> dict[str, float]:
    """``variants`` maps a name to a no-argument function that returns seconds.

    One untimed warm-up each, then ``runs`` rounds that take every variant in
    turn (so drift in machine load hits all alike); the median per variant.
    """
    for measure in variants.values():
        measure()
    times = {name: [] for name in variants}
    for _ in range(runs):
        for name, measure in variants.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}
