"""Node's side of the line, read: its output pumped from its pipes line by line, and each answer checked before
bpdocs uses it (:func:`invalid_answer`)."""

from __future__ import annotations


def invalid_answer(answer, request: int, count: int) -> str | None:
    """What is wrong with Node's answer to request ``request`` (``count`` formulas), or None if it is sound."""
    if not isinstance(answer, dict):
        return "not an object"
    if answer.get("id") != request:
        return f"the answer to request {answer.get('id')!r}, not to {request}"
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != count:
        return f"{len(results) if isinstance(results, list) else 'no'} results for {count} formula(s)"
    if not isinstance(answer.get("defs"), str):
        return "no glyph definitions"
    for n, result in enumerate(results):
        if not isinstance(result, dict) or not isinstance(result.get("html"), str) \
                or not isinstance(result.get("error"), (str, type(None))) \
                or not isinstance(result.get("removed", []), list) \
                or not all(isinstance(r, str) for r in result.get("removed", [])) \
                or not isinstance(result.get("repeated", []), list) \
                or not all(isinstance(r, str) for r in result.get("repeated", [])):
            return f"result {n + 1} is not an object with html, error and removed"
    return None


def pump(stream, put) -> None:
    """Each line of ``stream`` to ``put``; then None (the stream ended)."""
    try:
        for line in stream:
            put(line)
    except (OSError, ValueError):  # closed under us
        pass
    put(None)


def keep_tail(lines: list[str], line: str | None) -> None:
    if line is not None:
        lines.append(line)
        if len(lines) > 50:
            del lines[:-50]
