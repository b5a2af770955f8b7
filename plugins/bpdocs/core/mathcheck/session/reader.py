"""Reading the names of a session check (a part of the parser): any bound symbol with its indices, and bound
functions applied to their arguments.

A symbol is the longest spelling the session binds: ``W_Q`` (when bound) is one symbol, ``W_{ij}`` (W
bound) is W with two indices; ``x^{(n)}`` is x with a leading index n (the example); ``^T`` transposes
and other superscripts are powers. Unbound functions that everyone writes the same way are built in:
``\\exp``, ``\\ln``, ``\\tanh``, ``\\sqrt``, ``\\sigma`` (logistic), ``\\operatorname{softmax}``,
``\\operatorname{diag}``, ``\\| v \\|``.
"""

from __future__ import annotations

import numpy as np

from ..declarations import GREEK
from ..indexes import index_expression
from ..tree import Call, LatexError, Letter, Op, Sym, quoted

BUILT_IN = {r"\sigma": "sigma"}
# function names written in italic letters: None for the known ones, else the numpy function to bind them to
ITALIC_WORDS = {"diag": None, "softmax": None, "sign": None, "exp": None, "log": None, "tanh": None, "relu": None,
                "sum": "np.sum", "tr": "np.trace", "trace": "np.trace", "det": "np.linalg.det", "max": "np.max",
                "min": "np.min"}


