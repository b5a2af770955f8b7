"""One page through the pipeline: check fences, plan and start cells, assemble, fill in.

:func:`start` runs at ``on_page_markdown``: it starts (or picks up) the
page's run and returns the Markdown with placeholders. At ``on_page_content``
the page is filled in (:meth:`PageJob.fill`, and :meth:`PageJob.reader_markdown`
for plugins that read its Markdown) if the run is done, or if a later handler
reads the page there (then it waits for the run); else its values and fence
outputs, HTML comments until then, are filled in before the search plugins read
the page, so MkDocs converts every page while the fences run, and the index is
the same however early results arrive.
"""

from __future__ import annotations

import html
import json
import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from .assemble import NOT_RUN, Assembled, assemble, fence_html, inline_shown, page_salt
from .errors import AuthoringError, BPDocsError
from .run.executor import Executor, PageRun
from .run.plan import plan
from .attributes import (check_fence, checks_without_a_session, misspelt_attribute,
                         page_default_problem)
from .fences import PageScan, scan
from .frontmatter import LineMap
from .readermarkdown import reader_markdown
from .typeset.escape import fill_in_math
from .typeset.macros import expand, page_macros
from .typeset.settings import DEFAULT_TEX, TeXSettings



# Tokens as assemble.py makes them, each filled in one pass over the page (a page's hundred outputs replaced one
# after another read its HTML a hundred times); a token of another page or build is left as it is.
INLINE_TOKEN = re.compile(r"bpdocsinline\d+x[0-9a-f]{32}")
OUTPUT_TOKEN = re.compile(r"<!--(bpdocsout\d+(?:n\d+)?x[0-9a-f]{32})-->")
OUTPUT_KEY = re.compile(r"bpdocsout(\d+)")  # (the key of the token's fence)
OUTPUT_WRAPPER = '<div class="bpdocs-output">'  # around every output token (see placeholder_token)
# A placeholder that ends a blockquote comes out of superfences in a paragraph, "<p><div ...>\n</p>", and one that
# ends a footnote gets the footnote's link back in its paragraph: a block in a paragraph, which the browser
# splits (an empty paragraph after the output). Unwrapped when filled, the links back (one for each reference to
# the footnote) in a paragraph of their own.
IN_A_PARAGRAPH = re.compile(r"<p>(" + re.escape(OUTPUT_WRAPPER) + r"<!--bpdocsout[0-9a-fnx]+--></div>)"
                            r"(?:\s*|(?:&#160;)?((?:<a class=\"footnote-backref\"[^>]*>[^<]*</a>)+))</p>")


