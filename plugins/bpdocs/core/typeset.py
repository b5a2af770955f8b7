"""Math typeset when the site is built: MathJax 3 in a long-lived Node process (``static/typeset.js``).

Every formula of a page (arithmatex's ``\\( \\)`` and ``\\[ \\]`` elements, in the final HTML: fence
outputs and inline values included) goes to Node as one TeX document, so ``\\label`` and ``\\eqref``
work across the page; each comes back as SVG with its assistive MathML. Results are cached by the
formulas, the MathJax version and its configuration. The page then needs no MathJax in the browser.
Generator-independent: HTML in, HTML out.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass

from .cache import Cache, chain_key
from .errors import AuthoringError, BPDocsError
from .static import MATHJAX_VERSION, STATIC, VENDOR_MATHJAX

SCRIPT = STATIC / "typeset.js"
NODE_FILES = [VENDOR_MATHJAX / name for name in ("node-main.js", "input/tex.js", "output/svg.js")]
MATH = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.S)
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
CONFIG = "tags=ams;fontCache=global;noundefined=off;assistive-mml;links=html"  # part of every cache key
SVG_LINK = re.compile(r'<a href="(#[^"]*)">(.*?)</a>', re.S)
START_TIMEOUT, PAGE_TIMEOUT = 60.0, 120.0  # seconds: MathJax's start-up, one page's formulas


def html_links(container: str) -> str:
    """MathJax's links (``\\eqref``) as HTML links: an SVG ``<a>`` has a read-only ``href``, which scripts
    that rewrite every ``a[href]`` (Material's instant navigation) fail on. A formula with one link
    becomes that link; with several, they stay marked (``data-href``) but are not links."""
    targets = SVG_LINK.findall(container)
    if not targets:
        return container
    plain = SVG_LINK.sub(lambda m: f'<g data-href="{m[1]}">{m[2]}</g>', container)
    if len({href for href, _ in targets}) == 1:
        return f'<a class="bpdocs-ref" href="{targets[0][0]}">{plain}</a>'
    return plain


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


@dataclass
class PageMath:
    html: str
    formulas: int
    cached: bool
    errors: list[BPDocsError]  # formulas MathJax refused (left as TeX, marked), located in the page source


def formulas_of(page_html: str) -> list[tuple[str, bool]]:
    """Each arithmatex formula of the page: its TeX (unescaped, without delimiters) and whether it is display."""
    found = []
    for match in MATH.finditer(page_html):
        opening, closing = DELIMITERS[match["tag"]]
        body = html.unescape(match["body"]).strip()
        if body.startswith(opening) and body.endswith(closing):
            body = body[len(opening):-len(closing)]
        found.append((body.strip(), match["tag"] == "div"))
    return found


def line_of(tex: str, source: str) -> int:
    """The 1-based line of the page source where ``tex`` (its first line) is written; 1 if it is not there."""
    first = next((line.strip() for line in tex.splitlines() if line.strip()), tex)
    for number, line in enumerate(source.splitlines(), start=1):
        if first and first in line:
            return number
    return 1


def typeset_page(page_html: str, *, typesetter: Typesetter, cache: Cache, page_path: str, source: str) -> PageMath:
    """``page_html`` with every formula typeset. A formula MathJax refuses stays TeX, marked, and is an error
    located at its line of the page source (the caller fails the build with it, or shows it while serving)."""
    formulas = formulas_of(page_html)
    if not formulas:
        return PageMath(page_html, 0, True, [])
    key = chain_key("mathjax", MATHJAX_VERSION, CONFIG, json.dumps(formulas))
    page = cache.get(key)
    cached = page is not None and len(page.get("results", ())) == len(formulas) and "defs" in page
    if not cached:
        try:
            page = typesetter.typeset(formulas)
        except TypesetError as exc:
            raise exc.at(page_path, line_of(formulas[0][0], source)) from None
    results = page["results"]
    errors = []
    for (tex, _), result in zip(formulas, results):
        if result["error"]:
            shown = tex if len(tex) <= 80 else tex[:77] + "..."
            errors.append(AuthoringError(f"MathJax could not typeset {shown!r}: {result['error']}").at(
                page_path, line_of(tex, source)))
    if not cached and not errors:
        cache.put(key, page)
    pieces = iter(results)
    glyphs = [page["defs"]]  # the page's glyphs, once, with its first formula

    def replace(match: re.Match) -> str:
        result = next(pieces)
        if result["error"]:
            return f'<{match["tag"]} class="arithmatex bpdocs-math-error" title="{html.escape(result["error"])}">' \
                   f'{match["body"]}</{match["tag"]}>'
        return f'<{match["tag"]} class="arithmatex">{glyphs.pop() if glyphs else ""}{html_links(result["html"])}' \
               f'</{match["tag"]}>'

    return PageMath(MATH.sub(replace, page_html), len(formulas), cached, errors)


__all__ = ["BPDocsError", "PageMath", "TypesetError", "Typesetter", "formulas_of", "typeset_page", "unavailable"]
