"""Sites that run their fences with markdown-exec (its MkDocs plugin, or its formatter among superfences' custom
fences), whose ``exec`` fences bpdocs leaves to it unless told otherwise (the ``exec_fences`` option): the same
``python exec="1"`` is markdown-exec's there, with attributes of its own (``source="above"``) and other languages
(``bash``), and adding bpdocs must not take it over."""

from __future__ import annotations

from dataclasses import replace

from .core.options import Options

NOTE = ("markdown-exec runs this site's fences with exec, as it did before bpdocs (exec_fences: auto); bpdocs runs "
        "its diagrams, checked equations and inline values, in sessions of its own (an inline value or a session "
        "check does not see what markdown-exec's fences defined). To have bpdocs run the exec fences, set "
        "exec_fences: bpdocs")


def sets_up_markdown_exec(plugins, mdx_configs: dict) -> bool:
    """Whether the site runs markdown-exec: its plugin listed, or its formatter a custom fence of superfences."""
    if "markdown-exec" in [str(name) for name in plugins]:
        return True
    fences = ((mdx_configs or {}).get("pymdownx.superfences") or {}).get("custom_fences") or []
    return any(str(getattr(fence.get("format"), "__module__", "")).startswith("markdown_exec")
               for fence in fences if isinstance(fence, dict))


def superfences_fences(md) -> list:
    """The custom fences of a Markdown instance's superfences (what Zensical set up from its configuration)."""
    for extension in getattr(md, "registeredExtensions", ()):
        if type(extension).__name__ == "SuperFencesCodeExtension":
            return list(extension.getConfig("custom_fences") or [])
    return []


def resolved(options: Options, plugins, mdx_configs: dict) -> tuple[Options, str | None]:
    """``options`` with ``exec_fences: auto`` made what it means on this site, and the note to say if it left them."""
    if options.exec_fences != "auto" or not sets_up_markdown_exec(plugins, mdx_configs):
        return options, None
    return replace(options, exec_fences="markdown-exec"), NOTE


def run_by_nothing(options: Options, plugins, mdx_configs: dict) -> str | None:
    """Why the site's ``exec`` fences would run nowhere: ``exec_fences: markdown-exec`` on a site that does not set
    markdown-exec up (every such fence shown as plain code, its failures unseen), or None."""
    if options.exec_fences != "markdown-exec" or sets_up_markdown_exec(plugins, mdx_configs):
        return None
    return ("exec_fences: markdown-exec, but the site does not set markdown-exec up (its markdown-exec "
            "plugin, or its formatter among superfences' custom fences): fences with exec would run nowhere, shown "
            "as plain code; add markdown-exec to the site, or set exec_fences: bpdocs (or auto)")
