"""Speed of bpcore's gradients against hand-written numpy, HIPS autograd and (if installed) JAX.

Prints one table: median time per gradient computation over interleaved
samples, and each tool's ratio to plain numpy, measured in the same run.
Targets: bpcore within 1.1x of plain numpy on 784-256-10 x 128, and within 2x
on the article's tiny networks (single examples); the last row is a softmax
output layer with categorical cross-entropy.

    python bench/engine.py [--samples 31]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from bpcore import Network

try:  # test-only dependency
    import autograd.numpy as anp
    from autograd import grad as autograd_grad
except ImportError:  # pragma: no cover
    anp = None
try:
    import jax
    import jax.numpy as jnp
except ImportError:
    jax = None

CASES = [  # (sizes, hidden activation, batch, output: linear with the squared error, or softmax with
    # categorical cross-entropy)
    ([1, 1], "identity", None, "linear"),
    ([1, 2], "identity", None, "linear"),
    ([1, 1, 2], "identity", None, "linear"),
    ([1, 1, 1, 2], "identity", None, "linear"),
    ([784, 256, 10], "identity", 128, "linear"),
    ([784, 256, 10], "sigmoid", 128, "linear"),
    ([784, 256, 10], "sigmoid", 128, "softmax"),
]


def _softmax(z, xp=np):
    e = xp.exp(z - xp.max(z, axis=1, keepdims=True))
    return e / xp.sum(e, axis=1, keepdims=True)


def plain_numpy(weights, activation, output="linear"):
    """The obvious hand-written backprop for z = W h, E = 1/2 sum (t - y)^2 (linear output), or
    E = -sum t ln y for a softmax output (delta^L = y - t)."""
    W1 = weights[0]
    rest = weights[1:]

    def grads(x, t):
        hs = [x]
        h = x
        for l, W in enumerate(weights):
            z = h @ W.T
            if activation == "sigmoid" and l < len(weights) - 1:
                z = 1.0 / (1.0 + np.exp(-z))
            h = z
            hs.append(h)
        if output == "softmax":
            h = _softmax(h)
        delta = h - t
        out = [None] * len(weights)
        for l in range(len(weights) - 1, -1, -1):
            out[l] = delta.T @ hs[l]
            if l:
                delta = delta @ weights[l]
                if activation == "sigmoid":
                    delta = delta * hs[l] * (1.0 - hs[l])
        return out

    del W1, rest
    return grads


def autograd_fn(activation, output="linear"):
    def loss(weights, x, t):
        h = x
        for l, W in enumerate(weights):
            h = anp.dot(h, W.T)
            if activation == "sigmoid" and l < len(weights) - 1:
                h = 1.0 / (1.0 + anp.exp(-h))
        if output == "softmax":
            return -anp.sum(t * anp.log(_softmax(h, anp)))
        return 0.5 * anp.sum((t - h) ** 2)
    g = autograd_grad(loss)
    return lambda weights: (lambda x, t: g(weights, x, t))


def jax_fn(activation, output="linear"):
    def loss(weights, x, t):
        h = x
        for l, W in enumerate(weights):
            h = h @ W.T
            if activation == "sigmoid" and l < len(weights) - 1:
                h = jax.nn.sigmoid(h)
        if output == "softmax":
            return -jnp.sum(t * jax.nn.log_softmax(h))
        return 0.5 * jnp.sum((t - h) ** 2)
    g = jax.jit(jax.grad(loss))

    def make(weights):
        jw = [jnp.asarray(W) for W in weights]
        return lambda x, t: [a.block_until_ready() for a in g(jw, x, t)]
    return make


def time_per_call(fn, x, t, target_seconds=0.01) -> float:
    """Seconds per call, averaged over enough calls to last about ``target_seconds``."""
    fn(x, t)
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn(x, t)
        elapsed = time.perf_counter() - start
        if elapsed >= target_seconds or loops >= 1 << 20:
            return elapsed / loops
        loops *= 2


def run_case(sizes, activation, batch, output, samples):
    activations = [activation] * (len(sizes) - 2) + ["softmax" if output == "softmax" else "identity"]
    loss = "categorical-cross-entropy" if output == "softmax" else "squared"
    net = Network(sizes, activations, seed=0, loss=loss)
    rng = np.random.default_rng(1)
    shape = (sizes[0],) if batch is None else (batch, sizes[0])
    x = rng.normal(size=shape)
    t = rng.dirichlet(np.ones(sizes[-1]), size=shape[:-1]) if output == "softmax" else \
        rng.normal(size=shape[:-1] + (sizes[-1],))
    xb, tb = np.atleast_2d(x), np.atleast_2d(t)
    tools = {"numpy": (plain_numpy(net.weights, activation, output), xb, tb),
             "bpcore": (net.gradients, x, t)}
    if anp is not None:
        tools["autograd"] = (autograd_fn(activation, output)(net.weights), xb, tb)
    if jax is not None:
        tools["jax"] = (jax_fn(activation, output)(net.weights), jnp.asarray(xb), jnp.asarray(tb))
    # same numbers from every tool before timing anything
    reference = tools["numpy"][0](xb, tb)
    for name, (fn, xa, ta) in tools.items():
        for g, r in zip(fn(xa, ta), reference):
            np.testing.assert_allclose(np.asarray(g), r, rtol=1e-4, atol=1e-6, err_msg=name)
    times = {name: [] for name in tools}
    for _ in range(samples):  # interleaved, so drift in machine load hits every tool alike
        for name, (fn, xa, ta) in tools.items():
            times[name].append(time_per_call(fn, xa, ta))
    return {name: statistics.median(ts) for name, ts in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=31, help="timing samples per tool (median taken)")
    args = parser.parse_args()
    names = ["numpy", "bpcore"] + (["autograd"] if anp is not None else []) + (["jax"] if jax is not None else [])
    header = f"{'network':<16}{'act':<9}{'batch':>6}" + "".join(f"{n + ' us':>13}" for n in names) + \
        "".join(f"{n + '/np':>13}" for n in names[1:])
    print(f"bpcore gradient speed: median of {args.samples} samples per cell, same run")
    if jax is None:
        print("(JAX not installed: its columns are left out)")
    print(header)
    print("-" * len(header))
    for sizes, activation, batch, output in CASES:
        med = run_case(sizes, activation, batch, output, args.samples)
        act = activation if output == "linear" else f"{activation[:3]}+sm"
        row = f"{'-'.join(map(str, sizes)):<16}{act:<9}{batch or 1:>6}"
        row += "".join(f"{med[n] * 1e6:>13.1f}" for n in names)
        row += "".join(f"{med[n] / med['numpy']:>12.2f}x" for n in names[1:])
        print(row, flush=True)


if __name__ == "__main__":
    main()
