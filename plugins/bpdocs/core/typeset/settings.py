"""The ``tex`` option: what TeX means on this site, for the build-time typesetter, the browser's MathJax and
the equation checker alike. Pure: a mapping from ``mkdocs.yml`` in, a frozen (hashable) value out.

.. code-block:: yaml

    plugins:
      - bpdocs:
          tex:
            renderer: mathjax          # or katex
            macros:
              RR: \\mathbb{R}                            # \\RR
              norm: ['\\left\\lVert #1 \\right\\rVert', 1]  # \\norm{x}: one argument
            packages: [physics]        # MathJax TeX extensions beyond the default ones
            safe: true                 # MathJax's safe mode (true, false, or per kind)
            timeout: 20                # seconds one formula may take to typeset
            tags: ams                  # equation numbers, as MathJax's tex.tags: ams (default), all or none

Macro names are written with or without their backslash (MathJax's configuration has none, KaTeX's has one),
so a site's existing macros can be pasted in either form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

RENDERERS = ("mathjax", "katex")
# MathJax 3's TeX extensions that a site may add (the vendored es5/input/tex/extensions). noerrors is left out:
# it hides the very errors the build reports (noundefined, which shows an undefined macro in red, is always loaded,
# as by MathJax in a browser, and the build reports what it shows).
MATHJAX_PACKAGES = ("action", "amscd", "bbox", "boldsymbol", "braket", "bussproofs", "cancel", "cases", "centernot",
                    "color", "colortbl", "colorv2", "empheq", "enclose", "extpfeil", "gensymb", "html", "mathtools",
                    "mhchem", "physics", "setoptions", "tagformat", "textcomp", "textmacros", "unicode", "upgreek",
                    "verb")
# What MathJax's TeX input loads by default (its `input/tex` component), so bpdocs does too: listing one is fine.
MATHJAX_ALWAYS = ("base", "ams", "newcommand", "noundefined", "require", "autoload", "configmacros")
KATEX_PACKAGES = ("mhchem",)  # KaTeX has the rest built in; \ce is a contrib extension
SAFE_KINDS = ("URLs", "classes", "cssIDs", "styles")  # MathJax's ui/safe `allow` block
SAFE_LEVELS = ("safe", "all", "none")
# KaTeX's auto-render defaults (contrib/auto-render), for text that arithmatex did not mark as math.
KATEX_DELIMITERS = (("$$", "$$", True), ("\\(", "\\)", False), ("\\begin{equation}", "\\end{equation}", True),
                    ("\\begin{align}", "\\end{align}", True), ("\\begin{alignat}", "\\end{alignat}", True),
                    ("\\begin{gather}", "\\end{gather}", True), ("\\begin{CD}", "\\end{CD}", True),
                    ("\\[", "\\]", True))
MACRO_NAME = re.compile(r"\\?([A-Za-z]+)")
DEFAULT_TIMEOUT = 20.0
TAGS = ("ams", "all", "none")


class TeXSettingError(ValueError):
    """A ``tex`` value outside its type or bounds; the message names the key."""


@dataclass(frozen=True)
class Macro:
    name: str  # without the backslash
    body: str
    arguments: int = 0
    default: str | None = None  # of the first argument, which is then optional ([...])

    def mathjax(self):
        """As MathJax's ``tex.macros`` takes it."""
        if self.default is not None:
            return [self.body, self.arguments, self.default]
        return [self.body, self.arguments] if self.arguments else self.body


