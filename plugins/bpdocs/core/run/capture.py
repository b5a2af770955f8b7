"""What a fence prints, in order, whoever prints it: Python's ``print``, its threads, and subprocesses;
and whose output it is.

While a fence runs, the process's own stdout and stderr (file descriptors 1 and 2,
which subprocesses and ``os.system`` inherit) point at an anonymous file, and
Python's streams (``sys.stdout``, ``sys.stderr`` and their ``__stdout__`` and
``__stderr__``, which stay in place for the whole page) write straight to them,
unbuffered, so everything lands in the order it was written. Rich outputs
(``show()``) cut the text there. Output past the fence's limit stops the fence
with an error.

Every thread knows the fence that started it (directly, or through a thread that
fence started). What a thread prints after its fence has ended goes nowhere, and
its fence gets one located warning: it is never printed into another fence. A
stream kept from an earlier fence (a logging handler, say) writes into the fence
running now, like ``print``. A thread that runs out of memory fails its fence as
the fence itself would.
"""

from __future__ import annotations

import io
import linecache
import os
import sys
import tempfile
import threading
import warnings

from . import processes

DROPPED = ("a thread this fence started printed after the fence ended; that output was dropped (join the "
           "thread before the fence ends to show it)")


class OutputLimit(Exception):
    """The fence printed more than its limit."""


class _Page:
    """The state of one page's process: the fence running now, and what earlier fences' threads printed."""

    def __init__(self):
        self.active: Capture | None = None
        self.fences = 0  # fences begun in this process
        self.lines: dict[int, int] = {}  # fence number -> its Markdown line
        self.adopted: dict[int, int] = {}  # thread id -> fence, for threads not started by Thread.start
        self.dropped: set[int] = set()  # fences whose threads printed too late, not yet reported
        self.warned: set[int] = set()
        self.installed = False


_page = _Page()
_os_write = os.write
_thread_start = threading.Thread.start
_excepthook = threading.excepthook


def owner(thread: threading.Thread) -> int | None:
    """The fence that started ``thread`` (None: the main thread, which runs every fence)."""
    fence = getattr(thread, "_bpdocs_fence", None)
    if fence is not None or thread is threading.main_thread():
        return fence
    return _page.adopted.get(thread.ident)


def _start(self: threading.Thread) -> None:
    if getattr(self, "_bpdocs_fence", None) is None:
        parent = owner(threading.current_thread())
        running = _page.active.fence if _page.active is not None else None
        self._bpdocs_fence = parent if parent is not None else running
    _thread_start(self)


def _belongs_here() -> bool:
    """Whether the calling thread may print now: it is the fence running now's, or nobody's between fences.
    If not, its fence is noted, for a warning."""
    fence = owner(threading.current_thread())
    active = _page.active
    if fence is None or (active is not None and fence == active.fence):
        return True
    _page.dropped.add(fence)
    return False


def _write(fd: int, data) -> int:
    """``os.write``: to stdout or stderr, only from a thread whose fence is running."""
    if fd in (1, 2) and not _belongs_here():
        return len(data)
    return _os_write(fd, data)


def _thread_failed(args) -> None:
    active = _page.active
    fence = owner(args.thread) if args.thread is not None else None
    if issubclass(args.exc_type, MemoryError) and active is not None and fence in (None, active.fence):
        active.out_of_memory = True
    _excepthook(args)


