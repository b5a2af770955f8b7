"""The typesetter in Node (``static/typeset.js``: MathJax 3 or KaTeX): started when first needed, one page of
formulas per request, each formula timed on its own. Every line Node answers is checked before it is used; a
failure of Node as a whole, or an answer that is not what was asked, is a :class:`TypesetError`."""

from __future__ import annotations

import functools
import json
import os
import queue
import shutil
import subprocess
import threading
import time

from ..errors import BPDocsError
from ..run.cache import Cache, chain_key
from ..static import KATEX_VERSION, MATHJAX_VERSION, STATIC, VENDOR_KATEX, VENDOR_MATHJAX
from .ahead import Ahead, Primer
from .answers import invalid_answer, keep_tail, pump
from .kept import KeptPages
from .settings import DEFAULT_TEX, TeXSettings

SCRIPT = STATIC / "typeset.js"
ENGINE_FILES = {
    "mathjax": [VENDOR_MATHJAX / "mathjax-node.js"],  # (MathJax for Node, one file: see static/bundling/)
    "katex": [VENDOR_KATEX / "katex.min.js"],
}
VERSIONS = {"mathjax": MATHJAX_VERSION, "katex": KATEX_VERSION}
START_TIMEOUT = 60.0  # seconds: MathJax's start-up (a formula's own limit is the `tex` option's timeout)
PROGRESS_POLL = 0.25  # seconds: how often a page's progress is looked at while Node typesets it


def unavailable(renderer: str = "mathjax") -> str | None:
    """Why math cannot be typeset (nor its TeX checked) at build time on this machine, or None if it can."""
    if shutil.which("node") is None:
        return "Node.js is not on this machine (PATH)"
    missing = [str(p) for p in ENGINE_FILES[renderer] if not p.is_file()]
    if missing:
        name = "MathJax for Node is" if renderer == "mathjax" else "KaTeX is"
        return f"{name} not in this bpdocs installation ({missing[0]} is missing)"
    return None


@functools.lru_cache(maxsize=8)
def engine_key(settings: TeXSettings) -> str:
    """What every formula's result depends on besides its page: the renderer and its version, the settings,
    and the scripts that drive it (a part of every cache key of typeset math)."""
    scripts = [SCRIPT, STATIC / "mathjax-safe.js", STATIC / f"typeset-{settings.renderer}.js"]
    return chain_key("typeset", settings.renderer, VERSIONS[settings.renderer], settings.key(),
                     *(path.read_text(encoding="utf-8") for path in scripts))


class TypesetError(BPDocsError):
    """Node or MathJax failed as a whole (not one formula): located at the page being typeset, if any."""

    def __init__(self, message: str):
        super().__init__(f"{message}; set the bpdocs option typeset: browser to typeset math in the "
                         "browser instead")