@dataclass
class PageJob:
    page_path: str
    assembled: Assembled
    future: Future
    errors: list[BPDocsError]
    run: PageRun | None = None
    equations: int = 0  # checked equations on the page
    code: tuple[tuple[int, int | None], ...] = ()  # the 0-based lines of each fenced block: (opening, closing)
    lines: dict[str, int] = field(default_factory=dict)  # cell id -> the line of its fence (see notes)
    fence_lines: dict[int, int] = field(default_factory=dict)  # a fence's key (in its output token) -> its line
    notes: list[str] = field(default_factory=list)  # located caveats of its results (:meth:`finish` makes them)
    _finished: list[BPDocsError] | None = None
    _last_fill: tuple[str, str] | None = field(default=None, repr=False, compare=False)  # (see fill)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)  # (see finish)

    @property
    def salt(self) -> str:
        """What every token of this page ends with (new on every build: see :func:`~bpdocs.core.assemble.token_salt`)."""
        return self.assembled.salt

    def finish(self) -> list[BPDocsError]:
        """Wait for the run if needed, fill what was left for later; return the errors by line.

        Idempotent: a second call returns the same errors without doing anything. Thread-safe: a page typeset
        ahead (:mod:`bpdocs.core.typeset.ahead`) is filled in the thread that ran it.
        """
        with self._lock:
            return self._finish()

    def _finish(self) -> list[BPDocsError]:
        if self._finished is not None:
            return self._finished
        if self.run is None:
            self.run = self.future.result()
        for token, (fence, hidden) in self.assembled.deferred.items():
            result = self.run.results.get(fence.cell_id, NOT_RUN)
            self.assembled.blocks[token] = fence_html(fence, result, page_salt(self.page_path), hidden=hidden)
        for token, cell_id in self.assembled.inline_cells.items():
            if self.assembled.inline_values[token] is None:
                self.assembled.inline_values[token] = inline_shown(self.run.results.get(cell_id, {}))
        self._finished = sorted(self.errors + self.run.errors, key=lambda e: e.line or 0)
        self.notes = [f"{self.page_path}:{self.lines[cell_id]}: {item['caveat']}"  # (a check's: see mathcheck.caveats)
                      for cell_id, result in self.run.results.items() if cell_id in self.lines
                      for item in result.get("outputs") or () if isinstance(item, dict) and item.get("caveat")]
        return self._finished

    def inline_texts(self) -> dict[str, str]:
        """Each inline value's token and its text (waiting for the run)."""
        self.finish()
        return {token: str(value) for token, value in self.assembled.inline_values.items()}

    def reader_markdown(self) -> str:
        """The page's Markdown with its values in place and no placeholder (waits for the run): what plugins that
        read ``page.markdown`` after the page was converted (an RSS feed) must see (see :mod:`.readermarkdown`)."""
        values = self.inline_texts()  # (the run finished: every block is known)
        outputs = {token: f"{OUTPUT_WRAPPER}{block}</div>" if block else ""
                   for token, block in self.assembled.blocks.items()}
        return reader_markdown(self.assembled.markdown, values, INLINE_TOKEN, outputs)

    def fill_inline(self, html_text: str) -> str:
        """Inline values into HTML (waiting for the run only if one is still missing); inside math, as TeX text."""
        if None in self.assembled.inline_values.values():
            self.finish()
        values = self.assembled.inline_values
        if not values:
            return html_text
        html_text = fill_in_math(html_text, {t: str(v) for t, v in values.items()})
        escaped = {token: html.escape(str(value)) for token, value in values.items()}
        return INLINE_TOKEN.sub(lambda m: escaped.get(m[0], m[0]), html_text)

    def lost_outputs(self, html_text: str) -> list[str]:
        """Where a fence's output has no place in ``html_text``, the page as its Markdown made it: something removed
        the placeholder (an HTML comment) before it was filled, and the output would be lost without a word."""
        present = set(OUTPUT_TOKEN.findall(html_text))
        keys = {int(OUTPUT_KEY.match(token)[1]) for token, block in self.assembled.blocks.items()
                if block != "" and token not in present}
        return [f"{self.page_path}:{line}: this fence's output did not reach the page: a Markdown extension or a "
                "plugin removed its placeholder, an HTML comment, from the page's HTML before bpdocs filled it"
                for line in sorted(self.fence_lines.get(key, 0) for key in keys)]

    def fill(self, html_text: str) -> str:
        """Every token of this page in ``html_text``: inline values and fence outputs (waits for the run). The
        same text filled again (the page typeset ahead, then read by search) is answered from the last fill."""
        self.finish()
        last = self._last_fill
        if last is not None and last[0] is html_text:
            return last[1]
        filled = self.fill_inline(html_text)
        blocks = self.assembled.blocks
        if blocks:
            filled = IN_A_PARAGRAPH.sub(lambda m: m[1] + (f"\n<p>{m[2]}</p>" if m[2] else ""), filled)
            for token in [token for token, block in blocks.items() if not block]:
                # an empty block (a fence that hides its output and did not fail, or printed nothing) goes with
                # its wrapper: nothing is left of it on the page
                filled = filled.replace(f"{OUTPUT_WRAPPER}<!--{token}--></div>", "")
            filled = OUTPUT_TOKEN.sub(lambda m: (blocks[m[1]] or "") if m[1] in blocks else m[0], filled)
        self._last_fill = (html_text, filled)
        return filled


def can_render_before_results(page_scan: PageScan) -> bool:
    """Whether the page's HTML can be made before its fences finish.

    Not when a fence emits Markdown (it must go through the page's Markdown). (A fence that hides its output
    has a placeholder all the same, where its error would show.)
    """
    return not any(fence.executes and "show_markdown" in fence.source for fence in page_scan.fences)


def converted_after_results(markdown: str, page_scan: PageScan) -> bool:
    """Whether a generator must wait for the page's results before (or while) converting it: a fence writes
    Markdown, or a value is in a heading (``#`` lines: its text makes the heading's anchor and the table of
    contents). Only the order pages run in depends on it."""
    if not can_render_before_results(page_scan):
        return True
    return any(markdown[markdown.rfind("\n", 0, value.span[0]) + 1:].lstrip(" ").startswith("#")
               for value in page_scan.inline)