class _Stream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` for the whole page: into the running fence, unbuffered."""

    def __init__(self, fd: int):
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not _belongs_here():
            return len(text)
        if _page.active is not None:
            _page.active.write(text)
        else:  # between fences: the runner's own (a crash report), to the page process's stderr
            _os_write(self.fd, text.encode("utf-8", "replace"))
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:  # for subprocess.run(..., stdout=sys.stdout): the same file, so the same order
        return self.fd

    @property
    def buffer(self) -> "_Bytes":
        return _Bytes(self)

    @property
    def encoding(self) -> str:
        return "utf-8"


class _Bytes(io.RawIOBase):
    """``sys.stdout.buffer``: bytes, decoded and written like text."""

    def __init__(self, stream: _Stream):
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.stream.write(bytes(data).decode("utf-8", "replace"))
        return len(data)


def install() -> None:
    """Route this process's output by fence, from now on (in a page's process, before its first fence)."""
    if _page.installed:
        return
    _page.installed = True
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout = sys.__stdout__ = _Stream(1)
    sys.stderr = sys.__stderr__ = _Stream(2)
    os.write = _write
    threading.Thread.start = _start
    threading.excepthook = _thread_failed
    warnings.formatwarning = _warning


def _warning(message, category, filename, lineno, line=None, _format=warnings.formatwarning) -> str:
    """A warning as Python prints it, a library's file named from its folder on the path (numpy/_core/_methods.py),
    not from the builder's (/home/me/.venv/lib/python3.11/site-packages/...): the page says the same wherever it is
    built, and shows no one's home folder."""
    line = linecache.getline(filename, lineno) if line is None else line  # (read where the file is)
    return _format(message, category, _on_the_path(str(filename)), lineno, line)


def _on_the_path(filename: str) -> str:
    if not os.path.isabs(filename):
        return filename
    folders = sorted({os.path.abspath(p or os.curdir) for p in sys.path}, key=len, reverse=True)
    return next((os.path.relpath(filename, folder) for folder in folders
                 if filename.startswith(folder.rstrip(os.sep) + os.sep)), os.path.basename(filename))


def take_warnings() -> list[dict]:
    """``{"line", "message"}`` for each fence whose threads printed after it ended, once per fence."""
    found = sorted(_page.dropped - _page.warned)
    _page.warned.update(found)
    _page.dropped.clear()
    return [{"line": _page.lines[fence], "message": DROPPED} for fence in found if fence in _page.lines]


class Capture:
    """One fence's output: ``line`` is the fence's own (for warnings about its threads)."""

    def __init__(self, outputs: list[dict], limit: int, line: int):
        install()
        _page.fences += 1
        self.fence = _page.fences
        _page.lines[self.fence] = line
        self.outputs, self.limit = outputs, limit
        self.file = tempfile.TemporaryFile()
        self.offset = 0
        self.written = 0
        self.over = False
        self.out_of_memory = False
        self.saved_fds = (os.dup(1), os.dup(2))
        self.threads_before = set(threading.enumerate())
        self._watching = threading.Event()

    def __enter__(self) -> "Capture":
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        self._watcher = threading.Thread(target=self._watch, name="bpdocs-output-watch", daemon=True)
        self._watcher.start()
        _page.active = self
        return self

    def write(self, text: str) -> None:
        data = text.encode("utf-8", "replace")
        self.written += len(data)
        if self.over or self.size() + len(data) > self.limit:
            self.over = True
            raise OutputLimit()
        _os_write(1, data)

    def size(self) -> int:
        return os.fstat(self.file.fileno()).st_size

    def cut(self) -> None:
        """Move what was printed so far into the outputs, as text (before a rich output)."""
        size = self.size()
        if size > self.offset:
            data = os.pread(self.file.fileno(), min(size, self.limit) - self.offset, self.offset)
            self.offset = size
            text = data.decode("utf-8", "replace")
            if self.outputs and self.outputs[-1]["kind"] == "text":
                self.outputs[-1]["text"] += text
            else:
                self.outputs.append({"kind": "text", "text": text})

    def _watch(self) -> None:
        """Subprocesses write to fd 1 directly: stop them if the file grows past the limit."""
        try:
            while not self._watching.wait(0.05):
                if self.size() > self.limit:
                    self.over = True
                    for pid in processes.children_of(os.getpid()):
                        processes.kill(pid)
                    return
        except (OSError, ValueError):  # the fence is over and its file closed: nothing more to watch
            return

    def adopt_threads(self) -> None:
        """Threads this fence started: non-daemon ones finish within the fence, as at the end of a
        program; the others print nowhere once it ends."""
        for thread in set(threading.enumerate()) - self.threads_before:
            if thread is self._watcher:
                continue
            if not thread.daemon and owner(thread) in (None, self.fence):
                thread.join()
            if getattr(thread, "_bpdocs_fence", None) is None and thread.ident is not None:
                _page.adopted[thread.ident] = self.fence  # started without Thread.start: known by its id

    def __exit__(self, *exc) -> None:
        _page.active = None
        self._watching.set()
        self._watcher.join()  # before the file it watches is closed
        os.dup2(self.saved_fds[0], 1)
        os.dup2(self.saved_fds[1], 2)
        for fd in self.saved_fds:
            os.close(fd)
        self.over = self.over or self.size() > self.limit
        self.cut()
        self.file.close()
