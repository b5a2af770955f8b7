"""``bpdocs new DIR``: a minimal site that builds strictly as written. Pure file copying.

The files live in ``bpdocs/starter/``; names that start with a dot are stored
without it (package data skips hidden files) and renamed on the way out.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

STARTER = Path(__file__).resolve().parent / "starter"
HIDDEN = {"gitignore": ".gitignore", "github": ".github"}


class StarterError(Exception):
    """The starter cannot be written (a file exists, or the directory is not a directory)."""


def files() -> dict[PurePosixPath, Path]:
    """Each starter file: where it goes (relative to the new site) and where it comes from."""
    out = {}
    for source in sorted(STARTER.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            parts = source.relative_to(STARTER).parts
            out[PurePosixPath(HIDDEN.get(parts[0], parts[0]), *parts[1:])] = source
    return out


def write(directory: Path) -> list[PurePosixPath]:
    """Write the starter into ``directory`` (created if missing); refuse if any of its files exists."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"{directory} exists and is not a directory")
    starter = files()
    existing = [str(name) for name in starter if (directory / name).exists()]
    if existing:
        raise StarterError(f"{directory} already has {', '.join(existing)}; nothing was written "
                           "(bpdocs new never overwrites a file)")
    for name, source in starter.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return list(starter)
