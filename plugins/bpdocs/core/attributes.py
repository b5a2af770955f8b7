"""The attributes of bpdocs' fences: what each kind of fence takes, and the located error for a bad one.

Pure: a :class:`~bpdocs.core.fences.Fence` in, an :class:`AuthoringError` at its line out (or nothing).
An attribute that looks like one of ours but is misspelt (``exce="on"``) is an error too: such a fence
would otherwise be shown as plain code and never run, a silent skip.
"""

from __future__ import annotations

import json
import re

from .errors import AuthoringError
from .fences import TRUE, Fence

FALSE = {"off", "0", "false", "no"}
SHOW_VALUES = ("both", "source", "output", "none")
RENDER_VALUES = ("auto", "matrix", "table", "text")
PYTHON_NAMES = ("python", "py", "python3", "pycon")
KNOWN_ATTRS = {"exec", "session", "show", "title", "precision", "format", "timeout", "memory", "output_limit",
               "linenums", "hl_lines", "result", "alt", "caption", "wrap"}
MATH_ATTRS = {"check", "activation", "expect", "where", "trials", "session", "notation", "loss", "biases", "batch",
              "reduction", "l2", "bind", "inputs"}
SESSION_ONLY = ("bind", "inputs")  # a check against the page's own code: check="session"
ACTIVATION_NAMES = ("identity", "sigmoid", "tanh", "relu", "softmax")
LOSS_NAMES = ("squared", "sum-of-squares", "cross-entropy", "categorical-cross-entropy")
REDUCTION_NAMES = ("sum", "mean")


# Attributes of other tools that a fence may carry (superfences, highlight), never taken for a misspelling.
FOREIGN_ATTRS = {"title", "linenums", "hl_lines", "linenums_style", "anchor_linenums", "line_spans", "id",
                 "class", "data-title", "lang", "name"}
OUR_ATTRS = KNOWN_ATTRS | MATH_ATTRS


def misspelt_attribute(fence: Fence) -> str | None:
    """A sentence for an attribute that looks like one of bpdocs' but is not (``exce="on"``), else None.

    Such a fence would otherwise be shown as plain code and never run: a silent skip.
    """
    import difflib

    for key in fence.attrs:
        if key in OUR_ATTRS or key in FOREIGN_ATTRS or key.startswith(("data-", "bpdocs")):
            continue
        lower = key.lower()
        prefixed = [name for name in sorted(OUR_ATTRS) if len(name) >= 4 and lower.startswith(name)]
        close = prefixed or difflib.get_close_matches(lower, sorted(OUR_ATTRS), n=1, cutoff=0.7)
        if close or lower in OUR_ATTRS:
            guess = close[0] if close else lower
            return f"unknown attribute {key!r}: did you mean {guess!r}? (a fence bpdocs cannot read is never run)"
    return None


