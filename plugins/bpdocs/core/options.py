"""The options of a bpdocs build, as plain data, with their bounds. Every adapter reads these.

The MkDocs plugin (``plugins: - bpdocs: {...}``), the Python-Markdown extension
(``markdown_extensions: - bpdocs: {...}``) and ``bpdocs check`` (which reads the
same blocks of ``mkdocs.yml``) all validate through :func:`validate`, so a bad
value gives the same sentence everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace

from .sizes import DEFAULT_MEMORY, DEFAULT_OUTPUT_LIMIT, UNITS, OptionError, human_size, parse_size  # noqa: F401
from .typeset.settings import DEFAULT_TEX, TeXSettingError, TeXSettings, read_tex

SHOW_CHOICES = ("both", "source", "output", "none")
MAX_JOBS = 64
MAX_AGE_DAYS = 36500


def job_count(jobs: int | str) -> int:
    """The number the ``jobs`` option stands for: ``auto`` is one per core this process may use."""
    if jobs != "auto":
        return int(jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


MATHJAX_CHOICES = ("self-hosted", "cdn", "off")
EXEC_FENCES_CHOICES = ("auto", "bpdocs", "markdown-exec")
TYPESET_CHOICES = ("build", "browser")


@dataclass(frozen=True)
class Options:
    """What a site sets for bpdocs. Defaults are what a minimal ``plugins: [bpdocs]`` gets."""

    enabled: bool = True
    """Turn bpdocs off: executable fences then show as plain code and nothing runs."""

    cache: bool = True
    """Reuse results from earlier builds. The environment variable ``BPDOCS_CACHE=0`` also turns it off."""

    cache_dir: str = ".cache/bpdocs"
    """Where cached results live, relative to the site's folder (keep it out of git)."""

    cache_max_age: float = 30.0
    """Days after which a cache entry that a full build did not use is removed at the end of that build (0:
    every entry it did not use). From 0 to 36500. What a page of the build needs is never removed."""

    timeout: float = 30.0
    """Seconds one fence or inline value may run before it is stopped (a fence's ``timeout`` overrides it).
    More than 0, at most a day."""

    exec_fences: str = "auto"
    """Who runs a fence with ``exec``: ``bpdocs``; ``markdown-exec`` (the site's markdown-exec runs them as it did
    before bpdocs came: bpdocs leaves them alone, and runs its diagrams, checked equations and inline values); or
    ``auto`` (the default: ``markdown-exec`` where the site sets it up, as its plugin or superfences' formatter,
    else ``bpdocs``)."""

    default_show: str = "both"
    """What an executable fence shows when it has no ``show`` attribute: both, source, output or none."""

    check_equations: bool = True
    """Check ``math`` fences that have ``check`` (and pages' ``bpdocs_check`` defaults). Off, they are
    displayed unchecked: for measuring what checking costs, never for publishing."""

    memory: int = DEFAULT_MEMORY
    """How much memory one fence may use (on Linux, where the limit is enforced), e.g. ``4 GiB`` (the
    default) or ``512 MiB``; a fence's ``memory`` attribute overrides it. More is a located error."""

    output_limit: int = DEFAULT_OUTPUT_LIMIT
    """How much one fence may print (its own prints, its threads', its subprocesses'), e.g. ``10 MB`` (the
    default); a fence's ``output_limit`` attribute overrides it. More is a located error, not a timeout."""

    typeset: str = "build"
    """When math is typeset: ``build`` (MathJax runs in Node while the site is built; pages carry finished
    SVG and load no MathJax; without Node.js the build says so and falls back to the browser) or
    ``browser`` (MathJax runs in the reader's browser, as the ``mathjax`` option says)."""

    mathjax: str = "self-hosted"
    """Where the browser gets MathJax 3: ``self-hosted`` (the copy inside the installed bpdocs, written
    into the site), ``cdn`` (jsDelivr, the same pinned version), ``off`` (the site brings its own MathJax or
    KaTeX and configuration), or the URL or site path of a ``tex-svg.js`` to load (with ``ui/safe.js`` beside it)."""

    jobs: int | str = "auto"
    """How many pages a build runs at once (each in a worker process of its own, with one BLAS thread) and typesets
    at once (each in a Node process of its own): ``auto`` (one per core the build may use) or a whole number from
    1 to 64. Outputs are the same whatever it is."""

    watch_interval: float = 0.1
    """Seconds between two looks for changed files while ``mkdocs serve`` runs (MkDocs' own is 0.5): an edit
    is seen sooner. A folder that takes long to list is looked at less often, so that watching it costs at most
    a tenth of a core. From 0.02 to 10; the MkDocs plugin's only (other generators watch files their own way)."""

    tex: TeXSettings = field(default=DEFAULT_TEX)
    """What TeX means on this site: ``renderer`` (``mathjax`` or ``katex``), ``macros``, ``packages``,
    ``delimiters`` (math arithmatex did not mark), ``safe`` (MathJax's safe mode, on by default) and ``timeout`` (seconds one formula
    may take to typeset). The build-time typesetter, the browser's MathJax and the equation checker all read it."""

    def __repr__(self) -> str:
        changed = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                   if getattr(self, f.name) != f.default]
        return f"Options({', '.join(changed)})"


