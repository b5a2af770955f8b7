"""The theme's templates compiled once, not in every build: a Jinja bytecode cache in bpdocs' cache folder.

MkDocs makes a new Jinja environment for every build, which compiles every template it renders (Material's base
page, its partials, the 404 page, the sitemap) from source again: about 0.15 s of a warm build of this site, and
of every `mkdocs serve` rebuild, longer than bpdocs' own work there. Jinja can keep what it compiled
(``Environment.bytecode_cache``); here it is kept as entries of bpdocs' cache, signed with the machine's key
like every entry (loading compiled code unpickles and unmarshals it: an entry this machine did not write is
ignored, see :mod:`bpdocs.core.run.cache`), and pruned like them.

Jinja recompiles a template whose source changed (it checks a digest of the source). A template's compiled code
also depends on the environment that compiled it (its extensions, syntax settings, filters and tests, which
Jinja may call on constant arguments while it compiles), on the Jinja and Python versions, and on the site's
configuration: all of those are in the entry's key, so another environment compiles and keeps its own. A
filter is named in the key by its code too (a hook's or a macro's filter edited keeps its name), and the
configuration by its values as MkDocs read them (an ``!ENV`` value or an ``INHERIT``-ed parent changes
them, not ``mkdocs.yml``'s bytes): what a filter Jinja calls while compiling reads may come from either. The
key is made when the first template is loaded, after every plugin's ``on_env`` has added what it adds.
A theme or plugin that set its own bytecode cache keeps it; with bpdocs' cache off (``cache: false``,
``BPDOCS_CACHE=0``) nothing is kept.
"""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import jinja2

from .core.errors import SetupError
from .core.run.cache import Cache, published_cache, site_cache

SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "finalize", "is_async", "code_generator_class",
            "newstyle_gettext")  # (the i18n extension compiles {% trans %} as this says)


class SignedTemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates as signed entries of a bpdocs :class:`Cache`, under keys of ``environment``."""

    def __init__(self, cache: Cache, environment):
        """``environment``: its key, or a function that makes it (called when the first template is loaded)."""
        self.cache, self._environment = cache, environment

    @property
    def environment(self) -> str:
        if callable(self._environment):
            self._environment = self._environment()
        return self._environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.environment}\0{name}\0{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket) -> None:
        data = self.cache.get_bytes(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # (a template whose source changed is compiled again by Jinja)

    def dump_bytecode(self, bucket) -> None:
        self.cache.put_bytes(bucket.key, bucket.bytecode_to_string())


WRAPPED = "_bpdocs_get_env"  # on the theme: (the get_env set here, the one it wraps)


def keep_theme_templates(config, root: Path, options) -> Cache:
    """The site's cache (``root``: its folder), opened; every Jinja environment the site's theme makes from now on
    (``theme.get_env()``) keeps its compiled templates there: MkDocs' own for the build (see on_env), and those
    plugins make before it (Material's search plugin renders its language partials in its ``on_config``: compiled
    again in every build and every `mkdocs serve` rebuild, about 60 ms of a rebuild of this site)."""
    problem = published_cache(root, options, {"docs_dir": config.docs_dir, "site_dir": config.site_dir})
    if problem is not None:
        raise SetupError(f"bpdocs: {problem}")
    cache = site_cache(root, options)
    theme = config.theme
    ours, make = getattr(theme, WRAPPED, (None, None))
    if theme.get_env is not ours:  # (on_config again, for i18n's languages: ours is replaced; another's is wrapped)
        make = theme.get_env

    def get_env():
        env = make()
        keep_compiled_templates(env, cache, config.config_file_path, config)
        return env

    theme.get_env = get_env
    setattr(theme, WRAPPED, (get_env, make))
    return cache


def keep_compiled_templates(env: jinja2.Environment, cache: Cache | None, config_file: str | None,
                            config=None) -> bool:
    """Give ``env`` (MkDocs' environment of this build) a bytecode cache in ``cache``, unless it has one or the
    cache is off; whether it now has ours. ``config``: the site's configuration as loaded."""
    if cache is None or not cache.enabled or env.bytecode_cache is not None:
        return False
    env.bytecode_cache = SignedTemplateCache(cache, lambda: environment_key(env, config_file, config))
    return True


def environment_key(env: jinja2.Environment, config_file: str | None, config=None) -> str:
    """What a template's compiled code depends on besides its source."""
    parts = [f"jinja2 {jinja2.__version__}", sys.version, *(f"{name}={_named(getattr(env, name, None))}"
                                                            for name in SETTINGS)]
    parts += sorted(f"extension {name} {_named(type(extension))}" for name, extension in env.extensions.items())
    parts += sorted(f"filter {name} {_named(function)} {_code(function)}" for name, function in env.filters.items())
    parts += sorted(f"test {name} {_named(function)} {_code(function)}" for name, function in env.tests.items())
    parts.append(f"config {_stable(config)}")
    digest = hashlib.sha256("\0".join(parts).encode())
    if config_file:
        try:
            with open(config_file, "rb") as f:
                digest.update(f.read())
        except OSError:
            digest.update(b"(unreadable)")
    return digest.hexdigest()


def _named(value) -> str:
    """A setting as text: a function or class by its module and name (the same in every process), else its repr."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def _code(function) -> str:
    """A function's code as text the same in every process (its bytecode, constants, names and defaults), or ''."""
    function = getattr(function, "__func__", function)  # (a bound method)
    code = getattr(function, "__code__", None)
    if not isinstance(code, types.CodeType):
        return ""
    return f"{_code_text(code)} {_stable(getattr(function, '__defaults__', None))}"


def _code_text(code: types.CodeType) -> str:
    consts = [_code_text(c) if isinstance(c, types.CodeType) else _stable(c) for c in code.co_consts]
    return hashlib.sha256(repr((code.co_code, code.co_names, consts)).encode()).hexdigest()


def _stable(value, depth: int = 0) -> str:
    """``value`` as text the same in every process: plain data as it is, a mapping (a config, a theme) by its
    items, a plugin by its config, a function by its name, anything else by its type (never an address)."""
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return repr(value)
    if depth > 8:
        return "..."
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_stable(v, depth + 1) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(v, depth + 1) for v in value) + "]"
    if callable(getattr(value, "items", None)):
        try:
            items = sorted((str(k), _stable(v, depth + 1)) for k, v in value.items())
        except Exception:  # (a mapping that cannot list itself: its type)
            return _named(type(value))
        return f"{_named(type(value))}{{{', '.join(f'{k}: {v}' for k, v in items)}}}"
    if callable(getattr(getattr(value, "config", None), "items", None)):  # a plugin
        return f"{_named(type(value))}({_stable(value.config, depth + 1)})"
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    return _named(value) if callable(value) else _named(type(value))