@dataclass(frozen=True)
class TeXSettings:
    renderer: str = "mathjax"
    macros: tuple[Macro, ...] = ()
    packages: tuple[str, ...] = ()
    # math in the page's text that arithmatex did not mark: None is the renderer's own (KaTeX: auto-render's;
    # MathJax: none, as bpdocs' MathJax reads only what arithmatex marked); a site's own, migrated, when given
    delimiters: tuple[tuple[str, str, bool], ...] | None = None
    safe: tuple[tuple[str, str], ...] = tuple((kind, "safe") for kind in SAFE_KINDS)
    timeout: float = DEFAULT_TIMEOUT
    tags: str = "ams"  # MathJax's equation numbers: "ams" (align, equation... numbered), "all", or "none" (\tag only)

    def engine(self) -> dict:
        """Plain data for the typesetter in Node (``static/typeset.js``) and the browser's configuration."""
        return {"renderer": self.renderer, "macros": {m.name: m.mathjax() for m in self.macros},
                "packages": list(self.packages), "safe": dict(self.safe),
                **({"tags": self.tags} if self.tags != "ams" else {})}  # (the key of what was typeset before)

    def page_delimiters(self) -> tuple[tuple[str, str, bool], ...]:
        """The delimiters of math that arithmatex did not mark, which the build marks and typesets (see
        :mod:`.delimited`): the site's, or the renderer's own."""
        if self.delimiters is not None:
            return self.delimiters
        return KATEX_DELIMITERS if self.renderer == "katex" else ()

    def key(self) -> str:
        """Everything here that changes what a formula becomes (a part of every cache key of typeset math)."""
        return json.dumps(self.engine(), sort_keys=True)

    def __repr__(self) -> str:
        changed = [f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__
                   if getattr(self, name) != getattr(DEFAULT_TEX, name)]
        return f"TeXSettings({', '.join(changed)})"


DEFAULT_TEX = TeXSettings()
KEYS = tuple(TeXSettings.__dataclass_fields__)


def read_tex(value) -> TeXSettings:
    """``value`` (the ``tex`` mapping of ``mkdocs.yml``, or settings already read) as :class:`TeXSettings`."""
    if isinstance(value, TeXSettings):
        return value
    if value is None:
        return DEFAULT_TEX
    _mapping(value, "tex", "a mapping (renderer, macros, packages, delimiters, safe, timeout, tags)", KEYS, "key")
    renderer = value.get("renderer", "mathjax")
    if renderer not in RENDERERS:
        raise TeXSettingError(f"tex: renderer must be one of {', '.join(RENDERERS)}, not {renderer!r}")
    settings = {"renderer": renderer, "macros": _macros(value.get("macros")),
                "packages": _packages(value.get("packages"), renderer), "safe": _safe(value.get("safe", True)),
                "timeout": _timeout(value.get("timeout", DEFAULT_TIMEOUT))}
    if renderer == "katex" and any(m.default is not None for m in settings["macros"]):
        raise TeXSettingError("tex: macros: KaTeX has no default arguments (the third item of a definition)")
    if "delimiters" in value:
        settings["delimiters"] = _delimiters(value["delimiters"])
    if "tags" in value:
        if value["tags"] not in TAGS:  # (YAML reads none as the string "none", and no tags as None)
            raise TeXSettingError(f"tex: tags must be one of {', '.join(TAGS)} (MathJax's tex.tags), not "
                                  f"{value['tags']!r}")
        settings["tags"] = value["tags"]
    return TeXSettings(**settings)


def _mapping(value, where: str, what: str, known, kind: str) -> None:
    if not isinstance(value, dict):
        raise TeXSettingError(f"{where} must be {what}, not {value!r}")
    unknown = [key for key in value if key not in known]
    if unknown:
        raise TeXSettingError(f"{where}: unknown {kind} {unknown[0]!r}; known: {', '.join(known)}")


