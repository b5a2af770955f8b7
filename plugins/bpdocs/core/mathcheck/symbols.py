"""Reading a symbol of the notation: its name, layer and indices (a part of the parser).

An index is a whole token (``y_{10}`` is unit ten); ``w_{11}`` is the derivation's two
one-digit indices; ``w_{1,10}`` or ``w_{1\\,10}`` separate longer ones. A superscript on
h, z, w, W, b or \\delta is its layer; ``T``, ``\\top``, ``\\intercal`` transpose. On x, y, t and E a
superscript in parentheses is the example of a batch (``x^{(n)}``), as is E's subscript (``E_n``);
``E_0`` is the error without regularisation; ``\\delta_{kj}`` (two indices, no layer) is Kronecker's.
"""

from __future__ import annotations

import re

from .advice import index_alone, index_count_hint
from .arguments import ArgumentReader
from .ambiguous import no_increment
from .cursor import transpose_split, unbracketed
from .examples import ONE_EXAMPLE, ExampleReader, one_example_error
from .lexer import Token
from .notation import ERROR_SIGNAL, EXAMPLED, INDEX_COUNT, LAYERED
from .indexes import index_atom, index_expression, layer_tokens
from .tree import Index, Kronecker, LatexError, Op, Sym


class SymbolReader(ExampleReader, ArgumentReader):
    def _written_name(self) -> str:
        """The name at the cursor: a declared word spelt in letters (``net``), else one token."""
        first = self.peek()
        if first.kind == "name" and len(first.text) == 1:
            for word in self.notation.words():
                tokens = [self.peek(n) for n in range(len(word))]
                if all(t is not None and t.kind == "name" for t in tokens) and \
                        "".join(t.text for t in tokens) == word and \
                        all(b.position == a.position + 1 for a, b in zip(tokens, tokens[1:])):
                    return word
        return first.text

    def symbol(self) -> Sym | Kronecker:
        if self.notation.session is not None:
            return self.session_symbol()
        first = self.peek()
        written = self._written_name()
        for _ in range(len(written) if first.kind == "name" and len(first.text) == 1 else 1):
            self.take()
        name = self.notation.canonical(written)
        if name is None:
            raise LatexError(index_alone(written, self.text, first.position) or self.notation.unknown(written),
                             first.position)
        if name == ERROR_SIGNAL:
            return self._error_signal(written, first)
        layer = sub = example = None
        transposed = False
        sub_tokens: list[Token] = []
        for _ in range(2):  # ^ and _ in either order
            if self.text_at() == "_" and sub is None:
                self.take()
                sub_tokens = _entry_brackets_off(self.raw_group())
                sub_tokens = _examples_input_off(sub_tokens) if name in ("E", "E_0") else sub_tokens
                named = []  # a layer word made a layer's letter: no declared name, even where L is one
                if self.notation.convention("layers") == "subscripts" and name in LAYERED:  # SSBD's o_T, {T: L}
                    given = [t for t in sub_tokens if t.kind != "space"]
                    sub_tokens = self._number_of_layers(given, written)
                    named = sub_tokens[:1] if sub_tokens[:1] != given[:1] else []  # (Deisenroth's f_K, {L: E})
                sub = self.indices(sub_tokens, name, written, named)
            elif self.text_at() == "^" and layer is None and name in LAYERED and self._is_layer_script(sub) \
                    and not (written == self.summed_weight and sub is None):
                self.take()
                shown_sub = None if sub is None else "".join(t.text for t in sub_tokens)
                group, transposed = transpose_split(self.raw_group())
                group, example = _layer_then_example(group, written)  # Ng's a^{(3)(i)}: layer 3, example i
                layer = self.layer(group, written, shown_sub)
            elif self.text_at() == "^" and example is None and name in EXAMPLED and self._example_script():
                self.take()
                group, transposed = transpose_split(self.raw_group())  # x^{(n)T} (Parr and Howard, CS229)
                example = index_expression([t for t in group if t.kind != "space"][1:-1], f"the example of {written}")
        if sub is None and written in self.notation.entries:  # Mazur's w_5 declared {w_5: w^2_{11}}
            sub = list(self.notation.entries[written])
        if sub is None and name in LAYERED and (letter := self._unit_argument()) is not None:
            sub = self.indices([letter], name, written)  # Marsland's \delta_o(k): unit k's, k a declared index letter
        if name == "n" and sub is None:
            sub = self._width(written, first.position)
        if name in ("y", "t", "h") and example is None:
            example = self._of_the_input()
        if name in ("y", "h") and example is None:
            self._of_its_field(first)
        if name in ("E", "E_0") and self._error_applied(written):  # J(W,b), J(W,b;x^{(i)},y^{(i)}): of an example
            example = self._error_arguments(written) or example
        end = self.tokens[self.pos - 1]
        text = self.text[first.position:end.stop] if self.text else written
        if self.text_at() == "^" and name in LAYERED and layer is not None and self._is_layer_script(sub):
            raise LatexError(f"a second superscript on {text}: write ({text})^2 for a square", end.position)
        sub = list(sub or ())
        if name in ("E", "E_0") and sub and example is None:
            if sub == [Index(None, 0)] and name == "E":
                name, sub = "E_0", []  # E_0 (C_0, J_0): the error without its regularisation term
            elif len(sub) == 1:
                example, sub = sub[0], []  # E_n: the error of example n
        if (name in ("x", "y", "t") and 0 < len(sub) <= 2 or name in ("h", "z") and self._pattern(sub)) \
                and example is None and self.notation.batch:
            example, sub = self._example_of(sub)
        if layer is None and name in LAYERED and self.notation.convention("layers") == "subscripts" and (
                len(sub) == 1 or len(sub) > 1 and any(t.text == "," for t in sub_tokens)):  # (SSBD's W_{t,i,j}: the
            layer, sub = sub[0], sub[1:]  # layer first) Prince's \mathbf{h}_k, \boldsymbol\Omega_k: the layer
            shift = self.notation.default_layers.get(written)  # {f: z^{l+1}}: Prince's f_k is z^{k+1}
            if shift is not None and shift.var is not None:
                layer = Index(layer.var, layer.offset + shift.offset, layer.more)
        if name == "delta" and layer is None and len(sub) == 2:
            return Kronecker(sub[0], sub[1], written)  # \delta_{kj}: 1 when k = j
        if name == "delta" and layer is None and not sub and example is None and "=" not in self.text[:first.position] \
                and all(t.kind == "space" for t in self.tokens[:self.tokens.index(first)]):  # (starting the left side)
            no_increment(self.tokens, self.pos, text, self.notation)
        sym = self._checked(Sym(name, layer, tuple(sub), text, example, written))
        return Op("T", (sym,)) if transposed else sym

    def _error_signal(self, written: str, first: Token):
        """A name declared ``error``: Haykin's ``e_j = d_j - y_j``, the target less the output (unit j's, or the
        whole vector's without an index), read as ``t_j - y_j``."""
        sub: tuple[Index, ...] = ()
        if self.text_at() == "_":
            self.take()
            sub = tuple(self.indices(self.raw_group(), "y", written))
        text = self.text[first.position:self.tokens[self.pos - 1].stop] if self.text else written
        target, output = (self._checked(Sym(name, None, sub, f"{text}'s {name}")) for name in ("t", "y"))
        return Op("-", (target, output))

    def _width(self, written: str, position: int) -> list[Index]:
        """The layer a width without a subscript counts: in brackets, Ng's ``n^{[l]}`` and ``n^{(l)}``; declared,
        Bishop's ``D`` ({D: n_0}). A bare ``n^2`` could be a power, and ``n`` alone any layer's: refused."""
        if self.text_at() == "^":
            self.take()
            group = self.raw_group()
            inner = [t for t in group if t.kind != "space"]
            shown = "".join(t.text for t in inner)
            layer, bracketed = unbracketed(inner)
            if written != "n" and self.notation.canonical(written) == "n":  # declared: Hagan's S^{m-1}, a layer's
                bracketed, layer = True, self._number_of_layers(layer, written)  # (his S^M, {M: L})
            if not bracketed or not layer:
                raise LatexError(f"{written}^{{{shown}}}: the width of layer {shown}, or a power? write "
                                 f"{written}_{{{shown}}} or {written}^{{({shown})}} for the units of layer {shown}",
                                 position)
            return [index_expression(layer, f"the layer of {written}")]
        if written in self.notation.widths:
            return [self.notation.widths[written]]
        argument = self.text_at() == ")" and self.pos >= 2 and self.tokens[self.pos - 2].text == "("
        raise LatexError(f"{written} alone: the number of units of which layer? write n_l or n^{{(l)}} (the units of "
                         f"layer l), or declare the layer {written} counts, e.g. bpdocs_notation: {{{written}: n_0}} "
                         f"(or {{{written}: N}} for the number of examples of a batch)" +
                         (f"; if ({written}) is the step of an iteration (Haykin's y_j({written})), declare "
                          f"{{iteration: {written}}}" if argument else ""), position)

    def _is_layer_script(self, sub) -> bool:
        """Whether the ``^`` at the cursor is a layer (not a transpose or a prime)."""
        n = self._index(1)
        if n is None:
            return False
        token = self.tokens[n]
        if token.text in ("T", "'"):
            return False
        if token.text == "{" and n + 2 < len(self.tokens) and self.tokens[n + 2].text == "}" and \
                self.tokens[n + 1].text in ("T", "'"):
            return False
        if sub is not None and len(sub) == 1 and sub[0].var in (self.notation.index_layers or {}) \
                and not self.notation.superscripts_are_layers and self._bare_number(n):
            return False  # Bishop's z_j^2 with j a declared layer letter: the layer is said, so 2 is a power
        return True

    def _bare_number(self, n: int) -> bool:
        """Whether the script at token ``n`` is a number alone, ``2`` or ``{2}``."""
        tokens = self.tokens
        if tokens[n].text == "{":
            return n + 2 < len(tokens) and tokens[n + 1].kind == "number" and tokens[n + 2].text == "}"
        return tokens[n].kind == "number"

    def layer(self, tokens: list[Token], written: str, subscript: str | None) -> Index:
        """A layer superscript; ``subscript`` is the subscript written before it, if any."""
        inner = [t for t in tokens if t.kind != "space"]
        inner, bracketed = unbracketed(inner)  # a^{(l)}, a^{[l]}; Bishop's w_{ji}^{(1)}, a layer and never a power
        letter = inner[0].text if len(inner) == 1 and inner[0].kind == "name" else None
        if letter and letter in self.notation.declared and letter not in self.notation.layer_names:
            raise LatexError(f"{written}^{letter}: {letter} is declared a name of the notation, so it is not also a "
                             f"layer here (it would be any layer); write the layer ({written}^2, {written}^L), or "
                             "name this layer with a word of its own, as Raschka's {out: L, h: 1}", inner[0].position)
        inner = self._number_of_layers(inner, written)  # (Murphy's \delta^w beside {w: w^2}: refused above)
        index = index_expression(inner, f"the layer of {written}")
        if subscript is not None and index.var is None and not bracketed and not self.notation.superscripts_are_layers:
            sub = subscript if len(subscript) == 1 else "{" + subscript + "}"
            raise LatexError(
                f"{written}_{sub}^{index.offset}: a number after the subscript could be a layer or a power; write "
                f"{written}^{index.offset}_{sub} for layer {index.offset}, or ({written}_{sub})^{index.offset} for "
                "a power (or declare the notation superscripts: layers)")
        return index

    def _number_of_layers(self, inner: list[Token], written: str) -> list[Token]:
        """UFLDL's ``n_l`` (``n_{l}``), the number of layers, as a layer: the output layer, L, where the input is
        layer 1 (``a^{(n_l)}``, ``\\delta^{(n_l - 1)}``); and a letter declared ``L`` (CS229's ``z^{[r]}``)."""
        texts, named = [t.text for t in inner], self.notation.layer_names
        if texts[:1] and texts[0] in named:  # declared {r: L}: CS229's z^{[r]}, {h: 1}: Raschka's a^{(h)}
            return [*layer_tokens(inner[0], named[texts[0]]), *inner[1:]]
        if len(texts) > 1 and "".join(texts) in named and all(t.kind == "name" for t in inner):
            return layer_tokens(inner[0], named["".join(texts)], inner[-1].stop)  # {out: L}: Raschka's \delta^{(out)}
        size = 3 if texts[:3] == ["n", "_", "l"] else 5 if texts[:5] == ["n", "_", "{", "l", "}"] else 0
        if not size:
            return inner
        if self.notation.convention("input_layer") != "1":
            raise LatexError(f"the layer of {written}: n_l, the number of layers (UFLDL's), is the output layer's "
                             "number where the input is layer 1: declare input_layer: 1", inner[0].position)
        return [inner[0]._replace(text="L", end=inner[size - 1].stop), *inner[size:]]

    def indices(self, tokens: list[Token], name: str, written: str, named=()) -> list[Index]:
        """A subscript's indices: groups separated by commas or spacing; a group is an index expression
        (``l+1``) or index atoms written side by side (``kj``, ``k1``; ``11`` is two digits for a weight)."""
        groups, current = [], []
        for token in tokens:
            if token.kind == "name" and self.notation.declares(token.text) and token not in named:
                raise LatexError(f"{written}_{token.text}: {token.text} is declared, so it is not also an index "
                                 f"here; an index is a unit's letter or number, a layer a superscript ({written}^L_k)",
                                 token.position)
            if token.text == "," or token.kind == "space":
                groups.append(current)
                current = []
            else:
                current.append(token)
        groups.append(current)
        if any(not g for g in groups):
            raise LatexError(f"an empty index in {written}_{{{''.join(t.text for t in tokens)}}}")
        out: list[Index] = []
        pairs = INDEX_COUNT.get(name) == 2
        for group in groups:
            if any(t.text in ("+", "-") for t in group):
                out.append(index_expression(group, f"an index of {written}"))
                continue
            for a, b in zip(group, group[1:]):
                if a.kind == b.kind == "number":
                    raise LatexError(f"{written}_{{{a.text} {b.text}}} reads as {a.text}{b.text}: separate "
                                     f"indices with a comma, e.g. {written}_{{{a.text},{b.text}}}")
            if pairs and len(groups) == 1 and len(group) == 1 and group[0].kind == "number":
                digits = group[0].text
                if len(digits) == 2:  # w_{11}: the derivation's two one-digit indices
                    out += [Index(None, int(d)) for d in digits]
                    continue
                if len(digits) > 2:
                    raise LatexError(f"{written}_{{{digits}}}: which two indices? separate them with a comma, "
                                     f"e.g. {written}_{{{digits[0]},{digits[1:]}}}")
            out += [index_atom(t, written) for t in group]
        return out

    def _checked(self, sym: Sym) -> Sym:
        if sym.name in self.notation.constants:
            if sym.indices or sym.layer is not None or sym.example is not None:
                raise LatexError(f"{sym.text}: a declared constant takes no index (one number for the whole "
                                 f"network); write {sym.written or sym.name} alone, or declare a quantity with indices")
            return sym
        if sym.layer is not None and (width := next((v for v in sym.layer.vars if v in WIDTHS), None)):
            raise LatexError(f"{sym.text}: {width} as a layer? {width} is {WIDTHS[width]} (Bishop's "
                             f"\\sum_{{{width.lower()}=1}}^{{{width}}}); if it names a layer, declare which: "
                             f"{{{width}: L}} for the last (as Deisenroth's K), {{{width}: L-1}} for the one before "
                             "(Prince's K)")
        count, expected = len(sym.indices), INDEX_COUNT[sym.name]
        if sym.name in ("E", "E_0", "N") and (count or sym.layer is not None):
            base = sym.text.split('_')[0].split('^')[0]
            named = f" (if {sym.text} is a name, SLP3's L_{{CE}}, declare it whole: {{{sym.text}: E}})" * (
                bool(re.search(r"_\{(?:\\\w+\{)?[A-Z][A-Za-z]", sym.text)) and sym.layer is None)  # (a word: a name)
            raise LatexError(f"{sym.text}: {base} takes no index and no layer{named}")
        if count > max(expected, 0) or (sym.name == "n" and count != 1):
            what = "two indices (to, from)" if expected == 2 else "one index"
            batch = index_count_hint(sym, count, self.notation.batch)
            raise LatexError(f"{sym.text}: {sym.text.split('_')[0]} takes {what}, not {count}{batch}")
        if sym.example is not None and not self.notation.batch and not one_example_error(sym):
            raise LatexError(f"{sym.text}: {ONE_EXAMPLE}")
        return sym


