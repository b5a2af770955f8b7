"""MkDocs hooks of the bpdocs plugin. The class only orchestrates; the work lives in sibling modules.

Flow per page: scan fences (fences.py) -> plan cells and run what the cache
cannot answer (executor.py, worker.py) -> put results into the Markdown
(assemble.py, render.py) -> swap HTML placeholders and inline values in.
"""

from __future__ import annotations

import html
import os
import time
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from . import assets
from .assemble import PLACEHOLDER_FENCE, assemble
from .cache import Cache, environment_key
from .config import BPDocsConfig
from .errors import BPDocsError
from .executor import execute, plan
from .fences import check_fence, scan
from .worker import WorkerPool

log = get_plugin_logger(__name__)
PACKAGES = [Path(__file__).parent, Path(__import__("bpcore").__file__).parent]


class BPDocsPlugin(BasePlugin[BPDocsConfig]):
    """Executes annotated fences against bpcore and embeds what they computed."""

    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.pool: WorkerPool | None = None
        self._html_blocks: dict[str, str] = {}
        self._inline: dict[str, dict[str, str]] = {}

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            return config
        assets.configure_markdown(config, partial(self._placeholder_html))
        assets.add_stylesheet(config)
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        cache_on = self.config.cache and os.environ.get("BPDOCS_CACHE", "1").lower() not in ("0", "off", "false", "no")
        self.cache = Cache(root / self.config.cache_dir, enabled=cache_on)
        return config

    def on_pre_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        self.stats = {"executed": 0, "cached": 0, "started": time.perf_counter()}
        options = {"timeout": self.config.timeout}
        self.root_key = environment_key(options, PACKAGES)
        self.pool = WorkerPool(self.root)
        self.pool.warm()  # imports numpy and bpcore while MkDocs reads the pages
        self._html_blocks.clear()
        self._inline.clear()

    @event_priority(-50)  # after plugins that generate Markdown (e.g. macros)
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        page_path = os.path.relpath(page.file.abs_src_path, self.root)
        page_scan = scan(markdown, page_path)
        results, errors = {}, []
        for fence in page_scan.fences:
            if "exec" in fence.attrs:
                try:
                    check_fence(fence)
                except BPDocsError as exc:
                    errors.append(exc)
                    results[f"fence-{fence.line}"] = {"error": str(exc)}
        bad = set(results)
        page_scan.fences = [f for f in page_scan.fences if f"fence-{f.line}" not in bad] 
        sessions = plan(page_scan, page_path, self.root_key, float(self.config.timeout))
        run = execute(page_path, sessions, self.cache, self.pool)
        self.stats["executed"] += run.executed
        self.stats["cached"] += run.cached
        log.debug(f"{page_path}: {run.executed} cell(s) run, {run.cached} from cache")
        errors = sorted(errors + run.errors, key=lambda e: e.line or 0)
        if errors:
            self._report(errors[0])
        results.update(run.results)
        page_scan.fences = scan(markdown, page_path).fences
        assembled = assemble(markdown, page_scan, results, default_show=self.config.default_show,
                             page_id=page_path)
        self._html_blocks.update(assembled.html_blocks)
        self._inline[page.file.src_uri] = assembled.inline_values
        return assembled.markdown

    def on_page_content(self, html_text, *, page, config, files):
        for token, value in self._inline.get(page.file.src_uri, {}).items():
            html_text = html_text.replace(token, html.escape(str(value)))
        return html_text

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        self._close()
        assets.write_stylesheet(config)
        elapsed = time.perf_counter() - self.stats["started"]
        log.info(f"{self.stats['executed']} cell(s) run, {self.stats['cached']} from cache, "
                 f"{elapsed:.2f} s")

    def on_build_error(self, *, error) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _report(self, error: BPDocsError) -> None:
        """The one place where a bpdocs error becomes MkDocs' PluginError (or, while serving, a log line)."""
        if self.serving:
            log.error(str(error))
            return
        raise PluginError(str(error))

    def _placeholder_html(self, source, language, class_name, options, md, **kwargs) -> str:
        return self._html_blocks.get(source.strip(), html.escape(source))
