"""The options of a bpdocs build, as plain data, with their bounds. Every adapter reads these.

The MkDocs plugin (``plugins: - bpdocs: {...}``), the Python-Markdown extension
(``markdown_extensions: - bpdocs: {...}``) and ``bpdocs check`` (which reads the
same blocks of ``mkdocs.yml``) all validate through :func:`validate`, so a bad
value gives the same sentence everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

SHOW_CHOICES = ("both", "source", "output", "none")
MATHJAX_CHOICES = ("self-hosted", "cdn", "off")


class OptionError(ValueError):
    """An option with a value outside its type or bounds; the message names the option."""


@dataclass(frozen=True)
class Options:
    """What a site sets for bpdocs. Defaults are what a minimal ``plugins: [bpdocs]`` gets."""

    enabled: bool = True
    """Turn bpdocs off: executable fences then show as plain code and nothing runs."""

    cache: bool = True
    """Reuse results from earlier builds. The environment variable ``BPDOCS_CACHE=0`` also turns it off."""

    cache_dir: str = ".cache/bpdocs"
    """Where cached results live, relative to the site's folder (keep it out of git)."""

    timeout: float = 30.0
    """Seconds one fence or inline value may run before it is stopped (a fence's ``timeout`` overrides it).
    More than 0, at most a day."""

    default_show: str = "both"
    """What an executable fence shows when it has no ``show`` attribute: both, source, output or none."""

    check_equations: bool = True
    """Check ``math`` fences that have ``check`` (and pages' ``bpdocs_check`` defaults). Off, they are
    displayed unchecked: for measuring what checking costs, never for publishing."""

    mathjax: str = "self-hosted"
    """Where the browser gets MathJax 3: ``self-hosted`` (the copy inside the installed bpdocs, written
    into the site), ``cdn`` (jsDelivr, the same pinned version), ``off`` (the site brings its own MathJax
    and configuration), or the URL or site path of a ``tex-svg.js`` to load."""

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
    if name == "mathjax" and value is False:  # YAML reads an unquoted `off` as false
        return "off"
    if not isinstance(value, str) or not value.strip():
        raise OptionError(f"{name} must be a non-empty string, not {value!r}")
    if name == "default_show" and value not in SHOW_CHOICES:
        raise OptionError(f"default_show must be one of {', '.join(SHOW_CHOICES)}, not {value!r}")
    return value


def from_mapping(settings: dict | None) -> Options:
    """Options from a mapping such as the ``bpdocs`` block of ``mkdocs.yml``; unknown keys are errors."""
    settings = settings or {}
    if not isinstance(settings, dict):
        raise OptionError(f"the bpdocs options must be a mapping, not {settings!r}")
    return replace(DEFAULTS, **{name: validate(name, value) for name, value in settings.items()})
