"""What a fence prints, in order, whoever prints it: Python's ``print``, its threads, and subprocesses.

While a fence runs, the process's own stdout and stderr (file descriptors 1 and 2,
which subprocesses and ``os.system`` inherit) point at an anonymous file, and
Python's ``sys.stdout`` and ``sys.stderr`` write straight to them, unbuffered, so
everything lands in the order it was written. Rich outputs (``show()``) cut the
text there. Output past the fence's limit stops the fence with an error, and a
thread of an earlier fence prints nowhere, instead of into this one.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading

from . import processes


class OutputLimit(Exception):
    """The fence printed more than its limit."""


class _Stream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` while a fence runs: straight to fd 1, unbuffered."""

    def __init__(self, capture: "Capture"):
        self.capture = capture

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.capture.write(text)
        return len(text)

    def flush(self) -> None:
        pass

    @property
    def encoding(self) -> str:
        return "utf-8"


class Capture:
    def __init__(self, outputs: list[dict], limit: int, owners: dict[int, int], fence: int):
        self.outputs, self.limit, self.owners, self.fence = outputs, limit, owners, fence
        self.file = tempfile.TemporaryFile()
        self.offset = 0
        self.written = 0
        self.over = False
        self.saved_fds = (os.dup(1), os.dup(2))
        self.saved_streams = (sys.stdout, sys.stderr)
        self.threads_before = set(threading.enumerate())
        self._watching = threading.Event()

    def __enter__(self) -> "Capture":
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        sys.stdout = sys.stderr = _Stream(self)
        self._watcher = threading.Thread(target=self._watch, name="bpdocs-output-watch", daemon=True)
        self._watcher.start()
        return self

    def write(self, text: str) -> None:
        owner = self.owners.get(threading.get_ident())
        if owner is not None and owner != self.fence:
            return  # a thread an earlier fence started: its output is not this fence's
        data = text.encode("utf-8", "replace")
        self.written += len(data)
        if self.over or self.size() + len(data) > self.limit:
            self.over = True
            raise OutputLimit()
        os.write(1, data)

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
        program; daemon ones print nowhere from now on."""
        for thread in set(threading.enumerate()) - self.threads_before:
            if thread is self._watcher:
                continue
            if not thread.daemon:
                thread.join()
            if thread.ident is not None:
                self.owners[thread.ident] = self.fence

    def __exit__(self, *exc) -> None:
        self._watching.set()
        self._watcher.join()  # before the file it watches is closed
        sys.stdout, sys.stderr = self.saved_streams
        os.dup2(self.saved_fds[0], 1)
        os.dup2(self.saved_fds[1], 2)
        for fd in self.saved_fds:
            os.close(fd)
        self.over = self.over or self.size() > self.limit
        self.cut()
        self.file.close()
