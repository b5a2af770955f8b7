"""Files a cell writes into the site's docs folder, kept with its result and written again when the cache answers.

A fence that saves a figure beside its page (``fig.savefig("docs/plot.png")``, then ``![](plot.png)``) makes a
file the page needs. Two things would lose it: the generator lists the docs folder before any cell runs (so a
site's first build does not know the file), and a build that takes the cell from the cache does not run it (so a
fresh clone, whose docs folder lacks the file, never gets it). So the child notes every file a cell opens for
writing below the site's docs folders, or moves there (Python's audit events ``open`` and ``os.rename``:
``open()``, ``os.open``, ``os.replace`` and what is built on them, as matplotlib's and numpy's savers are); their
contents travel with the cell's result and are cached with it; when the cache answers for a page's cells, a file
they wrote that is missing is written again, with the contents the last of them left (:func:`restore`: a file
that is there is left alone); the generator is told of both (:attr:`~.executor.PageRun.written`).

A file written by a process the cell starts, or by C code that opens files itself, is not seen; nor is one
outside the docs folders (it is not part of the site). A file bigger than :data:`MAX_FILE_BYTES` is not kept:
the cell's result is then not cached, so that every build runs it and writes the file.
"""

from __future__ import annotations

import base64
import logging
import os
import sys

from .cachefs import write_atomically

MAX_FILE_BYTES = 20 * 1024 * 1024
_WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_opened: set[str] = set()  # absolute paths this process opened for writing since the last look
_hooked = False
log = logging.getLogger("bpdocs")  # adapters route it to their generator's log


def _audit(event: str, args) -> None:
    if event == "os.rename":  # (os.replace too: a file written elsewhere, then moved in)
        args = (args[1], "w", None)
    elif event != "open":
        return
    path, mode, flags = (args + (None, None))[:3]
    if isinstance(path, int) or path is None:
        return
    writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool((flags or 0) & _WRITING_FLAGS)
    if writing:
        try:
            _opened.add(os.path.abspath(os.fsdecode(path)))
        except (TypeError, ValueError):  # (a path an audit hook cannot read: the open itself will say)
            pass


class Written:
    """The files cells of this process write below ``tops`` (folders relative to the working directory)."""

    def __init__(self, tops: list[str]):
        global _hooked
        self.root = os.getcwd()
        self.tops = [os.path.join(os.path.abspath(top), "") for top in tops]
        if tops and not _hooked:
            sys.addaudithook(_audit)  # for the life of this process (a page's): it cannot be removed
            _hooked = True

    def start(self) -> None:
        """Forget what was opened before (by the runner, or an earlier cell)."""
        _opened.clear()

    def taken(self) -> dict[str, str | None]:
        """The files the cell wrote that are still there: path relative to the site -> contents in base64
        (None: too big to keep)."""
        files: dict[str, str | None] = {}
        for path in sorted(_opened):
            if not any(path.startswith(top) for top in self.tops) or not os.path.isfile(path):
                continue
            relative = os.path.relpath(path, self.root)
            if any(part.startswith(".") for part in relative.split(os.sep)):
                continue  # (what generators leave out of a site)
            try:
                if os.path.getsize(path) > MAX_FILE_BYTES:
                    files[relative] = None
                    continue
                with open(path, "rb") as file:
                    files[relative] = base64.b64encode(file.read()).decode("ascii")
            except OSError:
                continue
        _opened.clear()
        return files


def restore(files: dict, root, tops: list[str]) -> list[str]:
    """Write again each of ``files`` (the cached results' of a page, the latest contents of each path) that is
    missing below ``root`` (only below the folders ``tops``); return the paths (relative to ``root``) of those
    that are there now. A file that is there is left as it is, even if it differs: it may be the author's edit."""
    there = []
    folders = [os.path.normpath(top) for top in tops]
    for relative, data in sorted(files.items()):
        relative = os.path.normpath(relative)
        if data is None or os.path.isabs(relative) or relative.startswith(os.pardir) or \
                not any(folder == os.curdir or relative.startswith(folder + os.sep) for folder in folders):
            continue
        path = os.path.join(root, relative)
        if not os.path.exists(path):
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                folder = os.open(os.path.dirname(path), os.O_RDONLY | os.O_DIRECTORY)
                try:  # (the cache's own writer: no temporary file left behind, none planted followed)
                    write_atomically(folder, os.path.basename(path), base64.b64decode(data))
                finally:
                    os.close(folder)
                os.chmod(path, 0o644)  # (a page's file, as a fence's open() makes it, not a cache entry's 0600)
            except OSError:
                continue
            log.debug(f"{relative}: written again, from the cached result of the cell that wrote it")
        there.append(relative)
    return there


def keepable(files: dict | None) -> bool:
    """Whether a result with these files may be cached (none of them too big to keep)."""
    return not files or all(data is not None for data in files.values())
