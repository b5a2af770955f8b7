"""What the MkDocs plugin sets up itself, so that ``plugins: [bpdocs]`` alone gives a working site.

- ``pymdownx.superfences`` with bpdocs' placeholder fence and a ``math`` fence;
- ``pymdownx.arithmatex`` in generic mode, so ``\\( \\)``, ``$ $``, ``\\[ \\]`` and ``$$ $$`` are math;
- the stylesheet, the MathJax configuration and MathJax itself, self-hosted by default.

Nothing the site configured is duplicated or overridden: a site that lists
arithmatex keeps its settings, and a site that loads MathJax itself keeps its
script (bpdocs then adds neither MathJax nor its configuration).
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.structure.files import File, Files

from .core import static
from .core.assemble import PLACEHOLDER_FENCE

ARITHMATEX = "pymdownx.arithmatex"
SUPERFENCES = "pymdownx.superfences"


def configure_markdown(config, placeholder_formatter, current_job) -> list[str]:
    """Register the placeholder and ``math`` fences, arithmatex, and the tree step that fills inline
    values in headings; return warnings for the author.

    The ``bpdocs`` Markdown extension (listed so that Zensical runs the site too) is dropped: under
    MkDocs the plugin runs every page, and must not run it twice.
    """
    from .extension import HeadingValues

    warnings = []
    if "bpdocs" in config.markdown_extensions:
        config.markdown_extensions.remove("bpdocs")
        config.mdx_configs.pop("bpdocs", None)
    config.markdown_extensions.append(HeadingValues(current_job))
    if SUPERFENCES not in config.markdown_extensions:
        config.markdown_extensions.append(SUPERFENCES)
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences = [f for f in settings.get("custom_fences", []) if f.get("name") != PLACEHOLDER_FENCE]
    fences.append({"name": PLACEHOLDER_FENCE, "class": PLACEHOLDER_FENCE, "format": placeholder_formatter})
    if not any(f.get("name") == "math" for f in fences):
        from pymdownx.arithmatex import arithmatex_fenced_format

        fences.append({"name": "math", "class": "arithmatex", "format": arithmatex_fenced_format(mode="generic")})
    settings["custom_fences"] = fences
    if ARITHMATEX not in config.markdown_extensions:
        config.markdown_extensions.append(ARITHMATEX)
        config.mdx_configs[ARITHMATEX] = {"generic": True}
    elif not config.mdx_configs.get(ARITHMATEX, {}).get("generic"):
        warnings.append(f"{ARITHMATEX} is set up without 'generic: true': the MathJax 3 that bpdocs adds "
                        "typesets only generic output. Set generic: true, or set the bpdocs option "
                        "mathjax: off and load your own MathJax.")
    return warnings


@dataclass
class Assets:
    files: dict  # site path -> package file (or generated content)
    typeset_at_build: bool
    warnings: list[str]
    notes: list[str]  # INFO lines: a valid set-up the author should know about


def configure_assets(config, options, build_math_unavailable: str | None) -> Assets:
    """Add the stylesheets and, for math typeset in the browser, the MathJax scripts to the site's config.

    Math is typeset when the site is built (``typeset: build``, the default) unless Node.js is missing
    (``build_math_unavailable`` says why) or the site loads MathJax itself; then in the browser.
    """
    assets = Assets({static.STYLESHEET: static.SITE_FILES[static.STYLESHEET], static.SCRIPT: static.SCRIPT_FILE},
                    False, [], [])
    if static.STYLESHEET not in config.extra_css:
        config.extra_css.append(static.STYLESHEET)
    if static.SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(ExtraScriptValue(static.SCRIPT))
        config.extra_javascript[-1].defer = True
    if options.mathjax == "off" or static.brings_own_mathjax(config.extra_javascript):
        if options.typeset == "build":
            assets.notes.append("the site loads MathJax itself, so its math is typeset in the browser")
        return assets
    if options.typeset == "build" and build_math_unavailable is None:
        assets.typeset_at_build = True
        assets.files[static.MATHJAX_SVG_CSS] = None  # made by MathJax in Node, when it has started
        config.extra_css.append(static.MATHJAX_SVG_CSS)
        return assets
    if options.typeset == "build":
        assets.notes.append(f"math is typeset in the browser by MathJax: {build_math_unavailable} "
                            "(with Node.js, bpdocs typesets it when the site is built)")
    try:
        source = static.mathjax_source(options.mathjax)
    except static.MissingMathJax as exc:
        assets.warnings.append(str(exc))
        return assets
    assets.files[static.MATHJAX_CONFIG] = static.SITE_FILES[static.MATHJAX_CONFIG]
    config.extra_javascript.append(ExtraScriptValue(static.MATHJAX_CONFIG))
    config.extra_javascript.append(ExtraScriptValue(source))
    if source == static.MATHJAX_SELF_HOSTED:
        assets.files[source] = static.SITE_FILES[source]
        assets.files.update(static.self_hosted_extras())
    return assets


def add_files(files: Files, config, assets: Assets, generated: dict[str, str]) -> Files:
    """The package's static files (and ``generated`` contents), as files of the site, so MkDocs writes
    them in builds and serve alike."""
    for path, source in assets.files.items():
        if files.get_file_from_path(path) is not None:  # a site's own file of that name wins
            continue
        if source is None:
            files.append(File.generated(config, path, content=generated[path]))
        else:
            files.append(File.generated(config, path, abs_src_path=str(source)))
    return files
