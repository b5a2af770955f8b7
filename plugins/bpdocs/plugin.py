"""MkDocs hooks of the bpdocs plugin. The class only orchestrates; the work lives in sibling modules.

Flow per page: scan fences (fences.py) -> plan cells and run what the cache
cannot answer (executor.py, worker.py) -> put results into the Markdown
(assemble.py, render.py) -> swap HTML placeholders and inline values in.
"""

from __future__ import annotations

import importlib.util
import os
import time
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.utils.meta import get_data

from . import assets, pages
from .assemble import assemble
from .cache import Cache, environment_key
from .config import BPDocsConfig
from .errors import BPDocsError
from .executor import Executor
from .fences import scan
from .worker import ForkServer

log = get_plugin_logger(__name__)
# Imported once in the worker when some page to run draws (plots or bpnet diagrams).
PLOTTING_MODULES = ["matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_svg", "bpdocs.diagrams"]
# Located without importing: the MkDocs process never loads numpy or bpcore (the worker does).
PACKAGES = [Path(__file__).parent, Path(importlib.util.find_spec("bpcore").origin).parent]


def _front_matter_lines(source: str, markdown: str) -> int:
    """How many file lines precede ``markdown``: MkDocs strips the YAML front matter first."""
    if source.endswith(markdown):
        return source[:len(source) - len(markdown)].count("\n")
    return 0  # another plugin rewrote the page: lines are the Markdown's own


class BPDocsPlugin(BasePlugin[BPDocsConfig]):
    """Executes annotated fences against bpcore and embeds what they computed."""

    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.executor: Executor | None = None
        self._early_server: ForkServer | None = None
        self._jobs: dict[str, pages.PageJob] = {}

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and self.config.enabled and self._early_server is None:
            # Start the worker while MkDocs is still loading: its imports (numpy,
            # bpcore) then overlap MkDocs' own start-up. Unused, it is stopped.
            root = Path(config_file_path or "mkdocs.yml").resolve().parent
            self._early_server = ForkServer(str(root))
        return errors, warnings

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
        options = {"timeout": self.config.timeout, "check_equations": self.config.check_equations}
        self.root_key = environment_key(options, PACKAGES)
        self.executor = Executor(self.cache, str(self.root), server=self._early_server)
        self._early_server = None
        self._prefetch(Path(config.docs_dir))
        self._jobs.clear()

    @event_priority(-50)  # after plugins that generate Markdown (e.g. macros)
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:  # show fences as plain code, run nothing
            return assemble(markdown, scan(markdown, page.file.src_uri), None,
                            default_show="source", page_id=page.file.src_uri).markdown
        page_path = os.path.relpath(page.file.abs_src_path, self.root)
        page_plan = pages.prepare(markdown, page_path, meta=page.meta, root_key=self.root_key,
                                  line_offset=_front_matter_lines(page.file.content_string, markdown),
                                  timeout=float(self.config.timeout),
                                  check_equations=self.config.check_equations)
        job = pages.start(markdown, page_path, page_plan, default_show=self.config.default_show,
                          executor=self.executor)
        self._jobs[page.file.src_uri] = job
        return job.assembled.markdown

    def _prefetch(self, docs_dir: Path) -> None:
        """Start running every page the cache cannot answer, before MkDocs renders anything.

        A quick look at the source files; on_page_markdown uses a result only
        if the page's cells are still the same (another plugin may change them).
        """
        to_run = []
        for path in sorted(docs_dir.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if not any(marker in text for marker in ("exec=", "`{py", "```bpnet", "check=", "bpdocs_check")):
                continue
            page_path = os.path.relpath(path, self.root)
            markdown, meta = get_data(text)
            try:
                sessions = pages.prepare(markdown, page_path, meta=meta, root_key=self.root_key,
                                         line_offset=_front_matter_lines(text, markdown),
                                         timeout=float(self.config.timeout),
                                         check_equations=self.config.check_equations).sessions
            except BPDocsError:
                continue  # reported, located, when the page itself is rendered
            if any(not self.cache.has(c.key) for cells in sessions.values() for c in cells):
                to_run.append((page_path, sessions, "matplotlib" in text or "```bpnet" in text))
        if any(plots for *_, plots in to_run):
            self.executor.preload(PLOTTING_MODULES)
        for page_path, sessions, _ in to_run:
            self.executor.prefetch(page_path, sessions)

    def on_page_content(self, html_text, *, page, config, files):
        job = self._jobs.get(page.file.src_uri)
        return html_text if job is None else job.fill_inline(html_text)

    @event_priority(90)  # before plugins that rewrite the output (minifiers would drop our comments)
    def on_post_page(self, output, *, page, config):
        job = self._jobs.pop(page.file.src_uri, None)
        if job is None:
            return output
        errors = job.finish()
        self.stats["executed"] += job.run.executed
        self.stats["cached"] += job.run.cached
        log.debug(f"{job.page_path}: {job.run.executed} cell(s) run, {job.run.cached} from cache")
        if errors:
            self._report(errors[0])
        return job.fill_outputs(output)

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
        if self._early_server is not None:
            self._early_server.close()
            self._early_server = None
        if self.executor is not None:
            self.executor.close()
            self.executor = None

    def _report(self, error: BPDocsError) -> None:
        """The one place where a bpdocs error becomes MkDocs' PluginError (or, while serving, a log line)."""
        if self.serving:
            log.error(str(error))
            return
        raise PluginError(str(error))

    def _placeholder_html(self, source, language, class_name, options, md, **kwargs) -> str:
        return pages.placeholder_token(source)
