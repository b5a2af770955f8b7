"""Fences that pymdownx.snippets includes (``--8<-- "part.md"``), run as the page's own.

bpdocs finds a page's fences before Markdown runs its extensions, so what a snippet brings in was shown as code,
never run, and nobody was told. Here the page's snippets are expanded first, by pymdownx.snippets itself with the
site's settings, so their fences are the page's. Markdown's own pass then finds nothing left to include: a line
that an escape (``;--8<--``) kept is escaped again for it, and ``auto_append`` is left to that pass (appended
once). An include that fails is left to that pass too, which reports it as it does without bpdocs. Errors in an
included fence are at the ``--8<--`` line that brought it (see :class:`~bpdocs.core.frontmatter.LineMap`).
"""

from __future__ import annotations

SNIPPETS = "pymdownx.snippets"


def expand_snippets(markdown: str, config) -> str:
    """``markdown`` with its snippets included, if the site (``config``: its ``markdown_extensions`` and
    ``mdx_configs``) uses pymdownx.snippets and the page has any."""
    if "8<-" not in markdown or SNIPPETS not in [str(e) for e in config["markdown_extensions"]]:
        return markdown
    configs = config["mdx_configs"]
    import markdown as python_markdown

    settings = {**(configs.get(SNIPPETS) or {}), "auto_append": []}
    try:
        md = python_markdown.Markdown(extensions=[SNIPPETS], extension_configs={SNIPPETS: settings})
        snippets = md.preprocessors["snippet"]
        lines = snippets.run(markdown.split("\n"))
    except Exception:  # (a missing file with check_paths, a download that fails: Markdown's pass says so)
        return markdown
    return "\n".join(_escaped_again(line, snippets) for line in lines)


def _escaped_again(line: str, snippets) -> str:
    """A line the expansion left as a snippet's marker came from an escaped one: escaped again for the next pass."""
    marker = snippets.RE_ALL_SNIPPETS.match(line)
    if marker:
        return line[:marker.start("escape")] + ";" + line[marker.start("escape"):]
    match_section = getattr(snippets, "match_section", None)  # (older pymdown-extensions, e.g. 10.16: the pattern)
    section = match_section(line) if match_section is not None else snippets.RE_SNIPPET_SECTION.match(line)
    if section:
        return line[:section.start("escape")] + ";" + line[section.start("escape"):]
    return line
