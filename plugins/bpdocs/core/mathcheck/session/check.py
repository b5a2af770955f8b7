"""A check against the page's own code: the equation's symbols bound to a session's values and functions.

The first trial uses the page's own values; each later trial draws the ``inputs`` anew (normal values of
the same shapes) and evaluates every bound expression again, so an equation is checked on many points.
"Does not hold" needs a complete binding: every symbol bound, every value recomputed from the inputs. When
an equation holds on the page's values but not on a redrawn trial, and it uses a value bound by name
(kept as the page computed it, not recomputed), the check cannot tell a constant from a stale value, and
asks for the value to be bound as an expression of the inputs.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..conditions import parse_where
from ..counterexample import reading_order
from ..latex import parse_equation
from ..notation import parse_notation
from ..report import CheckReport, Failure
from ..rows import check_rows, plain
from ..tree import Call, LatexError, Sym
from ..walk import nodes
from .bindings import Entry, parse_bind, parse_inputs
from .evaluate import SessionEvaluator
from .held import global_names, held_inputs
from .symbols import SessionSymbols
from .values import SessionError, State


class SessionCase:
    """One trial: the bound values, with the inputs as the page has them (trial 0) or drawn anew."""

    own_code = True  # (against the page's code, not a bpcore network: see rows.py)

    def __init__(self, check: "SessionCheck", trial: int, overrides: dict, values: dict):
        self.shape, self.trial, self.session, self.against = None, trial, check.name, check.against
        self.values = values
        self.evaluator = SessionEvaluator(check, values, overrides)

    def describe(self) -> dict:
        """The session's values the equation was checked with, in reading order (inputs, targets, weights)."""
        return {key: plain(value) for key, value in sorted(self.values.items(), key=lambda item: reading_order(item[0]))
                if not (callable(value) and not isinstance(value, np.ndarray))}

    def candidates(self, side, var: str) -> list[int]:
        return self.evaluator.candidates(side, var)


def order(entries: list[Entry], session_names=frozenset()) -> list[Entry]:
    """The entries so that each comes after those whose Python names it uses. A name the session has, bound
    after the entry that uses it (``y=x**2 x=x+1``), is refused: the session's x, or the one bound after?"""
    by_name = {e.python_name: e for e in entries if e.python_name}
    done: list[Entry] = []
    visiting: list[str] = []

    def visit(entry: Entry):
        if entry in done:
            return
        if entry.key in visiting:
            raise LatexError(f"bind: {' and '.join(visiting)} are defined in terms of each other")
        visiting.append(entry.key)
        for name in sorted(entry.names):
            if name in by_name and by_name[name] is not entry:
                later = by_name[name]
                if name in session_names and later.leaf != name and entries.index(later) > entries.index(entry):
                    raise LatexError(f"bind: {entry.written}={entry.source} uses {name}, which the session has and "
                                     f"which is bound after it ({later.written}={later.source}): an expression "
                                     f"reads the symbols bound before it; bind {later.written} first to use it, "
                                     "or give it another name")
                visit(later)
        visiting.pop()
        done.append(entry)

    for entry in entries:
        visit(entry)
    return done


