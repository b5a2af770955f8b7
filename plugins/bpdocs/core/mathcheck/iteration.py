"""Values at a step of training (a part of the reading of an equation): Haykin's ``y_j(n)`` with ``{iteration: n}``
is the value itself; another step's value, ``w_{ji}(n+1)`` or Hagan's ``W^m(k+1)``, is an update rule's left side
(read in :mod:`.updates`, before these), refused anywhere else. Likewise the values of one example, ESL's
``z_{mi}`` with ``{example: i}``."""

from __future__ import annotations

from .lexer import Token
from .declarations import GREEK
from .tree import LatexError


def without_iteration(tokens: list[Token], letter: str | None, session: bool = False) -> list[Token]:
    """With ``{iteration: n}``, Haykin's ``y_j(n)``, ``w_{ji}(n)``, ``\\mathcal{E}(n)``: the value at the current
    step, which is the symbol itself (an argument ``(n)`` right after a name, a Greek letter, a prime or a sub- or
    superscript is dropped; anywhere else, after ``\\cdot`` or ``\\frac{1}{2}``, it stays, and is read as n). Another
    step's value, ``w_{ji}(n+1)``, belongs to an update rule, which is no equation: refused, with what to write;
    so is a sum over the iteration letter."""
    if letter is None:
        if not session:  # (a session's names are the page's values: n(n+1) is a product)
            _no_other_step(tokens)
        return tokens
    kept: list[Token] = []
    at, dropped = 0, -1  # (after a dropped (n), a second one is no argument: y_j(n)(n) is y_j times n)
    while at < len(tokens):
        texts = [t.text for t in tokens[at:at + 5]]
        if texts[0] in (r"\sum", r"\prod") and _sum_index(tokens[at + 1:]) == letter:
            raise LatexError(f"{texts[0]} over {letter}: {letter} is declared the iteration (y_j({letter}), the value "
                             f"at step {letter}), so it is not also an index to sum over; for the errors of the "
                             f"examples of a batch, name the example otherwise (E_m) and check with batch=\"4\"",
                             tokens[at].position)
        after_atom = bool(kept) and dropped != len(kept) and _ends_a_symbol(kept)
        if after_atom and texts[:3] == ["(", letter, ")"]:
            kept[-1] = kept[-1]._replace(end=tokens[at + 2].stop)  # (a side's text, for messages, keeps it)
            at, dropped = at + 3, len(kept)
            continue
        if after_atom and texts[:2] == ["(", letter] and len(texts) == 5 and texts[2] in "+-" and texts[4] == ")":
            step = "".join(texts[1:4])
            _no_momentum(tokens, at, step, letter)
            raise LatexError(f"({step}): the value at another step than {letter}; only an update rule's left side "
                             f"is one, a weight or a bias given its new value from its old one, w_{{ji}}({letter}+1) "
                             f"= w_{{ji}}({letter}) + \\eta \\delta_j({letter}) y_i({letter})", tokens[at].position)
        kept.append(tokens[at])
        at += 1
    return kept


def without_example(tokens: list[Token], letter: str | None, batch: bool) -> list[Token]:
    """With ``{example: i}``, ESL's ``z_{mi}``, ``x_{il}``, ``\\delta_{ki}``, ``R_i``, ``f_k(x_i)``, Alpaydin's
    ``z_h^t`` (``{example: t}``): in an equation about one example, example i's values are the values (the letter is
    dropped from a subscript of index letters, or as a superscript of its own).
    A sum over the examples, ``R = \\sum_i R_i``, is a batch's: refused, with how to check one example's."""
    if letter is None:
        return tokens
    if batch:
        raise LatexError(f"notation example: {letter} reads an equation about one example (ESL's z_{{m{letter}}} is "
                         "z_m); check it without batch")
    kept: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token.text in (r"\sum", r"\prod") and _sum_index(tokens[at + 1:]) == letter:
            raise LatexError(f"{token.text} over {letter}: {letter} is declared the example (ESL's z_{{m{letter}}}), "
                             f"so each equation is read for one example (R_{letter} is R); a sum over a batch's "
                             f"examples is checked without {{example: {letter}}}, with batch=\"4\" (E = \\sum_n E_n)",
                             token.position)
        after = tokens[at + 1] if at + 1 < len(tokens) else None
        if token.text == "_" and after is not None and after.text == letter and after.kind in ("name", "macro") \
                and kept:
            kept[-1] = kept[-1]._replace(end=after.stop)  # R_i: R (its text, for messages, keeps the _i)
            at += 2
            continue
        if token.text == "_" and after is not None and after.text == "{":
            close = _first_closing(tokens, at + 2)
            inner = tokens[at + 2:close] if close is not None else []
            letters = [t for t in inner if t.kind != "space" and t.text != ","]
            if any(t.text == letter for t in letters) and all(
                    t.kind == "name" and len(t.text) == 1 or t.text == letter for t in letters):
                rest = [t for t in letters if t.text != letter]  # z_{mi}: z_{m}; x_{i,l}: x_{l}
                if rest:
                    kept += [token, after, *rest, tokens[close]]
                elif kept:  # R_{i}: R
                    kept[-1] = kept[-1]._replace(end=tokens[close].stop)
                at = close + 1
                continue
        script = _example_script(tokens, at, letter) if token.text == "^" and kept else None
        if script is not None:  # Alpaydin's r^t, z_h^t, CS229's x^{(i)}: example t's value, the value
            kept[-1] = kept[-1]._replace(end=tokens[script].stop)
            at = script + 1
            continue
        kept.append(token)
        at += 1
    return kept


