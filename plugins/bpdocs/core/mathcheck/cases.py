"""The cases an equation is checked on: shapes, activations, seeded random networks, examples and constants.

Targets are drawn as the loss needs them: any numbers for the squared error, in (0, 1) for binary
cross-entropy, a distribution over the outputs (positive, summing to 1) for categorical cross-entropy.
Declared constants (and the L2 coefficient's) are drawn in [0.5, 2] for every trial.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bpcore import Network

from .instance import Instance
from .tree import LatexError, Letter, Num, Op, Sym

ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "softmax")
LOSSES = ("squared", "sum-of-squares", "cross-entropy", "categorical-cross-entropy")
REDUCTIONS = ("sum", "mean")


@dataclass
class Case:
    shape: list[int]
    trial: int
    instance: Instance


def parse_shapes(text: str) -> list[list[int]]:
    """``"1-1-2 1-2-2"`` into ``[[1, 1, 2], [1, 2, 2]]``."""
    shapes = []
    for word in text.split():
        try:
            sizes = [int(n) for n in word.split("-")]
        except ValueError:
            raise ValueError(f"{word!r} is not a network shape like 1-1-2") from None
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"{word!r} is not a network shape like 1-1-2 (two or more layers, each >= 1 unit)")
        shapes.append(sizes)
    if not shapes:
        raise ValueError("check needs at least one network shape, e.g. check=\"1-1-2\"")
    return shapes


def activations_for(activation: str, depth: int) -> list[str]:
    """``"tanh"`` for every layer, or ``"tanh identity"``: one name per layer 1..L."""
    names = activation.replace(",", " ").split() or ["identity"]
    for name in names:
        if name not in ACTIVATIONS:
            raise ValueError(f'activation="{activation}": {name!r} is not one of {", ".join(ACTIVATIONS)}')
    if len(names) == 1:
        return names * depth
    if len(names) != depth:
        raise ValueError(f'activation="{activation}" names {len(names)} layers, but a network of this shape '
                         f"has {depth} (one name for all, or one per layer 1..L)")
    return names


def examples(rng: np.random.Generator, sizes, loss: str, count: int):
    """``count`` inputs (rows) and their targets, as the loss needs them."""
    X = rng.normal(size=(count, sizes[0]))
    if loss == "cross-entropy":
        T = rng.uniform(0.05, 0.95, size=(count, sizes[-1]))
    elif loss == "categorical-cross-entropy":
        T = rng.dirichlet(np.ones(sizes[-1]), size=count)
    else:
        T = rng.normal(size=(count, sizes[-1]))
    return X, T


def coefficient(tree, constants: dict, N: int) -> float:
    """The value of the L2 coefficient (``\\frac{\\lambda}{2N}``) for drawn constants and N examples."""
    if isinstance(tree, Num):
        return tree.value
    if isinstance(tree, Sym) and tree.name in constants and not tree.indices:
        return constants[tree.name]
    if isinstance(tree, Sym) and tree.name == "N" and not tree.indices:
        return float(N)
    if isinstance(tree, Op) and tree.op in ("+", "-", "*", "/", "pow", "neg"):
        a = [coefficient(arg, constants, N) for arg in tree.args]
        if tree.op == "neg":
            return -a[0]
        return {"+": lambda: a[0] + a[1], "-": lambda: a[0] - a[1], "*": lambda: a[0] * a[1],
                "/": lambda: a[0] / a[1], "pow": lambda: a[0] ** a[1]}[tree.op]()
    shown = tree.name if isinstance(tree, Letter) else getattr(tree, "text", type(tree).__name__)
    raise LatexError(f"l2: the coefficient is made of numbers, declared constants and N, not {shown}")


def draw_cases(shapes, activation: str, trials: int, *, biases: bool = False, loss: str = "squared",
               batch: int | None = None, reduction: str = "sum", constants=(), l2=None, networks=None,
               seed: int = 0) -> list[Case]:
    """Seeded random cases: for each shape (or given network), ``trials`` networks, examples and constants."""
    count = batch or 1
    cases = []
    for number, shape in enumerate(shapes):
        for trial in range(trials):
            rng = np.random.default_rng([seed, trial, *shape])
            drawn = {name: float(rng.uniform(0.5, 2.0)) for name in sorted(constants)}
            lam = 2 * coefficient(l2, drawn, count) if l2 is not None else 0.0
            if lam < 0:
                raise LatexError("l2: the coefficient must not be negative")
            if networks is not None:
                net = networks[number].copy()
                net.l2 = lam if l2 is not None else net.l2
            else:
                net = Network(shape, activations_for(activation, len(shape) - 1), loss=loss, reduction=reduction,
                              rng=rng, l2=lam, biases=[rng.normal(size=n) for n in shape[1:]] if biases else False)
            X, T = examples(rng, shape, net.loss_function.name, count)
            cases.append(Case(list(shape), trial, Instance(net, X, T, batch=batch is not None, constants=drawn)))
    return cases


def shared_cases(shapes, activation: str, trials: int, *, networks=None, **options) -> list[Case]:
    """:func:`draw_cases`, the same draws shared by the equations of a process checked on the same shapes and
    options (a page's equations mostly are: drawing, and bpcore's backward pass of each case, was a fifth of
    checking them). A case is not changed by a check (the passes it computes are dropped after it). Networks
    given are drawn afresh (their owner may change them between checks); so is anything not hashable."""
    key = (tuple(map(tuple, shapes)), activation, trials, tuple(sorted(options.items())))
    if networks is not None:
        return draw_cases(shapes, activation, trials, networks=networks, **options)
    try:
        hash(key)
    except TypeError:
        return draw_cases(shapes, activation, trials, **options)
    return list(_shared(key))


@lru_cache(maxsize=8)  # a few draws' cases, not every draw a long page makes
def _shared(key) -> tuple[Case, ...]:
    shapes, activation, trials, options = key
    return tuple(draw_cases([list(s) for s in shapes], activation, trials, **dict(options)))
