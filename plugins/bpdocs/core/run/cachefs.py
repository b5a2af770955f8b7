"""The cache's files, handled so that nothing planted in the cache folder can steer a build.

A cache folder may come from elsewhere (a CI cache restored, a shared or copied folder), so every
operation starts again from the site's folder and opens each folder of the cache path one step at a
time, relative to the one before (by file descriptor) and with ``O_NOFOLLOW``: a link anywhere in the
cache path is refused, never followed, and so is a folder owned by someone other than the builder or the
site's owner (who writes the site's fences, and so can run anything in its build anyway). Files are created
under a random name with ``O_EXCL | O_NOFOLLOW`` in their own folder, then renamed into place, which is
atomic: a reader sees the old file or the whole new one. Reads take regular files of bounded size only,
and never wait (a FIFO planted as an entry is a miss, not a hang).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import suppress
from dataclasses import dataclass

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class Refused(Exception):
    """A folder of the cache path that bpdocs will not use: ``path`` (from the site's folder) ``reason``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} {reason}")
        self.path, self.reason = path, reason


def trusted_owners(root: str) -> frozenset[int]:
    """Who may own the cache's folders: whoever runs the build, and whoever owns the site's folder."""
    try:
        return frozenset({os.geteuid(), os.stat(root).st_uid})
    except OSError:  # no site folder (yet): the cache cannot be opened anyway
        return frozenset({os.geteuid()})


@dataclass(frozen=True)
class CacheLocation:
    """The cache folder ``root/parts...``: ``root`` is the site's folder, trusted as it is; below it, nothing
    is followed. Plain data, so that the worker, which writes checkpoints, gets the same rules."""

    root: str
    parts: tuple[str, ...]
    owners: frozenset[int]

    @classmethod
    def of(cls, root: str, parts: tuple[str, ...]) -> "CacheLocation":
        return cls(root, tuple(parts), trusted_owners(root))

    def as_json(self) -> dict:
        return {"root": self.root, "parts": list(self.parts), "owners": sorted(self.owners)}

    @classmethod
    def from_json(cls, data: dict) -> "CacheLocation":
        return cls(data["root"], tuple(data["parts"]), frozenset(data["owners"]))

    def open(self, *below: str, create: bool) -> int | None:
        """A descriptor of the folder ``parts/below...`` (the caller closes it); None if it is missing and
        not ``create``. :class:`Refused` for a link, or a folder of another owner, on the way."""
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for n, part in enumerate(self.parts + below):
                name = "/".join((self.parts + below)[:n + 1])
                try:
                    child = os.open(part, _FOLDER, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        os.close(fd)
                        return None
                    with suppress(FileExistsError):
                        os.mkdir(part, 0o700, dir_fd=fd)
                    child = _open_folder(fd, part, name)
                except OSError as exc:
                    _refuse_link(fd, part, name, exc)
                    raise
                os.close(fd)
                fd = child
                owner = os.fstat(fd).st_uid
                if owner not in self.owners:
                    raise Refused(name, f"is owned by another user (uid {owner})")
            return fd
        except BaseException:
            os.close(fd)
            raise

    def check(self) -> None:
        """Raise :class:`Refused` (or OSError) if the cache folder, where it exists, may not be used."""
        fd = self.open(create=False)
        if fd is not None:
            os.close(fd)

    def read(self, folder: str, name: str, limit: int) -> bytes | None:
        """The file ``folder/name`` of the cache if it is a regular file of at most ``limit`` bytes, else None."""
        directory = self.open(folder, create=False)
        if directory is None:
            return None
        try:
            fd = os.open(name, _READ, dir_fd=directory)
        except OSError:  # missing, a link (ELOOP), unreadable: a miss
            return None
        finally:
            os.close(directory)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            chunks, size = [], 0
            # Asked for what fstat says is there (and a byte more, to see it grow): os.read makes a buffer of the
            # size asked for, and a megabyte for every small entry made reading a whole site's entries 6x slower.
            wanted = info.st_size + 1
            while chunk := os.read(fd, min(wanted, 1 << 20, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:  # it grew while being read
                    return None
            return b"".join(chunks)
        finally:
            os.close(fd)

    def write(self, folder: str, name: str, data: bytes) -> None:
        """Store ``data`` as ``folder/name`` of the cache: a new file under a name of its own, then renamed."""
        directory = self.open(folder, create=True)
        try:
            write_atomically(directory, name, data)
        finally:
            os.close(directory)


def write_atomically(directory: int, name: str, data: bytes, *, sync: bool = False) -> None:
    """``data`` as ``name`` in the folder ``directory`` (a descriptor): written to a new file that nothing
    can have planted (``O_EXCL | O_NOFOLLOW``, a random name), then renamed over ``name``."""
    for _ in range(8):
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(temporary, _CREATE, 0o600, dir_fd=directory)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=directory)
        raise


def _open_folder(parent: int, part: str, name: str) -> int:
    try:
        return os.open(part, _FOLDER, dir_fd=parent)
    except OSError as exc:
        _refuse_link(parent, part, name, exc)
        raise


def _refuse_link(parent: int, part: str, name: str, exc: OSError) -> None:
    """Raise :class:`Refused` if ``part`` failed to open because it is a link; else let ``exc`` stand."""
    if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
        return
    with suppress(OSError):
        if stat.S_ISLNK(os.stat(part, dir_fd=parent, follow_symlinks=False).st_mode):
            raise Refused(name, f"is a symbolic link (to {os.readlink(part, dir_fd=parent)})") from None
