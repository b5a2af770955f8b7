"""Macros expanded before the equation checker reads a formula: the site's (the ``tex`` option's) and the page's
own (``\\newcommand``, ``\\renewcommand``, ``\\providecommand``, ``\\def``, ``\\DeclareMathOperator``), so the
checker reads what the reader sees. Pure: text in, text out.

Expansion keeps the formula's lines where they were (an expansion is one line; the line breaks its arguments
held follow it), so an error the checker finds on a row is still located at that row's line.
"""

from __future__ import annotations

import re

from .settings import Macro

NAME = re.compile(r"\\([A-Za-z]+)")
DEFINITION = re.compile(r"\\(?:(?P<new>(?:renew|provide|new)command)\*?|(?P<def>[gex]?def)|"
                        r"(?P<op>DeclareMathOperator)(?P<star>\*?))(?![A-Za-z])")
LIMIT, DEPTH = 10_000, 50  # expansions per formula, and nested: beyond, a macro calls itself (left as written)


class ExpansionError(ValueError):
    pass


def group(text: str, start: int) -> tuple[str, int] | None:
    """The balanced ``{...}`` at ``start`` (after spaces): its content and the index after it; None if none."""
    index = _skip_spaces(text, start)
    if index >= len(text) or text[index] != "{":
        return None
    depth = 0
    for end in range(index, len(text)):
        if text[end] == "\\":
            continue
        if text[end] == "{" and (end == 0 or text[end - 1] != "\\"):
            depth += 1
        elif text[end] == "}" and text[end - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[index + 1:end], end + 1
    return None


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\n":
        index += 1
    return index


def _argument(text: str, start: int) -> tuple[str, int] | None:
    """One argument: a group, a control sequence or a single character."""
    found = group(text, start)
    if found is not None:
        return found
    index = _skip_spaces(text, start)
    if index >= len(text) or text[index] == "}":
        return None
    name = NAME.match(text, index)
    if name:
        return name.group(0), name.end()
    if text[index] == "\\" and index + 1 < len(text):
        return text[index:index + 2], index + 2
    return text[index], index + 1


def _optional(text: str, start: int) -> tuple[str, int] | None:
    index = _skip_spaces(text, start)
    if index < len(text) and text[index] == "[":
        end = text.find("]", index)
        if end > 0:
            return text[index + 1:end], end + 1
    return None


def definitions(text: str, existing=()) -> tuple[dict[str, Macro], list[tuple[int, int]]]:
    """The macros ``text`` defines, by name, and where each definition is (start, end), in order; a
    ``\\providecommand`` of a name defined before it (or among ``existing``) defines nothing."""
    found, spans = {}, []
    for match in DEFINITION.finditer(text):
        position = match.end()
        if match["def"]:
            name = NAME.match(text, _skip_spaces(text, position))
            if not name:
                continue
            parameters = re.match(r"(?:#[1-9])*", text[name.end():]).group(0)
            body = group(text, name.end() + len(parameters))
            if body is None:
                continue
            macro, end = Macro(name[1], body[0], len(parameters) // 2), body[1]
        else:
            target = group(text, position) or _argument(text, position)
            if target is None or not NAME.fullmatch(target[0].strip()):
                continue
            name, position = target[0].strip()[1:], target[1]
            count, default = 0, None
            if match["new"]:
                if (found_count := _optional(text, position)) is not None:
                    count, position = int(found_count[0]) if found_count[0].strip().isdigit() else 0, found_count[1]
                if (found_default := _optional(text, position)) is not None:
                    default, position = found_default
            body = group(text, position)
            if body is None:
                continue
            content = body[0] if not match["op"] else f"\\operatorname{match['star'] or ''}{{{body[0]}}}"
            if match["new"] == "providecommand" and (name in found or name in existing):
                spans.append((match.start(), body[1]))  # (taken out of the formula all the same)
                continue
            macro, end = Macro(name, content, count, default), body[1]
        found[macro.name] = macro
        spans.append((match.start(), end))
    return found, spans


def expand(latex: str, macros: dict[str, Macro]) -> str:
    """``latex`` with its own definitions taken out and every macro of ``macros`` (and of those definitions)
    expanded; as written if an expansion does not end (a macro that calls itself)."""
    own, spans = definitions(latex, macros)
    for start, end in reversed(spans):
        latex = latex[:start] + "\n" * latex.count("\n", start, end) + latex[end:]
    known = {**macros, **own}
    if not known:
        return latex
    try:
        return _expand(latex, known, [0], 0)
    except ExpansionError:
        return latex


def _expand(text: str, macros: dict[str, Macro], count: list[int], depth: int) -> str:
    if depth > DEPTH:
        raise ExpansionError(text[:40])
    out, position = [], 0
    while (match := NAME.search(text, position)) is not None:
        macro = macros.get(match[1])
        if macro is None:
            out.append(text[position:match.end()])
            position = match.end()
            continue
        count[0] += 1
        if count[0] > LIMIT:
            raise ExpansionError(match[1])
        index, arguments = match.end(), []
        if macro.default is not None:
            optional = _optional(text, index)
            arguments.append(optional[0] if optional else macro.default)
            index = optional[1] if optional else index
        while len(arguments) < macro.arguments:
            found = _argument(text, index)
            if found is None:
                raise ExpansionError(match[1])
            arguments.append(found[0])
            index = found[1]
        body = re.sub(r"#([1-9#])", lambda m: "#" if m[1] == "#" else arguments[int(m[1]) - 1]
                      if int(m[1]) <= len(arguments) else m[0], macro.body)
        expanded = _expand(body, macros, count, depth + 1).replace("\n", " ")
        if text[:match.start()].rstrip().endswith(("^", "_")):  # x^\half: the whole expansion is the exponent
            expanded = "{" + expanded + "}"
        elif re.search(r"\\[A-Za-z]+$", expanded) and re.match(r"[A-Za-z]", text[index:index + 1]):
            expanded += " "  # \foo b, with \foo ending in a control word: keep b apart from it
        out.append(text[position:match.start()] + expanded + "\n" * text.count("\n", match.end(), index))
        position = index
    out.append(text[position:])
    return "".join(out)


def page_macros(markdown: str, site: tuple[Macro, ...]) -> dict[str, Macro]:
    """The site's macros and those the page's math defines (a page's own win)."""
    from .locate import _masked  # the page with its code blanked out: a definition in code is not one

    if not DEFINITION.search(markdown):  # (most pages: nothing to read, no need to blank out their code)
        return {m.name: m for m in site}
    text, fences = _masked(markdown)
    own = {}
    for part in [text, *(body for body, _ in fences)]:
        own.update(definitions(part, {m.name for m in site} | set(own))[0])
    return {**{m.name: m for m in site}, **own}
