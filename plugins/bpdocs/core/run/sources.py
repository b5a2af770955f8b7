"""Which files of the site's sources a cell deleted (or moved away).

A fence runs with the site's folder as its working directory, so ``os.remove("docs/page.md")`` works;
the generator would then fail with a traceback when it reads the page, or leave the page out in silence.
The worker takes stock of the docs folder when a page's job starts (each folder's entries and
modification time) and, around each cell, looks at the folders' times only (a few ``stat`` calls): a
folder whose time changed is listed again, and an entry gone from it is a file the cell deleted, if the
cell could have: it removed or renamed a file, or started a process (Python's audit events say so).
Pages run side by side, so a file may go while an innocent cell runs; that cell is not blamed.
"""

from __future__ import annotations

import os
import sys

# Audit events of a cell that may delete or move files, itself or through a process it starts.
SUSPECT_EVENTS = frozenset({"os.remove", "os.rmdir", "os.rename", "shutil.rmtree", "shutil.move", "os.system",
                            "subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn", "os.fork",
                            "os.forkpty"})
_suspect = False
_hooked = False


def _audit(event: str, args) -> None:
    global _suspect
    if event in SUSPECT_EVENTS:
        _suspect = True


class SourceGuard:
    """The folders below ``tops`` (names relative to the working directory, e.g. ``docs``)."""

    def __init__(self, tops: list[str]):
        global _hooked
        self.folders: dict[str, tuple[int, set[str], set[str]]] = {}  # path -> (mtime, files, subfolders)
        for top in tops:
            if top not in self.folders:  # (already taken as a folder below another)
                self._take(top)
        if tops and not _hooked:
            sys.addaudithook(_audit)  # for the life of this process (a page's): it cannot be removed
            _hooked = True

    def _take(self, folder: str) -> None:
        try:
            mtime = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as entries:
                files, subfolders = set(), set()
                for entry in entries:
                    if entry.name.startswith("."):  # what generators leave out of a site (and caches keep)
                        continue
                    (subfolders if entry.is_dir(follow_symlinks=False) else files).add(entry.name)
        except OSError:
            return
        self.folders[folder] = (mtime, files, subfolders)
        for name in subfolders:
            if os.path.join(folder, name) not in self.folders:
                self._take(os.path.join(folder, name))

    def _changed(self) -> list[str]:
        changed = []
        for folder, (mtime, _, _) in self.folders.items():
            try:
                now = os.stat(folder).st_mtime_ns
            except OSError:
                now = None
            if now != mtime:
                changed.append(folder)
        return changed

    def refresh(self) -> None:
        """Take stock again where something changed (before a cell: another page may have written)."""
        global _suspect
        self._gone()
        _suspect = False

    def removed(self) -> list[str]:
        """The files gone since the last look that this process may have deleted (sorted paths, e.g.
        ``docs/z.md``); take stock again."""
        gone = self._gone()
        return gone if _suspect else []

    def _gone(self) -> list[str]:
        gone: list[str] = []
        for folder in self._changed():
            if folder not in self.folders:  # dropped with a folder above it, in this same look
                continue
            _, files, subfolders = self.folders.pop(folder)
            self._take(folder)
            _, files_now, subfolders_now = self.folders.get(folder, (None, set(), set()))
            gone += [os.path.join(folder, name) for name in files - files_now]
            for name in subfolders - subfolders_now:
                gone += self._forget(os.path.join(folder, name))
        return sorted(gone)

    def _forget(self, folder: str) -> list[str]:
        """The files known below ``folder``, which is gone; no longer watched."""
        _, files, subfolders = self.folders.pop(folder, (None, set(), set()))
        gone = [os.path.join(folder, name) for name in files]
        for name in subfolders:
            gone += self._forget(os.path.join(folder, name))
        return gone
