"""The plugin's typed configuration (the ``plugins: - bpdocs:`` block of mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class BPDocsConfig(Config):
    """Options of the bpdocs plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off entirely: executable fences then show as plain code and nothing runs."""

    cache = c.Type(bool, default=True)
    """Reuse results from earlier builds. The environment variable ``BPDOCS_CACHE=0`` also turns it off."""

    cache_dir = c.Type(str, default=".cache/bpdocs")
    """Where cached results live, relative to mkdocs.yml (keep it out of git)."""

    timeout = c.Type((int, float), default=30)
    """Seconds one fence or inline value may run before it is stopped (a fence's ``timeout`` overrides it)."""

    default_show = c.Choice(("both", "source", "output", "none"), default="both")
    """What an executable fence shows when it has no ``show`` attribute."""

    check_equations = c.Type(bool, default=True)
    """Check ``math`` fences that have ``check`` (and pages' ``bpdocs_check`` defaults). Off, they are
    displayed unchecked: for measuring what checking costs, never for publishing."""
