"""Update rules as their authors write them (a part of the reading of an equation): ``w \\leftarrow w - \\eta g``,
``W := W - \\alpha\\, dW``, ``b = b - \\eta\\, \\delta``, ``w^{(t+1)} = w^{(t)} - \\eta \\nabla E``, Hagan's
``W^m(k+1)``, ``w^{\\text{new}}``, Mazur's ``w_5^{+}`` and Nielsen's ``w_k \\rightarrow w_k' = w_k - \\eta \\ldots``
give a weight or a bias its value after one step of gradient descent: the old value plus the update
-\\eta \\partial E / \\partial w, with the learning rate (\\eta, or the one declared, ``learning_rate: alpha``) a
constant drawn for every trial. The left side is read as that value and the right side is checked against it: a
flipped sign, a missing rate or the wrong unit's input is a verdict.

The marks of the steps are taken off the tokens here (the left side's mark of the new value, and the old value's
``(t)``, ``^{(t)}``, ``_t``, ``^{old}`` everywhere); :func:`stepped` makes the parsed left side the stepped weight."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from .declarations import GREEK
from .lexer import Token
from . import walk
from .parser import Parser
from .stepmarks import WEIGHTS, Momentum, weight_first
from .tree import Derivative, Gradient, LatexError, Num, Op, Reduce, Sym

RATE_WORD = re.compile(r"rate|step|^lr$|alpha|eta", re.I)  # (CS231n's step_size, learning_rate; not grad_W)


def read_update(sides: list[list[Token]], notation, text: str, marked: bool, assigned: bool) -> list | None:
    """The sides of an update rule (:mod:`.updates`), the left side the weight after the step, or None if the row is
    none: its left side is marked the new value, assigned, or a weight the right side has again (``b = b - \\ldots``).
    An update whose rate is a letter not declared is refused with the declaration that names it; one whose sides
    cannot be read, with what in them cannot be."""
    left = "".join(t.text for t in sides[0] if t.kind != "space")
    if not (marked or weight_first(sides[0], notation) and any(left in "".join(t.text for t in side)
                                                              for side in sides[1:])):
        return None
    sides = [sides[0], *(_nabla_by(side, sides[0]) for side in sides[1:])]
    stepping = notation.stepping()
    try:  # (a parser consumes its tokens: each parse gets a copy)
        return stepped([Parser(list(s), stepping, text).parse() for s in sides], marked, assigned,
                       stepping.constants)
    except Momentum:
        raise
    except LatexError as exc:
        unread = exc  # (said if no rate explains it: what the update's sides hold that the checker cannot read)
    for rate in dict.fromkeys(t.text for side in sides[1:] for t in side if (t.kind == "macro" and t.text[1:] in GREEK
                              or t.kind == "word" and RATE_WORD.search(t.text)) and notation.canonical(t.text) is None
                              and notation.function(t.text) is None):
        try:
            reading = notation.reading(learning_rate=rate).stepping()
            update = stepped([Parser(list(s), reading, text).parse() for s in sides], marked, assigned,
                             reading.constants)
        except Momentum:
            raise
        except LatexError:
            continue
        if update:
            position = next(t.position for side in sides[1:] for t in side if t.text == rate)
            raise LatexError(f"{rate}: the learning rate of this update? declare it, bpdocs_notation: "
                             f"{{learning_rate: {rate.lstrip(chr(92))}}}", position)
    raise unread


def stepped(parsed: list, marked: bool, assigned: bool, rates) -> list | None:
    """The sides of a row with its left side made the value of a weight or bias after one step (the weight plus its
    update), if the row is an update: the left side marked the new value (``w^{(t+1)}``), or assigned one from itself
    (``w \\leftarrow w - \\eta g``), or, with ``=`` alone, a weight or bias the right side has again beside one of
    ``rates``, the learning rate or a declared constant (Ng's ``W = W - \\alpha\\, dW``; without one, ``W = W + 0``
    is no step); None if it is no update. A change added beside the step (momentum) is refused (:class:`Momentum`)."""
    left = parsed[0]
    if not isinstance(left, Sym) or left.name not in WEIGHTS or left.example is not None:
        return None
    again = any(not isinstance(side, Sym) and any(_same(s, left) for s in _symbols(side)) for side in parsed[1:])
    rated = any(isinstance(n, Sym) and n.name in rates for side in parsed[1:] for n in walk.nodes(side))
    number = None if rated else next(filter(None, (_numeric_rate(side, left) for side in parsed[1:])), None)
    if not (marked or again and (assigned or rated or number is not None)):
        return None
    for side in parsed[1:]:
        terms = list(walk.terms(side))
        if len(terms) > 2 and any(isinstance(n, Gradient) for term in terms for n in walk.nodes(term)):
            raise Momentum("a change added beside the step (\\alpha \\Delta w, a momentum term) is the previous "
                           "update, which no network's gradients say, so the checker does not read it; check the "
                           "update without it, w \\leftarrow w - \\eta \\frac{\\partial E}{\\partial w}")
    return [Op("+", (left, Gradient(left, step=True, rate=number, of=_one_examples_error(parsed)))), *parsed[1:]]


def _one_examples_error(parsed: list):
    """The error of one example (``E_n``) the row's right sides differentiate, not summed over, if there is one and
    its letter indexes no unit (``E_k`` beside ``w_{kj}`` is no example's); else None."""
    errors = {error for side in parsed[1:] for error in _example_errors(side)}
    if len(errors) != 1:
        return None
    letter = next(iter(errors)).example.var
    units = {name for side in parsed for node in walk.nodes(side) if isinstance(node, Sym)
             for index in node.indices for name in index.vars}
    return None if letter in units else next(iter(errors))


def _example_errors(node, summed: frozenset = frozenset()):
    """The errors of one example (``E_n``) that ``node`` differentiates, their example not summed over: an update
    on E_n (PRML's online w - \\eta \\nabla E_n) is that example's step; under \\sum_n, the batch's."""
    if isinstance(node, Derivative) and isinstance(node.body, Sym) and node.body.example is not None and \
            node.body.example.var not in summed:
        yield node.body
    inside = summed | {node.var} if isinstance(node, Reduce) else summed
    for child in walk.children(node):
        yield from _example_errors(child, inside)


def rated_change(parsed: list, notation) -> list:
    """A row giving the change ``\\Delta w`` (``Delta: update``) with its rate written as a number,
    ``\\Delta w = -0.1 \\frac{\\partial E}{\\partial w}``: the change read with that rate; other rows as they are."""
    if notation.convention("Delta") != "update" or not isinstance(parsed[0], Gradient):
        return parsed
    lettered = any(isinstance(n, Sym) and n.name in notation.constants for side in parsed[1:] for n in walk.nodes(side))
    number = None if lettered else next(filter(None, (_numeric_rate(side) for side in parsed[1:])), None)
    return [replace(parsed[0], rate=number, of=_one_examples_error(parsed)), *parsed[1:]]


def _numeric_rate(side, left: Sym | None = None):
    """The rate of a step written as a number, ``w - 0.01 \\frac{\\partial L}{\\partial w}`` (Karpathy's, Mazur's
    0.5, ``10^{-3}``, ``0.01 \\cdot``, ``\\frac{0.1}{N}``'s 0.1): the product of the numbers the one term beside the
    weight is multiplied by, as a :class:`Num`; else None (none, or zero: no step is taken at rate 0)."""
    steps = [term for term in walk.terms(side) if not (isinstance(term, Sym) and left and _same(term, left))]
    if len(steps) != 1:
        return None
    factors = _factors(steps[0])
    numbers = [value for factor in factors if (value := _value(factor)) is not None]
    if not numbers or len(numbers) == len(factors):  # (a number alone is no step of a gradient)
        return None
    rate = abs(math.prod(numbers))  # (the sign is the equation's: a flipped one fails)
    return Num(rate) if rate > 0 else None


def _factors(node) -> list:
    """The factors of a product (``*``, ``\\cdot``, ``\\times``), its signs dropped; a quotient's numerator is one
    (``\\frac{0.1}{N}``: 0.1, and N's quotient)."""
    if isinstance(node, Op) and node.op == "neg":
        return _factors(node.args[0])
    if isinstance(node, Op) and node.op in ("*", "cdot", "times"):
        return [factor for arg in node.args for factor in _factors(arg)]
    if isinstance(node, Op) and node.op == "/" and _value(node.args[0]) is not None and _value(node.args[1]) is None:
        return [node.args[0], Op("/", (Num(1.0), node.args[1]))]
    return [node]


def _value(node) -> float | None:
    """The number a node of numbers is (``10^{-3}``, ``\\frac{1}{2}``), or None."""
    if isinstance(node, Num):
        return node.value
    values = [_value(arg) for arg in node.args] if isinstance(node, Op) else [None]
    if None in values:
        return None
    operations = {"neg": lambda a: -a, "*": lambda a, b: a * b, "cdot": lambda a, b: a * b, "times": lambda a, b: a * b,
                  "/": lambda a, b: a / b if b else None, "pow": lambda a, b: a ** b if a > 0 else None,
                  "+": lambda a, b: a + b, "-": lambda a, b: a - b}
    return operations[node.op](*values) if node.op in operations else None


def _nabla_by(tokens: list[Token], left: list[Token]) -> list[Token]:
    """Nielsen's ``w \\rightarrow w' = w - \\eta \\nabla C``: in an update, a bare \\nabla is by the weight updated."""
    out: list[Token] = []
    for n, token in enumerate(tokens):
        out.append(token)
        after = next((t for t in tokens[n + 1:] if t.kind != "space"), None)
        if token.text == r"\nabla" and after is not None and after.text != "_":
            by = [t._replace(position=token.stop, end=-1) for t in left if t.kind != "space"]
            out += [Token("punct", "_", token.stop), Token("punct", "{", token.stop), *by,
                    Token("punct", "}", token.stop)]
    return out


AFTER_THE_STEP = re.compile(r", the (?P<what>weight|bias) after one step of gradient descent \((?P<rate>\S+) its "
                            r"learning rate\)$")


def after_the_step(text: str, left: Op, rate: str) -> str:
    """What a stepped left side is, for messages: ``w^{(t+1)}, the weight after one step of gradient descent``."""
    what = "bias" if left.args[0].name == "b" else "weight"
    number = left.args[1].rate
    rate = rate if number is None else f"{number.value:g}"
    return f"{text}, the {what} after one step of gradient descent ({rate} its learning rate)"


def as_tex(text: str) -> str:
    """A side's text as TeX (an erratum's table typesets it): a stepped left side's words as text, not as letters."""
    return AFTER_THE_STEP.sub(lambda m: f"\\quad \\text{{(the {m['what']} after one step of gradient descent, "
                                        f"}}{m['rate']}\\text{{ its learning rate)}}", text)


def _same(a: Sym, b: Sym) -> bool:
    return (a.name, a.layer, a.indices) == (b.name, b.layer, b.indices)


def _symbols(node):
    """The symbols of ``node`` that are values (not what a derivative is by: -\\eta \\partial E / \\partial w has
    no w)."""
    if isinstance(node, Sym):
        yield node
    if isinstance(node, (Derivative, Gradient)):
        children = (node.body,) if isinstance(node, Derivative) else ()
    else:
        children = walk.children(node)
    for child in children:
        yield from _symbols(child)