class SessionReader:
    def session_name(self, text: str) -> bool:
        """Whether ``text`` (a macro such as ``\\lambda``) names something in a session check."""
        return self.notation.session is not None and self.notation.session.knows(text)

    def _session_key(self, consume: bool) -> tuple[str, str]:
        """(key, written) of the longest bound spelling at the cursor; the tokens are taken if ``consume``."""
        session = self.notation.session
        start = self.pos
        first = self.take()
        base, written = first.text, first.text
        if first.kind == "name" and len(first.text) == 1:  # a bound word spelt in letters: \text-less "net"
            for word in session.words():
                tokens = [first] + [self.peek(n) for n in range(len(word) - 1)]
                if all(t is not None and t.kind == "name" for t in tokens) and "".join(t.text for t in tokens) == word \
                        and all(b.position == a.position + 1 for a, b in zip(tokens, tokens[1:])):
                    for _ in range(len(word) - 1):
                        self.take()
                    base = written = word
                    break
        best, best_pos = base, self.pos
        key = base
        for _ in range(2):
            if self.text_at() not in ("_", "^"):
                break
            mark = self.take().text
            group = self.raw_group()
            key += mark + "".join(t.text for t in group if t.kind != "space")
            if session.knows(key):
                best, best_pos = key, self.pos
        self.pos = best_pos if consume else start
        shown = self.text[self.tokens[start].position:self.tokens[best_pos - 1].stop] if self.text else written
        return best, shown

    def session_atom(self):
        session = self.notation.session
        token = self.peek()
        text = token.text
        if token.kind not in ("name", "word", "macro"):
            from ..advice import unexpected

            raise LatexError(unexpected(text, self.previous()), token.position)
        from ..functions import WORD_FUNCTIONS

        key, written = self._session_key(consume=False)
        if self.condition and token.kind == "name" and len(text) == 1 and text not in session.explicit \
                and self.text_at(1) not in ("_", "^", "(", "[") and _an_index(session, key):
            # 1\{y^{(i)} = k\}: the index k, not the page's k = 3 (but [z > 0] of the page's array z is z)
            self.take()
            return Letter(text)
        if text in BUILT_IN and key == text and key not in session.explicit and not session.is_function(key) \
                and self.text_at(1) == "(":  # \sigma(z) is the logistic, whatever number the page calls sigma
            return self.activation(BUILT_IN[text])
        if session.is_function(key):
            return self._bound_call(key)
        if session.knows(key) or self._layered_ahead():
            return self.session_symbol()
        if token.kind == "word" and text in WORD_FUNCTIONS:
            return self.word_function()
        if text == r"\delta" and self.text_at(1) == "_":  # unbound: Kronecker's delta_{ij}
            self.take()
            self.take("_")
            indices = self.indices(self.raw_group(), "session", "\\delta")
            if len(indices) != 2:
                raise LatexError("\\delta with one index is not bound: bind it (bind=\"\\\\delta=delta\"), or "
                                 "give Kronecker's delta two indices, \\delta_{ij}", token.position)
            from ..tree import Kronecker

            return Kronecker(*indices)
        if text in BUILT_IN:
            return self.activation(BUILT_IN[text])
        if text == "e" and self.text_at(1) == "^":
            self.take()
            self.take("^")
            return Call("exp", self.sub_parser(self.raw_group()).parse())
        if text == "d" and token.kind == "name":
            saved = self.pos
            try:
                return self.slash_derivative()
            except LatexError:
                self.pos = saved
        if self.bounds and token.kind == "name" and len(text) == 1:
            self.take()
            return Letter(text)
        word = self._italic_word()
        if word is not None:  # diag(w) in italics: the letters d, i, a, g
            numpy = ITALIC_WORDS[word]
            bound = f", bound to your function (bind=\"\\operatorname{{{word}}}={numpy}\")" if numpy else ""
            raise LatexError(f"{word}(...) written in italic letters reads as the product of {', '.join(word)}: "
                             f"write \\operatorname{{{word}}}(...){bound}", token.position)
        applied = self.text_at(1) in ("(", "[") or self.text_at(1) == "'" and self.text_at(2) in ("(", "[")
        raise LatexError(session.unbound(written, key, applied=applied), token.position)

    def _italic_word(self) -> str | None:
        """A function's name written in italic letters at the cursor and applied, ``diag(w)``, ``sum(x)``."""
        start = self.pos  # (from the word's first letter, which may have been read as a bound symbol: s of sum)
        while start > 0 and self.tokens[start - 1].kind == "name" and len(self.tokens[start - 1].text) == 1 \
                and self.tokens[start - 1].stop == self.tokens[start].position:
            start -= 1
        letters, n = [], start
        while n < len(self.tokens) and self.tokens[n].kind == "name" and len(self.tokens[n].text) == 1 and (
                not letters or self.tokens[n].position == self.tokens[n - 1].stop):
            letters.append(self.tokens[n].text)
            n += 1
        word = "".join(letters)
        applied = n < len(self.tokens) and self.tokens[n].text == "("
        return word if applied and word in ITALIC_WORDS else None

    def session_symbol(self) -> Sym:
        first = self.peek()
        key, _ = self._session_key(consume=True)
        session = self.notation.session
        indices: list = []
        layered = self._superscript_after_indices(key)
        if layered is not None:  # Ba et al.'s a_i^l with a^l bound: a^l's entry i
            key, tokens = layered
            indices += self.indices(tokens, "session", key)
        if not session.knows(key):
            raise LatexError(session.unbound(key, key, applied=False), first.position)
        session.use(key)
        example = transposed = None
        subscripted = layered is not None
        for _ in range(2):
            if self.text_at() == "_" and not subscripted:
                self.take()
                tokens = self.raw_group()
                indices += self.indices(tokens, "session", key)
                subscripted = True
            elif self.text_at() == "^" and self._example_script() and example is None:
                self.take()
                from ..cursor import transpose_split

                group, transposed = transpose_split(self.raw_group())  # Ng's x^{(i)T}: the row, transposed
                group = [t for t in group if t.kind != "space"]
                example = index_expression(group[1:-1], f"the leading index of {key}")
                indices.insert(0, example)
        if not indices and not transposed and (entry := self._entry_arguments(key)) is not None:
            indices = entry  # Goodfellow's I(i + m, j + n) of a bound array: its entry
        end = self.tokens[self.pos - 1]
        text = self.text[first.position:end.stop] if self.text else key
        if not indices and not transposed and (arguments := self._arguments_against()) is not None:
            raise LatexError(f"{text}{arguments}: {text} is bound to a value, so this reads two ways: {text} times "
                             f"{arguments}, or {text} as a function of its arguments (ESL's RSS(\\lambda), CS229's "
                             f"J(\\theta)); bind {text} to the function to apply it, or write {text} alone for "
                             "its value", first.position)
        found = Sym(key, None, tuple(indices), text, example)  # (the example is also the leading index)
        return Op("T", (found,)) if transposed else found

    def _entry_arguments(self, key: str) -> list | None:
        """A bound array's entry written with its indices in parentheses, ``I(i + m, j + n)`` (as many as the array
        has, each of index letters, numbers, + and -), taken; else None."""
        value, n = self.notation.session.value(key), self.pos
        close = self._closing(n)
        if not isinstance(value, np.ndarray) or close is None:
            return None
        inside = [t for t in self.tokens[n + 1:close] if t.kind != "space"]
        if sum(t.text == "," for t in inside) + 1 != value.ndim or not all(
                t.kind == "number" or t.kind == "punct" and t.text in "+-," or t.kind == "name" and len(t.text) == 1
                and t.text not in self.notation.session.explicit for t in inside):  # (a page's loop variable i too)
            return None
        self.pos = close + 1
        return self.indices(inside, "session", key)

    def _closing(self, n: int) -> int | None:
        """Where the parenthesis opening at token ``n``, against the symbol before it (or after \\left), closes."""
        if n >= len(self.tokens) or self.tokens[n].text != "(" or not self.text or \
                self.text[self.tokens[n - 1].stop:self.tokens[n].position] not in ("", "\\left"):  # (J (x): a product)
            return None
        from ..piecewise import bracketed

        _, end = bracketed(self, 0)  # (n is the cursor's first token: no space before it)
        return end if end >= 0 else None

    def _layered_ahead(self) -> bool:
        """Whether the symbol at the cursor is a bound ``a^l`` written ``a_i^l`` (nothing taken)."""
        saved = self.pos
        try:
            key, _ = self._session_key(consume=True)
            return self._superscript_after_indices(key) is not None
        finally:
            self.pos = saved

    def _superscript_after_indices(self, key: str):
        """``(key^l, the subscript's tokens)`` when ``key`` is followed by ``_{i}^{l}`` and ``key^l`` is bound (the
        superscript written after the indices, as Ba et al. write a_i^l), both scripts taken; else None. With
        ``key`` bound too by bind=, or the superscript a number, a_i^2 is read two ways (a's entry squared, or
        a^2's entry): refused."""
        session = self.notation.session
        if self.text_at() != "_" or session.knows(key + "_" + (self.text_at(1) or "")):
            return None
        saved, start = self.pos, self.peek()
        self.take()
        subscript = self.raw_group()
        if self.text_at() == "^" and not self._example_script():
            self.take()
            script = "".join(t.text for t in self.raw_group() if t.kind != "space" and t.text not in "{}")
            if session.knows(key + "^" + script):
                if key in session.explicit or script.isdigit() and session.knows(key):  # (a letter: a layer)
                    index = "".join(t.text for t in subscript if t.kind != "space" and t.text not in "{}")
                    raise LatexError(f"{key}_{index}^{script} reads two ways, as both {key} and {key}^{script} are "
                                     f"bound: {key}'s entry {index} to the power {script}, or {key}^{script}'s entry "
                                     f"{index}; write {key}^{script}_{index} for the entry, or "
                                     f"({key}_{index})^{script}", start.position)
                return key + "^" + script, subscript
        self.pos = saved
        return None

    def _arguments_against(self) -> str | None:
        """A parenthesis written against the symbol just read and holding only names, ``(\\theta)``, ``(W, b)``
        (a function's arguments, as a text writes them), as written; else None (a product, ``a (x + y)``)."""
        n, before = self.pos, self.tokens[self.pos - 1]
        close = self._closing(n)
        if close is None:
            return None
        inside = [t for t in self.tokens[n + 1:close] if t.kind != "space"]
        if not all(t.kind in ("name", "word", "number") or t.kind == "punct" and t.text in ",_^{}()"
                   or t.kind == "macro" and t.text[1:] in GREEK for t in inside):
            return None
        heads, script, depth = [0], False, 0  # the symbols of each argument, not counting their scripts
        for token in inside:
            if token.text == ",":
                heads.append(0)
            elif token.text in "^_" and token.kind == "punct":
                script = True
                continue
            elif token.text == "{" and token.kind == "punct":
                depth += 1
            elif token.text == "}" and token.kind == "punct":
                depth -= 1
            elif token.kind != "punct" and not script and depth == 0:
                heads[-1] += 1
            script = script and depth > 0 if token.text in "{}" else False
        if any(count != 1 for count in heads):
            return None
        return self.text[before.stop:self.tokens[close].stop]

    def _bound_call(self, key: str):
        """A bound function applied: ``f(x)``, ``\\mathrm{Attention}(Q, K, V)``, ``g'(a)`` (its derivative)."""
        token = self.peek()
        self._session_key(consume=True)
        self.notation.session.use(key)
        name = key + ("'" if self._prime() else "")
        if self.text_at() not in ("(", "["):
            raise LatexError(f"{key} is a function of the session; apply it to its argument in parentheses, "
                             f"{key}(x)", token.position)
        opening = self.take().text
        closing = {"(": ")", "[": "]"}[opening]
        depth, group, args, bars = 0, [], [], []  # bars: where a \| stands between brackets (see below)
        while True:
            if self.peek() is None:
                raise LatexError(f"{key}({'...'}: {quoted(closing)} is missing", token.position)
            item = self.tokens[self.pos]
            self.pos += 1
            if item.kind == "punct" and item.text in "([{":
                depth += 1
            elif item.kind == "punct" and item.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            if depth == 0 and item.text == ",":
                args.append(group)
                group = []
                continue
            if depth == 0 and item.text in (r"\|", r"\parallel"):
                bars.append(len(group))
            group.append(item)
        args.append(group)
        if len(args) == 1:
            args = _divergence_arguments(group, bars)
        if any(not any(t.kind != "space" for t in arg) for arg in args):
            raise LatexError(f"{key}(...): an empty argument", token.position)
        parsed = [self.sub_parser(arg).parse() for arg in args]
        return self.component(Call(name, parsed[0], tuple(parsed[1:])), token.position)


def _divergence_arguments(group: list, bars: list[int]) -> list[list]:
    """A divergence's two arguments, ``D(p \\| q)``: one ``\\|`` (or ``\\parallel``) outside brackets (at ``bars``)
    between two arguments separates them as a comma would (a norm's bars come in pairs: ``f(\\|v\\|)`` is one)."""
    texts = [n for n, t in enumerate(group) if t.kind != "space"]
    if len(bars) != 1 or bars[0] in (texts[0], texts[-1]):
        return [group]
    return [group[:bars[0]], group[bars[0] + 1:]]


def _an_index(session, key: str) -> bool:
    """Whether a lone letter in a condition is an index: unless the page has a value of that name that is no whole
    number (its array z in [z > 0], its float)."""
    if not session.knows(key):
        return True
    value = session.value(key)
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
