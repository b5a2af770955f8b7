"""The MkDocs plugin's typed configuration (the ``plugins: - bpdocs:`` block of mkdocs.yml).

Each option is validated by :func:`bpdocs.core.options.validate`, so the
plugin, the Markdown extension and ``bpdocs check`` accept the same values.
"""

from __future__ import annotations

from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from .core import options as core_options


class _Option(BaseConfigOption):
    """An option whose default, type and bounds are those of :class:`bpdocs.core.options.Options`."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.default = getattr(core_options.DEFAULTS, name)

    def run_validation(self, value):
        try:
            return core_options.validate(self.name, value)
        except core_options.OptionError as exc:
            raise ValidationError(str(exc)) from None


class BPDocsConfig(Config):
    """Options of the bpdocs plugin (documented on the authoring page)."""

    enabled = _Option("enabled")
    """Turn the plugin off entirely: executable fences then show as plain code and nothing runs."""

    cache = _Option("cache")
    """Reuse results from earlier builds. The environment variable ``BPDOCS_CACHE=0`` also turns it off."""

    cache_dir = _Option("cache_dir")
    """Where cached results live, relative to mkdocs.yml (keep it out of git)."""

    cache_max_age = _Option("cache_max_age")
    """Days after which a cache entry a full build did not use is removed (30 by default)."""

    timeout = _Option("timeout")
    """Seconds one fence or inline value may run before it is stopped (a fence's ``timeout`` overrides it)."""

    exec_fences = _Option("exec_fences")
    """Who runs fences with exec: auto (markdown-exec where the site sets it up, else bpdocs), bpdocs, markdown-exec."""

    default_show = _Option("default_show")
    """What an executable fence shows when it has no ``show`` attribute."""

    check_equations = _Option("check_equations")
    """Check ``math`` fences that have ``check``. Off, they are displayed unchecked (for benches only)."""

    memory = _Option("memory")
    """How much memory one fence may use, e.g. 4 GiB (the default); more is a located error."""

    output_limit = _Option("output_limit")
    """How much one fence may print, e.g. 10 MB (the default); more is a located error."""

    typeset = _Option("typeset")
    """When math is typeset: build (MathJax in Node, the default) or browser."""

    mathjax = _Option("mathjax")
    """Where the browser gets MathJax: self-hosted (default), cdn, off, or a URL."""

    jobs = _Option("jobs")
    """How many pages run, and are typeset, at once: auto (one per core, the default) or 1 to 64."""

    watch_interval = _Option("watch_interval")
    """Seconds between two looks for changed files while ``mkdocs serve`` runs (0.1; MkDocs' own is 0.5)."""

    tex = _Option("tex")
    """What TeX means on this site: renderer, macros, packages, delimiters, safe, timeout."""

    def options(self) -> core_options.Options:
        return core_options.Options(**{name: self[name] for name in core_options.NAMES})
