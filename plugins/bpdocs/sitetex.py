"""The TeX of ``bpdocs check``: every page converted to HTML the way the build converts it (Python-Markdown
with the site's extensions plus what the plugin adds: superfences, arithmatex, the output placeholders),
its outputs and inline values filled in, then every formula typeset by the build's typesetter (MathJax
in Node), so a formula the build would refuse is an error here too, at its line."""

from __future__ import annotations

from types import SimpleNamespace

from . import sitesetup
from .core import static, typeset
from .core.errors import BPDocsError
from .core.pages import PageJob, placeholder_token
from .core.run.cache import Cache
from .core.typeset.locate import job_formulas
from .siteconfig import Markdown


def skipped_because(markdown: Markdown | None, options) -> str | None:
    """Why this check cannot validate the site's TeX as its build would, or None if it can."""
    if markdown is None:
        return "the site's Markdown set-up could not be read (install its generator to read it)"
    if static.math_left_to_the_site(markdown.scripts, options):
        return "the site loads its own math renderer, so its build leaves the math to the browser"
    return typeset.unavailable(options.tex.renderer)


def site_warnings(markdown: Markdown | None, options, docs_dir) -> tuple[list[str], list[str], str | None, object]:
    """What the build says at WARNING about the site's math set-up as a whole (two renderers, say), and at INFO
    (a site that loads its own renderer: how to switch), why no formula's TeX can be checked, if none can, and the
    ``tex`` option as the build uses it (with the macros of the site's own renderer configuration): the plugin's
    own set-up, run on a copy of the site's scripts."""
    from types import SimpleNamespace

    config = SimpleNamespace(extra_css=[], extra_javascript=list(markdown.scripts) if markdown is not None else [],
                             docs_dir=str(docs_dir), markdown_extensions=[], mdx_configs={})
    assets = sitesetup.configure_assets(config, options, typeset.unavailable)
    return assets.warnings, assets.notes, assets.unchecked, assets.tex or options.tex


class PageTeX:
    """Converts pages and typesets their formulas; :meth:`close` stops Node."""

    def __init__(self, markdown: Markdown, cache: Cache, tex):
        self._page_config = markdown.page_config
        self._job: PageJob | None = None
        settings = SimpleNamespace(markdown_extensions=list(markdown.extensions),
                                   mdx_configs={name: dict(value) for name, value in markdown.configs.items()})
        sitesetup.configure_markdown(
            settings, lambda source, *args, **kwargs: placeholder_token(source, self._issued), lambda: self._job)
        self._extensions, self._configs = settings.markdown_extensions, settings.mdx_configs
        self._cache = cache
        self._tex = tex  # the tex option's settings
        self._typesetter: typeset.Typesetter | None = None
        self.formulas = 0

    def _issued(self, token: str) -> bool:
        """Whether ``token`` is an output block of the page being converted (else it is text, as in a build)."""
        return self._job is not None and token in self._job.assembled.blocks

    def html(self, job: PageJob, src_path: str) -> str:
        """The page's HTML as the build makes it (before the theme): outputs and values in place."""
        import markdown

        if self._page_config is not None:  # what MkDocs' `!relative` reads
            self._page_config._current_page = SimpleNamespace(file=SimpleNamespace(src_path=src_path))
        self._job = job
        try:
            md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
            return job.fill(md.convert(job.assembled.markdown))
        finally:
            self._job = None
            if self._page_config is not None:
                self._page_config._current_page = None

    def errors(self, job: PageJob, src_path: str, source: str, markdown: str, line_offset: int) -> list[BPDocsError]:
        """Every formula of the page the typesetter refuses, located at its line of ``source`` (``markdown``, the
        page without its front matter, starts ``line_offset`` lines into it): what the build warns of, with
        ``--strict`` failing on it, is an error here."""
        if self._typesetter is None:
            self._typesetter = typeset.Typesetter(self._cache, self._tex)
        try:
            page_html = self.html(job, src_path)
        except Exception as exc:  # an extension of the site failed on the page: so would the build
            return [BPDocsError(f"the page could not be converted to HTML ({type(exc).__name__}: {exc})",
                                job.page_path, 1)]
        try:
            math = typeset.typeset_page(page_html, typesetter=self._typesetter, cache=self._cache,
                                        page_path=job.page_path, source=source, replace=False,
                                        written=lambda: job_formulas(job, markdown, line_offset, typeset.formulas_of))
        except typeset.TypesetError as exc:
            return [exc]
        self.formulas += math.formulas
        return [*math.errors, *math.warnings]

    def count(self, job: PageJob, src_path: str) -> int:
        """How many formulas the page has (where nothing can typeset them)."""
        try:
            return len(typeset.formulas_of(self.html(job, src_path)))
        except Exception:  # an extension of the site failed on the page: errors() would say so, with Node
            return 0

    def close(self) -> None:
        if self._typesetter is not None:
            self._typesetter.close()
            self._typesetter = None