def _example_script(tokens: list[Token], at: int, letter: str) -> int | None:
    """Where the superscript at ``at`` ends if it is the example letter alone (``^t``, ``^{t}``, ``^{(t)}``)."""
    if at + 1 < len(tokens) and tokens[at + 1].kind in ("name", "macro") and tokens[at + 1].text == letter:
        return at + 1
    if at + 1 >= len(tokens) or tokens[at + 1].text != "{":
        return None
    close = _first_closing(tokens, at + 2)
    inner = [t.text for t in tokens[at + 2:close or at] if t.kind != "space"]
    return close if inner in ([letter], ["(", letter, ")"]) else None



def _first_closing(tokens: list[Token], start: int) -> int | None:
    """The first ``}`` from ``start`` (a group of letters has no braces inside), or None."""
    return next((n for n in range(start, len(tokens)) if tokens[n].text == "}"), None)

def _sum_index(tokens: list[Token]) -> str | None:
    """The index letter of a sum whose tokens after ``\\sum`` are ``tokens`` (``_n``, ``_{\\, n=1}``), if any."""
    seen = [t.text for t in tokens[:8] if t.kind != "space"]
    if seen[:1] != ["_"]:
        return None
    return seen[2] if seen[1:2] == ["{"] and len(seen) > 2 else seen[1] if len(seen) > 1 else None


def _no_other_step(tokens: list[Token]) -> None:
    """Without a declared iteration, a symbol's value at another step, ``W^m(k+1)`` (Hagan's), ``w(t+1)``, where no
    update rule gives it (:mod:`.updates`): refused (read as written, it would be a product with k or t)."""
    for at in range(1, len(tokens) - 4):
        texts = [t.text for t in tokens[at:at + 5]]
        if texts[0] == "(" and tokens[at + 1].kind == "name" and len(texts[1]) == 1 and texts[2] in "+-" \
                and texts[3] == "1" and texts[4] == ")" and tokens[at - 1].text not in STEP_FREE \
                and tokens[at - 1].text != texts[1] and _ends_a_symbol(tokens[:at]):  # (n(n-1): n times n - 1)
            step, letter = "".join(texts[1:4]), texts[1]
            _no_momentum(tokens, at, step, letter)
            raise LatexError(f"({step}): the value at another step than {letter}? only an update rule's left side "
                             f"is one, a weight or a bias given its new value from its old one, W({letter}+1) = "
                             f"W({letter}) - \\alpha \\ldots", tokens[at].position)


def _no_momentum(tokens: list[Token], at: int, step: str, letter: str) -> None:
    """A change at another step, ``\\Delta w_{ij}(t-1)`` (a momentum term, Rumelhart's and Haykin's alpha): the
    previous update, which no network's gradients say; refused with the update to check without it."""
    for token in reversed(tokens[max(0, at - 10):at]):
        if token.text in ("+", "-", "=", r"\cdot", r"\times", "*"):
            return
        if token.text == r"\Delta":
            raise LatexError(f"({step}): the change at step {step}, a momentum term: it adds the previous update, "
                             "which a network's gradients do not say, so the checker does not read it; check the "
                             f"update without it, \\Delta w({letter}) = -\\eta \\frac{{\\partial E}}{{\\partial w}}, "
                             f"with bpdocs_notation {{Delta: update, iteration: {letter}}}", tokens[at].position)


STEP_FREE = {"f", "g", r"\sigma", r"\varphi", r"\phi", "'", "{", "^", "_"}  # f(k+1): an argument; ^{(l+1)}: a layer


def _ends_a_symbol(kept: list[Token]) -> bool:
    """Whether the tokens so far end with a symbol an argument ``(n)`` may follow: a name, a Greek letter or a
    prime, or a sub- or superscript of one (``e_j^2``, ``w_{ji}``); not a fraction's braces, nor a sum's script."""
    start = len(kept) - 1  # where what ends here starts: a token, or a braced group
    if kept[-1].text == "}":
        depth = 0
        for start in range(len(kept) - 1, -1, -1):
            depth += {"}": 1, "{": -1}.get(kept[start].text, 0)
            if depth == 0:
                break
    if start >= 1 and kept[start - 1].text in ("_", "^"):  # a script: of a symbol?
        return start >= 2 and _ends_a_symbol(kept[:start - 1])
    last = kept[-1]
    return last.kind in ("name", "word") or last.text == "'" or last.kind == "macro" and last.text[1:] in GREEK
