"""The plugin's typed configuration (the ``plugins: - bpdocs:`` block of mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class BPDocsConfig(Config):
    """Options of the bpdocs plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off entirely (pages are then built as plain Markdown)."""