class SessionCheck:
    def __init__(self, namespace: dict, entries: list[Entry], inputs: list[str], notation, name: str):
        self.namespace, self.entries, self.inputs, self.notation = namespace, entries, inputs, notation
        self.name = name or None
        self.against = f"session {name}" if name else "the session's code"
        self.state = State(namespace, entries, inputs)

    def _uses(self, value, depth: int = 0) -> set[str]:
        """The session names a function reads as globals, through the functions it calls."""
        code = getattr(value, "__code__", None)
        if code is None or depth > 4:
            return set()
        names = {n for n in global_names(code) if n in self.namespace}  # (model.W reads model, not W)
        for name in list(names):
            names |= self._uses(self.namespace[name], depth + 1)
        return names

    def _reach(self, key: str, seen=None) -> set[str]:
        """Every name the value bound to ``key`` is computed from."""
        seen = seen if seen is not None else set()
        if key in seen:
            return set()
        seen.add(key)
        entry = next((e for e in self.entries if e.key == key), None)
        if entry is None:
            return set()
        names = set(entry.names)
        for name in entry.names:
            names |= self._uses(self.namespace.get(name), 0)
        for other in self.entries:
            if other.python_name in names and other.key != key:
                names |= self._reach(other.key, seen)
        return names

    def depends(self, body, key: str) -> bool:
        """Whether ``body`` changes with the value bound to ``key``, as the bindings compute it."""
        entry = next(e for e in self.entries if e.key == key)
        targets = {key} | {n for n in (entry.python_name, entry.leaf) if n}
        for node in nodes(body):
            if isinstance(node, Sym) and (node.name == key or self._reach(node.name) & targets):
                return True
            if isinstance(node, Call) and node.name.rstrip("'") in self.state_keys():
                if self._reach(node.name.rstrip("'")) & targets:
                    return True
        return False

    def independent(self, body, key: str) -> str:
        """Why a derivative by ``key`` cannot be taken: what the differentiated side is bound to."""
        bound = [f"{e.written}={e.source}" for e in self.entries
                 if e.key in {n.name for n in nodes(body) if isinstance(n, Sym)} and e.key != key]
        shown = f" ({', '.join(bound)})" if bound else ""
        return (f"a derivative by {key}: nothing it differentiates{shown} is computed from {key} as bound, so the "
                f"check cannot vary {key}; bind it in terms of {key} (e.g. E=loss(f({key}))), or differentiate by "
                "the input it is computed from (a \\nabla reads the factor after it, with the numbers before that: "
                "for the gradient of a longer product, put it in parentheses, \\nabla_w (\\frac{\\lambda}{2} "
                "\\|w\\|^2))")

    def state_keys(self) -> set[str]:
        return {e.key for e in self.entries}

    def leaves_by_name(self) -> list[str]:
        """Keys bound by name to values that are not inputs: the page's values, never recomputed."""
        return [e.key for e in self.entries if e.leaf and e.leaf not in self.inputs and e.key not in self.inputs]


def check_session(latex: str, namespace, *, bind=None, inputs=None, where=None, trials: int = 5, session: str = "",
                  notation=None):
    """Check ``latex`` against ``namespace``'s values and functions (see the module docstring). The session's names
    are as they were afterwards (a binding that rebinds a global, ``global w``, does not change the page's)."""
    before = dict(namespace)
    try:
        return _check_session(latex, namespace, bind, inputs, where, trials, session, notation)
    finally:
        for name in [name for name in namespace if name not in before]:
            del namespace[name]
        namespace.update((name, value) for name, value in before.items() if namespace.get(name) is not value)


def _check_session(latex: str, namespace, bind, inputs, where, trials: int, session: str, notation):
    from ..api import _unreadable, result_of

    try:
        explicit = parse_bind(bind)
        input_names = parse_inputs(inputs)
        conventions = parse_notation(notation)
        page = State(namespace, order(explicit, namespace.keys()), input_names).values()
        symbols = SessionSymbols(namespace, explicit, page)
        equation = parse_equation(latex, replace(conventions, session=symbols))
        auto = [Entry(key, key, symbols.auto_name(key), compile(symbols.auto_name(key), f"<bind {key}>", "eval"),
                      frozenset({symbols.auto_name(key)})) for key in symbols.used]
        check = SessionCheck(namespace, order(auto + explicit, namespace.keys()), input_names, conventions, session)
        conjuncts = parse_where(where)
        report = CheckReport(shapes=[], trials=trials)
        cases = _cases(check, trials)
        _not_held(check)
    except (LatexError, SessionError) as exc:
        return _unreadable(f"cannot check this equation: {getattr(exc, 'message', None) or exc}",
                           getattr(exc, "line", None) or 0)
    except ValueError as exc:
        return _unreadable(f"cannot check this equation: {exc}")
    except RecursionError:
        return _unreadable("cannot check this equation: it is nested too deeply")
    failure = check_rows(equation, cases, conjuncts, report)
    if failure is not None and failure.is_verdict:  # (a value drawn at random may have come out the same twice)
        case = cases[failure.trial]
        changed = _changing(case.values, check.state.values(case.evaluator.overrides))
        if changed is not None:
            return _unreadable(f"cannot check this equation: {changed}")
    if failure is not None and failure.is_verdict and failure.trial > 0:
        failure = _stale(check, equation, failure) or failure
    if failure is not None:
        report.failures.append(failure)
    drawn = f", then {', '.join(input_names)} drawn anew {len(cases) - 1} times" if len(cases) > 1 else \
        " only (declare inputs=\"...\" to draw them anew)"
    numeric = "; numerical derivatives to 1e-6" if any(c.evaluator.numeric for c in cases) else ""
    report.against = (f"checked against {check.against}: the page's values{drawn}, {report.assignments} evaluations, "
                      f"largest difference {report.largest_error:.1e}{numeric}")
    return result_of(equation, report)