def check_fence(fence: Fence) -> None:
    """Raise a located :class:`AuthoringError` for an executable fence with bad attributes."""
    def fail(message: str):
        raise AuthoringError(message).at(fence.page, fence.line)

    if fence.end is None:
        fail(f"the fence opened here with {fence.marker} is never closed")
    if fence.lang == "math":
        unknown = sorted(set(fence.attrs) - MATH_ATTRS)
        if unknown:
            fail(f"unknown attribute {unknown[0]!r} on a math fence; known: {', '.join(sorted(MATH_ATTRS))}")
        if not fence.attrs.get("check", "").strip():
            fail('check needs network shapes, e.g. check="1-1-2", the name of a Network, or "session" (the '
                 "page's own code)")
        for key in SESSION_ONLY:
            if key in fence.attrs and fence.attrs["check"].strip() != "session":
                fail(f'{key} is for a check against the page\'s own code, check="session" (this fence has '
                     f'check="{fence.attrs["check"]}")')
        if fence.attrs["check"].strip() == "session" and not (fence.attrs.get("bind") or "").strip() \
                and "bind" in fence.attrs:
            fail('bind="" binds nothing; write symbol=python_expression pairs, e.g. bind="p=softmax(z)"')
        if fence.attrs.get("expect", "pass") not in ("pass", "fail"):
            fail(f'expect="{fence.attrs["expect"]}" is not understood; use expect="fail" for an equation '
                 "shown wrong on purpose")
        activations = fence.attrs.get("activation", "identity").replace(",", " ").split()
        if not activations or any(a not in ACTIVATION_NAMES for a in activations):
            fail(f'activation="{fence.attrs["activation"]}": give one of {", ".join(ACTIVATION_NAMES)}, '
                 'or one per layer, e.g. activation="tanh identity"')
        if fence.attrs.get("loss", "squared") not in LOSS_NAMES:
            fail(f'loss="{fence.attrs["loss"]}" is not one of: {", ".join(LOSS_NAMES)}')
        if fence.attrs.get("reduction", "sum") not in REDUCTION_NAMES:
            fail(f'reduction="{fence.attrs["reduction"]}" is not one of: {", ".join(REDUCTION_NAMES)}')
        raw = fence.attrs.get("batch")
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= 100):
            fail(f'batch="{raw}" must be a whole number of examples from 1 to 100')
        if "l2" in fence.attrs and not fence.attrs["l2"].strip():
            fail('l2="" gives no coefficient; write the L2 term\'s coefficient, e.g. l2="\\frac{\\lambda}{2}"')
        if fence.attrs.get("biases", "off").lower() not in TRUE | FALSE:
            fail(f'biases="{fence.attrs["biases"]}" is not understood; use biases="on" or "off"')
        raw = fence.attrs.get("trials")
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= 100):
            fail(f'trials="{raw}" must be a whole number from 1 to 100')
        raw = fence.attrs.get("notation", "")
        if raw.lstrip().startswith("{"):  # (the checker reads it; broken, it is the fence's error, at its line)
            try:
                json.loads(raw)
            except ValueError as exc:
                fail(f"notation='{raw}' is not valid JSON ({exc.msg} at character {exc.pos + 1}); write e.g. "
                     'notation=\'{"a": "h"}\' or notation="a=h"')
        return
    if fence.is_diagram:
        unknown = sorted(set(fence.attrs) - {"session"})
        if unknown:
            fail(f"unknown attribute {unknown[0]!r} on a bpnet fence; only 'session' "
                 "(the diagram's options go in its body)")
        return
    value = fence.attrs.get("exec", "").lower()
    if value not in TRUE | FALSE:
        fail(f'exec="{fence.attrs["exec"]}" is not understood; use exec="on" or exec="off"')
    if fence.lang not in PYTHON_NAMES:
        fail(f"the fence's language is written {fence.lang}: write python, in lower case"
             if fence.lang.lower() in PYTHON_NAMES else f"only Python fences can run, this one is "
             f"{fence.lang or 'unlabelled'}")
    unknown = sorted(set(fence.attrs) - KNOWN_ATTRS)
    if unknown:
        fail(f"unknown attribute {unknown[0]!r}; known: {', '.join(sorted(KNOWN_ATTRS))}")
    show = fence.attrs.get("show")
    if show is not None and show not in SHOW_VALUES:
        fail(f'show="{show}" is not one of: {", ".join(SHOW_VALUES)}')
    wrap = fence.attrs.get("wrap")
    if wrap is not None and wrap.lower() not in TRUE | FALSE:
        fail(f'wrap="{wrap}" is not understood; use wrap="on" (printed lines wrap at the page\'s edge) or "off"')
    fmt = fence.attrs.get("format")
    if fmt is not None and fmt not in RENDER_VALUES:
        fail(f'format="{fmt}" is not one of: {", ".join(RENDER_VALUES)}')
    result = fence.attrs.get("result")
    if result is not None:
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            get_lexer_by_name(result)
        except ClassNotFound:
            fail(f'result="{result}" is not a language Pygments knows (e.g. text, json, console)')
    raw = fence.attrs.get("precision")
    if raw is not None and not raw.isdigit():
        fail(f'precision="{raw}" must be a whole number >= 0')
    raw = fence.attrs.get("timeout")  # (as the timeout option: seconds, more than 0, at most a day)
    if raw is not None and not (re.fullmatch(r"\d+(?:\.\d+)?", raw.strip()) and 0 < float(raw) <= 86400):
        fail(f'timeout="{raw}" must be a number of seconds, more than 0 and at most 86400')
    for key in ("memory", "output_limit"):
        if key in fence.attrs:
            from .options import OptionError, parse_size

            try:
                parse_size(fence.attrs[key], key)
            except OptionError as exc:
                fail(str(exc).replace(f"{key} must", f'{key}="{fence.attrs[key]}" must'))


SHAPES_OR_NAME = re.compile(r"\s*(?:\d+(?:-\d+)+(?:\s+\d+(?:-\d+)+)*|[A-Za-z_]\w*)\s*")  # 2-3-2 3-4-2, net, session


def page_default_problem(attribute: str, value: str) -> str | None:
    """What is wrong with a page default (``bpdocs_activation: sigmod``), as a math fence with it would say, or
    None: said once, at the front matter's line, not at every equation of the page."""
    if attribute == "check" and not SHAPES_OR_NAME.fullmatch(value):
        return (f'"{value}" is not network shapes (e.g. "2-3-2 3-4-2", several separated by spaces), the name of '
                'a Network, "session" or "off"')
    if attribute == "notation":  # (the checker reads a fence's when it checks; a page's is read here, once)
        from .mathcheck.notation import parse_notation
        from .mathcheck.tree import LatexError

        try:
            parse_notation(value)
        except LatexError as exc:
            return str(exc)
    check = "1-1" if attribute != "check" or value in ("session", "off") else value
    try:
        check_fence(Fence("", 1, 0, 1, "", "```", "math", {"check": check, attribute: value}, "x = x"))
    except AuthoringError as exc:
        return exc.message
    return None


def checks_without_a_session(fences: list[Fence]) -> list[tuple[Fence, AuthoringError]]:
    """Checks against a session's values (``check="session"``) in a session that no fence before them runs in (a
    misspelt ``session=``): each an error at its line that says so, not the bind's "name 'f' is not defined" the
    check would meet."""
    ran: list[str] = []
    errors = []
    for fence in fences:
        session = fence.attrs.get("session") or ""
        if fence.executes and not (fence.is_diagram or fence.is_checked_math):
            ran += [session] if session not in ran else []
        elif fence.is_checked_math and session not in ran and (check := fence.attrs.get("check", "").strip()) \
                == "session":  # (a Network's name says itself that it is not defined in the session)
            where = f'session="{session}": no fence before this one runs in that session' if session else \
                "no fence before this one runs in the page's default session (the fences without session=)"
            known = ", ".join(f'"{s}"' if s else "the default" for s in ran)
            hint = f'; add session="{ran[0]}"?' if len(ran) == 1 and ran[0] and not session else ""
            errors.append((fence, AuthoringError(
                f'{where}, so check="{check}" has no values to check against'
                + (f" (the sessions above: {known}{hint})" if ran else " (no fence above runs Python)"))
                .at(fence.page, fence.line if fence.placed else fence.body_line)))  # (as the check's own errors)
    return errors