@dataclass
class PagePlan:
    """A page's fences checked and its cells planned, before anything runs."""

    scan: PageScan
    errors: list[BPDocsError]
    early: dict[str, dict]  # results known without running: the fences with bad attributes
    sessions: dict


PAGE_DEFAULTS = {"bpdocs_check": "check", "bpdocs_activation": "activation", "bpdocs_notation": "notation",
                 "bpdocs_loss": "loss", "bpdocs_biases": "biases"}
PAGE_SETTINGS = (*PAGE_DEFAULTS, "bpdocs_typeset")


def unknown_settings(meta: dict, page_path: str, source: str = "") -> list[BPDocsError]:
    """A front-matter key that looks like a page setting of bpdocs' but is none (``bpdocs_chek``: every check of
    the page silently off), an error at its line of ``source`` (the page's file; else the front matter's start)."""
    import difflib

    errors = []
    names = {name.split("_", 1)[1]: name for name in PAGE_SETTINGS}  # (compared without the prefix)
    for key in (k for k in meta if isinstance(k, str) and k.lower().startswith("bpdoc") and k not in PAGE_SETTINGS):
        close = [names[n] for n in difflib.get_close_matches(key.lower().partition("_")[2], names, n=1, cutoff=0.7)]
        errors.append(AuthoringError(f"{key} (front matter) is not a page setting of bpdocs: " + (
            f"did you mean {close[0]}?" if close else f"they are {', '.join(PAGE_SETTINGS)}")).at(
            page_path, _line_of(key, source)))
    return errors


def _line_of(key: str, source: str) -> int:
    """The line of the page's file where a front-matter key is written (1, the front matter's, if not found)."""
    return next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith(key)), 1)


def math_left_alone(meta: dict, source: str, page_path: str) -> bool:
    """Whether the page says ``bpdocs_typeset: off``: its math is left as its Markdown extensions wrote it, neither
    typeset nor checked, for another tool to render (a hook that renders Typst math, say). ``build`` (or nothing)
    typesets it as the site does; another value is an error at its line of the front matter."""
    value = meta.get("bpdocs_typeset")
    if value is None or value is True or str(value).strip().lower() in ("build", "on"):
        return False
    if value is False or str(value).strip().lower() == "off":  # (YAML reads a bare off as false)
        return True
    raise AuthoringError(f"bpdocs_typeset: {value!r} is not one of: build, off").at(page_path,
                                                                                 _line_of("bpdocs_typeset", source))


def left_alone(meta: dict, source: str, page_path: str) -> tuple[bool, list[BPDocsError]]:
    """:func:`math_left_alone`, and the error of a value that is not one (the page is then typeset, as without it)."""
    try:
        return math_left_alone(meta, source, page_path), []
    except BPDocsError as exc:
        return False, [exc]


def with_page_defaults(page_scan: PageScan, meta: dict, page_path: str = "", source: str = "",
                       errors: list | None = None) -> PageScan:
    """The page's ``bpdocs_check``, ``bpdocs_activation``, ``bpdocs_notation``, ``bpdocs_loss`` and
    ``bpdocs_biases`` as defaults of every ``math`` fence (a fence's own attributes win). A bad one is an error
    at its line of ``source`` (added to ``errors``), not at every equation, and is not applied."""
    defaults = {}
    for key, attribute in PAGE_DEFAULTS.items():
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, dict):
            value = json.dumps(value)
        elif isinstance(value, bool):
            value = "on" if value else "off"
        elif isinstance(value, (list, tuple)):  # bpdocs_check: [2-3, 3-2], as YAML lists them
            value = " ".join(map(str, value))
        problem = page_default_problem(attribute, str(value))
        if problem is not None and errors is not None:
            errors.append(AuthoringError(f"{key} (front matter): {problem}").at(page_path, _line_of(key, source)))
            continue
        defaults[attribute] = str(value)
    if not defaults:
        return page_scan
    page_scan.fences = [replace(f, attrs={**defaults, **f.attrs}) if f.lang == "math" and not f.is_listing else f
                        for f in page_scan.fences]
    return page_scan


