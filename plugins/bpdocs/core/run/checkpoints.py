"""Checkpoints: a session's namespace after a cell, so a later build resumes there instead of replaying.

A checkpoint is pickle bytes behind an HMAC under the cache's key (see :mod:`bpdocs.core.run.cache`),
stored in the cache folder as ``<cell key>.pickle`` by the same rules as every entry
(:mod:`bpdocs.core.run.cachefs`: no link followed, a new file renamed into place). One is loaded only if
this machine's key signed it for this very cell. A namespace that does not pickle, or pickles to more
than :data:`MAX_CHECKPOINT_BYTES`, gets no checkpoint: pickling stops as soon as it is too big, so a
session holding gigabytes never needs as much again to find that out.
"""

from __future__ import annotations

import importlib
import io
import pickle
import random
import types

import numpy as np

from .cache import sign, verified
from .cachefs import CacheLocation

MAX_CHECKPOINT_BYTES = 8 << 20
SIGNATURE_BYTES = 64 + 1  # hex HMAC-SHA256 and a newline


class _TooBig(Exception):
    pass


class _Capped(io.RawIOBase):
    """A bytes sink that refuses more than ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.data = limit, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        if len(self.data) + len(chunk) > self.limit:
            raise _TooBig()
        self.data += chunk
        return len(chunk)


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
        pickle.Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    except Exception:  # too big; or functions and classes defined in a fence, which do not pickle
        return None
    data = bytes(sink.data)
    return sign(secret, key, data).encode() + b"\n" + data


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
        state = pickle.loads(data)
        namespace.update(state["names"])
        for name, module in state["modules"].items():
            namespace[name] = importlib.import_module(module)
        np.random.set_state(state["np_random"])
        random.setstate(state["random"])
    except Exception:
        return False
    return True
