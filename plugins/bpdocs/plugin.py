"""MkDocs hooks of the bpdocs plugin. The class only orchestrates; work lives in sibling modules."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, get_plugin_logger

from .config import BPDocsConfig

log = get_plugin_logger(__name__)


class BPDocsPlugin(BasePlugin[BPDocsConfig]):
    """Executes annotated fences and checks equations (filled in by later work; a no-op for now)."""

    def on_config(self, config):
        if not self.config.enabled:
            log.debug("bpdocs is disabled in mkdocs.yml")
        return config
