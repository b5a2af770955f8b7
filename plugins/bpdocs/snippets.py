"""Fences that pymdownx.snippets includes (``--8<-- "part.md"``), run as the page's own.

bpdocs finds a page's fences before Markdown runs its extensions, so what a snippet brings in was shown as code,
never run, and nobody was told. Here the page's snippets are expanded first, by pymdownx.snippets itself with the
site's settings, so their fences are the page's. Markdown's own pass then finds nothing left to include: a line
that an escape (``;--8<--``) kept is escaped again for it, and ``auto_append`` is left to that pass (appended
once). An include that fails is left to that pass too, which reports it as it does without bpdocs. Errors in an
included fence are at the ``--8<--`` line that brought it: the expansion says, for each line it made, the line of
the page it came from (composed with :func:`~bpdocs.core.frontmatter.source_lines`' map by :func:`page_lines`).
"""

from __future__ import annotations

from .core.build import MARKERS
from .core.frontmatter import LineMap, file_line

SNIPPETS = "pymdownx.snippets"


def expand_snippets(markdown: str, config) -> tuple[str, tuple[int, ...] | None]:
    """``markdown`` with its snippets included, if the site (``config``: its ``markdown_extensions`` and
    ``mdx_configs``) uses pymdownx.snippets and the page has any; and then, for each line of it, the line of
    ``markdown`` it came from (None: nothing was included)."""
    if "8<-" not in markdown or SNIPPETS not in [str(e) for e in config["markdown_extensions"]]:
        return markdown, None
    configs = config["mdx_configs"]
    import markdown as python_markdown

    settings = {**(configs.get(SNIPPETS) or {}), "auto_append": []}
    expanded, came_from = [], []
    try:
        md = python_markdown.Markdown(extensions=[SNIPPETS], extension_configs={SNIPPETS: settings})
        snippets = md.preprocessors["snippet"]
        snippets.run([])  # (its state for a page: what is being included, the base paths, failed downloads)
        for start, segment in _segments(markdown.split("\n"), snippets):
            made = snippets.parse_snippets(segment)
            expanded += made
            came_from += [start] * len(made)
    except Exception:  # (a missing file with check_paths, a download that fails: Markdown's pass says so)
        return markdown, None
    return "\n".join(_escaped_again(line, snippets) for line in expanded), tuple(came_from)


def brings_nothing_to_run(markdown: str, expanded: str) -> bool:
    """Whether the snippets ``expanded`` includes bring no fence or value of bpdocs': then the page goes on as
    written (other extensions see its own text: OI-wiki's offsets of each block in the source were shifted by
    every included file's length), and only its formulas are located in the expansion."""
    return all(expanded.count(marker) == markdown.count(marker) for marker in MARKERS)


def _segments(lines: list[str], snippets):
    """(first line number, lines) of the page in the pieces the preprocessor reads alone: a ``--8<--`` block from
    its opening marker to its closing one, every other line by itself. Expanded piece by piece, the page is what
    the preprocessor makes of it whole (a line's state is its block's), and each piece's lines are known."""
    block = None
    for number, line in enumerate(lines, start=1):
        marker = snippets.RE_ALL_SNIPPETS.match(line)
        toggles = marker is not None and not marker.group("escape") and marker.group("block_marker") is not None
        if block is not None:
            block[1].append(line)
            if toggles:
                yield block
                block = None
        elif toggles:
            block = (number, [line])
        else:
            yield number, [line]
    if block is not None:  # (a block never closed runs to the page's end, as in the preprocessor)
        yield block


def page_lines(where: int | LineMap, came_from: tuple[int, ...] | None) -> int | LineMap:
    """Where each line of a page's expanded Markdown is in its file: ``where`` places the Markdown before the
    expansion (:func:`~bpdocs.core.frontmatter.source_lines`), ``came_from`` is :func:`expand_snippets`' own."""
    if came_from is None:
        return where
    return LineMap(tuple(file_line(where, line) for line in came_from) or (file_line(where, 1),))


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