def prepare(markdown: str, page_path: str, *, meta: dict, line_offset: int | LineMap, root_key: str,
            timeout: float, check_equations: bool = True, memory: int | None = None,
            output_limit: int | None = None, tex: TeXSettings = DEFAULT_TEX, leave_exec: bool = False,
            source: str = "") -> PagePlan:
    """``source``: the page's file, where an unknown page setting's line is found (see :func:`unknown_settings`)."""
    page_scan = scan(markdown, page_path, line_offset=line_offset,
                     display_math=check_equations and bool(meta.get("bpdocs_check")))
    if leave_exec:  # (markdown-exec runs them: exec_fences)
        page_scan.fences = [f for f in page_scan.fences if "exec" not in f.attrs or f.lang in ("bpnet", "math")]
    if not check_equations:  # displayed as written, unchecked
        page_scan.fences = [replace(f, attrs={**f.attrs, "check": "off"})
                            if f.lang == "math" and not f.is_listing else f
                            for f in page_scan.fences]
    errors, early = page_scan.errors + unknown_settings(meta, page_path, source), {}  # (bad fences: every one)
    if check_equations:
        page_scan = with_page_defaults(page_scan, meta, page_path, source, errors)
    for fence in page_scan.fences:
        misspelt = misspelt_attribute(fence)
        if misspelt is not None:
            errors.append(AuthoringError(misspelt).at(fence.page, fence.line))
            if fence.executes:
                early[fence.cell_id] = {"error": str(errors[-1])}
            continue
        if "exec" in fence.attrs or fence.is_diagram or fence.is_checked_math:
            try:
                check_fence(fence)
            except BPDocsError as exc:
                errors.append(exc)
                early[fence.cell_id] = {"error": str(exc)}
    for fence, error in checks_without_a_session([f for f in page_scan.fences if f.cell_id not in early]):
        errors.append(error)
        early[fence.cell_id] = {"error": str(error)}
    runnable = PageScan([f for f in page_scan.fences if f.cell_id not in early], page_scan.inline)
    if any(f.is_checked_math for f in runnable.fences):
        # the checker reads what the reader sees: the site's macros and the page's own, expanded
        macros = page_macros(markdown, tex.macros)
        runnable.fences = [replace(f, source=expand(f.source, macros), written=f.source) if f.is_checked_math else f
                           for f in runnable.fences]  # (shown as written)
    return PagePlan(page_scan, errors, early, plan(runnable, page_path, root_key, timeout, memory, output_limit))


def start(markdown: str, page_path: str, page_plan: PagePlan, *, default_show: str,
          executor: Executor, can_defer: bool = True) -> PageJob:
    """Start the page's run. With ``can_defer`` (and a page that allows it), return at once with
    outputs left for :meth:`PageJob.finish`; else wait, and assemble the results in."""
    page_scan, early = page_plan.scan, page_plan.early
    equations = sum(cell.kind == "math" for cells in page_plan.sessions.values() for cell in cells)
    code = tuple((fence.start, fence.end) for fence in page_scan.fences)
    lines = {cell.id: cell.anchor for cells in page_plan.sessions.values() for cell in cells}
    fence_lines = {fence.key: fence.line for fence in page_scan.fences}
    deferred = can_defer and can_render_before_results(page_scan)
    future = executor.start(page_path, page_plan.sessions, now=not deferred)
    if deferred and not future.done():
        assembled = assemble(markdown, page_scan, early, default_show=default_show,
                             page_id=page_path, deferred=True)
        return PageJob(page_path, assembled, future, page_plan.errors, equations=equations, code=code, lines=lines,
                       fence_lines=fence_lines)
    run = future.result()
    assembled = assemble(markdown, page_scan, {**run.results, **early}, default_show=default_show,
                         page_id=page_path)
    return PageJob(page_path, assembled, future, page_plan.errors, run, equations=equations, code=code, lines=lines,
                   fence_lines=fence_lines)


def placeholder_token(source: str, issued) -> str:
    """What the ``bpdocs-html`` fence leaves in the HTML: a token this build issued (``issued(token)``; a
    page's Markdown may be converted again elsewhere, as a blog's excerpts are), as a comment (invisible to
    search and the table of contents) in a block element, so that Markdown does not wrap it in a paragraph;
    anything else, even text shaped like a token, escaped."""
    token = source.strip()
    if issued(token):
        return f"{OUTPUT_WRAPPER}<!--{token}--></div>"
    return html.escape(source)
