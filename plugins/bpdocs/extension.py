"""The Python-Markdown adapter: ``markdown_extensions: [bpdocs]``, for Zensical and any Markdown pipeline.

Registered under the ``markdown.extensions`` entry point as ``bpdocs``. Each
page runs when Python-Markdown converts it (its fences, inline values,
diagrams and checked equations, with the same cache as the MkDocs plugin);
an error raises :class:`BPDocsError`, which fails ``zensical build`` with
``docs/page.md:LINE: ...``. Under Zensical the page's path, front matter and
the site's folders come from Zensical's rendering context; elsewhere, from the
extension's ``page`` option, the page's own front matter and the working
directory.

Math is set up as the plugin sets it up (:mod:`bpdocs.pagemath`): arithmatex
if the pipeline has none, and formulas typeset at build time (MathJax in Node).

The MkDocs plugin uses :class:`InlineValues` too, and drops this extension
from a site that lists both (so one ``mkdocs.yml`` serves MkDocs and Zensical).
"""

from __future__ import annotations

import atexit
import re
import sys
import threading
import weakref
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import markdownexec, pagemath
from .markdownexec import superfences_fences
from .core import frontmatter, options as core_options
from .core.assemble import PLACEHOLDER_FENCE
from .core.build import Build, PACKAGES, unexecuted
from .core.pages import left_alone
from .core.run.cache import published_cache, source_fingerprint
from .core.errors import BPDocsError
from .core.fill import TOKEN
from .core.pages import OUTPUT_TOKEN, OUTPUT_WRAPPER, PageJob
from .zensicalfailure import report_cleanly

PLACEHOLDER_BLOCK = re.compile(
    rf"^(?P<indent>[ \t]*)```{PLACEHOLDER_FENCE}\n(?P=indent)(?P<token>bpdocsout\w+)\n(?P=indent)```$", re.M)


class BPDocsExtension(Extension):
    """``markdown_extensions: - bpdocs: {options}`` with the options of the MkDocs plugin, plus ``page``."""

    def __init__(self, **kwargs):
        self.config = {name: [getattr(core_options.DEFAULTS, name), f"see bpdocs' {name} option"]
                       for name in core_options.NAMES}
        self.config["page"] = ["", "the page's path, for messages, outside Zensical (default: <markdown>)"]
        super().__init__(**kwargs)
        self.job: PageJob | None = None
        self.page: tuple[PageContext, Build] | None = None  # the page being converted, for its math

    def options(self) -> core_options.Options:
        settings = {name: self.getConfig(name) for name in core_options.NAMES}
        try:
            return core_options.from_mapping(settings)
        except core_options.OptionError as exc:
            raise BPDocsError(f"bpdocs option: {exc}") from None

    def extendMarkdown(self, md):
        md.registerExtension(self)
        if "zensical" in sys.modules:  # our errors fail its build as located messages, not tracebacks
            report_cleanly()
        # Before superfences (25) reads fences; after normalisation (30) has made the text lines.
        md.preprocessors.register(RunPage(md, self), "bpdocs", 29)
        # After inline parsing (20), before the table of contents (5) reads headings.
        md.treeprocessors.register(InlineValues(md, lambda: self.job, wait=True), "bpdocs_inline", 15)
        md.postprocessors.register(FillOutputs(md, self), "bpdocs_outputs", 5)
        md.postprocessors.register(TypesetMath(md, self), "bpdocs_math", 4)

    def reset(self):
        self.job = None
        self.page = None


@dataclass
class PageContext:
    root: Path  # the site's folder: page paths in messages are relative to it
    docs_dir: Path | None
    path: str  # relative to root, e.g. docs/index.md
    meta: dict
    line_offset: int
    source: str  # the page's file as written (front matter included): where errors' lines are counted
    scripts: tuple = ()  # the site's extra_javascript (Zensical's): a renderer of its own leaves the math to it
    site_dir: str = "site"


