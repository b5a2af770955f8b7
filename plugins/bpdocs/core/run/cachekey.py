"""The secret key that authenticates cache entries: either good, or replaced.

From the environment variable ``BPDOCS_CACHE_KEY`` (text of at least 16 characters; anything else there
is an error that says what is wrong), else from the key file ``$XDG_CACHE_HOME/bpdocs/key`` (or
``~/.cache/bpdocs/key``): 32 random bytes, mode 0600. A key file that is missing, empty, short,
unreadable, a FIFO or a link to nothing is replaced by a new key, written whole under a name of its own and
renamed into place, so no build ever sees a partial key (a kill between creating and writing it left an
empty key that anyone could sign with). Where it cannot be replaced (a folder in its place, no writable
home), the build signs with a key of its own, and says so once.
"""

from __future__ import annotations

import hashlib
import os
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import SetupError
from .cachefs import write_atomically

KEY_ENV = "BPDOCS_CACHE_KEY"
KEY_BYTES = 32
MIN_ENV_CHARS = 16
MISSING = "is missing"
HOW_TO_MAKE_ONE = "for example the output of `openssl rand -hex 32`"


@dataclass(frozen=True)
class Key:
    secret: bytes
    source: str  # where it came from, for messages
    warning: str | None = None  # what the author should hear about it, once

    def __repr__(self) -> str:  # never the secret itself
        return f"Key(source={self.source!r}, warning={self.warning!r})"


def key_path() -> Path:
    home = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(home) if os.path.isabs(home) else Path.home() / ".cache") / "bpdocs" / "key"


def from_environment() -> Key | None:
    """The key ``BPDOCS_CACHE_KEY`` gives, None when it is unset or blank (as CI gives a secret it does not
    have); :class:`SetupError` when it is not UTF-8 or too short to be a secret."""
    given = os.environ.get(KEY_ENV, "").strip()
    if not given:
        return None
    try:
        data = given.encode("utf-8")  # undecodable bytes arrive as surrogates, which do not encode
    except UnicodeEncodeError:
        raise SetupError(f"{KEY_ENV} is not UTF-8 text; give the key as text ({HOW_TO_MAKE_ONE})") from None
    if len(given) < MIN_ENV_CHARS:
        raise SetupError(f"{KEY_ENV} is {len(given)} characters long; a cache key needs at least "
                         f"{MIN_ENV_CHARS} ({HOW_TO_MAKE_ONE})")
    return Key(hashlib.sha256(data).digest(), f"the environment variable {KEY_ENV}")


def load_key() -> Key:
    """The key of this build (see the module's docstring)."""
    given = from_environment()
    if given is not None:
        return given
    path = key_path()
    problem = MISSING
    for _ in range(3):  # a lost race with another build that made the key: read theirs
        secret, problem = read_key(path)
        if problem is None:
            return Key(secret, str(path))
        try:
            secret = _write_key(path, replace=problem != MISSING)
        except FileExistsError:
            continue
        except OSError as exc:
            what = "cannot be made" if problem == MISSING else f"{problem} and cannot be replaced"
            return _for_this_build(f"the cache key {path} {what} ({exc.strerror or exc})")
        if problem == MISSING:
            return Key(secret, str(path))
        return Key(secret, str(path), f"the cache key {path} {problem}: it was replaced by a new key "
                                      "(results cached under the old one run again)")
    return _for_this_build(f"the cache key {path} {problem}, and kept changing while it was replaced")


def _for_this_build(why: str) -> Key:
    return Key(os.urandom(KEY_BYTES), "a key for this build only",
               f"{why}: this build signs what it caches with a key of its own, so the next build reuses none of it")


def read_key(path: Path) -> tuple[bytes, str | None]:
    """The key file's bytes and None, or what is wrong with it (a link to a good key file is followed: it is
    the user's own choice, in the user's own folder)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return b"", "is a link to nothing" if os.path.islink(path) else MISSING
    except NotADirectoryError:  # a file where a folder above it should be: there is no key
        return b"", MISSING
    except OSError as exc:
        return b"", f"cannot be read ({exc.strerror or exc})"
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            return b"", "is a folder"
        if not stat.S_ISREG(mode):
            return b"", "is not a regular file"
        data = os.read(fd, 1 << 16)
    except OSError as exc:
        return b"", f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    if not data:
        return b"", "is empty"
    if len(data) < KEY_BYTES:
        return b"", f"holds only {len(data)} bytes (a key has {KEY_BYTES})"
    return data, None


def _write_key(path: Path, *, replace: bool) -> bytes:
    """A new key, written whole and synced under a name of its own, then put in place: renamed over a bad
    one, or linked where none is (so a key another build has just made is never replaced:
    :class:`FileExistsError` then). The key that is in place afterwards."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = os.urandom(KEY_BYTES)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if replace:
            write_atomically(folder, path.name, secret, sync=True)
        else:
            staged = f".{path.name}.new.{secret[:4].hex()}"
            write_atomically(folder, staged, secret, sync=True)
            try:
                os.link(staged, path.name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: a rename, atomic too
                os.replace(staged, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            finally:
                with suppress(OSError):
                    os.unlink(staged, dir_fd=folder)
    finally:
        os.close(folder)
    settled, problem = read_key(path)  # two builds replacing a bad key at once: the one in place wins
    return settled if problem is None else secret
