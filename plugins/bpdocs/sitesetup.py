"""What the MkDocs plugin sets up itself, so that ``plugins: [bpdocs]`` alone gives a working site.

- ``pymdownx.superfences`` with bpdocs' placeholder fence and a ``math`` fence (a site's fences as ``fenced_code``
  made them, apart and unhighlighted, see fencedcode.py; or highlighted as its CodeHilite did);
- ``pymdownx.arithmatex`` in generic mode, so ``\\( \\)``, ``\\[ \\]`` and ``$$ $$`` are math (not ``$ $``, which a site
  that set up no math wrote for prices; where the site renders its own math, not ``$$ $$`` either: its renderer
  finds those in the page as it did);
- math typeset when the site is built (MathJax, or KaTeX with ``tex: {renderer: katex}``), or else the
  stylesheet, the MathJax configuration and MathJax itself, self-hosted by default.

Nothing the site configured is duplicated or overridden: a site that lists
arithmatex keeps its settings, and a site that loads MathJax or KaTeX itself keeps its
scripts (bpdocs then adds no MathJax, and says at INFO how to let it typeset the math).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions import Extension
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.structure.files import File, Files

from .core import static
from .core.run import processes
from .core.assemble import PLACEHOLDER_FENCE
from .core.typeset.settings import TeXSettings
from .core.typeset.sitemacros import read_site_macros, site_math_openings, with_site_macros

ARITHMATEX = "pymdownx.arithmatex"
SITE_SCRIPT_SIZE = 200_000  # bytes: a configuration script is small; a renderer's own bundle is not run to read it
SUPERFENCES = "pymdownx.superfences"
HIGHLIGHT = "pymdownx.highlight"
CODEHILITE = ("codehilite", "markdown.extensions.codehilite")
# The arithmatex bpdocs adds to a site that has none: \( \), \[ \], $$ $$ and math fences are math; $...$ is not,
# which a site that set up no math wrote for prices and $HOME (a site's own arithmatex keeps its own settings).
ADDED_ARITHMATEX = {"generic": True, "inline_syntax": ["round"]}
# A site's own math extension, whose markup its renderer reads (python-markdown-math's <script type="math/tex">):
# no arithmatex is added beside it, which took \( \) and \[ \] from it (a review of a real site).
SITE_MATH_EXTENSIONS = {"mdx_math", "markdown_katex"}


def configure_markdown(config, placeholder_formatter, current_job) -> list[str]:
    """Register the placeholder and ``math`` fences, arithmatex, and the tree step that fills inline
    values in headings; return warnings for the author.

    The ``bpdocs`` Markdown extension (listed so that Zensical runs the site too) is dropped: under
    MkDocs the plugin runs every page, and must not run it twice.
    """
    from .extension import HeadingValues

    warnings = []
    config.markdown_extensions[:] = [e for e in config.markdown_extensions
                                     if not isinstance(e, (HeadingValues, NoDollarEscape))]
    if "bpdocs" in config.markdown_extensions:
        config.markdown_extensions.remove("bpdocs")
        config.mdx_configs.pop("bpdocs", None)
    config.markdown_extensions.append(HeadingValues(current_job))
    if SUPERFENCES not in config.markdown_extensions:  # (the site's fences were fenced_code's: kept as they were)
        from .fencedcode import keep_fenced_code

        _highlight_as_codehilite(config)
        keep_fenced_code(config, highlighted=HIGHLIGHT in config.markdown_extensions)
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences = [f for f in settings.get("custom_fences", []) if f.get("name") != PLACEHOLDER_FENCE]
    fences.append({"name": PLACEHOLDER_FENCE, "class": PLACEHOLDER_FENCE, "format": placeholder_formatter})
    if not any(f.get("name") == "math" for f in fences):
        from pymdownx.arithmatex import arithmatex_fenced_format

        fences.append({"name": "math", "class": "arithmatex", "format": arithmatex_fenced_format(mode="generic")})
    settings["custom_fences"] = fences
    if ARITHMATEX not in config.markdown_extensions:
        if not SITE_MATH_EXTENSIONS & set(config.markdown_extensions):
            config.markdown_extensions.append(ARITHMATEX)  # (see ADDED_ARITHMATEX)
            config.mdx_configs[ARITHMATEX] = AddedSettings(ADDED_ARITHMATEX)
    elif not config.mdx_configs.get(ARITHMATEX, {}).get("generic"):
        warnings.append(f"{ARITHMATEX} is set up without 'generic: true': the MathJax 3 that bpdocs adds "
                        "typesets only generic output. Set generic: true, or set the bpdocs option "
                        "mathjax: off and load your own MathJax.")
    return warnings


def _highlight_as_codehilite(config) -> None:
    """Before the superfences bpdocs adds: a site that highlights code with CodeHilite (and set up no
    pymdownx.highlight) keeps its code's look. Superfences highlights every fence and indented block itself, with
    pymdownx.highlight's settings, whose class is ``highlight``: the site's Pygments stylesheet, written for
    ``.codehilite``, no longer coloured any code. Pygments stays on (fence options such as ``title`` and
    ``hl_lines`` need it), so a CodeHilite set to leave code to the browser's highlighter is not followed."""
    names = [name for name in CODEHILITE if name in config.markdown_extensions]
    if not names or HIGHLIGHT in config.markdown_extensions:
        return
    from markdown.extensions.codehilite import CodeHiliteExtension

    own = CodeHiliteExtension(**(config.mdx_configs.get(names[0]) or {})).getConfigs()
    config.markdown_extensions.append(HIGHLIGHT)
    config.mdx_configs[HIGHLIGHT] = AddedSettings(
        {"css_class": own["css_class"], "guess_lang": own["guess_lang"], "pygments_style": own["pygments_style"],
         "noclasses": own["noclasses"], "linenums": own["linenums"], "language_prefix": own["lang_prefix"]})


