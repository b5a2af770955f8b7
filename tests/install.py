"""A wheel built from a copy of this repository, installed (not editable) into a fresh virtual environment.

As a user gets bpdocs: ``python -m build`` makes the sdist and, from the sdist, the
wheel (so the sdist must carry MathJax); the wheel is installed with the pinned
dependencies into a new venv, where nothing of this checkout is importable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a checkout has that the build must not see: environments, outputs, and the vendored MathJax
# (the build hook must put it in from node_modules).
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "build", ".cache", "vendor",
                                 "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis", "test-artifacts")


@dataclass
class Installed:
    dist: Path
    wheel: Path
    sdist: Path
    bin: Path

    def env(self, **extra) -> dict:
        """An environment where only the fresh venv's commands and packages are seen."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env.update(NO_MKDOCS_2_WARNING="1", **extra)
        return env

    def run(self, command: str, cwd: Path, **env) -> subprocess.CompletedProcess:
        return subprocess.run(command, shell=True, cwd=cwd, env=self.env(**env), capture_output=True,
                              text=True, timeout=900)


def build_and_install(work: Path) -> Installed:
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=IGNORED, symlinks=True)
    (source / "node_modules").symlink_to(ROOT / "node_modules")  # npm ci's result, as `make setup` leaves it
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)], check=True,
                   capture_output=True, text=True, timeout=900)
    (wheel,) = dist.glob("bpdocs-*.whl")
    (sdist,) = dist.glob("bpdocs-*.tar.gz")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, capture_output=True,
                   text=True, timeout=900)
    return Installed(dist, wheel, sdist, env_dir / "bin")
