"""One build of a site, whatever generates it: options, cache, worker, and a job per page.

Adapters (the MkDocs plugin, the Python-Markdown extension, ``bpdocs check``)
make one :class:`Build`, hand it each page's Markdown, and close it at the
end; nothing here knows which generator is asking.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, pages
from .assemble import assemble
from .pages import converted_after_results  # (by name: prefetch has a parameter called pages)
from .run.cache import Cache, chain_key, environment_key, site_cache, sources_digest
from .searchtext import search_html
from .errors import AuthoringError, BPDocsError, ExecutionError, SourceRemoved
from .run.executor import Executor
from .run.prune import Pruned, prune
from .fences import scan
from .frontmatter import LineMap
from .options import Options, job_count
from .run.servers import Servers
from .runorder import cell_cost, in_running_order
from .typeset.page import typeset_prime

# Imported once in the worker when some page to run draws (plots or bpnet diagrams).
PLOTTING_MODULES = ["matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_svg",
                    "bpdocs.core.diagrams.draw"]
# Located without importing: the generator's process never loads numpy or bpcore (the worker does).
_BPCORE = importlib.util.find_spec("bpcore")
if _BPCORE is None or _BPCORE.origin is None:  # (a broken environment: said, not an AttributeError of ours)
    raise ImportError("bpdocs needs bpcore, its engine, which is installed with it: install bpdocs again")
PACKAGES = [Path(__file__).resolve().parents[1], Path(_BPCORE.origin).parent]
# A page with none of these has nothing to run (a quick test before the real scan).
KEPT_TEXTS = 256  # pages' search texts a serve loop keeps in memory
log = logging.getLogger("bpdocs")  # adapters route it to their generator's log
MARKERS = ("exec=", "`{py", "```bpnet", "~~~bpnet", "check=", "bpdocs_check")


def read_page(path: Path, page_path: str) -> str:
    """A page's text; a page that is not UTF-8 is an :class:`AuthoringError` at the line of its first bad byte."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise AuthoringError(f"the page is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
                             ).at(page_path, line) from None


@dataclass
class Stats:
    pages: int = 0
    executed: int = 0
    cached: int = 0
    equations: int = 0
    formulas: int = 0  # typeset at build time
    formulas_cached: int = 0
    started: float = field(default_factory=time.perf_counter)
    wall_started: float = field(default_factory=time.time)  # (files written since have later times)

    def add(self, job: pages.PageJob) -> None:
        self.pages += 1
        self.executed += job.run.executed
        self.cached += job.run.cached
        self.equations += job.equations

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


