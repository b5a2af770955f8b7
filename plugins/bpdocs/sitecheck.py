"""``bpdocs check``: every fence, inline value, diagram and checked equation of a docs folder, run as a
build would run them (same attributes, page defaults, options and cache), without writing a site.

Every error of every page is collected (a build stops at the first), sorted by page and line.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .core import frontmatter, options as core_options
from .core.build import Build, read_page
from .core.errors import BPDocsError


class UsageError(Exception):
    """Bad arguments or an unreadable configuration: nothing was checked (exit status 2)."""


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs would for what we need: ``!ENV`` resolved, other tags ignored."""


def _env(loader, node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *names, default = values if len(values) > 1 else (*values, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name:..., !relative: not needed


@dataclass
class Site:
    root: Path  # where mkdocs.yml is (page paths in messages are relative to it)
    docs_dir: Path
    options: core_options.Options
    notes: list[str] = field(default_factory=list)


def _entry(items, name: str):
    """The settings of ``name`` in a plugins or markdown_extensions list (or mapping); None if absent."""
    if isinstance(items, dict):
        return (items.get(name) or {}) if name in items else None
    for item in items or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return item[name] or {}
    return None


CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml")


def find_config(folder: Path) -> Path | None:
    """The site's configuration in ``folder``, as MkDocs, ProperDocs or Zensical would find it."""
    return next((folder / name for name in CONFIG_FILES if (folder / name).is_file()), None)


def _load(config_file: Path) -> dict:
    text = config_file.read_text(encoding="utf-8")
    if config_file.suffix == ".toml":
        import tomllib

        data = tomllib.loads(text)
        return data.get("project", data)
    return yaml.load(text, Loader=_Loader) or {}


def read_site(config_file: Path | None) -> Site:
    """The docs folder and bpdocs options of the site's configuration (defaults when there is none)."""
    if config_file is None:
        root = Path.cwd()
        return Site(root, root / "docs", core_options.DEFAULTS)
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file")
    try:
        config = _load(config_file)
    except (yaml.YAMLError, ValueError) as exc:  # YAML; TOML (a ValueError) and decoding errors
        raise UsageError(f"{config_file}: cannot read it: {exc}") from None
    if not isinstance(config, dict):
        raise UsageError(f"{config_file}: not a mapping of settings")
    root = config_file.resolve().parent
    plugin = _entry(config.get("plugins"), "bpdocs")
    extension = _entry(config.get("markdown_extensions"), "bpdocs")
    try:
        as_plugin, as_extension = (core_options.from_mapping(s) if s is not None else None
                                   for s in (plugin, extension))
    except core_options.OptionError as exc:
        raise UsageError(f"{config_file}: bpdocs option: {exc}") from None
    options = as_plugin or as_extension or core_options.DEFAULTS
    site = Site(root, root / str(config.get("docs_dir") or "docs"), options)
    if as_plugin and as_extension and as_plugin != as_extension:
        site.notes.append(f"{config_file.name} gives bpdocs other options under plugins ({as_plugin!r}) than "
                          f"under markdown_extensions ({as_extension!r}): MkDocs uses the first, Zensical the "
                          "second; this check uses the plugin's.")
    if plugin is not None and extension is None:
        site.notes.append(f"{config_file.name} lists bpdocs under plugins only: Zensical ignores plugins it does "
                          "not know and would publish these pages unchecked. List it under markdown_extensions "
                          "too (MkDocs then leaves it to the plugin).")
    return site


@dataclass
class Report:
    pages: int
    executed: int
    cached: int
    equations: int
    errors: list[BPDocsError]
    seconds: float

    @property
    def summary(self) -> str:
        return (f"bpdocs check: {self.pages} page{'s' * (self.pages != 1)}, {self.executed} cells run, "
                f"{self.cached} from cache, {self.equations} equations checked, "
                f"{len(self.errors)} error{'s' * (len(self.errors) != 1)} ({self.seconds:.2f} s)")

    def as_json(self) -> dict:
        return {"pages": self.pages, "cells_run": self.executed, "from_cache": self.cached,
                "equations_checked": self.equations, "seconds": round(self.seconds, 3),
                "errors": [{"page": e.page, "line": e.line, "message": e.message, "details": e.details}
                           for e in self.errors]}


def markdown_files(paths: list[Path], site: Site) -> list[Path]:
    """The Markdown files to check: the given files, and every ``.md`` below the given folders."""
    files = []
    for path in paths or [site.docs_dir]:
        if path.is_dir():
            files += sorted(path.rglob("*.md"))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(p.resolve() for p in files))


def check(files: list[Path], site: Site) -> Report:
    started = time.perf_counter()
    build = Build(site.root, site.options)
    errors: list[BPDocsError] = []
    try:
        build.prefetch(files)
        jobs = []
        for path in files:
            page_path = build.page_path(path)
            try:
                source = read_page(path, page_path)
                markdown, meta = frontmatter.split(source)
                jobs.append(build.page(markdown, page_path, meta=meta,
                                       line_offset=frontmatter.lines_before(source, markdown)))
            except BPDocsError as exc:
                errors.append(exc)
        for job in jobs:
            errors += build.finish(job)
    finally:
        build.close()
    site.notes += build.warnings()
    stats = build.stats
    errors.sort(key=lambda e: (e.page or "", e.line or 0))
    return Report(len(files), stats.executed, stats.cached, stats.equations, errors,
                  time.perf_counter() - started)
