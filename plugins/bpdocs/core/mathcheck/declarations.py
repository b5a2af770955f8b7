"""How the value of one declaration in a notation is read (a part of :mod:`.notation`): a layer (``2``, ``L``,
``l+1``), the width a letter counts (``{D: n_0}``), the learning rate's name, ``index_layers``, the letter of the
example or the iteration."""

from __future__ import annotations

import re

from .tree import Index, LatexError, quoted

ELL = "\u2113"  # ESL's \ell, an index letter of its own (not l): the letter an equation's \ell is read as
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
         "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
         "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega"}
KEY = re.compile(r"^(?:\\(?:hat|tilde|bar|dot|ddot|check|breve|mathcal|mathscr)\{\\?[A-Za-z]+\}|\\?[A-Za-z]+)$")
WIDTH_VALUE = re.compile(r"^n\s*(?:[_^])\s*\{?\s*[(\[]?(?P<layer>[A-Za-z]?\s*[+-]?\s*\d*)[)\]]?\s*\}?$")


def layer_index(text, what: str) -> Index:
    """``"2"``, ``"L"``, ``"l+1"``, ``"L-1"`` as an :class:`Index`."""
    match = re.fullmatch(r"\s*(?:(?P<var>[A-Za-z])\s*(?:(?P<sign>[+-])\s*(?P<off>\d+))?|(?P<num>\d+))\s*", str(text))
    if not match:
        raise LatexError(f"{what}: {quoted(text)} is not a layer; write a number, a letter, or e.g. l+1")
    if match["num"] is not None:
        return Index(None, int(match["num"]))
    offset = int(match["off"] or 0) * (-1 if match["sign"] == "-" else 1)
    return Index(match["var"], offset)


def declared_letter(written: str) -> str | None:
    """An index letter as the lexer reads it: ``i``, or a lowercase Greek one, ``mu`` or ``\\mu``, as ``\\mu``."""
    if len(written) == 1 and written.isalpha():
        return written
    name = written.removeprefix("\\")
    return "\\" + name if name in GREEK and name.islower() else None


def declared_width(written: str, meaning: str) -> Index:
    """``n_0``, ``n_{l-1}``, ``n^{(1)}``, ``n^{[l]}``: the layer whose units a declared letter counts (Bishop's D,
    M, K; Wikipedia's n)."""
    match = WIDTH_VALUE.match(meaning)
    if match is None or not match["layer"].strip():
        raise LatexError(f"notation {written}: n is the number of units of a layer: say which, e.g. {written}: n_0 "
                         "(the inputs), n_1 (the first hidden layer), n_L (the outputs) or n_{l-1}")
    return layer_index(match["layer"], f"notation {written}")


def declared_rate(meaning) -> str:
    """``eta``, ``\\gamma``, ``alpha``: the written name of the learning rate (a Greek name gets its backslash)."""
    name = str(meaning).strip()
    if not (KEY.match(name) or re.fullmatch(r"[A-Za-z]+(?:_[A-Za-z]+)+", name)):  # (CS231n's learning_rate)
        raise LatexError(f"notation learning_rate: {quoted(meaning)} is not a name; write a letter or a macro, e.g. "
                         "learning_rate: gamma")
    return "\\" + name if name in GREEK else name


def declared_index_layers(meaning) -> dict:
    """``{i: 0, j: 1, k: 2}`` (or ``"i=0 j=1 k=L"``): the layer each index letter names."""
    if isinstance(meaning, str):
        pairs = [word.partition("=")[::2] for word in meaning.replace(",", " ").split()]
    elif isinstance(meaning, dict):
        pairs = list(meaning.items())
    else:
        raise LatexError(f"notation index_layers: {quoted(meaning)}; write a mapping such as {{i: 0, j: 1, k: 2}}")
    out = {}
    for letter, layer in pairs:
        letter = ELL if str(letter).strip().lstrip("\\") == "ell" else str(letter).strip()
        if not (len(letter) == 1 and letter.isalpha()):
            raise LatexError(f"notation index_layers: {quoted(letter)} is not an index letter (one Latin letter, i, "
                             "j, k, h, ..., or \\ell; a Greek unit index, Marsland's \\zeta or \\kappa, is not read: "
                             "write the equation with Latin ones)")
        out[letter] = layer_index(layer, f"notation index_layers {letter}")
    return out  # empty: declared that no letter names a layer (the default reading, and a verdict)