class Build:
    """The state of one build: ``root`` is the site's folder (where ``mkdocs.yml`` is)."""

    def __init__(self, root: Path, options: Options, *, servers: Servers | None = None, plans: dict | None = None,
                 texts: dict | None = None, said: set | None = None, cache: Cache | None = None):
        """``cache``: the site's (:func:`site_cache`), if the adapter has opened it already; ``plans``, ``texts``
        and ``said`` (the notes logged): a serve loop's, kept from one build to the next."""
        self.root = Path(root).resolve()
        self.options = options
        self.cache = cache if cache is not None else site_cache(self.root, options)
        # Results depend on these options; the others only change how results are shown.
        digest = sources_digest(PACKAGES, self.cache)
        self.root_key = environment_key({"timeout": float(options.timeout),
                                         "check_equations": options.check_equations}, PACKAGES, digest)
        shared = servers is not None  # a serve loop's, kept from one build to the next
        servers = servers if shared else Servers(str(self.root))
        servers.use(digest)
        self.jobs = job_count(options.jobs)
        self.executor = Executor(self.cache, servers, self.jobs, own_servers=not shared)
        self.stats = Stats()
        self.plans = plans if plans is not None else {}  # page path -> (what it was planned from, plan)
        self.texts = texts if texts is not None else {}  # search text by key (a serve loop keeps them)
        self.said = said if said is not None else set()  # notes logged (a serve loop says each once)
        self.notes: list[str] = []  # the notes this build logged, in order (`bpdocs check` prints them)
        self.markdown_to_run: dict[str, str] = {}  # page path -> Markdown of each page prefetch started running
        self.unreadable: list[BPDocsError] = []  # pages that are not UTF-8, found by prefetch
        self.run_warnings: list[str] = []
        self.docs: Path | None = None  # the docs folder (see start_early)

    def page_path(self, abs_path: str | Path | None, made: str = "") -> str:
        """How errors name a page: its path from the site's folder, e.g. ``docs/index.md``; a page a plugin made
        (``abs_path`` None: an API reference's, a notebook's; or a file outside the site's and the docs' folders:
        mkdocs-gen-files writes its pages in a temporary one, gone after the build), its place in the site,
        ``made``."""
        if abs_path and made and self.elsewhere(abs_path):
            abs_path = None
        return os.path.relpath(abs_path, self.root) if abs_path else f"{made} (made by a plugin)"

    def elsewhere(self, abs_path: str | Path) -> bool:
        """Whether a page's file is outside the site's and the docs' folders (a plugin's temporary one)."""
        return all(os.path.relpath(abs_path, folder).startswith("..") for folder in (self.root, self.docs or self.root))

    def plan(self, markdown: str, page_path: str, *, meta: dict, line_offset: int | LineMap) -> pages.PagePlan:
        """The page's fences checked and its cells planned; the same page planned again (by :meth:`prefetch`, then
        for the generator; or by every build of a serve loop) is planned once."""
        try:
            inputs = (markdown, line_offset, json.dumps(meta, sort_keys=True, default=repr), self.root_key, self.options)
        except (TypeError, ValueError):  # front matter that is not data (keys of mixed types, a cycle): plan it anew
            inputs = None
        known = self.plans.get(page_path)
        if inputs is not None and known is not None and known[0] == inputs:
            return known[1]
        settings = any(isinstance(k, str) and k.lower().startswith("bpdoc") for k in meta)  # (lines, if wrong)
        planned = pages.prepare(markdown, page_path, meta=meta, root_key=self.root_key, line_offset=line_offset,
                                timeout=float(self.options.timeout),
                                check_equations=self.options.check_equations, memory=self.options.memory,
                                output_limit=self.options.output_limit, tex=self.options.tex,
                                leave_exec=self.options.exec_fences == "markdown-exec",
                                source=self._file_text(page_path) if settings else "")
        if inputs is not None:
            self.plans[page_path] = (inputs, planned)
        return planned

    def _file_text(self, page_path: str) -> str:
        try:
            return (self.root / page_path).read_text(encoding="utf-8", errors="replace")
        except OSError:  # (a page a plugin made)
            return ""

    def start_early(self, docs: Path) -> bool:
        """On a site's first build (no cache folder yet: a fresh clone, CI), where every cell runs, start the worker
        at once if a page of ``docs`` has anything to run, rather than when :meth:`prefetch` has the generator's
        list of pages: its imports (numpy, bpcore) are under way while the generator lists the site's files.
        (Another build looks in the cache first: one whose every cell is cached starts no worker.)"""
        self.docs = Path(docs)
        if not self.cache.enabled or self.cache.existed:
            return False
        for path in Path(docs).rglob("*.md"):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if any(marker in text for marker in MARKERS):
                self.executor.start_worker()
                return True
        return False

    def prefetch(self, pages: Path | Iterable[Path], *, sources: Iterable[Path] | None = None) -> list[str]:
        """Start running every page the cache cannot answer, before the generator renders anything, in the order
        given (the generator's: the page it needs first starts first); return those pages' paths.

        ``pages`` is a docs folder or a list of Markdown files; ``sources`` the folders no cell may delete from
        (by default the docs folder, or the folders of the pages given). A quick look at the source files;
        :meth:`page` uses a result only if the page's cells are still the same (a plugin may have changed them).
        """
        to_run = []
        files = sorted(Path(pages).rglob("*.md")) if isinstance(pages, (str, Path)) else list(pages)
        if sources is None:
            sources = [Path(pages)] if isinstance(pages, (str, Path)) else sorted({Path(f).parent for f in files})
        self.executor.sources = [os.path.relpath(folder, self.root) for folder in sources]
        for path in files:
            try:
                text = read_page(path, self.page_path(path))
            except AuthoringError as exc:
                self.unreadable.append(exc)
                continue
            except OSError:
                continue  # reported by the generator, which reads the page too
            if not any(marker in text for marker in MARKERS):
                continue
            markdown, meta = frontmatter.split(text)
            try:
                page_plan = self.plan(markdown, self.page_path(path), meta=meta,
                                      line_offset=frontmatter.lines_before(text, markdown))
            except BPDocsError:
                continue
            sessions = page_plan.sessions
            cost = sum(cell_cost(cell) for cells in sessions.values() for cell in cells if not self.cache.has(cell.key))
            if cost:
                self.markdown_to_run[self.page_path(path)] = markdown
                waits = converted_after_results(markdown, page_plan.scan)
                to_run.append((self.page_path(path), sessions, "matplotlib" in text or "bpnet" in text, cost, waits))
            else:
                self.executor.found_cached(self.page_path(path), sessions)
        if any(plots for _, _, plots, *_ in to_run):
            self.executor.preload(PLOTTING_MODULES)
        for page_path, sessions, *_ in in_running_order(to_run, self.jobs):
            self.executor.prefetch(page_path, sessions)
        return [page_path for page_path, *_ in to_run]

    def prime_math(self, typesetter) -> None:
        """In a site's first build (no cache folder yet: nothing typeset), have ``typesetter`` (if math is typeset)
        typeset the formulas of each page :meth:`prefetch` started running while its cells run (see
        :func:`.typeset.typeset_prime`)."""
        if typesetter is None or self.cache.existed:
            return
        for page_path, markdown in self.markdown_to_run.items():
            if typeset_prime(markdown, typesetter=typesetter):
                log.debug(f"{page_path}: its formulas are typeset ahead, while its cells run")

    def page(self, markdown: str, page_path: str, *, meta: dict, line_offset: int | LineMap = 0,
             can_defer: bool = True) -> pages.PageJob:
        """Start (or pick up) the page's run; the job holds the Markdown with placeholders.

        Raises :class:`BPDocsError` for a page whose fences cannot even be read (e.g. an unclosed quote).
        """
        page_plan = self.plan(markdown, page_path, meta=meta, line_offset=line_offset)
        self.say(map(str, page_plan.scan.notes))  # (a Quarto or MyST cell: said, not an error: the site built)
        for cells in page_plan.sessions.values():  # what is on a page is never pruned, run or not
            for cell in cells:
                self.cache.use(cell.key)
        return pages.start(markdown, page_path, page_plan, default_show=self.options.default_show,
                           executor=self.executor, can_defer=can_defer)

    def search_text(self, page_html: str) -> str:
        """:func:`~bpdocs.core.searchtext.search_html` of a page's HTML, kept in the cache (and in memory, for
        the builds of a serve loop): a warm build converts no page for the search plugins again."""
        delimiters, macros = self.options.tex.page_delimiters(), self.options.tex.macros  # (both part of the key)
        key = chain_key(self.root_key, "search-text", repr(delimiters), repr(macros),
                        hashlib.sha256(page_html.encode()).hexdigest())
        if key in self.texts:
            self.cache.use(key)
            return self.texts[key]
        stored = self.cache.get_texts(key)
        if stored is not None and len(stored[1]) == 1:
            text = stored[1][0]
        else:
            text = search_html(page_html, delimiters, macros)
            self.cache.put_texts(key, {}, [text])
        if len(self.texts) >= KEPT_TEXTS:
            self.texts.clear()
        if self.cache.enabled:
            self.texts[key] = text
        return text

    def say(self, notes) -> None:
        """Log each of ``notes`` (located, at INFO: the site builds) that was not said before (in a serve loop)."""
        for note in notes:
            if note not in self.said:
                log.info(note)
                self.said.add(note)
                self.notes.append(note)

    def finish(self, job: pages.PageJob) -> list[BPDocsError]:
        """Wait for the page's results; count them; say its notes (once a serve loop); return its errors, by line."""
        errors = job.finish()
        self.say(job.notes)
        self.stats.add(job)
        self.run_warnings += job.run.warnings
        return errors

    def missing_source(self, abs_path: str | Path) -> BPDocsError:
        """The error for a source file the generator cannot find: the cell that deleted it, if one did."""
        path = self.page_path(abs_path)
        return self.executor.removed_by(path) or \
            ExecutionError("the file was removed while the site was being built").at(path, 1)

    def removal_errors(self) -> list[BPDocsError]:
        """Errors of cells that deleted sources, on pages the generator never asked for (a page that deleted
        itself, say), waiting for their runs."""
        errors = []
        for future in self.executor.unclaimed():
            try:
                errors += [e for e in future.result().errors if isinstance(e, SourceRemoved)]
            except Exception:  # cancelled: nothing to say
                continue
        return errors

    def prune(self) -> Pruned:
        """After a full build: remove the cache's entries this build did not use that are older than the
        ``cache_max_age`` option (see :mod:`bpdocs.core.run.prune`)."""
        pruned = prune(self.cache, self.options.cache_max_age)
        if pruned.removed:
            log.debug(f"cache: {pruned.removed} entries unused for {self.options.cache_max_age:g} days removed "
                      f"({pruned.removed_bytes / 1e6:.1f} MB); {pruned.kept} kept ({pruned.kept_bytes / 1e6:.1f} MB)")
        return pruned

    def close(self) -> None:
        """Stop the worker and everything running in it."""
        self.executor.close()

    def warnings(self) -> list[str]:
        """What the author should hear about this build (each once): a cache that could not be used, output of
        threads that was dropped."""
        return list(dict.fromkeys(self.cache.warnings + self.run_warnings))


def unexecuted(markdown: str, page_path: str) -> str:
    """The page with bpdocs off: executable fences shown as plain code, nothing run (a page whose fences
    cannot be read is left as it is)."""
    try:
        page_scan = scan(markdown, page_path)
    except BPDocsError:
        return markdown
    return assemble(markdown, page_scan, None, default_show="source", page_id=page_path).markdown