DEFAULTS = Options()
NAMES = tuple(f.name for f in fields(Options))


def validate(name: str, value):
    """``value`` for option ``name``, converted; :class:`OptionError` with a sentence when it is not valid."""
    if name not in NAMES:
        raise OptionError(f"unknown option {name!r}; known: {', '.join(NAMES)}")
    default = getattr(DEFAULTS, name)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise OptionError(f"{name} must be true or false, not {value!r}")
        return value
    if name == "timeout":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise OptionError(f"timeout must be a number of seconds, not {value!r}")
        if not 0 < value <= 86400:
            raise OptionError(f"timeout must be more than 0 and at most 86400 seconds, not {value!r}")
        return float(value)
    if name == "watch_interval":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.02 <= value <= 10:
            raise OptionError(f"watch_interval must be a number of seconds from 0.02 to 10, not {value!r}")
        return float(value)
    if name == "cache_max_age":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_AGE_DAYS:
            raise OptionError(f"cache_max_age must be a number of days from 0 to {MAX_AGE_DAYS}, not {value!r}")
        return float(value)
    if name == "tex":
        try:
            return read_tex(value)
        except TeXSettingError as exc:
            raise OptionError(str(exc)) from None
    if name == "jobs":
        if value == "auto":
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_JOBS:
            raise OptionError(f"jobs must be auto or a whole number from 1 to {MAX_JOBS}, not {value!r}")
        return value
    if name in ("memory", "output_limit"):
        return parse_size(value, name)
    if name == "mathjax" and value is False:  # YAML reads an unquoted `off` as false
        return "off"
    if not isinstance(value, str) or not value.strip():
        raise OptionError(f"{name} must be a non-empty string, not {value!r}")
    if name == "cache_dir":
        from pathlib import PurePath

        path = PurePath(value)
        if path.is_absolute() or ".." in path.parts or value.startswith("~"):
            raise OptionError(f"cache_dir must be a folder inside the site's folder (a relative path without "
                              f"'..'), not {value!r}")
    if name == "typeset" and value not in TYPESET_CHOICES:
        raise OptionError(f"typeset must be one of {', '.join(TYPESET_CHOICES)}, not {value!r}")
    if name == "mathjax" and value not in ("self-hosted", "cdn", "off") and "/" not in value \
            and not value.split("?")[0].endswith(".js"):  # a misspelt choice is no site path of MathJax
        raise OptionError(f"mathjax must be self-hosted, cdn, off, or the URL or site path of MathJax's "
                          f"tex-svg.js, not {value!r}")
    if name == "exec_fences" and value not in EXEC_FENCES_CHOICES:
        raise OptionError(f"exec_fences must be one of {', '.join(EXEC_FENCES_CHOICES)}, not {value!r}")
    if name == "default_show" and value not in SHOW_CHOICES:
        raise OptionError(f"default_show must be one of {', '.join(SHOW_CHOICES)}, not {value!r}")
    return value


def from_mapping(settings: dict | None) -> Options:
    """Options from a mapping such as the ``bpdocs`` block of ``mkdocs.yml``; unknown keys are errors."""
    settings = settings or {}
    if not isinstance(settings, dict):
        raise OptionError(f"the bpdocs options must be a mapping, not {settings!r}")
    return replace(DEFAULTS, **{name: validate(name, value) for name, value in settings.items()})
