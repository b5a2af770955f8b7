"""One example through a small network, in Python floats.

For the derivation's networks (a handful of weights), numpy's fixed cost per
call (about a microsecond) is most of the work, so :class:`~bpcore.Network`
runs single examples of networks this small here instead: the same math as
:mod:`bpcore.network`, forward and backward side by side, on floats. Indices
here are 0-based: ``W[l][k][j]`` is w^{l+1}_{k+1, j+1}. The results are the
same numbers (tests hold the two paths equal) and are returned as arrays.
"""

from __future__ import annotations

import math
from operator import mul

import numpy as np

SMALL = 24  # weights: up to this many, a single example takes the float path
LOSSES = ("squared", "cross-entropy")  # the others (and softmax, L2) take the array path


def _sigmoid(z: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * z))  # as bpcore.activations computes it


FUNCTIONS = {  # name -> (f(z), f'(z) from z and h = f(z))
    "identity": (lambda z: z, lambda z, h: 1.0),
    "sigmoid": (_sigmoid, lambda z, h: h * (1.0 - h)),
    "tanh": (math.tanh, lambda z, h: 1.0 - h * h),
    "relu": (lambda z: z if z > 0.0 else 0.0, lambda z, h: 1.0 if z > 0.0 else 0.0),
}


def forward(W, b, names, x):
    """z^l = W^l h^{l-1} + b^l and h^l = f(z^l), layer by layer; every h and z as lists of floats."""
    hs, zs = [x], []
    h = x
    for l, rows in enumerate(W):
        z = [sum(map(mul, row, h)) for row in rows]
        if b is not None:
            z = [v + c for v, c in zip(z, b[l])]
        h = z if names[l] == "identity" else list(map(FUNCTIONS[names[l]][0], z))
        zs.append(z)
        hs.append(h)
    return hs, zs


def backward(W, names, hs, zs, dE_dy, fused: bool):
    """delta^l = dE/dh^l * f'(z^l); dE/dw^l_{kj} = delta^l_k h^{l-1}_j; dE/dh^{l-1} = (W^l)^T delta^l.

    ``fused``: ``dE_dy`` is already dE/dz^L (sigmoid outputs under cross-entropy).
    """
    L = len(W)
    grads, deltas = [None] * L, [None] * L
    dE_dh = dE_dy
    for l in range(L - 1, -1, -1):
        derivative = FUNCTIONS[names[l]][1]
        if fused and l == L - 1 or names[l] == "identity":
            delta = dE_dh
        else:
            delta = [g * derivative(z, h) for g, z, h in zip(dE_dh, zs[l], hs[l + 1])]
        h = hs[l]
        grads[l] = [[d * v for v in h] for d in delta]
        deltas[l] = delta
        if l:
            dE_dh = [sum(map(mul, column, delta)) for column in zip(*W[l])]
    return grads, deltas


def loss_and_gradient(name: str, y, t, fused: bool):
    """E and dE/dy (or dE/dz^L when ``fused``) for one example."""
    if name == "cross-entropy":
        if not all(0.0 < v < 1.0 for v in y):
            return None, None  # the array path raises the error, with its message
        E = -sum(tk * math.log(yk) + (1.0 - tk) * math.log1p(-yk) for yk, tk in zip(y, t))
        if fused:
            return E, [yk - tk for yk, tk in zip(y, t)]
        return E, [(yk - tk) / (yk * (1.0 - yk)) for yk, tk in zip(y, t)]
    residual = [yk - tk for yk, tk in zip(y, t)]
    return 0.5 * sum(map(mul, residual, residual)), residual


def run(net, x, t):
    """(dE/dW^l, delta^l, E, h, z) as floats for one example of a small network, or None when this path
    does not apply or something is not finite (the array path then says what)."""
    if net._weight_count > SMALL or type(x) is not np.ndarray or type(t) is not np.ndarray \
            or x.shape != net._single_shapes[0] or t.shape != net._single_shapes[1] or x.dtype.kind != "f":
        return None
    W = []
    for w, shape in zip(net.weights, net._weight_shapes):
        if w.shape != shape:
            return None  # the array path says what is wrong
        W.append(w.tolist())
    b = None
    if net.biases is not None:
        b = []
        for v, n in zip(net.biases, net.sizes[1:]):
            if v.shape != (n,):
                return None
            b.append(v.tolist())
    names = net._names if net._names_of is net.activations else net._activation_names()
    loss = net.loss_function.name
    if not net._small_names or net.l2 or loss not in LOSSES:
        return None  # softmax, categorical cross-entropy and L2 take the array path
    hs, zs = forward(W, b, names, x.tolist())
    fused = loss == "cross-entropy" and names[-1] == "sigmoid"
    targets = t.tolist()
    E, dE_dy = loss_and_gradient(loss, hs[-1], targets, fused)
    if E is None:
        return None
    grads, deltas = backward(W, names, hs, zs, dE_dy, fused)
    # One number: NaN or infinity anywhere in x, the parameters or t reaches some z, E or gradient
    # (the gradients of layer l sum to sum(delta^l) sum(h^{l-1})). An overflow here, or a false alarm,
    # sends the example down the array path, which says exactly what is wrong.
    total = E + sum(targets)
    for l, delta in enumerate(deltas):
        total += sum(zs[l]) + sum(delta) * sum(hs[l])
    return (grads, deltas, E, hs, zs) if math.isfinite(total) else None
