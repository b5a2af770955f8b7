"""The site's own Python modules a session imported (a ``helpers.py`` beside ``mkdocs.yml``, a package of the
site's): a cell's cached result holds on to them as it holds on to its code.

A cell's cache key is made of the code of its fences (and of the session's before it), bpcore's and bpdocs'; a
module of the site that a fence imports is not part of it, so an edit to it left every page that used it with
the results of the old code. The page's process notes each module the session imported from the site's folder
(not an installed one, nor bpcore or bpdocs, which the key holds), with a digest of its file, and each result
carries them (``modules``); a cached result whose modules changed since is a miss, and its cell runs again, as
do the cells after it. A data file a fence reads is still not followed (see the docs' "Caching").
"""

from __future__ import annotations

import hashlib
import os
import sys
import sysconfig

KEYED = ("bpcore", "bpdocs")  # (their sources are in every cell's key already)


def digest(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()[:32]
    except OSError:
        return None


class SessionModules:
    """In a page's process: the site's modules the session has imported so far (path in the site -> digest)."""

    def __init__(self, root: str):
        self.root = os.path.realpath(root) + os.sep
        self.installed = tuple({os.path.realpath(sysconfig.get_path(kind)) + os.sep  # (not the prefix: /usr holds
                                for kind in ("stdlib", "platstdlib", "purelib", "platlib")})  # a site in /usr/src)
        self.seen = set(sys.modules)  # (what the process had before the session: not the session's doing)
        self.found: dict[str, str] = {}

    def update(self) -> dict[str, str]:
        """What the session has imported from the site so far (the modules imported since the last call, added)."""
        new = set(sys.modules) - self.seen
        self.seen |= new
        for name in new:
            file = getattr(sys.modules.get(name), "__file__", None)
            if not isinstance(file, str) or name.partition(".")[0] in KEYED:
                continue
            path = os.path.realpath(file)
            if path.startswith(self.root) and not path.startswith(self.installed) \
                    and not {"site-packages", "dist-packages"} & set(path.split(os.sep)):
                found = digest(path)
                if found is not None:
                    self.found[os.path.relpath(path, self.root)] = found
        return self.found


def unchanged(modules: dict | None, root, known: dict) -> bool:
    """Whether the site's modules a cached result used (``modules``, paths in the site ``root``) are as they were;
    ``known`` keeps each file's digest by its size and time, so that a module many cells used is read once."""
    for path, was in (modules or {}).items():
        if not isinstance(path, str) or os.path.isabs(path) or ".." in path.split(os.sep):
            return False
        full = os.path.join(root, path)
        try:
            status = os.stat(full)
        except OSError:
            return False
        signature = (status.st_mtime_ns, status.st_size)
        if known.get(path, (None, None))[0] != signature:
            known[path] = (signature, digest(full))
        if known[path][1] != was:
            return False
    return True
