"""The example of a batch a symbol names, where only its place says so (a part of the parser): Bishop's ``t_{nk}``
(example n, unit k), Mitchell's ``x_{id}`` and ``t_d`` in a sum over the examples, and the error's arguments,
UFLDL's ``J(W,b;x^{(i)},y^{(i)})``."""

from __future__ import annotations

from dataclasses import replace

from .declarations import GREEK
from .tree import Index, LatexError, Reduce, Sym
from .walk import index_uses, nodes, rebuilt, symbols

BRACKETS = {"(": ")", "[": "]"}  # around the error's arguments: J(W,b), Hertz, Krogh and Palmer's E[w]
SCRIPTS = ("_", "^")
UNIT_SYMBOLS = ("w", "W", "b", "z", "h", "delta")  # (whose index is a unit's, never an example's)
ONE_EXAMPLE = ("the error or values of one example of a batch; check on a batch of examples with batch=\"4\" (and "
               "reduction=\"mean\" for an average)")


def names_alone(tokens) -> list | None:
    """The names of a list of them (``W, b; x^{(i)}``, ``\\hat{y}, y``, ``f(x_i), y_i``), each with its scripts,
    primes and arguments; None if ``tokens`` hold anything else (``e^T e``, ``(t - a)^2``, ``5``)."""
    names, at = [], 0
    while at < len(tokens):
        head = tokens[at]
        if not (head.kind in ("name", "word") or head.kind == "macro" and head.text.lstrip("\\") in GREEK):
            return None
        names.append(head)
        at += 1
        while at < len(tokens) and tokens[at].text in (*SCRIPTS, "'", "("):
            if tokens[at].text in SCRIPTS:
                at += 1
                if at >= len(tokens):
                    return None
            at = _after_group(tokens, at) if tokens[at].text in ("{", "(") else at + 1
        if at < len(tokens):
            if tokens[at].text not in (",", ";"):
                return None
            at += 1
    return names or None


def _after_group(tokens, at: int) -> int:
    """Where the group opening at ``at`` ends, past its closing bracket."""
    opening = tokens[at].text
    closing, depth = {"{": "}", "(": ")"}[opening], 0
    for n in range(at, len(tokens)):
        depth += {opening: 1, closing: -1}.get(tokens[n].text, 0) if tokens[n].kind == "punct" else 0
        if depth == 0:
            return n + 1
    return len(tokens)


class ExampleReader:
    def _example_of(self, sub: list[Index]) -> tuple[Index | None, list[Index]]:
        """The example and the unit of a batch's ``x``, ``y``, ``t`` with subscripts alone: Bishop's ``t_{nk}``
        (example n, unit k), Mitchell's ``x_{id}`` and ``t_d`` when d runs over the examples (a sum to N)."""
        examples = [n for n, index in enumerate(sub) if index.var in self.example_letters]
        layers = self.notation.index_layers or {}
        if len(sub) == 2 and not examples and sub[0].var in layers and sub[1].var and sub[1].var not in layers:
            examples = [1]  # Kelleher's a_{h,j}: unit h (a declared unit letter) of example j
        if len(sub) == 2 and examples != [1]:
            return sub[0], sub[1:]
        return (sub[examples[0]], sub[:examples[0]] + sub[examples[0] + 1:]) if examples else (None, sub)

    def _pattern(self, sub: list[Index]) -> bool:
        """Rumelhart's ``net_{pj}``, ``o_{pj}`` (a unit's, not only x, y, t): pattern p's unit j, where nothing else
        is certain: p sums over the examples, or j names a layer (index_layers) and p does not; so is Kelleher's
        ``a_{h,j}``, the example last, where j sums over the examples or h names a layer and j does not. (ESL's
        z_{mi}, where neither is certain, is not taken for example m's unit i, nor i's unit m: refused, as before.)"""
        if len(sub) != 2 or not sub[0].var or not sub[1].var:
            return False
        layers, examples = self.notation.index_layers or {}, self.example_letters
        first, last = sub[0].var, sub[1].var
        return first in examples or last in layers and first not in layers or \
            last in examples or first in layers and last not in layers

    def _error_applied(self, written: str) -> bool:
        """Whether the bracket after the error holds its arguments, ``J(W,b)``, ``L(\\hat{y}, y)``, Hertz, Krogh and
        Palmer's ``E[w]``: names alone, each a parameter inside square brackets. Not after a TeX space nor with a
        transpose after it (``\\nabla_y E \\, (h^1)^T``, ``E (h^1)^T``: Goodfellow's and Nielsen's product). Anything
        else right after it (Hagan's expectation ``E[e^T e]``, ``E((t - a)^2)``, ``E[t]``) is refused: read as
        arguments it would be dropped, and as a product it would be judged."""
        opening = self.text_at()
        if opening not in BRACKETS or self.tokens[self.pos].kind == "space":
            return False
        n, depth, inside = self._index(), 0, []
        while n < len(self.tokens):
            token = self.tokens[n]
            depth += {opening: 1, BRACKETS[opening]: -1}.get(token.text, 0) if token.kind == "punct" else 0
            inside.append(token)
            n += 1
            if depth == 0:
                break
        if next((token.text for token in self.tokens[n:] if token.kind != "space"), None) == "^":
            return False
        if depth != 0:
            return True  # (never closed: said by _error_arguments)
        names = names_alone([t for t in inside[1:-1] if t.kind != "space"])
        if names is not None and (opening == "(" or all(self._a_parameter(name) for name in names)):
            return True
        closing = BRACKETS[opening]
        raise LatexError(f"{written}{opening}...{closing}: the error of what? Names alone in the brackets are what "
                         f"it depends on (J(W,b), E[w]: the error itself); an expectation, an expression or a "
                         f"product is not read: for one example's error write what is inside alone, and a product "
                         f"with a space, {written} \\, (...)", self.tokens[self.pos].position)

    def _a_parameter(self, name) -> bool:
        """Whether a name in E[...] is a weight or a bias (w, W, b, \\theta, or a name declared one)."""
        return name.text in (r"\theta", r"\Theta") or self.notation.canonical(name.text) in ("w", "W", "b")

    def _error_arguments(self, written: str) -> Index | None:
        """The arguments of the error written as a function, taken; the example they name (``x^{(i)}``), if any."""
        opening = self.text_at()
        start = self.take(opening).position
        depth, group = 1, []
        while depth:
            token = self.peek()
            if token is None:
                raise LatexError(f"{written}{opening}...: '{BRACKETS[opening]}' is missing", start)
            self.take()
            depth += {opening: 1, BRACKETS[opening]: -1}.get(token.text, 0) if token.kind == "punct" else 0
            group.append(token)
        texts = [t.text for t in group if t.kind != "space"]
        examples = {texts[n + 3] for n in range(len(texts) - 4)
                    if texts[n:n + 3] == ["^", "{", "("] and texts[n + 4] == ")"}
        if len(examples) > 1:
            raise LatexError(f"{written}(...) names two examples", start)
        return Index(examples.pop(), 0) if examples else None

    def _example_script(self) -> bool:
        """Whether the ``^`` at the cursor is an example, ``^{(n)}`` or Raschka's ``^{[i]}`` (x, y, t, E: no layer)."""
        n = self._index(1)
        tokens = self.tokens
        return n is not None and tokens[n].text == "{" and n + 1 < len(tokens) and tokens[n + 1].text in ("(", "[")


