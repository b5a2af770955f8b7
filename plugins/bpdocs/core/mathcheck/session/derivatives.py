"""Numerical derivatives of the author's code (a part of the session evaluator).

A derivative by a bound value is taken by central differences of fourth order: the bound value moved
by +-h and +-2h (h = 1e-3 max(1, |x|)), every bound expression evaluated again, the side evaluated
again. It is taken twice, with h and h/2; if the two disagree by more than 1e-6 (relative), or the slopes
just before and just after the point differ (a kink, where central differences average two slopes), the
function is not smooth enough there to judge, and the check says so instead. Sides with a numerical
derivative are compared to within 1e-6 (relative), not 1e-9.

Of a number by a number: a number; by a vector or matrix: the gradient, shaped like it; of a vector by a
vector: the Jacobian, entry (i, j) = dv_i/du_j (its transpose with ``jacobian: denominator``).
"""

from __future__ import annotations

import numpy as np

from ..binding import BindingError, Unreadable
from ..tree import Derivative

STEP = 1e-3
AGREE = 1e-6
ROUNDING = 1e-13  # the relative error of a function's value, some 450 ulps: the author's code rounds too
KINK = 1e-3  # one-sided slopes (steps of 1e-6 h) that differ by more than this (relative): not smooth here


def _stencil(f, h: float):
    return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)


def _one_sided(f, h: float):
    """The slopes just after and just before the point (to find a kink, which central differences hide), and the
    rounding noise of a stencil of step h there: the function's size times :data:`ROUNDING`, over h (a derivative
    that is 0 comes out as that noise, -1.2e-12 for a loss of 10, and is 0 to within it)."""
    small = h * 1e-3
    middle = np.asarray(f(0.0), float)
    noise = 1.5 * ROUNDING * max(1.0, float(np.max(np.abs(middle)))) / h if middle.size else 0.0
    return (np.asarray(f(small), float) - middle) / small, (middle - np.asarray(f(-small), float)) / small, noise


class NumericDerivatives:
    overrides: dict = {}
    nested = False

    def derivative(self, node: Derivative, env: dict):
        if self.nested:
            raise Unreadable("a derivative inside a derivative is not read")
        var = node.var
        key = var.name
        base = self.values.get(key)
        if base is None or callable(base) and not isinstance(base, np.ndarray):
            raise Unreadable(f"cannot differentiate by {var.text}: it is a function, not a value")
        if not self.check.depends(node.body, key):
            raise Unreadable(self.check.independent(node.body, key))
        idx = [self.index(i, env, var.text) for i in var.indices]
        lead: tuple = ()
        if idx and isinstance(base, np.ndarray) and var.example is not None and len(idx) < base.ndim:
            # CS229's theta^{(k)}: row k of a bound matrix, by each of its entries
            lead, shape = tuple(i - 1 for i in idx), base.shape[len(idx):]
        elif idx:
            return self._partial(node.body, env, key, self._position(base, idx, var.text))
        elif not isinstance(base, np.ndarray):
            return self._partial(node.body, env, key, None)
        else:
            shape = base.shape
        parts = [self._partial(node.body, env, key, lead + p) for p in np.ndindex(*shape)]
        if not isinstance(parts[0], np.ndarray):
            return np.array(parts).reshape(shape)
        if (len(shape) == 1 or 1 in shape) and all(p.ndim == 1 or 1 in p.shape for p in parts):
            jacobian = np.stack([p.ravel() for p in parts], axis=1)  # column j: the derivative by u_j
            return jacobian.T if self.layout == "denominator" else jacobian
        raise Unreadable(f"the derivative of an array by {var.text} (an array too) has more than two indices; "
                         "write it per entry")

    def _position(self, base, idx: list[int], text: str):
        if not isinstance(base, np.ndarray):
            raise BindingError(f"{text}: a number takes no index")
        if len(idx) == 1 and base.ndim == 2 and 1 in base.shape:
            idx = [idx[0], 1] if base.shape[1] == 1 else [1, idx[0]]
        if len(idx) != base.ndim:
            raise BindingError(f"{text}: the value has {base.ndim} ind{'ex' if base.ndim == 1 else 'ices'}")
        return tuple(i - 1 for i in idx)

    def _partial(self, body, env: dict, key: str, position):
        base = self.values[key]
        x0 = base[position] if position is not None else base
        h = STEP * max(1.0, abs(float(x0)))
        f = lambda d: self._at(body, env, key, position, d)  # noqa: E731
        estimates = [_stencil(f, step) for step in (h, h / 2)]
        return self._agreed(estimates, key, _one_sided(f, h))

    def _agreed(self, estimates, what: str, sides=None):
        a, b = (np.asarray(e, float) for e in estimates)
        scale = max(1.0, float(np.max(np.abs(a))), float(np.max(np.abs(b))))
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):  # (ln of a value drawn negative, near it)
            raise ZeroDivisionError(f"the derivative by {what} is not a number here: the function is not defined "
                                    "near these values")
        kink = sides is not None and float(np.max(np.abs(sides[0] - sides[1]))) > KINK * scale
        if float(np.max(np.abs(a - b))) > AGREE * scale or kink:
            raise Unreadable(f"the numerical derivative by {what} is not stable here (steps h and h/2 disagree): "
                             "is the function smooth at these values?")
        self.numeric = True
        if sides is not None:
            self.noise = max(self.noise, sides[2])
        return estimates[1]

    def _at(self, body, env: dict, key: str, position, delta: float):
        base = self.values[key]
        if position is None:
            moved = base + delta
        else:
            moved = base.copy()
            moved[position] += delta
        overrides = {**self.overrides, key: moved}
        child = type(self)(self.check, self.check.state.values(overrides), overrides)
        child.nested = True
        value = child.value(body, env)
        return np.asarray(value, float) if isinstance(value, np.ndarray) else float(value)

    def elementwise_derivative(self, function, arg, name: str):
        """``f'(x)`` for a bound function: its derivative at each entry of x (it must be elementwise)."""
        if not isinstance(arg, np.ndarray):
            h = STEP * max(1.0, abs(arg))
            g = lambda d: self.run(function, [arg + d], name)  # noqa: E731
            return self._agreed([_stencil(g, step) for step in (h, h / 2)], name, _one_sided(g, h))
        flat = arg.ravel()
        out = np.zeros_like(flat)
        for i in range(flat.size):
            h = STEP * max(1.0, abs(flat[i]))

            def moved(d, i=i):
                x = flat.copy()
                x[i] += d
                return np.asarray(self.run(function, [x.reshape(arg.shape)], name), float).ravel()

            if i == 0 and flat.size > 1:
                change = moved(h) - moved(0.0)
                if change.size != flat.size or np.max(np.abs(np.delete(change, 0))) > 1e-9 * max(1.0, float(np.max(np.abs(change)))):
                    raise Unreadable(f"{name} is not elementwise (moving one entry of its argument changes others), "
                                     f"so {name}'(x) would be a Jacobian: write \\frac{{\\partial y}}{{\\partial x}}")
            entry = lambda d, i=i: moved(d)[i]  # noqa: E731
            out[i] = self._agreed([_stencil(entry, step) for step in (h, h / 2)], name, _one_sided(entry, h))
        return out.reshape(arg.shape)
