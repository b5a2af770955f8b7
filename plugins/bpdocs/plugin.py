"""The MkDocs adapter: MkDocs' hooks, mapped onto a generator-independent :class:`~bpdocs.core.build.Build`.

Flow per page: ``on_page_markdown`` starts the page's run and returns its Markdown with placeholders;
``on_page_content`` fills what is done (``page.markdown`` too; a placeholder missing is a warning: its output would
be lost); ``on_post_page`` fills fence outputs into the finished HTML, from any page (a blog index shows excerpts of
posts). Errors are logged as they are found; ``on_post_build`` fails the build if there were any (so one build lists
them all), or if a placeholder survived in the written site. ``on_serve`` makes MkDocs look for changes more often.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import InclusionLevel

from . import markdownexec, searchpages, sitesetup
from .config import BPDocsConfig
from .core import frontmatter, static, typeset
from .core.build import Build, unexecuted
from .core.errors import BPDocsError, SetupError
from .core.fill import Filler, leak_message
from .core.pages import PageJob, left_alone, placeholder_token
from .core.render import error_box
from .core.searchtext import equation_anchors
from .core.options import job_count
from .core.typeset import TypesetError, Typesetter, formulas_of, typeset_ahead
from .pagetypeset import page_math
from .extension import leave_to_plugin
from .snippets import brings_nothing_to_run, expand_snippets, page_lines
from .core.run.servers import Servers
from .dirty import DirtyBuilds
from .templatecache import keep_compiled_templates, keep_theme_templates
from .termination import exit_on_termination
from .writtenfiles import WrittenFiles

log = get_plugin_logger(__name__)


class BPDocsPlugin(BasePlugin[BPDocsConfig]):
    """Executes annotated fences against bpcore and embeds what they computed."""

    supports_multiple_instances = False

    def __init__(self):
        self.serving = self.dirty = False  # dirty: `serve --dirty` (`build --dirty`): only changed pages are built
        self.build: Build | None = None
        self._cache = None  # the site's cache, opened in on_config (see templatecache): the build's
        # Kept by a serve loop from build to build: the worker (new when bpcore or bpdocs change), plans, typesetter
        self._servers: Servers | None = None
        self._plans, self._texts, self._dirty = {}, {}, DirtyBuilds()
        self._jobs: dict[str, PageJob] = {}
        self._sources: dict[str, str] = {}  # each page's whole text, as MkDocs read it (by src_uri)
        self._current: PageJob | None = None  # the page MkDocs is converting now
        self._filler = Filler()
        self._assets: sitesetup.Assets | None = None
        self._typesetter: Typesetter | None = None  # MathJax or KaTeX in Node: math typeset (or checked) at build time
        self._css: str | None = None  # MathJax's stylesheet, if cached (see on_pre_build)
        self._errors = self._unchecked = 0  # errors logged by this build (one fails it), formulas nothing checked
        self._markdown: dict[str, tuple[str, int]] = {}  # each page's Markdown and its first line in the file
        self._said: set[str] = set()  # notes on the site's set-up said (each once, in a serve loop too)

    def on_startup(self, *, command, dirty) -> None:
        self.serving, self.dirty = command == "serve", dirty
        exit_on_termination()  # (SIGTERM ends a build through its clean-up, as Ctrl-C does)
        logging.getLogger("bpdocs").parent = logging.getLogger("mkdocs.plugins")  # the core's debug lines

    @event_priority(100)  # before plugins that copy the Markdown set-up (mkdocstrings converts docstrings with it)
    def on_config(self, config):
        self._values_at_once = sitesetup.read_after(config.plugins, self)  # (see on_page_content)
        if not self.config.enabled:
            leave_to_plugin(config)  # the extension must not run the pages the plugin was told to leave
            return config
        if os.name != "posix":
            raise PluginError("bpdocs runs fences in forked processes, which only POSIX systems (Linux, "
                              "macOS) have; on Windows, build in WSL")
        warnings = sitesetup.configure_markdown(config, self._placeholder_html, lambda: self._current)
        self._assets = sitesetup.configure_assets(config, self.config.options(), typeset.unavailable)
        self.config["tex"] = self._assets.tex or self.config["tex"]  # (with the macros of the site's own renderer)
        options, leaving = markdownexec.resolved(self.config.options(), config.plugins, config.mdx_configs)
        self.config["exec_fences"] = options.exec_fences  # (auto: markdown-exec's fences are left to it)
        warnings += filter(None, [markdownexec.run_by_nothing(options, config.plugins, config.mdx_configs)])
        for warning in warnings + self._assets.warnings:
            log.warning(warning)
        for note in [n for n in self._assets.notes + [leaving] * bool(leaving) if n not in self._said]:
            log.info(note)  # a valid set-up: said once, not a warning (once a serve loop, not at every rebuild)
            self._said.add(note)
        if self._typesetter is not None and self._typesetter.settings != self.config.options().tex:
            self._typesetter.close()  # a rebuild (mkdocs serve) with other TeX settings
            self._typesetter = None
        self.root = Path(config.config_file_path or ".").resolve().parent
        searchpages.give_search_its_text(config.plugins, self._search_text)
        try:  # opened now: plugins render the theme's templates from their on_config on (see templatecache)
            self._cache = keep_theme_templates(config, self.root, self.config.options())
        except SetupError as exc:  # e.g. a bad BPDOCS_CACHE_KEY: a sentence, not a traceback
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        pages = [f for f in files.documentation_pages(inclusion=inclusion) if f.abs_src_path]  # (first needed first)
        stale = self.build.prefetch([Path(f.abs_src_path) for f in pages if not self.build.elsewhere(f.abs_src_path)],
                                    sources=[Path(config.docs_dir)])  # (a page elsewhere runs by its name in the site)
        if self.build.unreadable:  # before MkDocs reads them, and fails with a traceback
            self._report(self.build.unreadable)
            self._fail()
        self.build.prime_math(self._typesetter)  # (a first build: math typeset while the cells run)
        if self.dirty:
            self._dirty.rebuild(pages, stale, self.build, config)
        generated = {}
        if static.MATHJAX_SVG_CSS in self._assets.files:  # (see on_pre_build)
            generated[static.MATHJAX_SVG_CSS] = self._css or ""
        return sitesetup.add_files(files, config, self._assets, generated)

    def on_pre_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        if self.serving and self._servers is None:
            self._servers = Servers(str(self.root))
        shared = {"plans": self._plans, "texts": self._texts, "said": self._said} if self.serving else {}
        self.build = Build(self.root, self.config.options(), servers=self._servers, cache=self._cache, **shared)
        self._written = WrittenFiles(self.build, config)  # (files fences write into the docs folder)
        if (self._assets.typeset_at_build or self._assets.validate) and self._typesetter is None:
            self._typesetter = Typesetter(self.build.cache, self.config.options().tex,
                                          helpers=job_count(self.config.jobs) - 1)
        elif self._typesetter is not None:
            self._typesetter.cache = self.build.cache
        if self._typesetter is not None and static.MATHJAX_SVG_CSS in self._assets.files:
            self._css = self._typesetter.css(wait=False)  # cached, or else Node starts now and makes it by on_env
        self.build.start_early(Path(config.docs_dir))  # a first build (no cache yet): the worker starts now
        for kept in (self._jobs, self._sources, self._markdown, self._filler):
            kept.clear()
        self._unchecked = self._errors = 0

    def on_serve(self, server, *, config, builder):
        from .watching import watch_every  # (watchdog is imported by serve only)
        if self.config.enabled and not watch_every(server, self.config.watch_interval):
            log.debug("MkDocs' file watcher is not its polling one: it looks for changes as it always does")
        return server

    def on_env(self, env, *, config, files):
        css = files.get_file_from_path(static.MATHJAX_SVG_CSS)
        if self._typesetter is not None and css is not None and css.generated_by and css.content_string == "":
            try:  # MathJax's stylesheet (see on_files), before MkDocs writes it
                sitesetup.fill_generated(css, self._typesetter.css())
            except TypesetError as exc:
                raise PluginError(exc.message) from None
        if self.build is not None:  # before MkDocs copies the docs folder's other files: a fence may delete one
            keep_compiled_templates(env, self.build.cache, config.config_file_path, config)  # (if a theme's env
            # was made otherwise than by the get_env wrapped in on_config: see templatecache)
            for file in files:
                if file.generated_by is None and not file.is_documentation_page():
                    file.copy_file = self._guarded(file.copy_file, file.abs_src_path)
        return env

    def on_pre_page(self, page, *, config, files):
        if self.build is not None:  # a fence may have deleted the page: say which, not a traceback
            read_source = self._guarded(page.read_source, page.file.abs_src_path)
            content = self._guarded(lambda: page.file.content_string, page.file.abs_src_path)

            def read_and_keep(*args, **kwargs):
                # The page's whole text, read once (MkDocs reads the file anew on every `content_string`): the lines
                # before its Markdown and its formulas' sources come from it, even if a fence deletes the file later.
                self._sources[page.file.src_uri] = content()
                return read_source(*args, **kwargs)
            page.read_source = read_and_keep
        return page

    def _source(self, page) -> str:
        """The page's text as MkDocs read it (see :meth:`on_pre_page`)."""
        found = self._sources.get(page.file.src_uri)
        return found if found is not None else page.file.content_string

    def _guarded(self, method, path: str):
        """``method`` (a file's copy, a page's read), with a missing file as the error of the cell that
        deleted it (wrapped on the instance: a file may go between any look and the read itself)."""
        def guarded(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except FileNotFoundError:
                raise PluginError(str(self.build.missing_source(path))) from None
        return guarded

    @event_priority(-50)  # after plugins that generate Markdown (e.g. macros)
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:  # show fences as plain code, run nothing
            return unexecuted(markdown, page.file.src_uri)
        page_path, source = self.build.page_path(page.file.abs_src_path, page.file.src_uri), self._source(page)
        markdown, came_from = expand_snippets(before := markdown, config)
        line_offset = page_lines(frontmatter.source_lines(source, before), came_from)  # (macros or snippets wrote?)
        self._markdown[page.file.src_uri] = (markdown, line_offset)  # (where its formulas are found)
        if came_from is not None and brings_nothing_to_run(before, markdown):
            markdown, line_offset = before, frontmatter.source_lines(source, before)
        try:
            job = self.build.page(markdown, page_path, meta=page.meta, line_offset=line_offset)
        except BPDocsError as exc:  # the page cannot even be read: nothing of it runs (while serving: it says why)
            self._report([exc])
            return f"{error_box(str(exc))}\n\n{markdown}"
        self._jobs[page.file.src_uri] = job
        self._written.before_conversion(markdown, page.file.src_uri, files, job)
        self._current = job
        self._filler.add(job)
        return job.assembled.markdown

    def on_page_content(self, html_text, *, page, config, files):
        self._current = None
        job = self._jobs.get(page.file.src_uri)
        for lost in job.lost_outputs(html_text) if job is not None else ():
            log.warning(lost)
        if job is not None and (job.future.done() or self._values_at_once):  # (else: with the outputs, before search)
            html_text = page.content = job.fill(html_text)  # (a later handler, a feed's, reads page.content and
            page.markdown = job.reader_markdown()  # page.markdown: both as a reader reads the page)
        if self._typesetter is not None and self._typesetter.helpers and not left_alone(page.meta, "", "")[0]:
            # typeset while other pages still run (not a page whose math is left alone: bpdocs_typeset: off)
            def ahead(_=None):
                try:
                    content = html_text if job is None else job.fill(html_text)
                except Exception:  # (the run failed as a whole: its page says so when it is built)
                    return
                typeset_ahead(content, typesetter=self._typesetter, cache=self.build.cache)
            ahead() if job is None else job.future.add_done_callback(ahead)  # (at once if it is done)
        return html_text

    @event_priority(60)  # before the search plugins index page.content: outputs are searchable
    def on_page_context(self, context, *, page, config, nav):
        job = self._jobs.get(page.file.src_uri)
        if job is not None:
            errors = self.build.finish(job)
            log.debug(f"{job.page_path}: {job.run.executed} cell(s) run, {job.run.cached} from cache")
            if errors:
                self._report(errors)
            page.content, page.markdown = self._filler.fill(page.content), job.reader_markdown()
        if self.config.enabled and page.content and getattr(page, "present_anchor_ids", None) is not None:
            page.present_anchor_ids |= equation_anchors(page.content)  # a link to a labelled equation validates
        return context

    def _search_text(self, page) -> str | None:
        """What the search plugins index of a page (see searchpages): its text as a reader reads it."""
        return self.build.search_text(page.content) if self.build is not None and page.content else None

    @event_priority(90)  # before plugins that rewrite the output (minifiers would drop our comments)
    def on_post_page(self, output, *, page, config):
        job = self._jobs.pop(page.file.src_uri, None)
        source = self._markdown.pop(page.file.src_uri, None) or (self._source(page), 0)
        output = self._filler.fill(output)  # tokens of other pages too (a blog index shows excerpts)
        if self.build is None:  # (the plugin turned off)
            return output
        page_path = self.build.page_path(page.file.abs_src_path, page.file.src_uri)
        alone, problems = left_alone(page.meta, self._source(page), page_path)
        if alone:  # (bpdocs_typeset: off: another tool renders this page's math)
            return output
        if self._typesetter is not None:
            math = page_math(output, typesetter=self._typesetter, cache=self.build.cache, job=job, page_path=page_path,
                             source=self._source(page), markdown=source[0], line_offset=source[1],
                             replace=self._assets.typeset_at_build, content=page.content)
            self.build.stats.formulas += math.formulas
            self.build.stats.formulas_cached += math.formulas if math.cached else 0
            for warning in math.warnings:
                log.warning(str(warning))
            problems += math.errors
            output = math.html
        elif self._assets is not None and self._assets.unchecked:
            self._unchecked += len(formulas_of(output))
        if problems:
            self._report(problems)
        return output

    @event_priority(-100)  # last: after the search plugin has written its index
    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        stats = self.build.stats
        removed = self.build.removal_errors()  # by pages MkDocs never built: a page that deleted itself
        if removed:
            self._report(removed)
        self._written.copy_late()
        self.build.close()
        for warning in self.build.warnings():  # INFO: a build without its cache is still a valid build
            log.info(f"warning: {warning}")
        if self.build.cache.rejected:
            log.debug(f"{self.build.cache.rejected} cache entries failed authentication and were recomputed")
        leak = leak_message(Path(config.site_dir), self._filler, self.build.stats.wall_started)
        if leak:  # as any error: logged now, and the build (not serve) fails at its end
            log.error(leak)
            self._errors += 1
        if self._unchecked:
            log.warning(f"{self._unchecked} formula(s) were not checked for TeX errors: {self._assets.unchecked} "
                        "(with Node.js, bpdocs checks every formula when the site is built)")
        done = "typeset" if self._assets.typeset_at_build else "checked"
        math = f", {stats.formulas} formula(s) {done} ({stats.formulas_cached} from cache)" \
            if self._typesetter is not None else ""
        log.info(f"{stats.executed} cell(s) run, {stats.cached} from cache{math}; whole build {stats.elapsed:.2f} s")
        if not self.dirty and not self._errors:  # a build that saw every page, and every page's cells
            self.build.prune()
        self._fail()

    def on_build_error(self, *, error) -> None:
        if self.build is not None:
            self.build.close()

    def on_shutdown(self) -> None:
        self.on_build_error(error=None)
        for kept in (self._servers, self._typesetter):  # (a serve loop's, kept from one build to the next)
            if kept is not None:
                kept.close()
        self._servers = self._typesetter = None

    def _report(self, errors: list[BPDocsError]) -> None:
        """The one place where bpdocs errors become MkDocs' failure: each is logged as it is found, and the build goes
        on, so that one build lists every error of every page (as ``bpdocs check`` does); :meth:`_fail` ends it."""
        for error in errors:
            log.logger.error(str(error))  # as MkDocs shows a build error: `docs/page.md:LINE: ...`, no prefix
        self._errors += len(errors)

    def _fail(self) -> None:
        """Fail a build (not serve) that reported errors, once every page is built (as ``--strict`` does)."""
        if self._errors and not self.serving:
            raise PluginError(f"bpdocs found {self._errors} error{'s' * (self._errors != 1)} (listed above, "
                              "each at its page and line)")

    def _placeholder_html(self, source, language, class_name, options, md, **kwargs) -> str:
        return placeholder_token(source, self._filler.issued)

