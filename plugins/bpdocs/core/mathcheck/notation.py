"""The notation: which names mean which quantities, and how many indices each takes.

The derivation's own names are canonical. An author may declare others (front matter
``bpdocs_notation``, or a fence's ``notation`` attribute), e.g. Nielsen's
``{a: h, C: E}`` or Bishop's ``{net: z, o: h}``; a value may carry a default layer,
``{delta: "delta^L"}``: a ``\\delta`` written without a layer is then the output layer's.
The switch ``superscripts: layers`` reads ``w_{11}^2`` as layer 2 (the original post's style);
without it a number after a subscript is refused as ambiguous (a layer, or a power?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tree import Index, LatexError

CANONICAL = ("x", "y", "t", "h", "z", "w", "W", "b", "E", "delta", "n")
MACRO_NAMES = {r"\delta": "delta"}
# How many indices a name takes when it names one number (0: only the scalar itself).
INDEX_COUNT = {"x": 1, "y": 1, "t": 1, "h": 1, "z": 1, "b": 1, "delta": 1, "w": 2, "W": 2, "E": 0, "n": 1}
LAYERED = {"h", "z", "w", "W", "b", "delta"}
DESCRIBED = "x, y, t, h, z, w (or W), b, E, \\delta"


@dataclass(frozen=True)
class Notation:
    aliases: dict = field(default_factory=dict)  # written name -> canonical name
    default_layers: dict = field(default_factory=dict)  # canonical name -> Index when written without one
    superscripts_are_layers: bool = False

    def canonical(self, written: str) -> str | None:
        """The canonical name for a written name (``a``, ``\\delta``, ``net``), or None if it is not one."""
        if written in self.aliases:
            return self.aliases[written]
        name = MACRO_NAMES.get(written, written)
        return name if name in CANONICAL else None

    def words(self) -> list[str]:
        """Declared names longer than one letter, longest first (read before single letters)."""
        return sorted((w for w in self.aliases if len(w) > 1 and w.isalpha()), key=len, reverse=True)

    def unknown(self, written: str) -> str:
        shown = written if written.startswith("\\") else written
        return (f"{shown} is not part of the notation ({DESCRIBED}); to use your own name for one of them, "
                f"declare it, e.g. front matter bpdocs_notation: {{{written.lstrip(chr(92))}: h}}")


DEFAULT = Notation()
LAYER_VALUE = re.compile(r"^\\?(?P<name>[A-Za-z]+)(?:\^\{?(?P<layer>[A-Za-z]?[+-]?\d*)\}?)?$")


def parse_notation(spec) -> Notation:
    """A :class:`Notation` from front matter (a mapping) or a fence attribute (``"a=h C=E"``).

    Raises :class:`LatexError` with a sentence for a declaration it cannot use.
    """
    if spec is None or spec == "" or isinstance(spec, Notation):
        return spec or DEFAULT
    if isinstance(spec, str):
        pairs = []
        for word in spec.replace(",", " ").split():
            written, _, meaning = word.partition("=")
            if not meaning:
                raise LatexError(f"notation {word!r}: write name=meaning, e.g. notation=\"a=h C=E\"")
            pairs.append((written, meaning))
    elif isinstance(spec, dict):
        pairs = [(str(k), v) for k, v in spec.items()]
    else:
        raise LatexError(f"the notation must be a mapping such as {{a: h, C: E}}, not {spec!r}")
    aliases, layers, superscripts = {}, {}, False
    for written, meaning in pairs:
        if written == "superscripts":
            if str(meaning) != "layers":
                raise LatexError(f"notation superscripts: {meaning!r}; the only choice is 'layers'")
            superscripts = True
            continue
        match = LAYER_VALUE.match(str(meaning).strip())
        canonical = MACRO_NAMES.get("\\" + match["name"], match["name"]) if match else None
        if canonical not in CANONICAL:
            raise LatexError(f"notation {written}: {meaning!r} is not one of the notation's names ({DESCRIBED})")
        key = written.strip()
        if not (key.isalpha() or re.fullmatch(r"\\[A-Za-z]+", key)):
            raise LatexError(f"notation {written!r}: a name is letters, or one macro such as \\varepsilon")
        if key != canonical:
            aliases[key] = canonical
        if match["layer"]:
            layer = match["layer"]
            var = layer[0] if layer[0].isalpha() else None
            digits = layer[1:] if var else layer
            layers[canonical] = Index(var, int(digits) if digits not in ("", "+", "-") else 0)
    return Notation(aliases, layers, superscripts)
