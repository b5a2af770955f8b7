"""Pages typeset ahead: while the generator is still converting pages and their cells are still running, a page
whose HTML is known (its content, its results filled in) is typeset by a helper in a thread of its own, so that a
cold build typesets while the rest of the build goes on instead of one page after another at the end.

The first helper is the build's own typesetter (its Node, which the build starts anyway): MathJax starts and
warms up once, and a formula it typeset for one page is not typeset again for another (typeset-mathjax.js's
memo). With more jobs than two, the other helpers are typesetters of their own, a Node process each.

What a helper makes is a guess: it is used only for exactly the formulas the page's final HTML holds (the same
key, :func:`.page.page_key`), so the site is the same, byte for byte, with or without helpers (``jobs: 1`` has
none). A guess that did not start in time is cancelled and typeset by the build's own typesetter; one that failed
(a formula too slow, Node gone) is typeset again there, which says why, at its line.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class Ahead:
    """``helpers`` typesetters, ``first`` (the build's own, which this never closes) and others made by
    ``make_helper()`` when needed, and the pages they were given, by key."""

    def __init__(self, make_helper, helpers: int, first=None):
        self._make_helper = make_helper
        self._helpers = helpers
        self._first = first
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        if first is not None:
            self._idle.put(first)
        self._all: list = []  # the helpers made here (closed here)
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future] = {}
        self._lock = threading.Lock()

    def submit(self, key: str, typeset) -> None:
        """Have a helper call ``typeset(helper)`` (which returns a page of typeset formulas) for the page ``key``."""
        with self._lock:
            if key in self._futures:
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._helpers, thread_name_prefix="bpdocs-typeset")
            self._futures[key] = self._pool.submit(self._typeset, typeset)

    def _typeset(self, typeset) -> dict | None:
        try:
            helper = self._idle.get_nowait()
        except queue.Empty:
            helper = self._make_helper()
            with self._lock:
                self._all.append(helper)
        try:
            return typeset(helper)
        except Exception:  # a formula too slow, Node gone: the build's own typesetter does it again, and says why
            return None
        finally:
            self._idle.put(helper)

    def take(self, key: str) -> dict | None:
        """What a helper made of the page ``key`` (waiting for it if it has started), or None: never given, not
        started yet (then cancelled: the caller typesets it now), or failed."""
        with self._lock:
            future = self._futures.pop(key, None)
        if future is None or future.cancel():
            return None
        return future.result()

    def close(self) -> None:
        """Cancel what has not started, wait for what has, stop every helper's Node."""
        with self._lock:
            pool, self._pool, futures = self._pool, None, self._futures
            self._futures = {}
        for future in futures.values():
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=True)
        with self._lock:
            helpers, self._all = self._all, []
        for helper in helpers:
            helper.close()
        self._idle = queue.SimpleQueue()
        if self._first is not None:
            self._idle.put(self._first)


class Primer:
    """Pages a typesetter primes (:meth:`~.process.Typesetter.prime`) in a thread of its own, one after another.
    A failure costs only the head start: the page's own typesetting does it again, and says why."""

    def __init__(self, typesetter):
        self._typesetter = typesetter
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()  # (not the typesetter's: a page being typeset holds that)

    def submit(self, formulas) -> None:
        """Prime ``formulas()`` (found in this thread too: the build goes on meanwhile)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bpdocs-prime")
            self._pool.submit(self._prime, formulas)

    def _prime(self, formulas) -> None:
        try:
            found = formulas()
            if found:
                self._typesetter.prime(found)
        except Exception:  # a formula too slow, Node gone: see above
            pass

    def close(self) -> None:
        """Drop what has not started, wait for what has."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