def _not_held(check: SessionCheck) -> None:
    """Refuse a check whose inputs the page's code holds where a redrawn one cannot reach (see held.py)."""
    if not check.inputs:
        return
    # (the page's objects the bindings use: a function bind= makes, a lambda, is made again with each trial's values)
    roots = [(check.namespace[name], name) for entry in check.entries for name in sorted(entry.names)
             if name in check.namespace]
    for name, where in held_inputs(roots, check.namespace, check.inputs)[:1]:
        raise SessionError(f"inputs: {name} is drawn anew for each trial, but the page's code holds the page's {name} "
                           f"itself ({where}), so it would go on computing with that one; pass {name} to the "
                           f"function as an argument, or leave {name} out of inputs")


def _changing(first: dict, again: dict) -> str | None:
    """What says that a value is not the same each time its binding runs, if one is not."""
    for key, value in first.items():
        if not (callable(value) and not isinstance(value, np.ndarray)) and not np.array_equal(value, again[key]):
            return (f"{key} is not the same each time its binding runs (random, or changing state?); a checked value "
                    "must be a function of the inputs")
    return None


def _cases(check: SessionCheck, trials: int) -> list[SessionCase]:
    first = check.state.values()
    changed = _changing(first, check.state.values())
    if changed is not None:
        raise SessionError(changed)
    cases = [SessionCase(check, 0, {}, first)]
    if check.inputs:
        rng = np.random.default_rng(0)
        for trial in range(1, trials):
            drawn = check.state.draw(rng, first)
            cases.append(SessionCase(check, trial, drawn, check.state.values(drawn)))
    return cases


def _stale(check: SessionCheck, equation, failure: Failure) -> Failure | None:
    """A refusal when a value bound by name may be stale on a redrawn trial."""
    row = equation.rows[failure.row]
    used = {n.name for side in row.sides for n in nodes(side) if isinstance(n, Sym)}
    leaves = [key for key in check.leaves_by_name() if key in used]
    if not leaves:
        return None
    shown = ", ".join(leaves)
    message = (f"it holds on the page's values but not on trial {failure.trial + 1}, where "
               f"{', '.join(check.inputs)} {'is' if len(check.inputs) == 1 else 'are'} drawn anew; {shown} "
               f"{'is' if len(leaves) == 1 else 'are'} bound by name and {'keeps' if len(leaves) == 1 else 'keep'} the "
               f"page's values, so the check cannot "
               f"tell whether {'it is a constant or' if len(leaves) == 1 else 'they are constants or'} stale: if "
               f"{shown} {'is' if len(leaves) == 1 else 'are'} computed from the inputs, bind "
               f"{'it' if len(leaves) == 1 else 'them'} as an expression of them (e.g. bind=\"p=softmax(z)\")")
    return Failure("binding", failure.row, failure.step, None, failure.trial, failure.binding, message,
                   against=failure.against, counterexample=failure.counterexample,
                   details=["as checked:"] + [f"  {line}" for line in failure.report(equation)])
