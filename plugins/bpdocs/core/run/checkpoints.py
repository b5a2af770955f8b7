"""Checkpoints: a session's namespace after a cell, so a later build resumes there instead of replaying.

A checkpoint is pickle bytes behind an HMAC under the cache's key (see :mod:`bpdocs.core.run.cache`),
stored in the cache folder as ``<cell key>.pickle`` by the same rules as every entry
(:mod:`bpdocs.core.run.cachefs`: no link followed, a new file renamed into place). One is loaded only if
this machine's key signed it for this very cell. A namespace that does not pickle, or pickles to more
than :data:`MAX_CHECKPOINT_BYTES`, gets no checkpoint: pickling stops as soon as it is too big, so a
session holding gigabytes never needs as much again to find that out.

When one is taken (:class:`Spacing`): after a cell, only once the session's cells run since its last checkpoint
(or its start) took at least :data:`MIN_REPLAY_SECONDS` of wall time, and :data:`COST_RATIO` times what taking
its previous checkpoint took. Replaying cells cheaper than that costs less than writing and restoring their state,
so a session of quick cells gets a checkpoint every few dozen milliseconds of work, an expensive cell (a training
loop, a download) gets one right after it, and a later build (an edit under ``mkdocs serve``) replays at most that
much before the cell it runs again. A replay runs every cell again, diagrams too: drawing a session's network
runs its forward and backward passes, which a network or activation a fence defined may make change the session.

Functions and classes a fence defined have no module to be found in again, so they are pickled by value (their
code, as ``marshal`` writes it: the cache key holds the Python version) and made again in the restored session,
with its namespace as their globals; a session that defines a helper function resumes as any other.
"""

from __future__ import annotations

import importlib
import io
import marshal
import pickle
import random
import sys
import types

import numpy as np

from .cache import sign, verified
from .cachefs import CacheLocation

MAX_CHECKPOINT_BYTES = 8 << 20
SIGNATURE_BYTES = 64 + 1  # hex HMAC-SHA256 and a newline
MIN_REPLAY_SECONDS = 0.02  # cells run since the last checkpoint, before the next is worth taking
COST_RATIO = 4  # ... and that many times what taking the previous one took (restoring costs about as much)


class Spacing:
    """When a session's next checkpoint pays for itself (the rule in the module's docstring)."""

    def __init__(self):
        self.since = 0.0  # seconds of cells run since the last checkpoint (or the session's start)
        self.cost = 0.0  # seconds taking the previous one took (a namespace that did not pickle: trying)

    def ran(self, seconds: float) -> None:
        self.since += seconds

    @property
    def due(self) -> bool:
        return self.since >= max(MIN_REPLAY_SECONDS, COST_RATIO * self.cost)

    def taken(self, seconds: float) -> None:
        """A checkpoint was taken (or tried: one that does not pickle is tried again only as much later)."""
        self.since, self.cost = 0.0, seconds

    def __repr__(self) -> str:
        return f"Spacing(since={self.since:.3f}s, cost={self.cost:.3f}s)"


class _TooBig(Exception):
    pass


class _Capped(io.RawIOBase):
    """A bytes sink that refuses more than ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.data = limit, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        size = memoryview(chunk).nbytes  # (a large array comes as a PickleBuffer, which has no len())
        if len(self.data) + size > self.limit:
            raise _TooBig()
        self.data += chunk
        return size


def take(namespace: dict, secret: bytes, key: str) -> bytes | None:
    """The session's state, signed for the cell ``key``; None if it does not pickle or is too big."""
    state = {"names": {}, "modules": {}, "np_random": np.random.get_state(), "random": random.getstate()}
    for name, value in namespace.items():
        if name.startswith("__"):
            continue
        if isinstance(value, types.ModuleType):
            state["modules"][name] = value.__name__
        else:
            state["names"][name] = value
    sink = _Capped(MAX_CHECKPOINT_BYTES)
    try:
        _Pickler(sink, namespace).dump(state)
    except Exception:  # too big; or something that does not pickle (a generator, an open file, a lock)
        return None
    data = bytes(sink.data)
    return sign(secret, key, data).encode() + b"\n" + data