def _add_stylesheet(config, sheet: str) -> None:
    """Before the site's own stylesheets, after bpdocs' others: a site's rule wins over bpdocs' and KaTeX's at the
    same specificity (a migrated site's .katex { font-size } was overridden by the katex.min.css after it)."""
    ours = {static.STYLESHEET, *ADDED_STYLESHEETS}
    at = next((n for n, existing in enumerate(config.extra_css) if str(existing) not in ours), len(config.extra_css))
    config.extra_css.insert(at, sheet)


class AddedSettings(dict):
    """The settings of an extension bpdocs added, the site having none (told apart: see ``configure_assets``)."""


class NoDollarEscape(Extension):
    """After the arithmatex bpdocs adds to a site that renders its own math in the browser: ``\\$`` is not made an
    escape (it was not one on the site; walkccc/CLRS, KaTeX with $ delimiters, wrote $\\$1$, which became $$1$)."""

    def extendMarkdown(self, md):
        md.ESCAPED_CHARS = [c for c in md.ESCAPED_CHARS if c != "$"]  # (arithmatex's, loaded before this)


class AddedScript(ExtraScriptValue):
    """A script bpdocs added to ``extra_javascript`` (told apart from the site's own, see ``configure_assets``)."""


ADDED_STYLESHEETS = (static.MATHJAX_SVG_CSS, static.KATEX_CSS)


@dataclass
class Assets:
    files: dict  # site path -> package file (None: made for the site, in `generated`)
    typeset_at_build: bool  # bpdocs typesets the math (MathJax or KaTeX in Node)
    warnings: list[str]
    notes: list[str]  # INFO lines: a valid set-up the author should know about
    validate: bool = False  # the browser typesets the math, and bpdocs checks its TeX in Node first
    unchecked: str | None = None  # why no formula's TeX is checked (said at the end, if the site has math)
    generated: dict = field(default_factory=dict)  # site path -> content
    tex: TeXSettings | None = None  # the tex option with the macros of the site's own renderer configuration


