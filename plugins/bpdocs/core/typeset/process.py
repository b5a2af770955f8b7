"""MathJax 3 in a long-lived Node process (``static/typeset.js``): started when first needed, one page of
formulas per request, answers read with a timeout; a failure of Node as a whole is a :class:`TypesetError`."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

from ..errors import BPDocsError
from ..run.cache import Cache, chain_key
from ..static import MATHJAX_VERSION, STATIC, VENDOR_MATHJAX

SCRIPT = STATIC / "typeset.js"
NODE_FILES = [VENDOR_MATHJAX / name for name in ("node-main.js", "input/tex.js", "output/svg.js")]
CONFIG = "tags=ams;fontCache=global;noundefined=off;assistive-mml;links=html"  # part of every cache key
START_TIMEOUT, PAGE_TIMEOUT = 60.0, 120.0  # seconds: MathJax's start-up, one page's formulas


def unavailable() -> str | None:
    """Why math cannot be typeset at build time on this machine, or None if it can."""
    if shutil.which("node") is None:
        return "Node.js is not on this machine (PATH)"
    missing = [str(p) for p in NODE_FILES if not p.is_file()]
    if missing:
        return f"MathJax's Node components are not in this bpdocs installation ({missing[0]} is missing)"
    return None


class TypesetError(BPDocsError):
    """Node or MathJax failed as a whole (not one formula): located at the page being typeset, if any."""

    def __init__(self, message: str):
        super().__init__(f"{message}; set the bpdocs option typeset: browser to typeset math in the "
                         "browser instead")


class Typesetter:
    """``node static/typeset.js``, started when first needed (a build whose math is all cached needs no
    Node at all), then kept for the build; answers one page of formulas per request."""

    def __init__(self, cache: Cache | None = None):
        self.cache = cache
        self.process: subprocess.Popen | None = None
        self._ids = 0
        self._lock = threading.Lock()
        self._ready: dict | None = None

    def start(self) -> None:
        """Start Node now (it takes a moment), without waiting for it."""
        if self.process is None:
            self.process = subprocess.Popen(["node", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True, start_new_session=True)

    def ready(self) -> dict:
        """The first line: MathJax's version and stylesheet (starts Node, and waits for it)."""
        if self._ready is None:
            self.start()
            self._ready = self._read(START_TIMEOUT, "start")
            if not self._ready.get("ready"):
                raise TypesetError(f"MathJax in Node did not start: {self._ready}")
        return self._ready

    def css(self) -> str:
        """MathJax's stylesheet for this output (from the cache when it has it, else from Node)."""
        key = chain_key("mathjax-css", MATHJAX_VERSION, CONFIG)
        stored = self.cache.get(key) if self.cache is not None else None
        if stored and isinstance(stored.get("css"), str):
            return stored["css"]
        css = self.ready()["css"]
        if self.cache is not None:
            self.cache.put(key, {"css": css})
        return css

    def _read(self, timeout: float, what: str) -> dict:
        result: list = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not result or not result[0]:
            hung = not result
            if hung:  # stop it (which ends the reader's readline) before reading what it said
                self.process.kill()
            self.process.wait()
            reader.join()
            stderr = self.process.stderr.read()[-2000:].strip()
            self.close()
            raise TypesetError(f"MathJax in Node did not {what} in time" if hung else
                               f"MathJax in Node ended (exit status {self.process.returncode}): {stderr}")
        try:
            return json.loads(result[0])
        except json.JSONDecodeError:
            self.close()
            raise TypesetError(f"MathJax in Node answered something that is not JSON: {result[0][:200]!r}") from None

    def typeset(self, formulas: list[tuple[str, bool]]) -> dict:
        """``{"results": [{"html", "error"}, ...], "defs": the page's glyphs}`` for one page's formulas."""
        with self._lock:
            self.ready()
            self._ids += 1
            try:
                self.process.stdin.write(json.dumps({"id": self._ids, "formulas": formulas}) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                raise TypesetError("MathJax in Node is gone") from None
            return self._read(PAGE_TIMEOUT, "answer")

    def close(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # end of input: Node finishes and exits
                self.process.wait(timeout=5)
            except (BrokenPipeError, subprocess.TimeoutExpired, ValueError):
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except (BrokenPipeError, OSError):  # unsent input to a Node that is gone
                pass
