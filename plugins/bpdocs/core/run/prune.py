"""Keeping the cache bounded: after a full build, the entries it did not use and that were last used longer ago
than the ``cache_max_age`` option are removed.

An entry is *used* by a build when the build asked for it, wrote it, or planned a cell whose result or checkpoint
it is (:attr:`Cache.used <bpdocs.core.run.cache.Cache.used>`); an entry's age is the time since a build last
used it (its file's modification time, brought forward for used entries here). So what a build's pages need is
never removed, whatever its age, and neither is what another branch used recently; a build that did not see every
page (``--dirty``, or one that failed) removes nothing. The cache folder is walked as it is read
(:mod:`.cachefs`): no link is followed, only the entries' own folders (two hex digits) are looked into.
"""

from __future__ import annotations

import os
import re
import stat
import time
from contextlib import suppress
from dataclasses import dataclass

from .cache import Cache
from .cachefs import Refused

DAY = 86400.0
FOLDER = re.compile(r"[0-9a-f]{2}")
ENTRY = re.compile(r"(?P<key>[0-9a-f]{64})\.(?:json|pickle|texts|bytes)")
TEMPORARY = re.compile(r"\..*\.tmp")  # left by a write that was stopped half-way (cachefs.write_atomically)
REFRESH = DAY  # a used entry's time is brought forward when it is older than this (not a write on every build)
TEMPORARY_AGE = 3600.0  # a temporary file younger than this may be another build's write in progress


@dataclass
class Pruned:
    removed: int = 0
    removed_bytes: int = 0
    kept: int = 0
    kept_bytes: int = 0


def prune(cache: Cache, max_age_days: float, *, now: float | None = None) -> Pruned:
    """Remove from ``cache`` the entries it did not use (see :attr:`Cache.used`) whose last use is older than
    ``max_age_days``, and temporary files as old; bring the used entries' times forward. Nothing is raised: a
    cache that cannot be walked is left as it is."""
    result = Pruned()
    if not cache.enabled or not cache.writable:
        return result
    now = time.time() if now is None else now
    oldest = now - max_age_days * DAY
    try:
        top = cache.location.open(create=False)
    except (Refused, OSError):
        return result
    if top is None:
        return result
    try:
        for folder in sorted(name for name in os.listdir(top) if FOLDER.fullmatch(name)):
            try:
                fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=top)
            except OSError:  # a link or a file where a folder should be: not ours to touch
                continue
            try:
                left = _prune_folder(fd, cache.used, oldest, now, result)
            finally:
                os.close(fd)
            if not left:
                with suppress(OSError):
                    os.rmdir(folder, dir_fd=top)
    finally:
        os.close(top)
    return result


def _prune_folder(fd: int, used: set[str], oldest: float, now: float, result: Pruned) -> int:
    """Prune one folder of entries (a descriptor); return how many files are left in it."""
    left = 0
    for name in os.listdir(fd):
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError:
            continue
        entry = ENTRY.fullmatch(name)
        if not stat.S_ISREG(info.st_mode) or not (entry or TEMPORARY.fullmatch(name)):
            left += 1  # not an entry of ours: left alone
            continue
        if entry and entry["key"] in used:
            if info.st_mtime < now - REFRESH:
                with suppress(OSError):
                    os.utime(name, (now, now), dir_fd=fd, follow_symlinks=False)
            result.kept, result.kept_bytes, left = result.kept + 1, result.kept_bytes + info.st_size, left + 1
        elif info.st_mtime < (oldest if entry else min(oldest, now - TEMPORARY_AGE)):
            try:
                os.unlink(name, dir_fd=fd)
                result.removed, result.removed_bytes = result.removed + 1, result.removed_bytes + info.st_size
            except OSError:
                left += 1
        else:
            result.kept, result.kept_bytes, left = result.kept + 1, result.kept_bytes + info.st_size, left + 1
    return left
