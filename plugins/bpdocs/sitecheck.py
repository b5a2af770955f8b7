"""``bpdocs check``: every fence, inline value, diagram, checked equation and formula of a docs folder,
run and typeset as a build would (same attributes, page defaults, options, Markdown set-up and cache),
without writing a site.

Every error of every page is collected, as the build logs them, sorted by page and line; a page that
cannot be read is a message about its path.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .core import frontmatter
from .core.build import Build, read_page
from .core.pages import left_alone
from .core.errors import BPDocsError
from .siteconfig import (CONFIG_FILES, FileProblem, Site, UsageError, find_config, markdown_files,  # noqa: F401
                         page_problem, read_site)
from .sitetex import PageTeX, site_warnings, skipped_because
from .snippets import expand_snippets, page_lines


@dataclass
class Report:
    pages: int
    executed: int
    cached: int
    equations: int
    formulas: int | None  # typeset to validate their TeX (None: not validated, a note says why)
    errors: list[BPDocsError]
    seconds: float

    @property
    def summary(self) -> str:
        formulas = "" if self.formulas is None else f", {_count(self.formulas, 'formula')} typeset"
        return (f"bpdocs check: {_count(self.pages, 'page')}, {_count(self.executed, 'cell')} run, "
                f"{self.cached} from cache, {_count(self.equations, 'equation')} checked{formulas}, "
                f"{_count(len(self.errors), 'error')} ({self.seconds:.2f} s)")

    def as_json(self) -> dict:
        return {"pages": self.pages, "cells_run": self.executed, "from_cache": self.cached,
                "equations_checked": self.equations, "formulas_typeset": self.formulas,
                "seconds": round(self.seconds, 3),
                "errors": [{"page": e.page, "line": e.line, "message": e.message, "details": e.details}
                           for e in self.errors]}


def _count(number: int, noun: str) -> str:
    """``1 equation``, ``2 equations``, ``0 equations``."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _read(path: Path, page_path: str, site: Site) -> str:
    try:
        return read_page(path, page_path)
    except OSError as exc:  # gone, or made unreadable, since it was listed
        raise page_problem(path, site, exc) or FileProblem(f"cannot be read ({exc.strerror})", page_path) from None


@contextlib.contextmanager
def _uninterrupted():
    """SIGINT ignored while the processes a check started are stopped (in the main thread, where it lands)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check(files: list[Path], site: Site, problems: list[BPDocsError] = ()) -> Report:
    """Run and typeset ``files`` as the site's build would; ``problems`` (pages that cannot be read) are
    reported with the errors."""
    started = time.perf_counter()
    errors: list[BPDocsError] = list(problems)
    if not site.options.enabled:
        site.notes.append("bpdocs is turned off in the configuration (enabled: false): the build runs nothing, "
                          "so nothing is checked")
        return Report(0, 0, 0, 0, None, errors, time.perf_counter() - started)
    # What the build warns of about the whole site (a strict build fails on it): the same verdict here.
    warnings, notes, unchecked, site_tex = site_warnings(site.markdown, site.options, site.docs_dir)
    site.notes += notes  # (what the build says of the set-up at INFO: how to switch to bpdocs' typesetting, ...)
    build = Build(site.root, replace(site.options, tex=site_tex))  # (the site's own renderer's macros, as built)
    why_not = skipped_because(site.markdown, site.options)
    errors += [BPDocsError(warning, site.config_name) for warning in warnings + site.warnings]
    tex = PageTeX(site.markdown, build.cache, site_tex) \
        if why_not is None or (unchecked and site.markdown is not None) else None
    not_checked = 0  # formulas whose TeX nothing can check here, as in the build
    macros = [path for path in files if _macro_page(site, path)]  # the macros plugin renders them first: left
    to_run = [path for path in files if path not in macros]  # to the build, and named in a note
    if why_not is not None:
        site.notes.append(f"formulas were not typeset, so their TeX is not validated: {why_not}")
    try:
        build.prefetch(to_run)
        jobs = []
        for path in to_run:
            page_path = build.page_path(path)
            try:
                source = _read(path, page_path, site)
                markdown, meta = frontmatter.split(source)
                line_offset = frontmatter.source_lines(source, markdown)
                if site.markdown is not None:  # (what the build runs: the fences of its snippets too)
                    markdown, came_from = expand_snippets(markdown, {"markdown_extensions": site.markdown.extensions,
                                                                     "mdx_configs": site.markdown.configs})
                    line_offset = page_lines(line_offset, came_from)
                alone, problems = left_alone(meta, source, page_path)  # (bpdocs_typeset: off: math not checked)
                errors += problems
                jobs.append((path, source, markdown, line_offset, alone,
                             build.page(markdown, page_path, meta=meta, line_offset=line_offset)))
            except BPDocsError as exc:
                errors.append(exc)
        for path, source, markdown, line_offset, alone, job in jobs:
            errors += build.finish(job)
            if alone:
                continue
            if tex is not None and why_not is None:
                errors += tex.errors(job, os.path.relpath(path, site.docs_dir), source, markdown, line_offset)
            elif tex is not None:
                not_checked += tex.count(job, os.path.relpath(path, site.docs_dir))
    finally:
        with _uninterrupted():  # a second Ctrl-C must not leave the worker or Node running
            build.close()
            if tex is not None:
                tex.close()
    site.notes += build.notes + build.warnings()  # (located notes: a Quarto cell, a check's caveat)
    if macros:
        macro_pages = [build.page_path(path) for path in macros]
        site.notes.append(f"{len(macro_pages)} page(s) use the macros plugin's Jinja ({{{{ }}}}, {{% %}}), which the "
                          "build renders before bpdocs runs the page; check cannot render it, so it leaves them to "
                          f"the build (mkdocs build --strict runs and checks them): {', '.join(macro_pages)}")
    if not_checked:
        errors.append(BPDocsError(f"{not_checked} formula(s) were not checked for TeX errors: {unchecked} (with "
                                  "Node.js, bpdocs checks every formula when the site is built)", site.config_name))
    stats = build.stats
    errors.sort(key=lambda e: (e.page or "", e.line or 0))
    return Report(len(files), stats.executed, stats.cached, stats.equations,
                  tex.formulas if tex is not None and why_not is None else None,
                  errors, time.perf_counter() - started)


def _macro_page(site, path: Path) -> bool:
    """Whether the macros plugin renders this page's Jinja before bpdocs runs it (``{{ g }}`` in a fence is the
    plugin's variable, and read as Python here it was a NameError that the build never has); read from the file,
    as the plugin reads it (before snippets are expanded)."""
    if site.jinja is None:
        return False
    try:
        markdown, meta = frontmatter.split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, BPDocsError):
        return False  # (reported when the page is read)
    if not ("{{" in markdown or "{%" in markdown):
        return False
    marked = meta.get("render_macros") if isinstance(meta, dict) else None
    return marked is True if site.jinja == "marked" else marked is not False
