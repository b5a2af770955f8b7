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
configuration: all of those are in the entry's key, so another environment compiles and keeps its own.
A theme or plugin that set its own bytecode cache keeps it; with bpdocs' cache off (``cache: false``,
``BPDOCS_CACHE=0``) nothing is kept.
"""

from __future__ import annotations

import hashlib
import sys

import jinja2

from .core.run.cache import Cache

SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "finalize", "is_async", "code_generator_class")


class SignedTemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates as signed entries of a bpdocs :class:`Cache`, under keys of ``environment``."""

    def __init__(self, cache: Cache, environment: str):
        self.cache, self.environment = cache, environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.environment}\0{name}\0{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket) -> None:
        data = self.cache.get_bytes(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # (a template whose source changed is compiled again by Jinja)

    def dump_bytecode(self, bucket) -> None:
        self.cache.put_bytes(bucket.key, bucket.bytecode_to_string())


def keep_compiled_templates(env: jinja2.Environment, cache: Cache | None, config_file: str | None) -> bool:
    """Give ``env`` (MkDocs' environment of this build) a bytecode cache in ``cache``, unless it has one or the
    cache is off; whether it now has ours."""
    if cache is None or not cache.enabled or env.bytecode_cache is not None:
        return False
    env.bytecode_cache = SignedTemplateCache(cache, environment_key(env, config_file))
    return True


def environment_key(env: jinja2.Environment, config_file: str | None) -> str:
    """What a template's compiled code depends on besides its source."""
    parts = [f"jinja2 {jinja2.__version__}", sys.version, *(f"{name}={_named(getattr(env, name, None))}"
                                                            for name in SETTINGS)]
    parts += sorted(f"extension {name} {_named(type(extension))}" for name, extension in env.extensions.items())
    parts += sorted(f"filter {name} {_named(function)}" for name, function in env.filters.items())
    parts += sorted(f"test {name} {_named(function)}" for name, function in env.tests.items())
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
