"""What the MkDocs plugin sets up itself, so that ``plugins: [bpdocs]`` alone gives a working site.

- ``pymdownx.superfences`` with bpdocs' placeholder fence and a ``math`` fence;
- ``pymdownx.arithmatex`` in generic mode, so ``\\( \\)``, ``$ $``, ``\\[ \\]`` and ``$$ $$`` are math;
- the stylesheet, the MathJax configuration and MathJax itself, self-hosted by default.

Nothing the site configured is duplicated or overridden: a site that lists
arithmatex keeps its settings, and a site that loads MathJax itself keeps its
script (bpdocs then adds neither MathJax nor its configuration).
"""

from __future__ import annotations

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


def configure_assets(config, mathjax_setting: str) -> tuple[list[str], list[str]]:
    """Add the stylesheet and the MathJax scripts to the site's config.

    Returns the site paths bpdocs must write (for :func:`add_files`) and warnings for the author.
    """
    files, warnings = [static.STYLESHEET], []
    if static.STYLESHEET not in config.extra_css:
        config.extra_css.append(static.STYLESHEET)
    if mathjax_setting == "off" or static.brings_own_mathjax(config.extra_javascript):
        return files, warnings
    try:
        source = static.mathjax_source(mathjax_setting)
    except static.MissingMathJax as exc:
        return files, [str(exc)]
    files.append(static.MATHJAX_CONFIG)
    config.extra_javascript.append(ExtraScriptValue(static.MATHJAX_CONFIG))
    config.extra_javascript.append(ExtraScriptValue(source))
    if source == static.MATHJAX_SELF_HOSTED:
        files.append(source)
    return files, warnings


def add_files(files: Files, config, site_paths: list[str]) -> Files:
    """The package's static files, as files of the site (so MkDocs copies them, in builds and serve)."""
    for path in site_paths:
        if files.get_file_from_path(path) is None:  # a site's own file of that name wins
            files.append(File.generated(config, path, abs_src_path=str(static.SITE_FILES[path])))
    return files