class _Pickler(pickle.Pickler):
    """Pickles the functions and classes defined in the session ``namespace`` by value, the rest as pickle does."""

    def __init__(self, sink, namespace: dict):
        super().__init__(sink, protocol=pickle.HIGHEST_PROTOCOL)
        self.namespace = namespace

    def _defined_here(self, obj) -> bool:
        return isinstance(obj, types.FunctionType) and obj.__globals__ is self.namespace

    def _session_class(self, obj) -> bool:
        """Whether ``obj`` is a class the session defined, which a restore cannot find by its name: its ``__main__`` is
        new, and holds the class only once it is restored (nor is one found in a module that does not hold it)."""
        if not isinstance(obj, type) or obj.__module__ != self.namespace.get("__name__"):
            return False
        module = sys.modules.get(obj.__module__)
        return module is None or vars(module) is self.namespace or getattr(module, obj.__qualname__, None) is not obj

    def reducer_override(self, obj):
        # (the shell first, its state after: pickle remembers the shell, so a method that names its own class,
        # or a function its own closure, is no endless recursion)
        if self._defined_here(obj):
            closure = None if obj.__closure__ is None else len(obj.__closure__)
            state = {"defaults": obj.__defaults__, "kwdefaults": obj.__kwdefaults__, "dict": obj.__dict__,
                     "annotations": obj.__annotations__, "cells": [_cell_value(c) for c in obj.__closure__ or ()]}
            return _function_shell, (marshal.dumps(obj.__code__), obj.__name__, obj.__qualname__, closure), state, \
                None, None, _fill_function
        if self._session_class(obj):
            if type(obj) is not type or "__slots__" in vars(obj):  # (an Enum's, an ABC's: no checkpoint, as before)
                raise pickle.PicklingError(f"{obj.__qualname__}: a class of the session made again only by its code")
            attributes = {k: v for k, v in vars(obj).items() if k not in ("__dict__", "__weakref__")}
            return _class_shell, (obj.__name__, obj.__qualname__, obj.__bases__), attributes, None, None, _fill_class
        if isinstance(obj, types.ModuleType) and sys.modules.get(obj.__name__) is obj:  # (held by a value)
            return importlib.import_module, (obj.__name__,)
        if isinstance(obj, property) and self._defined_here(obj.fget):  # (of a class a fence defined)
            return property, (obj.fget, obj.fset, obj.fdel, obj.__doc__)
        if isinstance(obj, (staticmethod, classmethod)) and self._defined_here(obj.__func__):
            return type(obj), (obj.__func__,)
        return NotImplemented


_LOADING: dict = {}  # the namespace a checkpoint is being restored into: the globals of its functions


def _cell_value(cell) -> tuple:
    """(filled, value) of a closure's cell."""
    try:
        return True, cell.cell_contents
    except ValueError:  # a cell not yet filled
        return False, None


def _function_shell(code: bytes, name: str, qualname: str, closure: int | None):
    cells = None if closure is None else tuple(types.CellType() for _ in range(closure))
    function = types.FunctionType(marshal.loads(code), _LOADING, name, None, cells)
    function.__qualname__ = qualname
    return function


def _fill_function(function, state: dict) -> None:
    function.__defaults__, function.__kwdefaults__ = state["defaults"], state["kwdefaults"]
    function.__dict__.update(state["dict"])
    function.__annotations__ = state["annotations"]
    for cell, (filled, value) in zip(function.__closure__ or (), state["cells"]):
        if filled:
            cell.cell_contents = value


def _class_shell(name: str, qualname: str, bases: tuple):
    return type(name, bases, {"__module__": _LOADING.get("__name__"), "__qualname__": qualname})


def _fill_class(cls, attributes: dict) -> None:
    for name, value in attributes.items():
        if name != "__module__":
            setattr(cls, name, value)


def write(location: CacheLocation | None, pending: list[tuple[str, bytes]]) -> None:
    """Store the checkpoints ``(cell key, blob)`` taken during a job. They only speed up a later build:
    one that cannot be written (a refused or read-only folder) is left out, and so are the rest."""
    if location is None:
        return
    for key, blob in pending:
        try:
            location.write(key[:2], f"{key}.pickle", blob)
        except Exception:
            return


def restore(namespace: dict, location: CacheLocation | None, key: str, secret: bytes) -> bool:
    """Load the checkpoint of cell ``key`` only if this machine's key signed it for that cell."""
    if location is None:
        return False
    try:
        blob = location.read(key[:2], f"{key}.pickle", MAX_CHECKPOINT_BYTES + SIGNATURE_BYTES)
        if blob is None:
            return False
        signature, _, data = blob.partition(b"\n")
        if not verified(secret, key, signature.decode("ascii", "replace"), data):
            return False
        global _LOADING
        _LOADING = namespace
        try:
            state = pickle.loads(data)
        finally:
            _LOADING = {}
        namespace.update(state["names"])
        for name, module in state["modules"].items():
            namespace[name] = importlib.import_module(module)
        np.random.set_state(state["np_random"])
        random.setstate(state["random"])
    except Exception:
        return False
    return True
