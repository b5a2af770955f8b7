"""Reading sums and products (\\sum, \\prod): their index, bounds and term (a part of the parser)."""

from __future__ import annotations

import re

from .lexer import Token, tokenize
from .indexes import SCRIPT_L
from .tree import Index, LatexError, Reduce, Sym, quoted
from .walk import nodes


class ReductionReader:
    def reduction(self):
        token = self.take()
        op = "+" if token.text == r"\sum" else "*"
        upper = self._upper_bound_first()
        if self.text_at() != "_":
            every = self._every_weight(op)
            if every is None:
                raise LatexError(f"{token.text} needs an index, e.g. {token.text}_k", token.position)
            return every
        self.take("_")
        group = [t for t in self.raw_group() if t.kind != "space"]
        if group and group[0].text in SCRIPT_L:  # ESL's \sum_\ell: a script l, a letter of its own
            group[0] = Token("name", SCRIPT_L[group[0].text], group[0].position)
        if group and group[0].kind == "macro" and group[0].text.lstrip("\\").isalpha():  # HKP's \sum_\mu
            raise LatexError(f"{token.text}_{group[0].text}: an index is a Latin letter (i, j, k); for the patterns "
                             f"of a batch, sum over n with example n's values written x^{{(n)}}, E_n, and check with "
                             "a batch, e.g. batch=\"4\"", token.position)
        if not group or group[0].kind != "name" or len(group[0].text) != 1:
            raise LatexError(f"{token.text} runs over a single-letter index, not "
                             f"{quoted(''.join(t.text for t in group))}", token.position)
        var, low = group[0].text, None
        if var in self.notation.last_layers or var in self.notation.widths:
            raise LatexError(f"{token.text}_{var}: {var} is declared a layer or a width, not a sum's index", token.position)
        if self.notation.declares(var):  # ({n: N} and \sum_{n=1}^N E^n: every term would read the declared N)
            raise LatexError(f"{token.text}_{var}: {var} is declared ({{{var}: {self.notation.canonical(var)}}}), "
                             "so it is not also a sum's index; sum over another letter, or drop the declaration",
                             token.position)
        if len(group) == 1 and self.notation.session is None and self.notation.canonical(var) == "x" \
                and upper is None and self.text_at() != "^":
            return self._over_the_inputs(op, token, var)
        if len(group) == 1 and self.notation.session is None and self.notation.canonical(var) in ("w", "W"):
            self.summed_weight, outer = var, self.summed_weight
            try:  # \\sum_w w^2: over every weight of the network (and w^2 is a square, not layer 2)
                return Reduce(op, "@w", None, None, self.term())
            finally:
                self.summed_weight = outer
        written_set = _written(group[2:]) if len(group) > 1 and group[1].text == r"\in" else None
        # Over the output units, 1 to K: Mitchell's \sum_{k \in outputs}, Haykin's \sum_{j \in C} ({C: outputs});
        # over a batch's examples, 1 to N: Mitchell's \sum_{d \in D}, his training examples (x_{id}: example d's x_i)
        last = "K" if written_set in {"outputs", *self.notation.output_sets} else \
            "N" if written_set in self._example_sets() else None
        if last is not None:
            low, high = (self.sub_parser(tokenize(bound), bounds=True).parse() for bound in ("1", last))
            return Reduce(op, var, low, high, self._term_over(var, last == "N"))
        if len(group) > 1:
            if group[1].text == r"\in":
                raise LatexError(f"{token.text}_{{{_shown(group)}}}: a sum over a set is read over "
                                 f"the output units, {token.text}_{{{var} \\in outputs}} (Mitchell's; Haykin's C with "
                                 f"{{C: outputs}}), or over the examples of a batch, {token.text}_{{{var} \\in D}} "
                                 f"(another set with {{S: examples}}); or write the bounds: "
                                 f"{token.text}_{{{var}=1}}^{{n_l}} over the units of layer l", token.position)
            if group[1].text == "'":  # Bishop's softmax, \sum_{k'} (or \sum_{k'=1}^K) beside a free k
                raise LatexError(f"{token.text}_{{{var}'}}: a primed index is not read; sum over another letter (as "
                                 f"{token.text}_m, m running over the same units) where {var} is free",
                                 token.position)
            if group[1].text != "=":
                raise LatexError(f"{token.text}_{{{_shown(group)}}}: write {token.text}_{{{var}=1}}",
                                 token.position)
            low = self.sub_parser(group[2:], bounds=True).parse()
        high = None if upper is None else self.sub_parser(_count_of(upper, var), bounds=True).parse()
        if self.text_at() == "^" and upper is None:
            self.take("^")
            high = self.sub_parser(_count_of(self.raw_group(), var), bounds=True).parse()
        if (low is None) != (high is None):
            raise LatexError(f"{token.text}_{var}: give both bounds or neither", token.position)
        return Reduce(op, var, low, high, self._term_over(var, isinstance(high, Sym) and high.name == "N"))

    def _over_the_inputs(self, op: str, token: Token, var: str) -> Reduce:
        """Nielsen's ``\\sum_x``, over the training inputs x: a batch's examples, 1 to N; what depends on the
        example in its term (``x_j``, ``y(x)``, ``a^L(x)``, ``z``) is the example's."""
        from .readings import with_example

        if not self.notation.batch:
            raise LatexError(f"{token.text}_{var}: a sum over the training inputs (Nielsen's) is read over a batch's "
                             "examples: check it on a batch, batch=\"4\" (and declare his n, the number of "
                             "examples, {n: N})", token.position)
        low, high = (self.sub_parser(tokenize(bound), bounds=True).parse() for bound in ("1", "N"))
        return Reduce(op, var, low, high, with_example(self._term_over(var, True), Index(var, 0)))

    def _example_sets(self) -> set[str]:
        """The sets a sum runs over a batch's examples in: ``examples``, those declared so, and Mitchell's ``D``
        (the training examples; {D: N}, their number, too) unless the notation names D otherwise (Bishop's D, the
        inputs: {D: n_0})."""
        mitchell = not self.notation.declares("D") or self.notation.canonical("D") == "N"
        return {"examples", *self.notation.example_sets, *(("D",) if mitchell else ())}

    def _term_over(self, var: str, examples: bool = False):
        """The term of a sum over ``var`` (known inside it: ``E^n`` in a sum over n is no power; with ``examples``,
        a sum to N, Mitchell's x_{id} is example d's x_i)."""
        outer, self.sum_letters = self.sum_letters, (*self.sum_letters, var)
        outer_examples = self.example_letters
        self.example_letters = (*outer_examples, var) if examples else outer_examples
        try:
            return self.term()
        finally:
            self.sum_letters, self.example_letters = outer, outer_examples

    def _upper_bound_first(self):
        """``\\sum^{n}_{k=1}`` (the bound above written first, as TeX allows): its tokens, taken; else None."""
        if self.text_at() != "^":
            return None
        saved = self.pos
        self.take("^")
        upper = self.raw_group()
        if self.text_at() == "_":
            return upper
        self.pos = saved
        return None

    def _every_weight(self, op: str):
        """``\\sum |w|``, ``\\sum w^2`` (a sum without an index, of a term in the bare weight ``w``): read as
        ``\\sum_w``, over every weight of the network; None (and nothing taken) for any other term."""
        if op != "+" or self.notation.session is not None or self.notation.canonical("w") != "w":
            return None
        saved, outer = self.pos, self.summed_weight
        self.summed_weight = "w"
        try:
            body = self.term()
        except LatexError:
            body = None
        finally:
            self.summed_weight = outer
        if body is None or not any(isinstance(n, Sym) and n.name == "w" and n.layer is None and not n.indices
                                   for n in nodes(body)):
            self.pos = saved
            return None
        return Reduce(op, "@w", None, None, body)


def _written(tokens) -> str:
    """The letters of ``tokens`` as one word (``outputs``, ``\\text{outputs}``, ``\\mathrm{outputs}``)."""
    return "".join(t.text for t in tokens) if all(t.kind in ("name", "word", "text") for t in tokens) else ""


def _count_of(bound: list[Token], var: str) -> list[Token]:
    """Theodoridis' ``\\sum_{k=1}^{k_{r-1}}``: the sum's own letter with a layer as its subscript, as its upper bound,
    is the number of units of that layer, ``n_{r-1}`` (k is no name, and k_{r-1} no unit k of anything)."""
    written = [t for t in bound if t.kind != "space"]
    if len(written) > 2 and written[0].text == var and written[1].text == "_":
        return [written[0]._replace(text="n"), *written[1:]]
    return bound


def _shown(tokens) -> str:
    """Tokens as written, a macro spaced from its neighbours (``j \\in output``, not ``j\\inoutput``)."""
    shown = ""
    for token in tokens:
        macro = token.kind == "macro" and token.text[1:].isalpha()
        shown += f" {token.text} " if macro else token.text
    return re.sub(r" +", " ", shown).strip()
