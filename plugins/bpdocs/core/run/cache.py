"""An on-disk cache of cell results, keyed by everything a result depends on.

A cell's key chains the keys before it in its session: ``key_n = H(key_{n-1},
cell_n)``, starting from the environment fingerprint (bpcore and bpdocs
sources, Python and numpy versions, plugin options). So a prose edit changes
no key; an edit to one fence changes the keys of that fence and those after it
in its session; an engine edit changes every key.

Entries are written atomically (temp file + rename) and authenticated: each
carries an HMAC, under a secret key kept outside the project (``BPDOCS_CACHE_KEY``,
else ``$XDG_CACHE_HOME/bpdocs/key``, created with mode 0600), of its own cell key
and its contents. An entry planted, edited, or copied over another (for example
by a cache restored in CI) fails the check, is ignored and recomputed: a result
never reaches a page, and a checkpoint is never unpickled, unless this machine's
key wrote it. A cache that cannot be written (read-only, full, not a folder)
degrades to running without it, with one warning.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import platform
import threading
from importlib.metadata import version
from pathlib import Path

FORMAT_VERSION = 3
log = logging.getLogger("bpdocs")  # adapters route it to their generator's log


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


KEY_ENV = "BPDOCS_CACHE_KEY"
FORMAT = "bpdocs-cache-3"


def secret_key() -> tuple[bytes, str]:
    """The key that authenticates this user's cache entries, and where it came from."""
    given = os.environ.get(KEY_ENV, "").strip()
    if given:
        return hashlib.sha256(given.encode()).digest(), f"the environment variable {KEY_ENV}"
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bpdocs"
    path = home / "key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data, str(path)
    except OSError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(32))
        return path.read_bytes(), str(path)
    except FileExistsError:  # another build made it first
        return path.read_bytes(), str(path)
    except OSError:  # no writable home: entries of this build are still authenticated, by a key it forgets
        return os.urandom(32), "a key for this build only (no writable cache folder in the home directory)"


def sign(secret: bytes, key: str, body: bytes) -> str:
    return hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def verified(secret: bytes, key: str, signature: str, body: bytes) -> bool:
    return hmac.compare_digest(sign(secret, key, body), signature)


class Cache:
    """Results by key under ``directory``; a disabled cache misses and stores nothing."""

    def __init__(self, directory: Path, enabled: bool = True, secret: bytes | None = None):
        self.directory = Path(directory)
        self.enabled = enabled
        self.secret, self.key_source = (secret, "given") if secret is not None else \
            (secret_key() if enabled else (b"", "off"))
        self.writable = True
        self.warnings: list[str] = []  # for the adapter to show, once each
        self.rejected = 0  # entries that failed authentication

    def _path(self, key: str, suffix: str) -> Path:
        return self.directory / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = self._path(key, ".json")
        try:
            data = path.read_bytes()
        except OSError:  # missing, a folder, unreadable: a miss
            return None
        header, _, body = data.partition(b"\n")
        fields = header.decode("ascii", "replace").split(" ")
        if len(fields) != 3 or fields[0] != FORMAT or fields[1] != key or \
                not verified(self.secret, key, fields[2], body):
            self.rejected += 1
            log.debug(f"bpdocs cache: {path} is not an entry this machine wrote for this cell; ignored")
            return None
        try:
            payload = json.loads(body)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def has(self, key: str) -> bool:
        """Whether an entry exists (not verified: a quick look, for planning)."""
        return self.enabled and self._path(key, ".json").is_file()

    def put(self, key: str, payload: dict) -> None:
        """Store ``payload`` under ``key``: a header line (format, key, HMAC), then the JSON body."""
        if not self.enabled or not self.writable:
            return
        path = self._path(key, ".json")
        body = json.dumps(payload, sort_keys=True).encode()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(f"{FORMAT} {key} {sign(self.secret, key, body)}\n".encode() + body)
            os.replace(tmp, path)  # atomic: readers see the old entry or the whole new one
        except OSError as exc:
            self._give_up_writing(exc)
            try:
                tmp.unlink()
            except OSError:
                pass

    def _give_up_writing(self, exc: OSError) -> None:
        self.writable = False
        self.warnings.append(f"the cache folder {self.directory} cannot be written ({exc.strerror or exc}): "
                             "this build runs without storing results")

    def checkpoint_path(self, key: str) -> Path | None:
        """Where the worker may store the session's namespace after the cell with this key."""
        if not self.enabled or not self.writable:
            return None
        path = self._path(key, ".pickle")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._give_up_writing(exc)
            return None
        return path

    def has_checkpoint(self, key: str) -> bool:
        return self.enabled and self._path(key, ".pickle").is_file()

    def __repr__(self) -> str:
        return f"Cache({str(self.directory)!r}, enabled={self.enabled})"