WIDTHS = {"K": "the number of output units", "I": "the number of inputs"}
EXAMPLE_LETTERS = ("x", "n", "d", "p")  # Nielsen's \delta^{x,l}: example x, then the layer (j, k are units)


def _layer_then_example(group: list[Token], written: str) -> tuple[list[Token], Index | None]:
    """``(3)(i)`` (Ng's ``a^{(3)(i)}``), ``1(n)``, ``[l](i)``, Nielsen's ``x,l`` (``\\delta^{x,l}``, the example
    first): the layer's group and example i; else the group as it is, and None."""
    inner = [t for t in group if t.kind != "space"]
    texts = [t.text for t in inner]
    if len(texts) > 2 and texts[1] == "," and texts[0] in EXAMPLE_LETTERS and "," not in texts[2:]:
        return inner[2:], index_expression(inner[:1], f"the example of {written}")
    opening = len(texts) - 1 - texts[::-1].index("(") if "(" in texts else -1
    if len(texts) > 3 and texts[-1] == ")" and 0 < opening < len(texts) - 2 and texts[0] != "(" \
            and ")" not in texts[:opening]:  # (a layer without parentheses, then the example's)
        return inner[:opening], index_expression(inner[opening + 1:-1], f"the example of {written}")
    middle = texts.index(")") if ")" in texts else -1  # (the layer's closing bracket)
    if len(texts) < 6 or texts[0] != "(" or texts[-1] != ")" or not 0 < middle < len(texts) - 2 \
            or texts[middle + 1] != "(":
        return group, None
    return inner[:middle + 1], index_expression(inner[middle + 2:-1], f"the example of {written}")


def _examples_input_off(tokens: list[Token]) -> list[Token]:
    """Nielsen's ``C_{X_j}`` and ``C_{x^{(i)}}`` (Higham's ``C_{x^{\\{i\\}}}``, made so by
    :func:`~.examples.braced_examples`): the error of the example whose input is written, as its letter alone (``C_j``,
    the error of example j)."""
    texts, names = [t.text for t in tokens if t.kind != "space"], [t for t in tokens if t.kind == "name"]
    if len(names) != 2 or names[0].text not in ("x", "X"):
        return tokens
    x, i = names[0].text, names[1].text
    return names[1:] if texts in ([x, "_", i], [x, "_", "{", i, "}"], [x, "^", "{", "(", i, ")", "}"]) else tokens


def _entry_brackets_off(tokens: list[Token]) -> list[Token]:
    """Goldberg's ``y_{[i]}``, the entry i of y in brackets, as ``y_i`` (a subscript's brackets say nothing else)."""
    written = [t for t in tokens if t.kind != "space"]
    if len(written) > 2 and written[0].text == "[" and written[-1].text == "]":
        return written[1:-1]
    return tokens
