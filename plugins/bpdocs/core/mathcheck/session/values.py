"""The values a session check sees: every bound expression evaluated in the session, with the inputs (and,
for a derivative, one bound value) replaced; the session's own namespace is always restored.

Values are numbers (floats), arrays of numbers (float64; a 1-D array is a vector of either orientation, as
numpy reads it) or functions. Anything else bound is a located error that says what it is.
"""

from __future__ import annotations

import contextlib
import warnings
from functools import lru_cache

import numpy as np

from ..binding import BindingError
from .bindings import Entry

PRECISE = ("float64", "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32", "uint64", "bool")


class SessionError(BindingError):
    """A binding that cannot be used: not defined, not numeric, raising, or not deterministic."""


def as_value(value, written: str):
    """A bound Python value as the checker computes with it (a float, a float array, or a function)."""
    if callable(value) and not isinstance(value, np.ndarray):
        return value
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes, dict, set)) or value is None:
        raise SessionError(f"{written} is bound to a {type(value).__name__} ({_short(value)}), not a number, an array "
                           "of numbers or a function")
    try:
        array = np.asarray(value)
    except Exception:  # an object numpy cannot read
        raise SessionError(f"{written} is bound to a {type(value).__name__}, not a number, an array of numbers or "
                           "a function") from None
    if array.dtype.kind == "c":
        raise SessionError(f"{written} has complex values; the checker compares real numbers")
    if array.dtype.kind not in "iuf":
        raise SessionError(f"{written} is bound to a {type(value).__name__} of {array.dtype} values, not numbers")
    if array.ndim == 0:
        return float(array)
    return np.array(array, dtype=float)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def single_precision(value) -> bool:
    """Whether a bound value is computed in less than double precision (float32 or float16)."""
    return isinstance(value, np.ndarray) and value.dtype.kind == "f" and _imprecise(value.dtype) or \
        isinstance(value, np.floating) and _imprecise(value.dtype)


@lru_cache(maxsize=None)  # a few dtypes, asked for every value of every evaluation
def _imprecise(dtype) -> bool:
    return dtype.name not in PRECISE


class State:
    """Evaluates the bindings: ``values(overrides)`` maps each key to its value, ``overrides`` mapping
    keys (or input names) to the values that replace theirs."""

    def __init__(self, namespace: dict, entries: list[Entry], inputs: list[str]):
        self.namespace, self.entries, self.inputs = namespace, entries, inputs
        self.single = False  # some value is in single precision: compare to a looser tolerance

    @contextlib.contextmanager
    def _patched(self, names: dict):
        """The session's names replaced while user code runs (its functions read them as globals)."""
        saved = {name: self.namespace[name] for name in names if name in self.namespace}
        missing = [name for name in names if name not in self.namespace]
        self.namespace.update(names)
        try:
            yield
        finally:
            self.namespace.update(saved)
            for name in missing:
                self.namespace.pop(name, None)

    def values(self, overrides: dict | None = None) -> dict:
        """Every key's value, with ``overrides``. A bound function is called, when the equation is evaluated, with
        the same names replaced (a function of the session reads the drawn inputs as globals)."""
        overrides = overrides or {}
        patched = {name: _copy(value) for name, value in overrides.items() if name.isidentifier()}
        for entry in self.entries:  # a replaced value bound by name: its session name reads it too
            if entry.key in overrides and entry.leaf:
                patched[entry.leaf] = _copy(overrides[entry.key])
        out: dict = {}
        local: dict = {}
        with self._patched(patched), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for entry in self.entries:
                if entry.key in overrides:
                    value = overrides[entry.key]
                elif entry.python_name in patched:  # a name bound before, replaced by way of a symbol bound to it
                    value = patched[entry.python_name]
                else:
                    value = self._evaluate(entry, {**patched, **local})
                out[entry.key] = self._with_names(value, patched) if callable(value) else value
                if entry.python_name and not callable(value):
                    local[entry.python_name] = _copy(value)
        return out

    def _with_names(self, function, patched: dict):
        """``function``, called with the session's names replaced by ``patched`` (and numpy's warnings off)."""
        def call(*args, **kwargs):
            with self._patched(patched), warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return function(*args, **kwargs)

        return call if patched else function

    def _evaluate(self, entry: Entry, local: dict):
        try:  # (one mapping for both: a comprehension or a lambda in the expression sees the names bound before)
            raw = eval(entry.code, {**self.namespace, **local})  # noqa: S307 (the author's own expression)
        except NameError as exc:
            raise SessionError(f"bind {entry.written}={entry.source}: {exc} in the session") from None
        except Exception as exc:  # the author's code failed: say so, located at the equation
            raise SessionError(f"bind {entry.written}={entry.source} raised {type(exc).__name__}: {exc}") from None
        self.single = self.single or single_precision(raw)
        return as_value(raw, entry.written)

    def draw(self, rng: np.random.Generator, page: dict) -> dict:
        """New values for the inputs: normal draws of the page's shapes."""
        drawn = {}
        for name in self.inputs:
            value = as_value(self.namespace[name], name) if name in self.namespace else None
            if value is None:
                raise SessionError(f"inputs: {name} is not defined in the session")
            if callable(value):
                raise SessionError(f"inputs: {name} is a function; an input is a number or an array of numbers")
            drawn[name] = float(rng.normal()) if isinstance(value, float) else rng.normal(size=value.shape)
        return drawn  # (a symbol bound to an input by name reads it from the session: it follows it when it moves)


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value