def _macros(value) -> tuple[Macro, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise TeXSettingError(f"tex: macros must be a mapping of names to definitions, not {value!r}")
    macros = {}
    for raw, definition in value.items():
        name = MACRO_NAME.fullmatch(str(raw))
        if not name:
            raise TeXSettingError(f"tex: macros: {raw!r} is not a macro name (letters, with or without a "
                                  "leading backslash)")
        macros[name[1]] = _macro(name[1], definition)
    return tuple(macros[name] for name in sorted(macros))


def _macro(name: str, definition) -> Macro:
    where = f"tex: macros: {name}"
    if isinstance(definition, (int, float)) and not isinstance(definition, bool):
        definition = str(definition)
    if isinstance(definition, str):
        return Macro(name, definition, _arguments_used(definition, where))
    if isinstance(definition, list) and 2 <= len(definition) <= 3 and isinstance(definition[0], str):
        count = definition[1]
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 9:
            raise TeXSettingError(f"{where}: the number of arguments must be a whole number from 0 to 9, not "
                                  f"{count!r}")
        if _arguments_used(definition[0], where) > count:
            raise TeXSettingError(f"{where}: the definition uses #{_arguments_used(definition[0], where)} but "
                                  f"the macro takes {count} argument(s)")
        default = None
        if len(definition) == 3:
            if not isinstance(definition[2], str) or count == 0:
                raise TeXSettingError(f"{where}: the third item is the default of the first argument (a string), "
                                      "for a macro with arguments")
            default = definition[2]
        return Macro(name, definition[0], count, default)
    raise TeXSettingError(f"{where}: give the definition as a string, or as [definition, number of arguments] "
                          f"(optionally with a default first argument), not {definition!r}")


def _arguments_used(body: str, where: str) -> int:
    used = [int(n) for n in re.findall(r"(?<!#)#([0-9])", body)]
    if 0 in used:
        raise TeXSettingError(f"{where}: #0 is not an argument (they are #1 to #9)")
    return max(used, default=0)


def _packages(value, renderer: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise TeXSettingError(f"tex: packages must be a list of package names, not {value!r}")
    known = MATHJAX_PACKAGES if renderer == "mathjax" else KATEX_PACKAGES
    if renderer == "mathjax":  # a site's own MathJax list, pasted in, names the ones MathJax always loads
        value = [package for package in value if package not in MATHJAX_ALWAYS]
    for package in value:
        if package not in known:
            hint = " (bpdocs reports TeX errors itself)" if package == "noerrors" else ""
            raise TeXSettingError(f"tex: packages: {package!r} is not a {renderer} package bpdocs can load{hint}; "
                                  f"known: {', '.join(known)}")
    return tuple(dict.fromkeys(value))


def _safe(value) -> tuple[tuple[str, str], ...]:
    if value is True:
        return DEFAULT_TEX.safe
    if value is False:
        return tuple((kind, "all") for kind in SAFE_KINDS)
    _mapping(value, "tex: safe", f"true, false, or a mapping of {', '.join(SAFE_KINDS)} to {', '.join(SAFE_LEVELS)}",
             SAFE_KINDS, "kind")
    levels = dict(DEFAULT_TEX.safe)
    for kind, level in value.items():
        if level not in SAFE_LEVELS:
            raise TeXSettingError(f"tex: safe: {kind} must be one of {', '.join(SAFE_LEVELS)}, not {level!r}")
        levels[kind] = level
    return tuple((kind, levels[kind]) for kind in SAFE_KINDS)


def _timeout(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise TeXSettingError(f"tex: timeout must be a number of seconds, not {value!r}")
    if not 0 < value <= 3600:
        raise TeXSettingError(f"tex: timeout must be more than 0 and at most 3600 seconds, not {value!r}")
    return float(value)


def _delimiters(value) -> tuple[tuple[str, str, bool], ...]:
    """``[]``: none, only the math arithmatex marked (a site whose KaTeX script rendered only that)."""
    if not isinstance(value, list):
        raise TeXSettingError(f"tex: delimiters must be a list of {{left, right, display}} (or [] for none), "
                              f"not {value!r}")
    found = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"left", "right", "display"} \
                or not all(isinstance(item.get(k), str) and item.get(k) for k in ("left", "right")) \
                or not isinstance(item.get("display", False), bool):
            raise TeXSettingError(f"tex: delimiters: each is {{left: ..., right: ..., display: true or false}} "
                                  f"(as KaTeX's auto-render takes them), not {item!r}")
        found.append((item["left"], item["right"], item.get("display", False)))
    return tuple(found)
