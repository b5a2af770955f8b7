"""The networks an equation is checked on: shapes, activations, and seeded random networks and examples."""

from __future__ import annotations

import numpy as np

from bpcore import Network

from .dual import Instance

ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu")
LOSSES = ("squared", "cross-entropy")


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


def example(rng: np.random.Generator, sizes, loss: str):
    x = rng.normal(size=sizes[0])
    t = rng.uniform(0.05, 0.95, size=sizes[-1]) if loss == "cross-entropy" else rng.normal(size=sizes[-1])
    return x, t


def instances(shape, activation: str, trials: int, *, biases: bool = False, loss: str = "squared", seed: int = 0):
    for trial in range(trials):
        rng = np.random.default_rng([seed, trial, *shape])
        net = Network(shape, activations_for(activation, len(shape) - 1), loss=loss, rng=rng,
                      biases=[rng.normal(size=n) for n in shape[1:]] if biases else False)
        yield trial, Instance(net, *example(rng, shape, loss))
