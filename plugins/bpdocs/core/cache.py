"""An on-disk cache of cell results, keyed by everything a result depends on.

A cell's key chains the keys before it in its session: ``key_n = H(key_{n-1},
cell_n)``, starting from the environment fingerprint (bpcore and bpdocs
sources, Python and numpy versions, plugin options). So a prose edit changes
no key; an edit to one fence changes the keys of that fence and those after it
in its session; an engine edit changes every key.

Entries are written atomically (temp file + rename) and verified on read (the
stored key and a digest of the payload); anything else is a miss, and the bad
file is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import threading
from importlib.metadata import version
from pathlib import Path

FORMAT_VERSION = 1


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def source_digest(*packages: Path) -> str:
    """A digest of every ``.py`` file below the given package directories."""
    h = hashlib.sha256()
    for root in packages:
        for path in sorted(Path(root).rglob("*.py")):
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def source_fingerprint(packages: list[Path]) -> str:
    """A cheap test that sources changed (paths, sizes and modification times, no reading): for
    long-lived processes that must notice an engine edit between renders."""
    h = hashlib.sha256()
    for root in packages:
        for path in sorted(Path(root).rglob("*.py")):
            stat = path.stat()
            h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.hexdigest()


def environment_key(options: dict, packages: list[Path]) -> str:
    """The root of every key: sources, interpreter and library versions, options."""
    return _digest(f"format={FORMAT_VERSION}", platform.python_version(), version("numpy"),
                   source_digest(*packages), json.dumps(options, sort_keys=True))


def chain_key(previous: str, *parts: str) -> str:
    return _digest(previous, *parts)


class Cache:
    """Results by key under ``directory``; a disabled cache misses and stores nothing."""

    def __init__(self, directory: Path, enabled: bool = True):
        self.directory = Path(directory)
        self.enabled = enabled

    def _path(self, key: str, suffix: str) -> Path:
        return self.directory / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = self._path(key, ".json")
        try:
            header, _, body = path.read_text().partition("\n")
            stored_key, _, digest = header.partition(" ")
            valid = stored_key == key and digest == _digest(body)
            payload = json.loads(body) if valid else None
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            valid = False
        if not valid or not isinstance(payload, dict):
            path.unlink(missing_ok=True)
            return None
        return payload

    def has(self, key: str) -> bool:
        """Whether an entry exists (not verified: a quick look, for planning)."""
        return self.enabled and self._path(key, ".json").is_file()

    def put(self, key: str, payload: dict) -> None:
        """Store ``payload`` as ``<key> <digest of body>`` on the first line, then the JSON body."""
        if not self.enabled:
            return
        path = self._path(key, ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps(payload, sort_keys=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(f"{key} {_digest(body)}\n{body}")
        os.replace(tmp, path)  # atomic: readers see the old entry or the whole new one

    def checkpoint_path(self, key: str) -> Path | None:
        """Where the worker may store the session's namespace after the cell with this key."""
        if not self.enabled:
            return None
        path = self._path(key, ".pickle")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def has_checkpoint(self, key: str) -> bool:
        return self.enabled and self._path(key, ".pickle").is_file()

    def __repr__(self) -> str:
        return f"Cache({str(self.directory)!r}, enabled={self.enabled})"