def configure_assets(config, options, unavailable) -> Assets:
    """Add the stylesheets and, for math typeset in the browser, the MathJax scripts to the site's config.

    Math is typeset when the site is built (``typeset: build``, the default) by the ``tex`` option's renderer,
    unless Node.js is missing (``unavailable(renderer)`` says why) or the site loads MathJax or KaTeX itself;
    else MathJax typesets it in the browser, and its TeX is checked in Node when Node is there.

    It may run again on the same config: mkdocs-static-i18n builds each further language with it, running
    ``on_config`` again. What an earlier run added is taken out first, so that it is neither linked twice nor
    read as the site's own MathJax.
    """
    config.extra_css[:] = [sheet for sheet in config.extra_css if str(sheet) not in ADDED_STYLESHEETS]
    config.extra_javascript[:] = [script for script in config.extra_javascript if not isinstance(script, AddedScript)]
    assets = Assets({static.STYLESHEET: static.SITE_FILES[static.STYLESHEET], static.SCRIPT: static.SCRIPT_FILE},
                    False, [], [])
    if static.STYLESHEET not in config.extra_css:
        _add_stylesheet(config, static.STYLESHEET)
    if static.SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(AddedScript(static.SCRIPT))
        config.extra_javascript[-1].defer = True
    own = static.own_renderers(config.extra_javascript)
    opening = _read_site_macros(config, options, assets) if own or options.mathjax == "off" else None
    if options.tex.renderer == "katex":
        return _katex(config, options, unavailable, own, assets)
    if static.math_left_to_the_site(config.extra_javascript, options):
        assets.files[static.STYLESHEET] = None  # the site's renderer typesets its math: its look is the site's
        if isinstance(added := config.mdx_configs.get(ARITHMATEX), AddedSettings):  # (and finds $$ as it did)
            added.update(_site_syntax(opening))
            config.markdown_extensions.append(NoDollarEscape())
        assets.generated[static.STYLESHEET] = static.stylesheet_without_math_rules()
        if options.mathjax != "off":  # (off: the author chose this, and the docs promise no more words on it)
            renderer = "katex" if "katex" in own else "mathjax"
            # a note, not a warning: the site works as it did (adding bpdocs must not fail its strict build)
            assets.notes.append(static.MIGRATE[renderer].format(scripts=", ".join(own[renderer])))
        return assets
    why = unavailable("mathjax")
    if options.typeset == "build" and why is None:
        assets.typeset_at_build = True
        assets.files[static.MATHJAX_SVG_CSS] = None  # made by MathJax in Node, when it has started
        _add_stylesheet(config, static.MATHJAX_SVG_CSS)
        return assets
    if options.typeset == "build":
        assets.notes.append(f"math is typeset in the browser by MathJax: {why} "
                            "(with Node.js, bpdocs typesets it when the site is built)")
    assets.validate, assets.unchecked = why is None, why
    try:
        source = static.mathjax_source(options.mathjax)
    except static.MissingMathJax as exc:
        assets.warnings.append(str(exc))
        return assets
    assets.files[static.MATHJAX_CONFIG] = None
    assets.generated[static.MATHJAX_CONFIG] = static.mathjax_config(options.tex.engine())
    config.extra_javascript.append(AddedScript(static.MATHJAX_CONFIG))
    config.extra_javascript.append(AddedScript(source))
    if source == static.MATHJAX_SELF_HOSTED:
        assets.files[source] = static.SITE_FILES[source]
        assets.files.update(static.self_hosted_extras())
    return assets


def _site_syntax(opening: list[str] | None) -> dict:
    """The syntax of the arithmatex bpdocs adds to a site whose renderer typesets its math in the browser: the math
    that renderer reads (``opening``: what opens math in its configuration; None: its defaults, \\( \\) and \\[ \\]
    and environments), so that arithmatex keeps it from Markdown; no $$ blocks (the renderer finds them in the page
    as it did). Nothing else: ``\\(c\\)`` on a site whose KaTeX reads $ only was "(c)", and must stay so."""
    if opening is None:
        return {"inline_syntax": ["round"], "block_syntax": ["square", "begin"]}
    return {"inline_syntax": ["round"] if "\\(" in opening else [],
            "block_syntax": [syntax for syntax, left in (("square", "\\["), ("begin", "\\begin"))
                             if any(given.startswith(left) for given in opening)]}


def own_math_syntax(docs_dir, scripts) -> dict:
    """:func:`_site_syntax` for a site whose ``scripts`` (its extra_javascript) below ``docs_dir`` configure the
    renderer that typesets its math (the Zensical extension's; the plugin reads them with their macros)."""
    return _site_syntax(site_math_openings(_site_scripts(docs_dir, scripts)))


def _site_scripts(docs_dir, scripts) -> list[Path]:
    """The site's own scripts in the docs folder (small enough to be a configuration, not a renderer)."""
    docs = Path(docs_dir)
    return [docs / str(script) for script in scripts if str(script).endswith(".js") and "://" not in str(script)
            and (docs / str(script)).is_file() and (docs / str(script)).stat().st_size < SITE_SCRIPT_SIZE]


def _read_site_macros(config, options, assets: Assets) -> list[str] | None:
    """The TeX macros of the site's own renderer configuration (its scripts in the docs folder), for the checker
    (and KaTeX at build time): ``assets.tex`` is the ``tex`` option with those it does not define itself. Returns
    what opens math for that renderer, where its configuration says (:func:`site_math_openings`)."""
    docs = Path(config.docs_dir)
    scripts = _site_scripts(docs, config.extra_javascript)
    macros, read = read_site_macros(scripts)
    opening = site_math_openings(scripts)
    tex = with_site_macros(options.tex, macros)
    if tex != options.tex:
        assets.tex = tex
        names = sorted({m.name for m in tex.macros} - {m.name for m in options.tex.macros})
        listed = ", ".join("\\" + name for name in names[:12]) + (f" and {len(names) - 12} more" * (len(names) > 12))
        assets.notes.append(f"the equation checker reads the {len(names)} TeX macro(s) of the site's own configuration "
                            f"({', '.join(os.path.relpath(path, docs) for path in read)}): {listed}")  # (a dozen named)
    return opening