class FormulaTimeout(Exception):
    """Formula ``index`` of the page took longer than the ``tex`` option's timeout (Node was stopped)."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


class Typesetter:
    """``node static/typeset.js``, started when first needed (a build whose math is all cached needs no Node at
    all), then kept for the build; answers one page of formulas per request."""

    def __init__(self, cache: Cache | None = None, settings: TeXSettings = DEFAULT_TEX, helpers: int = 0,
                 memo: bool = True):
        self.cache = cache
        self.settings = settings
        self.memo = memo  # Node typesets a formula that does not depend on its page once (typeset-mathjax.js)
        self.formulas_typeset = 0  # by Node, not taken from its memo
        self.helpers = helpers  # threads that typeset pages ahead, the first in this Node: see .ahead
        self._ahead = Ahead(lambda: Typesetter(None, settings, memo=memo), helpers, first=self) \
            if helpers > 0 else None
        self.process: subprocess.Popen | None = None
        self._progress: int | None = None  # the pipe Node writes "n\n" to before it typesets formula n
        self._at = 0  # the formula Node said it began last
        self._ids = 0
        self._lock = threading.RLock()  # one request at a time (a page typeset ahead, the build's own)
        self._ready: dict | None = None
        self._lines: queue.Queue = queue.Queue()
        self._stderr: list[str] = []
        self._stderr_reader: threading.Thread | None = None
        self._kept = KeptPages()
        self._primer = Primer(self)
        self.timed_out: set[tuple] = set()  # primes that took too long: their formulas, up to the slow one

    def kept(self, key: str, cache: Cache) -> dict | None:
        """A page's typeset formulas made before: by this typesetter (the builds of a serve loop share one), or
        found in ``cache`` (see :mod:`.kept`)."""
        return self._kept.get(key, cache)

    def is_kept(self, key: str, cache: Cache) -> bool:
        """Whether :meth:`kept` has the page ``key`` (a quick look: in memory, or a file in the cache)."""
        return self._kept.has(key, cache)

    def ahead(self, key: str, typeset) -> None:
        """Have a helper call ``typeset(helper)`` for the page ``key`` now; :meth:`taken_ahead` gets the result."""
        if self._ahead is not None:
            self._ahead.submit(key, typeset)

    def taken_ahead(self, key: str) -> dict | None:
        """What a helper made of the page ``key`` (see :meth:`ahead`), or None."""
        return self._ahead.take(key) if self._ahead is not None else None

    def keep(self, key: str, page: dict, cache: Cache) -> None:
        """Store a page's typeset formulas in ``cache``, and in memory for the next build of this process."""
        self._kept.put(key, page, cache)

    def start(self) -> None:
        """Start Node now (it takes a moment), without waiting for it; again if it was stopped. A Node that ends at
        once (a NODE_OPTIONS it rejects) is said by the first call that waits for it, as the build's error."""
        with self._lock:
            try:
                self._start()
            except TypesetError:  # ended before it was configured: ready() starts it again, and says why it ends
                pass

    def _start(self) -> None:
        if self.process is not None and self.process.returncode is None:
            return
        self._ready = None
        self._close_progress()
        # Progress goes to a pipe of its own, looked at only while a page takes time: a line to read and a
        # wake-up of the build for every formula are CPU that a cold build, every core busy, does not have
        self._progress, progress = os.pipe()
        os.set_blocking(self._progress, False)
        try:
            self.process = subprocess.Popen(["node", str(SCRIPT), str(progress)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                            encoding="utf-8", start_new_session=True, pass_fds=(progress,))
        finally:
            os.close(progress)
        self._lines = queue.Queue()
        self._stderr = []
        process, lines, stderr = self.process, self._lines, self._stderr
        threading.Thread(target=pump, args=(process.stdout, lines.put), daemon=True).start()
        self._stderr_reader = threading.Thread(target=pump, args=(process.stderr, lambda l: keep_tail(stderr, l)),
                                               daemon=True)
        self._stderr_reader.start()
        self._send({"configure": {**self.settings.engine(), "memo": self.memo}})

    def ready(self) -> dict:
        """The first answer: the renderer's version and stylesheet (starts Node, and waits for it)."""
        ready = self._ready
        if ready is not None:
            return ready
        with self._lock:
            if self._ready is None:
                self._start()
                ready = self._read(START_TIMEOUT, "start")
                if ready.get("ready") is not True or not isinstance(ready.get("css"), str):
                    self._stop()
                    raise TypesetError(f"MathJax in Node did not start: {str(ready)[:200]}")
                self._ready = ready
            return self._ready

    def css(self, wait: bool = True) -> str | None:
        """MathJax's stylesheet for this output (from the cache when it has it, else from Node). With
        ``wait=False``, None when Node has to make it: Node is started, not waited for (ask again later)."""
        key = chain_key("mathjax-css", engine_key(self.settings))
        stored = self.cache.get(key) if self.cache is not None else None
        if stored and isinstance(stored.get("css"), str):
            return stored["css"]
        if not wait:
            self.start()
            return None
        css = self.ready()["css"]
        if self.cache is not None:
            self.cache.put(key, {"css": css})
        return css

    def typeset(self, formulas: list[tuple[str, bool]], skip: dict[int, str] | None = None) -> dict:
        """``{"results": [{"html", "error", ...}, ...], "defs": the page's glyphs}`` for one page's formulas.

        A formula in ``skip`` is not typeset (it shows its message as an error). Raises :class:`FormulaTimeout`
        when one formula takes longer than the ``tex`` timeout (Node is stopped; the next call starts it again)."""
        return self._ask(formulas, {"skip": {str(n): m for n, m in (skip or {}).items()}}, len(formulas))

    def prime(self, formulas: list[tuple[str, bool]]) -> None:
        """Typeset ``formulas`` as one page into Node's memo only, nothing back: a page whose cells still run
        (its Markdown's formulas, known before its outputs), so that its typesetting at the end of a cold build
        takes them from the memo. The memo keeps only results that do not depend on their page, keyed by the
        page's definitions before them: a page typeset after this is the same, byte for byte. A formula that
        takes longer than the ``tex`` timeout is remembered (:attr:`timed_out`, with the formulas before it): a
        page that reads the same up to it skips it, not waiting for it again (:meth:`too_slow_when_primed`)."""
        try:
            self._ask(formulas, {"prime": True}, 0)
        except FormulaTimeout as slow:
            self.timed_out.add(tuple((tex, display) for tex, display in formulas[:slow.index + 1]))
            raise

    def too_slow_when_primed(self, formulas: list[tuple[str, bool]]) -> list[int]:
        """Which of a page's ``formulas`` took too long when primed after the very same formulas (the same TeX
        document up to it: slow then, as slow now). The same TeX after others (another page, or outputs and
        numbered equations a prime did not have) may define it otherwise: it is typeset as without the prime."""
        if not self.timed_out:
            return []
        page = [(tex, display) for tex, display in formulas]
        return sorted({len(prefix) - 1 for prefix in self.timed_out if tuple(page[:len(prefix)]) == prefix})

    def prime_later(self, formulas) -> None:
        """:meth:`prime` of ``formulas()`` in a thread of its own (see :class:`.ahead.Primer`)."""
        self._primer.submit(formulas)

    def _ask(self, formulas: list[tuple[str, bool]], extra: dict, results: int) -> dict:
        with self._lock:
            self.ready()
            self._ids += 1
            request = self._ids
            self._send({"id": request, "formulas": formulas, **extra})
            at, since = 0, time.monotonic()  # the formula being typeset, and since when
            while True:
                try:
                    answer = self._read(min(PROGRESS_POLL, self.settings.timeout), "answer")
                except _Timeout:
                    if self._progressed(len(formulas)):
                        at, since = self._at, time.monotonic()
                    elif time.monotonic() - since >= self.settings.timeout:
                        self._stop(kill=True)  # busy in one formula: it would not read the end of its input
                        raise FormulaTimeout(at) from None
                    continue
                self._progressed(len(formulas))
                problem = invalid_answer(answer, request, results)
                if problem:
                    self._stop()
                    raise TypesetError(f"MathJax in Node answered something unexpected ({problem}): "
                                       f"{json.dumps(answer)[:200]}")
                return answer

    def _progressed(self, count: int) -> bool:
        """Whether Node began another formula since this was last asked (then ``_at`` is the one it is on)."""
        try:
            lines = os.read(self._progress, 1 << 20).split()  # (more than a pipe holds: all there is)
        except BlockingIOError:
            return False
        if not lines:
            return False
        self.formulas_typeset += len(lines)
        if not lines[-1].isdigit() or not 0 <= int(lines[-1]) < count:
            self._stop()
            raise TypesetError(f"MathJax in Node answered something unexpected (progress past the page's {count} "
                               f"formula(s)): {lines[-1][:200]!r}")
        self._at = int(lines[-1])
        return True

    def _send(self, message: dict) -> None:
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            raise self._ended() from None

    def _ended(self) -> TypesetError:
        """Why Node is gone: its exit status and the end of what it said on stderr."""
        self.process.wait()
        if self._stderr_reader is not None:
            self._stderr_reader.join(timeout=5)
        status, stderr = self.process.returncode, "".join(self._stderr)[-2000:].strip()
        self._stop()
        return TypesetError(f"MathJax in Node ended (exit status {status}): {stderr}")

    def _read(self, timeout: float, what: str) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            if what == "answer":
                raise _Timeout() from None
            self._stop(kill=True)
            raise TypesetError(f"MathJax in Node did not {what} in time") from None
        if line is None:  # Node's output ended: it exited
            raise self._ended()
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            self._stop()
            raise TypesetError(f"MathJax in Node answered something that is not JSON: {line[:200]!r}") from None

    def close(self) -> None:
        """Stop typesetting ahead (waiting for a page begun), then Node: the next page starts it again."""
        self._primer.close()
        if self._ahead is not None:
            self._ahead.close()
        self._stop()

    def _stop(self, kill: bool = False) -> None:
        """Stop Node (politely, by the end of its input, unless ``kill``; then not): the next page starts it
        again. (Pages typeset ahead go on: this may be one of them, which failed.)"""
        process, self._ready = self.process, None
        self._close_progress()
        if process is None:
            return
        if process.poll() is None:
            try:
                if kill:
                    raise ValueError("stopped at once")
                process.stdin.close()  # end of input: Node finishes and exits
                process.wait(timeout=5)
            except (BrokenPipeError, subprocess.TimeoutExpired, ValueError, OSError):
                process.kill()
                process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            try:
                stream.close()
            except (BrokenPipeError, OSError, ValueError):  # unsent input to a Node that is gone
                pass


    def _close_progress(self) -> None:
        if self._progress is not None:
            os.close(self._progress)
            self._progress = None


class _Timeout(Exception):
    pass
