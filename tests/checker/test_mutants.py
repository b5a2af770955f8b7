"""Mutants of the true equations published on this site: every index, layer, sign, transpose and prime
changed one at a time. An independent judge (tests/checker/oracle.py: numpy and finite differences) says
which mutants are false on the checked shapes; the checker must reject every one of them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

from bpcore import Network
from bpdocs import check_equation
from bpdocs.core import frontmatter
from bpdocs.core.fences import scan
from bpdocs.core.mathcheck import LatexError, parse_equation
from bpdocs.core.mathcheck.check import prepare_notation
from bpdocs.core.mathcheck.tree import Gradient
from bpdocs.core.mathcheck.walk import nodes
from bpdocs.core.pages import with_page_defaults

from .oracle import Oracle, free
from .oracle_binding import Missing, Unjudgeable

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCRIPT = re.compile(r"([_^])(\{[^{}]*\}|[A-Za-z0-9])")


def published_equations() -> list[tuple[str, str, dict]]:
    """(page, LaTeX, check_equation keywords) for every checked equation on the site meant to hold."""
    found = []
    for path in sorted(DOCS.glob("*.md")):
        markdown, meta = frontmatter.split(path.read_text())
        page = with_page_defaults(scan(markdown, path.name, display_math=bool(meta.get("bpdocs_check"))), meta)
        for fence in page.fences:
            attrs = fence.attrs
            check = attrs.get("check", "off")
            if fence.lang != "math" or check == "off" or not re.fullmatch(r"[\d -]+", check) \
                    or attrs.get("expect") == "fail":
                continue
            notation = attrs.get("notation")
            if notation and notation.startswith("{"):
                notation = json.loads(notation)
            found.append((path.name, fence.source, dict(
                check=check, activation=attrs.get("activation", "identity"), where=attrs.get("where"),
                notation=notation, loss=attrs.get("loss", "squared"), biases=attrs.get("biases", "off") == "on",
                batch=int(attrs["batch"]) if attrs.get("batch") else None, reduction=attrs.get("reduction", "sum"),
                l2=attrs.get("l2"))))
    return found


def mutants(latex: str) -> set[str]:
    out = set()
    letters = sorted(set(re.findall(r"[ijklm]", "".join(m.group(2) for m in SCRIPT.finditer(latex)))))
    for match in SCRIPT.finditer(latex):
        start, group = match.start(2), match.group(2)
        if match.group(1) == "^" and group in ("T", "{T}"):
            out.add(latex[:match.start()] + latex[match.end():])  # a transpose dropped
            continue
        for n, char in enumerate(group):
            at = start + n
            if char in letters and len(letters) > 1:
                other = letters[(letters.index(char) + 1) % len(letters)]
                out.add(latex[:at] + other + latex[at + 1:])
            elif char.isdigit():
                out.add(latex[:at] + str(int(char) + 1) + latex[at + 1:])
                if char != "0":
                    out.add(latex[:at] + str(int(char) - 1) + latex[at + 1:])
            elif char in "+-":
                out.add(latex[:at] + ("-" if char == "+" else "+") + latex[at + 1:])
        inner = group.strip("{}")
        if len(inner) == 2 and inner.isalnum() and inner[0] != inner[1]:
            out.add(latex[:start] + "{" + inner[::-1] + "}" + latex[match.end():])
    scripts = [range(m.start(), m.end()) for m in SCRIPT.finditer(latex)]
    labels = [range(m.start(), m.end()) for m in re.finditer(r"\\(?:label|tag)\{[^}]*\}", latex)]
    for match in re.finditer(r"(?<![{_^])[+-]", latex):
        if not any(match.start() in r for r in scripts + labels):
            flipped = "-" if match.group() == "+" else "+"
            out.add(latex[:match.start()] + flipped + latex[match.end():])
    for match in re.finditer(r"(\\sigma|\\Sigma|f|h)'", latex):
        out.add(latex[:match.end() - 1] + latex[match.end():])  # a derivative's prime dropped
    for match in re.finditer(r"\\odot|\\circ|\.\*", latex):
        out.add(latex[:match.start()] + " " + latex[match.end():])  # a matrix product where a Hadamard belongs
    for match in re.finditer(r"\\frac\{1\}\{N\}|\\frac\{1\}\{2\}", latex):
        out.add(latex[:match.start()] + latex[match.end():])  # a missing 1/N, 1/2
    for match in re.finditer(r"\\frac\{\\lambda\}\{(2?)n?\}", latex):
        out.add(latex[:match.start()] + "\\lambda" + latex[match.end():])  # a wrong regularisation factor
    for match in re.finditer(r"\\operatorname\{diag\}", latex):
        out.add(latex[:match.start()] + latex[match.end():])  # a vector for its diagonal matrix
    out.discard(latex)
    return out


def _where(where: str | None):
    if not where:
        return lambda env, oracle: True
    code = compile(ast.parse(where, mode="eval"), "<where>", "eval")

    def holds(env, oracle):
        names = {**env, "L": oracle.reading.constant("L"), "K": oracle.sizes[-1], "I": oracle.sizes[0]}
        try:
            return bool(eval(code, {"__builtins__": {}}, names))
        except NameError:
            return True  # a condition on an index this row does not have
    return holds


def _coefficient(tree, oracle_constants: dict, N: int) -> float:
    """The judge's own value of the L2 coefficient (numbers, constants, N; + - * / and powers)."""
    from bpdocs.core.mathcheck.tree import Num, Sym

    if isinstance(tree, Num):
        return tree.value
    if isinstance(tree, Sym):
        return float(N) if tree.name == "N" else oracle_constants[tree.name]
    a = [_coefficient(arg, oracle_constants, N) for arg in tree.args]
    return {"+": lambda: a[0] + a[1], "-": lambda: a[0] - a[1], "*": lambda: a[0] * a[1], "/": lambda: a[0] / a[1],
            "pow": lambda: a[0] ** a[1], "neg": lambda: -a[0]}[tree.op]()