def _katex(config, options, unavailable, own: dict, assets: Assets) -> Assets:
    """``tex: {renderer: katex}``: KaTeX renders the math when the site is built; bpdocs never adds MathJax."""
    if "mathjax" in own:
        assets.warnings.append(f"the site loads MathJax ({', '.join(own['mathjax'])}) and asks bpdocs for KaTeX "
                               "(tex: renderer: katex): two renderers would typeset one page; take MathJax out of "
                               "extra_javascript")
    why = unavailable("katex") if options.typeset == "build" else \
        "typeset: browser (bpdocs sets up KaTeX only when the site is built)"
    if why is not None:
        assets.unchecked = why + ("; the site's own KaTeX renders the math in the browser" if "katex" in own
                                  else "; nothing renders the math")
        return assets
    assets.typeset_at_build = True
    assets.files.update(static.katex_files())
    _add_stylesheet(config, static.KATEX_CSS)
    if "katex" in own:
        assets.notes.append(f"KaTeX renders the math when the site is built; the site's own KaTeX scripts "
                            f"({', '.join(own['katex'])}) find nothing left to render, and can go (with what "
                            "names them elsewhere: a minify plugin's js_files, say), and so can the site's KaTeX "
                            "stylesheet in extra_css, if it has one: bpdocs adds its own")
    return assets


def add_files(files: Files, config, assets: Assets, generated: dict[str, str]) -> Files:
    """The package's static files (and ``generated`` contents, with the assets' own), as files of the site,
    so MkDocs writes them in builds and serve alike."""
    generated = {**assets.generated, **generated}
    for path, source in assets.files.items():
        if files.get_file_from_path(path) is not None:  # a site's own file of that name wins
            continue
        if source is None:
            files.append(File.generated(config, path, abs_src_path=_backing_file(path, generated[path])))
        else:
            files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


_backing: tempfile.TemporaryDirectory | None = None  # where generated contents are written (see _backing_file)


def _backing_file(path: str, content: str) -> str:
    """A file holding ``content``, for the site's file ``path``: generated files are backed by files on disk, as
    MkDocs allows, not held in memory only, because some plugins read every file's ``abs_src_path`` (the
    mkdocs-static-i18n plugin fails on a None). In a private temporary folder, removed when the process ends (at
    exit; if it was killed, by the next build: :func:`_sweep`), not left to its finalizer, which warns."""
    global _backing
    if _backing is None:
        _sweep(tempfile.gettempdir())
        _backing = tempfile.TemporaryDirectory(prefix=f"bpdocs-files-{os.getpid()}-")
        atexit.register(_backing.cleanup)
    backing = Path(_backing.name, path)
    backing.parent.mkdir(parents=True, exist_ok=True)
    backing.write_text(content, encoding="utf-8")
    return str(backing)


def _sweep(folder: str) -> None:
    """Remove :func:`_backing_file`'s folders (ours, by name) whose process is gone, killed before its clean-up."""
    for path in Path(folder).glob("bpdocs-files-*-*"):
        pid = path.name.split("-")[2]
        if pid.isdigit() and not processes.running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def fill_generated(file: File, content: str) -> None:
    """Give a file :func:`add_files` generated its content, made later (MathJax's stylesheet, by Node)."""
    if _backing is not None and file.abs_src_path and Path(file.abs_src_path).is_relative_to(_backing.name):
        Path(file.abs_src_path).write_text(content, encoding="utf-8")
    else:
        file.content_string = content


def read_after(plugins, plugin, event: str = "page_content") -> bool:
    """Whether another plugin (or a hook) handles ``event`` after ``plugin`` (Material's blog counts a post's words
    in ``on_page_content`` for its reading time; mkdocs-rss-plugin reads the page's Markdown): it must see the page
    as a reader does there, values and outputs, in a cold build as in a warm one, so bpdocs waits for the page's
    run; otherwise they are filled later, before search reads the page."""
    handlers = getattr(plugins, "events", {}).get(event, [])
    ours = [n for n, handler in enumerate(handlers) if getattr(handler, "__self__", None) is plugin]
    return bool(ours) and ours[-1] < len(handlers) - 1
