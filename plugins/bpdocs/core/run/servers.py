"""The fork server a build runs its pages in: started when a page first needs one, kept for the builds of a
serve loop, and started anew when it died or when the sources it imported changed.

A build whose every cell is cached starts no worker at all. ``mkdocs serve`` keeps one worker for all its
rebuilds, so an edit runs at once, without importing numpy and bpcore again; a changed bpcore or bpdocs
source (its ``digest``) starts a new worker, so engine edits reach the next rebuild. Each page still runs in a
fresh forked child, so no state passes from one page or one build to the next.
"""

from __future__ import annotations

import os
import threading

from ..errors import ExecutionError
from .worker import ForkServer


def blas_threads() -> dict[str, str]:
    """Environment for a worker: one BLAS thread per page, so pages running side by side do not fight over the
    cores (and no result depends on how many run at once). What the environment already sets is kept."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
             "NUMEXPR_NUM_THREADS")
    return {name: "1" for name in names if name not in os.environ}


class Servers:
    """Gives the build's fork server (:meth:`get`), starting it when first needed."""

    def __init__(self, cwd: str):
        self.cwd = cwd
        self.digest: str | None = None  # of the sources the current server imported
        self._server: ForkServer | None = None
        self._preloaded: set[str] = set()
        self._lock = threading.Lock()
        self._closed = False

    def use(self, digest: str) -> None:
        """A build starts, of sources with this digest: a server that imported other sources is stopped."""
        with self._lock:
            if digest != self.digest and self._server is not None:
                self._server.close()
                self._server, self._preloaded = None, set()
            self.digest = digest

    def get(self) -> ForkServer:
        with self._lock:
            if self._closed:
                raise ExecutionError("the build is over; nothing more runs")
            if self._server is not None and not self._server.alive:  # killed: later pages get a new one
                self._server.close()
                self._server, self._preloaded = None, set()
            if self._server is None:
                self._server = ForkServer(self.cwd, env=blas_threads())
            return self._server

    def preload(self, modules: list[str]) -> None:
        """Import ``modules`` once in the server, for every page after (e.g. matplotlib)."""
        server = self.get()
        with self._lock:
            missing = [name for name in modules if name not in self._preloaded]
            self._preloaded.update(missing)
        if missing:
            server.preload(missing)

    def stop_pages(self) -> None:
        """Stop every page still running (a build is over; the server stays for the next)."""
        with self._lock:
            server = self._server
        if server is not None:
            server.stop_jobs()

    def close(self) -> None:
        """Stop the server (and every page running in it); nothing more starts."""
        with self._lock:
            self._closed = True
            server, self._server = self._server, None
        if server is not None:
            server.close()