def judge(latex: str, kw: dict, trials: int = 3) -> str:
    """'true', 'false' or 'unsure', by the oracle, on networks other than the checker's own."""
    try:
        notation, coefficient = prepare_notation(kw["notation"], kw.get("batch"), kw.get("l2"))
        equation = parse_equation(latex, notation)
    except LatexError:
        return "unreadable"
    if any(isinstance(n, Gradient) and n.step for row in equation.rows for side in row.sides for n in nodes(side)):
        notation = notation.stepping()  # (an update rule's rate: drawn as the checker draws it)
    where = _where(kw["where"])
    verdict = "true"
    count = kw.get("batch") or 1
    for shape in ([int(n) for n in word.split("-")] for word in kw["check"].split()):
        names = kw["activation"].split()
        acts = names * (len(shape) - 1) if len(names) == 1 else names
        for trial in range(trials):
            rng = np.random.default_rng([1000 + trial, *shape])
            constants = {name: float(rng.uniform(0.5, 2.0)) for name in sorted(notation.constants)}
            l2 = 2 * _coefficient(coefficient, constants, count) if coefficient is not None else 0.0
            net = Network(shape, acts, loss=kw["loss"], rng=rng, reduction=kw.get("reduction", "sum"), l2=l2,
                          biases=[rng.normal(size=n) for n in shape[1:]] if kw["biases"] else False)
            x = rng.normal(size=(count, shape[0]))
            if kw["loss"] == "cross-entropy":
                t = rng.uniform(0.05, 0.95, size=(count, shape[-1]))
            elif kw["loss"] == "categorical-cross-entropy":
                t = rng.dirichlet(np.ones(shape[-1]), size=count)
            else:
                t = rng.normal(size=(count, shape[-1]))
            try:
                oracle = Oracle(net, x, t, notation, batch=kw.get("batch") is not None, constants=constants)
            except (FloatingPointError, ValueError):
                return "unsure"
            for row in equation.rows:
                variables = free(row.sides[0])
                about = example_of(row)
                extra = [v for side in row.sides[1:] for v in free(side) if v not in variables]
                if extra:
                    return "unsure"  # indices only on the right: not this judge's business
                seen = False
                top = max(max(shape), len(shape), count) + 1
                for values in np.ndindex(*([top + 1] * len(variables))):
                    env = dict(zip(variables, map(int, values)))
                    if about is not None and kw.get("batch") is not None and about in env:
                        env["@example"] = about
                    if not where(env, oracle):
                        continue
                    try:
                        left = np.asarray(oracle.value(row.sides[0], env), float)
                    except Unjudgeable:
                        return "unsure"
                    except (Missing, IndexError, ZeroDivisionError, ValueError, KeyError):
                        continue
                    seen = True
                    for side in row.sides[1:]:
                        try:
                            right = np.asarray(oracle.value(side, env), float)
                        except Unjudgeable:
                            return "unsure"
                        except (Missing, IndexError, ZeroDivisionError, ValueError, KeyError):
                            return "false"
                        if left.size != right.size or left.shape != right.shape and left.size != 1:
                            return "false"
                        difference = float(np.max(np.abs(left - right)))
                        scale = 1 + float(np.max(np.abs(left)))
                        if difference > 1e-4 * scale:
                            return "false"
                        if difference > 1e-6 * scale:
                            verdict = "unsure"
                        left = right
                if not seen:
                    return "false"
    return verdict


def example_of(row) -> str | None:
    """The one example letter a row is about: used as an example (E_n, x^{(n)}) and summed nowhere."""
    from bpdocs.core.mathcheck.tree import Reduce, Sym

    used, summed, stack = set(), set(), list(row.sides)
    while stack:
        node = stack.pop()
        if isinstance(node, Sym) and node.example is not None and node.example.var:
            used.add(node.example.var)
        if isinstance(node, Reduce):
            summed.add(node.var)
        stack += [c for c in (getattr(node, "args", None) or ()) if not isinstance(c, str)]
        stack += [c for c in (getattr(node, "body", None), getattr(node, "arg", None), getattr(node, "var", None))
                  if c is not None and not isinstance(c, str)]
    return used.pop() if len(used) == 1 and not used & summed else None


EQUATIONS = published_equations()


def test_the_site_publishes_enough_checked_equations_to_mutate():
    assert len(EQUATIONS) >= 25
    pages = {page for page, _, _ in EQUATIONS}
    assert {"derivation.md", "nielsen.md", "checking.md"} <= pages


@pytest.mark.parametrize("page, latex, kw", EQUATIONS, ids=[f"{p}:{n}" for n, (p, _, _) in enumerate(EQUATIONS)])
def test_the_published_equation_holds_by_both_judges(page, latex, kw):
    assert check_equation(latex, **kw).holds
    assert judge(latex, kw) == "true", latex


def test_every_false_mutant_is_rejected():
    counts = {"false": 0, "true": 0, "unsure": 0, "unreadable": 0}
    accepted_false = []
    for _, latex, kw in EQUATIONS:
        for mutant in sorted(mutants(latex)):
            verdict = judge(mutant, kw)
            counts[verdict] += 1
            if verdict == "false" and check_equation(mutant, **kw).holds:
                accepted_false.append(mutant)
    print(f"mutants: {counts}")
    assert accepted_false == []
    assert counts["false"] >= 200, counts