def one_example_error(sym: Sym) -> bool:
    """Mitchell's ``E_d``, the error on the training example d, as a check of one example may read it: E itself
    (:func:`~.latex._single_example` makes it so where d names nothing else in the equation)."""
    example = sym.example
    return sym.name in ("E", "E_0") and example is not None and example.var is not None and not example.offset \
        and not example.more


def braced_examples(tokens: list) -> list:
    """Higham and Higham's ``x^{\\{i\\}}``, the input of example i, as ``x^{(i)}`` (a superscript of one letter in
    braces; their layers are bracketed, ``a^{[l]}``)."""
    out = list(tokens)
    for n in range(len(out) - 5):
        if [t.text for t in out[n:n + 6:5]] == ["^", "}"] and out[n + 1].text == "{" and out[n + 2].text == r"\{" \
                and out[n + 3].kind == "name" and out[n + 4].text == r"\}":
            out[n + 2], out[n + 4] = out[n + 2]._replace(text="(", kind="punct"), out[n + 4]._replace(text=")",
                                                                                                  kind="punct")
    return out


def set_sizes(tokens: list, notation) -> list:
    """d2l's ``|\\mathcal{B}|``, the size of a set declared the examples (``{\\mathcal{B}: examples}``), as N, the
    number of the batch's examples: a set's bars are its size, never a value's."""
    sizes = {name: "N" for name in notation.example_sets}
    out, n = [], 0
    while n < len(tokens):
        if tokens[n].text == "|" and n + 2 < len(tokens) and tokens[n + 2].text == "|" and tokens[n + 1].text in sizes:
            out.append(tokens[n + 1]._replace(text=sizes[tokens[n + 1].text], kind="name", end=tokens[n + 2].stop))
            n += 3
            continue
        out.append(tokens[n])
        n += 1
    return out


def single_example(parsed: list, batch: bool) -> list:
    """Without a batch, Mitchell's ``E_d`` (the error on training example d) is the example's error, E: where d
    names anything else in the chain (a sum over d, another example's values), or the chain has the whole error
    or another example's too (``E = \\sum_d E_d``, ``E_n = E``, ``E_d = E_D``: about a batch), it is refused."""
    if batch:
        return parsed
    marked = {s.example.var: s for side in parsed for s in symbols(side) if s.example is not None}
    whole = [s for side in parsed for s in symbols(side) if s.name in ("E", "E_0") and s.example is None]
    if marked and whole or len(marked) > 1:  # (E_d = E_e, E_d = E_D: two examples, or one and the whole set)
        raise LatexError(f"{next(iter(marked.values())).text}: {ONE_EXAMPLE}")
    for letter, sym in marked.items():
        uses = [(node, slot) for side in parsed for node, slot, _ in index_uses(side, letter)]
        summed = any(isinstance(node, Reduce) and node.var == letter for side in parsed for node in nodes(side))
        if summed or any(slot != "example" or not one_example_error(node) for node, slot in uses):
            unit = not summed and any(slot != "example" and isinstance(node, Sym) and node.name in UNIT_SYMBOLS
                                      for node, slot in uses)  # (E_k beside w_{kj}: k is a unit; y_{nk} may be n's)
            raise LatexError(f"{sym.text}: " + (f"{letter} is a unit's index elsewhere in the equation; the error is "
                             f"the network's, E (E_d: Mitchell's error on one example d)" if unit else ONE_EXAMPLE))
    return [without_example_errors(side) for side in parsed] if marked else parsed


def without_example_errors(node):
    """``node`` with every error's example dropped (see :func:`_single_example`)."""
    return rebuilt(node, lambda n: (replace(n, example=None) if n.example is not None else n)
                   if isinstance(n, Sym) else None)
