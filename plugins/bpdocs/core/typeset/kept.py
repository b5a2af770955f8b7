"""Pages of typeset formulas a typesetter keeps in memory, besides the cache: the builds of a serve loop share one
typesetter, and its next build takes a page it made without reading the cache again. Bounded (the least recently
used go first); nothing is kept for a disabled cache, so that every build then typesets anew."""

from __future__ import annotations

import collections
import threading

from ..run.cache import Cache

KEPT_CHARACTERS = 32 << 20  # typeset formulas kept in memory for the next build of a serve loop


class KeptPages:
    def __init__(self, limit: int = KEPT_CHARACTERS):
        self.limit = limit
        self._pages: collections.OrderedDict[str, tuple[dict, int]] = collections.OrderedDict()  # key: page, size
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str, cache: Cache) -> dict | None:
        """The page ``key`` made before: kept here, or found in ``cache``."""
        if not cache.enabled:
            return None
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                cache.use(key)  # (not read again from the cache, but still what this build needs)
                return self._pages[key][0]
        page = _page_from_texts(cache.get_texts(key))
        if page is not None:
            self._remember(key, page)
        return page

    def has(self, key: str, cache: Cache) -> bool:
        """Whether :meth:`get` has the page ``key`` (a quick look: in memory, or a file in the cache)."""
        with self._lock:
            if key in self._pages:
                return True
        return cache.has(key, ".texts")

    def put(self, key: str, page: dict, cache: Cache) -> None:
        """Store a page in ``cache`` (its HTML as texts: SVG as JSON strings, every quote escaped, took 8 ms a
        megabyte to read), and here for the next build of this process."""
        results = [{name: value for name, value in result.items() if name != "html"} for result in page["results"]]
        cache.put_texts(key, {"results": results}, [page["defs"], *(result["html"] for result in page["results"])])
        if cache.enabled:
            self._remember(key, page)

    def _remember(self, key: str, page: dict) -> None:
        size = len(page.get("defs", "")) + sum(len(result.get("html", "")) for result in page.get("results", ()))
        with self._lock:
            if key not in self._pages:
                self._pages[key], self._size = (page, size), self._size + size
            while self._size > self.limit and len(self._pages) > 1:
                self._size -= self._pages.popitem(last=False)[1][1]


def _page_from_texts(stored: tuple[dict, list[str]] | None) -> dict | None:
    """A page of typeset formulas as :meth:`KeptPages.put` stored it (its HTML as texts), or None."""
    if stored is None:
        return None
    data, texts = stored
    results = data.get("results")
    if not isinstance(results, list) or len(texts) != len(results) + 1 or \
            not all(isinstance(result, dict) for result in results):
        return None
    return {"defs": texts[0], "results": [{**result, "html": html} for result, html in zip(results, texts[1:])]}
