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


def clone(source: Path) -> Path:
    """A copy of this checkout as a fresh clone has it (no environments, outputs or vendored MathJax), with npm
    ci's result, as `make setup` leaves it."""
    shutil.copytree(ROOT, source, ignore=IGNORED, symlinks=True)
    (source / "node_modules").symlink_to(ROOT / "node_modules")
    return source


def build_and_install(work: Path) -> Installed:
    source = clone(work / "source")
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


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment with pip; its bin folder."""
    venv.EnvBuilder(with_pip=True).create(folder)
    return folder / "bin"


def git_repository(work: Path, tag: str) -> str:
    """A git repository of this checkout's files as they are now (committed or not), tagged ``tag``;
    its ``file://`` URL, as pip takes it in ``bpdocs @ git+URL@tag``."""
    repository = work / "repository"
    shutil.copytree(ROOT, repository, ignore=IGNORED, symlinks=True)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false",
           "-c", "tag.gpgsign=false"]
    for command in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "release"],
                    ["tag", tag]):
        subprocess.run([*git, *command], cwd=repository, check=True, capture_output=True, text=True, timeout=300)
    # file://localhost/..., not file:///...: pip before 24 takes a git+file URL in `name @ URL` only with a host
    return "file://localhost" + repository.as_posix()


def simple_index(folder: Path, files: list[Path]) -> Path:
    """A PEP 503 package index of ``files`` (wheels and sdists) in ``folder``, to serve over HTTP."""
    import hashlib
    import re

    projects: dict[str, list[Path]] = {}
    for path in files:
        name = re.split(r"-\d", path.name, maxsplit=1)[0]
        projects.setdefault(re.sub(r"[-_.]+", "-", name).lower(), []).append(path)
    (folder / "files").mkdir(parents=True)
    for project, paths in projects.items():
        links = []
        for path in paths:
            shutil.copyfile(path, folder / "files" / path.name)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            links.append(f'<a href="../../files/{path.name}#sha256={digest}">{path.name}</a><br>')
        (folder / "simple" / project).mkdir(parents=True)
        (folder / "simple" / project / "index.html").write_text(
            f"<!DOCTYPE html><html><body>{''.join(links)}</body></html>\n")
    (folder / "simple" / "index.html").write_text("<!DOCTYPE html><html><body>" + "".join(
        f'<a href="{p}/">{p}</a><br>' for p in sorted(projects)) + "</body></html>\n")
    return folder


def pip_environment(bin: Path, **extra: str) -> dict:
    """The environment of a user's shell with ``bin`` first on PATH and no pip settings of this machine
    (its configuration file, find-links, extra indexes, constraints): only ``extra``'s."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("PIP_")}
    env.update(PATH=f"{bin}{os.pathsep}{env.get('PATH', '')}", NO_MKDOCS_2_WARNING="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env