def page_context(md, extension: BPDocsExtension, markdown: str) -> tuple[PageContext, str]:
    """Where the page is and what its front matter says; and its Markdown without front matter."""
    zensical = next((p for p in md.preprocessors if getattr(p, "name", "") == "rendering_context"), None)
    if zensical is not None:  # Zensical: front matter already stripped and parsed
        root = Path(zensical.config.get("root_dir") or ".").resolve()
        docs_dir = (root / zensical.config.get("docs_dir", "docs")).resolve()
        source_file = docs_dir / zensical.page.path
        try:
            source = source_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            source = markdown
        path = str(source_file.relative_to(root)) if source_file.is_relative_to(root) else str(source_file)
        scripts = tuple(str(s.get("path", "")) if isinstance(s, dict) else str(s)
                        for s in zensical.config.get("extra_javascript") or ())
        return PageContext(root, docs_dir, path, dict(zensical.page.meta or {}),
                           frontmatter.lines_before(source, markdown), source, scripts,
                           str(zensical.config.get("site_dir") or "site")), markdown
    body, meta = frontmatter.split(markdown)
    return PageContext(Path.cwd(), None, extension.getConfig("page") or "<markdown>", meta,
                       frontmatter.lines_before(markdown, body), markdown), body


class RunPage(Preprocessor):
    """Runs the page and returns its Markdown with every output in place (as stashed HTML)."""

    def __init__(self, md, extension: BPDocsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        options, _ = markdownexec.resolved(self.extension.options(), (), {"pymdownx.superfences": {
            "custom_fences": superfences_fences(self.md)}})  # (exec_fences: auto, as the plugin and check read it)
        context, markdown = page_context(self.md, self.extension, "\n".join(lines))
        if not options.enabled:
            return unexecuted(markdown, context.path).split("\n")
        if context.docs_dir is not None and (problem := published_cache(context.root, options, {
                "docs_dir": context.docs_dir, "site_dir": context.root / context.site_dir})):
            raise BPDocsError(problem, context.path, None)  # (as the MkDocs plugin refuses it)
        build = builds.get(context.root, options)
        pagemath.ensure_arithmatex(self.md, context.scripts, context.docs_dir, build.options)
        self.extension.page = (context, build)
        if context.docs_dir is not None:
            builds.prefetch_once(build, context.docs_dir)
        job = build.page(markdown, context.path, meta=context.meta, line_offset=context.line_offset,
                         can_defer=False)
        errors = build.finish(job)
        if errors:
            raise BPDocsError(errors[0].message, errors[0].page, errors[0].line,
                              errors[0].details + [f"also: {e}" for e in errors[1:]])
        self.extension.job = job

        def stash(match: re.Match) -> str:
            block = job.assembled.blocks.get(match["token"]) or ""
            if not block:  # a fence that hides its output (or printed nothing): nothing on the page
                return match["indent"]
            return match["indent"] + self.md.htmlStash.store(f"{OUTPUT_WRAPPER}{block}</div>")

        return PLACEHOLDER_BLOCK.sub(stash, job.assembled.markdown).split("\n")


class InlineValues(Treeprocessor):
    """Inline values into the element tree, before the table of contents, anchors and titles are made.

    ``job()`` gives the current page's job. With ``wait``, values are filled
    (waiting for the page's run if needed); otherwise only when the tree has
    one in a heading (whose text makes the TOC, the anchor and the title),
    and the rest is left to be filled in the HTML.
    """

    def __init__(self, md, job, wait: bool):
        super().__init__(md)
        self.job, self.wait = job, wait

    def run(self, root: etree.Element) -> None:
        job = self.job()
        if job is None or not job.assembled.inline_values:
            return
        if not self.wait and not any(TOKEN.search("".join(h.itertext())) for h in root.iter()
                                     if h.tag in ("h1", "h2", "h3", "h4", "h5", "h6")):
            return
        values = job.inline_texts()
        for element in root.iter():
            element.text = _replace(element.text, values)
            element.tail = _replace(element.tail, values)
            for name, value in element.attrib.items():
                element.attrib[name] = _replace(value, values)


def _replace(text: str | None, values: dict[str, str]) -> str | None:
    if not text or "bpdocsinline" not in text:
        return text
    replaced = TOKEN.sub(lambda m: values.get(m.group(0), m.group(0)), text)
    return AtomicString(replaced) if isinstance(text, AtomicString) else replaced


class FillOutputs(Postprocessor):
    """Any token left in raw HTML (an output that shows a value) is filled at the very end."""

    def __init__(self, md, extension: BPDocsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        job = self.extension.job
        return text if job is None else job.fill(text)


class TypesetMath(Postprocessor):
    """The page's formulas typeset, last (after every output and value is in the HTML)."""

    def __init__(self, md, extension: BPDocsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if self.extension.page is None:
            return text
        context, build = self.extension.page
        job = self.extension.job
        alone, problems = left_alone(frontmatter.split(context.source)[1], context.source, context.path)
        if problems:
            raise problems[0]
        own = pagemath.own_renderer(context.scripts, build.options)  # (as the MkDocs plugin leaves it: see there)
        return pagemath.typeset_html(text, build=build, typesetters=builds.typesetters, page_path=context.path,
                                     source=context.source, outputs=job is not None and bool(job.assembled.blocks),
                                     math=not alone and not own)


class Builds:
    """One :class:`Build` per site folder and options, for the life of the process (Zensical renders
    every page in one process, and a serve loop keeps it). A changed bpcore or bpdocs source starts a
    new one, so engine edits reach the next render; the worker is stopped at exit."""

    def __init__(self):
        self._lock = threading.Lock()
        self._builds: dict[tuple, tuple[str, Build]] = {}
        self._prefetched: weakref.WeakSet[Build] = weakref.WeakSet()  # not ids: a new build may reuse one
        self.typesetters = pagemath.Typesetters()
        atexit.register(self.close)

    def get(self, root: Path, options: core_options.Options) -> Build:
        fingerprint = source_fingerprint(PACKAGES)
        with self._lock:
            known = self._builds.get((root, options))
            if known is not None and known[0] == fingerprint:
                return known[1]
            if known is not None:
                known[1].close()
                self.typesetters.discard(known[1])
            build = Build(root, options)
            self._builds[(root, options)] = (fingerprint, build)
            return build

    def prefetch_once(self, build: Build, docs_dir: Path) -> None:
        """Start every page the cache cannot answer, when the first page of a build is rendered."""
        with self._lock:
            if build in self._prefetched:
                return
            self._prefetched.add(build)
        build.prefetch(docs_dir)

    def close(self) -> None:
        with self._lock:
            builds, self._builds = list(self._builds.values()), {}
        for _, build in builds:
            build.close()
        self.typesetters.close()


builds = Builds()


def leave_to_plugin(config) -> None:
    """Drop this extension from a MkDocs configuration whose ``plugins`` list bpdocs, enabled or not:
    under MkDocs the plugin answers for bpdocs (and with ``enabled: false``, nothing runs)."""
    if "bpdocs" in config.markdown_extensions:
        config.markdown_extensions.remove("bpdocs")
        config.mdx_configs.pop("bpdocs", None)


def makeExtension(**kwargs) -> BPDocsExtension:
    return BPDocsExtension(**kwargs)


class HeadingValues(Extension):
    """For the MkDocs plugin: inline values in headings are filled in the tree (so the table of
    contents, anchors and the page title get the value); the rest are filled in the HTML later."""

    def __init__(self, job):
        super().__init__()
        self.job = job

    def extendMarkdown(self, md):
        md.treeprocessors.register(InlineValues(md, self.job, wait=False), "bpdocs_inline", 15)
        # The outputs are filled after Markdown (on_page_content): their placeholders, HTML comments, are kept from
        # an extension that strips comments at the end (pymdownx.striphtml, at priority 1) as text, then restored.
        md.postprocessors.register(PlaceholdersKept(md, hide=True), "bpdocs_keep", 2)
        md.postprocessors.register(PlaceholdersKept(md, hide=False), "bpdocs_restore", 0.5)


class PlaceholdersKept(Postprocessor):
    """Output placeholders as text (``hide``), or back as the comments they are."""

    def __init__(self, md, hide: bool):
        super().__init__(md)
        self.hide = hide

    def run(self, text: str) -> str:
        if self.hide:
            return OUTPUT_TOKEN.sub(lambda m: f"{KEPT[0]}{m[1]}{KEPT[1]}", text)
        return KEPT_TOKEN.sub(lambda m: f"<!--{m[1]}-->", text) if KEPT[0] in text else text


KEPT = ("\ue000", "\ue001")  # (private-use characters: no text has them around a token)
KEPT_TOKEN = re.compile(KEPT[0] + r"(bpdocsout\d+(?:n\d+)?x[0-9a-f]{32})" + KEPT[1])
