"""What a session check's parser may read as a symbol or a function: the bound keys, and the session's
own names of the same spelling (not subscripted: ``z``, ``\\alpha`` for ``alpha``; ``W_Q`` only when bound)."""

from __future__ import annotations

import numpy as np

from .bindings import python_name


class SessionSymbols:
    def __init__(self, namespace: dict, entries, page: dict):
        self.namespace = namespace
        self.explicit = {e.key: e for e in entries}
        self.page = page  # the explicit entries' values on the page
        self.used: list[str] = []  # symbols bound by their spelling, in the order they were read

    def auto_name(self, key: str) -> str | None:
        if "_" in key or "^" in key:
            return None
        name = python_name(key)
        return name if name is not None and name in self.namespace and not name.startswith("__") else None

    def knows(self, key: str) -> bool:
        return key in self.explicit or self.auto_name(key) is not None

    def value(self, key: str):
        return self.page[key] if key in self.explicit else self.namespace[self.auto_name(key)]

    def is_function(self, key: str) -> bool:
        if not self.knows(key):
            return False
        value = self.value(key)
        return callable(value) and not isinstance(value, np.ndarray)

    def use(self, key: str) -> None:
        if key not in self.explicit and key not in self.used:
            self.used.append(key)

    def words(self) -> list[str]:
        return sorted((k for k in self.explicit if k.isalpha() and len(k) > 1), key=len, reverse=True)

    def unbound(self, written: str, key: str, *, applied: bool) -> str:
        shown = written  # (as a fence's bind= is written: bind="\\operatorname{softplus}=softplus")
        if applied:
            return (f"{written} is not bound: bind it to your function, e.g. bind=\"{shown}=my_function\" (unbound, "
                    "only these are known: \\exp, \\ln and \\log, \\tanh, \\sin, \\cos, \\sqrt, \\sigma, "
                    "\\operatorname{ReLU}, \\max(0, x), \\operatorname{sign}, \\operatorname{softmax}, "
                    "\\operatorname{diag})")
        name = python_name(key)
        base = name.split("_")[0] if name else None
        subscripted = sorted(n for n in self.namespace if base and n.startswith(base + "_") and not n.startswith("__"))
        if subscripted:  # (LSTM's W_f, W_i: a subscripted name is bound only by bind)
            shown_names = ", ".join(subscripted[:4]) + (", ..." if len(subscripted) > 4 else "")
            return (f"{written} is not bound: the session has {shown_names}, but a name with a subscript is bound only "
                    f"by bind, e.g. bind=\"{subscripted[0]}={subscripted[0]}\"")
        hint = f" (the session has no {name})" if name else ""
        return (f"{written} is not bound{hint}: bind it to the session's value or an expression of it, e.g. "
                f"bind=\"{shown}={name or 'value'}\"")
