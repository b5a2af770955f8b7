"""Sizes in options and fence attributes (``memory``, ``output_limit``): read and written as people write them.

A module of its own so that the worker, which checks sizes, imports nothing of the typesetter with it.
"""

from __future__ import annotations

import re


class OptionError(ValueError):
    """An option with a value outside its type or bounds; the message names the option."""


UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}
DEFAULT_MEMORY = 4 * 2**30
DEFAULT_OUTPUT_LIMIT = 10 * 10**6


def parse_size(value, what: str) -> int:
    """``"4 GiB"``, ``"512 MiB"``, ``"10 MB"`` or a number of bytes, as bytes; OptionError otherwise."""
    if isinstance(value, bool):
        raise OptionError(f"{what} must be a size such as 4 GiB or 10 MB, not {value!r}")
    if isinstance(value, (int, float)):
        number, unit = float(value), ""
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(value))
        if not match or match[2].lower() not in UNITS:
            raise OptionError(f"{what} must be a size such as 4 GiB or 10 MB, not {value!r}")
        number, unit = float(match[1]), match[2].lower()
    size = int(number * UNITS[unit])
    if size < 10**6:
        raise OptionError(f"{what} must be at least 1 MB, not {value!r}")
    return size


def human_size(size: int) -> str:
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    for unit, factor in (("GB", 10**9), ("MB", 10**6)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"
