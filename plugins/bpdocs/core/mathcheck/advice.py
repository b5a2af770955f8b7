"""What to tell an author about a name or a token the checker cannot read: a fix that fits what it is.

A function is bound (in a session check) or written another way; a constant is declared; a count is
the batch size; only a quantity gets a ``{name: h}`` suggestion. No bare parser message reaches an
author: every refusal names what it could not read and how to write or declare it.
"""

from __future__ import annotations

import re

from .declarations import GREEK
from .tree import quoted

GREEK_CONSTANTS = {"alpha", "beta", "gamma", "eta", "lambda", "mu", "nu", "epsilon", "varepsilon", "kappa", "rho",
                   "tau", "xi", "omega", "theta", "vartheta", "zeta", "iota", "chi", "psi", "pi"}
FUNCTION_WORDS = {"max", "min", "relu", "ReLU", "softplus", "erf", "argmax", "tr", "trace",
                  "det", "vec", "Attention", "attention", "conv", "dropout", "logsumexp", "LSE",
                  "sech", "cosh", "sinh", "arctan", "GELU", "gelu", "ELU", "elu", "SiLU", "silu", "swish"}
COUNTS = {"N", "M", "m", "n", "B", "P"}  # (P: LeCun's and Haykin's number of patterns)
ELLIPSES = {r"\cdots", r"\ldots", r"\dots", r"\dotsb", r"\dotsc", r"\vdots", r"\ddots"}  # terms left out
LOSS_LETTERS = {"J", "C", "L", "R", "Q", "\\ell"}  # the loss or cost as texts name it (Goodfellow's J, Nielsen's C)
SESSION_HINT = ("to check an equation about your own code, use check=\"session\" and bind it, e.g. "
                "bind=\"{shown}=my_function\"")


def _bare(written: str) -> str:
    return written.lstrip("\\")


def unknown_function(written: str) -> str:
    shown = f"\\operatorname{{{written}}}" if written.isalpha() and len(written) > 1 else written
    known = ("the activation f(z), \\sigma, \\tanh, \\exp, \\ln, \\sqrt, |x|, \\operatorname{sign}, "
             "\\max(0, z), \\mathbb{1}(z > 0), \\operatorname{softmax} and \\operatorname{diag}")
    session = SESSION_HINT.format(shown=shown)  # (as a fence writes it, one backslash)
    if written in ("H", r"\Theta"):  # Murphy's H(z), the Heaviside step: the ReLU's derivative, not an activation
        return (f"{shown}(...) is a function the checker does not know on a bpcore network; if it is the Heaviside "
                "step (the ReLU's derivative), write \\mathbb{1}(z > 0), or f'(z) on a ReLU network; otherwise write "
                f"it with what the checker knows ({known}), or {session}")
    if _bare(written) not in FUNCTION_WORDS and (len(written) == 1 or _bare(written).isalpha()):  # Aggarwal's \Phi
        return (f"{shown}(...) is a function the checker does not know on a bpcore network; if {written} is the "
                f"activation, declare it (bpdocs_notation: {{{_bare(written)}: f}}), and {written}'(z) is its "
                f"derivative; otherwise write it with what the checker knows ({known}), or {session}")
    return (f"{shown}(...) is a function the checker does not know on a bpcore network (it knows {known}); write it "
            f"with those, or {session}")


def index_alone(written: str, text: str, position: int) -> str | None:
    """Why a letter that is a unit's index elsewhere in the equation (y_k, w_{jk}) is not read on its own, as
    Marsland's unit argument \\delta_o(k) has it (it was told to declare k a quantity, {k: h}); None where the
    letter at ``position`` is no such index alone (it has scripts of its own, or stands in a subscript)."""
    scripted = re.match(re.escape(written) + r"\s*[_^']", text[position:])  # (a name with scripts of its own)
    in_a_script = re.search(r"[_^](?:\s*|\{[^{}]*)$", text[:position])
    power = re.search(r"(?<![A-Za-z\\])(?P<base>[a-mo-z])\s*\^\s*\{?\s*$", text[:position])
    alone = re.match(re.escape(written) + r"\s*(?:\}|$|[^+\-\w])", text[position:])  # (t^j, not x^{i+k-1})
    if power and alone and len(written) == 1 and written in "ijkmpqrs" and not scripted:  # Gurney's t^j, a^j
        base = power["base"]
        return (f"{base}^{written}: a superscript on {base} is a power, and {written} is not part of the notation; a "
                f"unit's index is a subscript, {base}_{written} (a superscript unit index, Gurney's, is not read)")
    if not (len(written) == 1 and written.isalpha() or written[1:] in GREEK) or scripted or in_a_script:
        return None
    host = r"(?:[A-Za-z]|\\(?:" + "|".join(sorted(GREEK)) + r"))(?![A-Za-z])"
    used = re.search(host + r"(?:\^\{[^{}]*\}|\^\w)?_(?:\{[^{}]*?)?" + re.escape(written) + r"(?![A-Za-z])", text)
    if used is None:
        return None
    shown = used[0] + "}" * (used[0].count("{") - used[0].count("}"))
    if written.startswith("\\"):
        return (f"{written} alone: {written} is an index in this equation ({shown}); a Greek unit index is not read: "
                f"write the equation with Latin index letters (\\delta_o(k), y_k with bpdocs_notation: "
                f"{{index_layers: {{k: 2}}}})")
    return (f"{written} alone: {written} is an index in this equation ({shown}), read only as a symbol's subscript; "
            f"a value with its unit as an argument, \\delta_o({written}), is written with the index as a subscript, "
            f"\\delta_{{{written}}}, or read so with the letter declared a layer's (bpdocs_notation: {{index_layers: "
            f"{{{written.lstrip(chr(92))}: 2}}}})")


def unknown_name(written: str, notation, *, applied: bool = False, update: bool = False) -> str:
    """Why ``written`` is not read, and the fix that fits what it most likely is (``update``: the row writes
    ``\\Delta w`` and the rate is not declared, so a Greek letter may be the learning rate of the update)."""
    bare = _bare(written)
    if not bare[:1].isalnum():  # punctuation, not a name ("(" where a symbol was expected)
        return f"'{written}' cannot be read here: a name of the notation was expected (x, y, t, h, z, w, b, E, \\delta)"
    if written.startswith("\\") and notation.function(written) == "f":  # \varphi_j'', {\varphi_j}': a form not read
        return (f"{written} is the activation, read applied to an argument: {written}(z_j), {written}'(z_j), "
                f"{written}_j(z_j) (unit j's) or {written}^{{(l)}}(z^{{(l)}}), not in the form written here; if it is a "
                f"quantity of yours, declare it (bpdocs_notation: {{{bare}: h}})")
    if applied or bare in FUNCTION_WORDS:
        return unknown_function(written)
    if bare in GREEK_CONSTANTS:
        prefix = f"the macro {written} is not supported by the checker" if written.startswith("\\") else \
            f"{written} is not part of the notation"
        if update:
            rate = "" if bare == "eta" else f", learning_rate: {bare}"
            meaning = ("name it the rate (bpdocs_notation: {Delta: update" if notation.convention("Delta") == "update"
                       else "declare what \\Delta w means (bpdocs_notation: {Delta: update")
            return (f"{prefix}; if it is the learning rate of the weight update \\Delta w = -{written} "
                    f"\\frac{{\\partial E}}{{\\partial w}}, {meaning}{rate}}}; the rate is then a constant, drawn "
                    f"at random for every trial); if it is another constant, declare it ({{{bare}: constant}})")
        return (f"{prefix}; if it is a constant, declare it (bpdocs_notation: {{{bare}: constant}}, drawn at random "
                f"for every trial), or for L2 regularisation give its coefficient, l2=\"\\frac{{{written}}}{{2}}\"")
    if bare in COUNTS and len(bare) == 1:
        return (f"{written} is not part of the notation; the number of examples of a batch is N (check on a batch "
                f"with batch=\"4\"); to write it {written}, declare bpdocs_notation: {{{bare}: N}}")
    if written in ELLIPSES:
        return (f"{written}: an ellipsis stands for terms the checker cannot know; write them as a sum with its "
                "bounds, e.g. \\sum_{i=1}^{n} w_i x_i")
    if written.startswith("\\") and not written.startswith(("\\hat", "\\tilde", "\\bar", "\\dot", "\\ddot",
                                                            "\\check", "\\breve", "\\mathcal", "\\mathscr")):
        return (f"the macro {written} is not supported by the checker; if it is a macro of your site's, define it "
                "in the bpdocs option tex: macros (or in the MathJax or KaTeX configuration script of the docs "
                "folder the site loads), and the checker reads what it stands for")
    from .notation import DESCRIBED

    if written.startswith("\\bar{"):  # Grosse's error signals, or a name of the author's own
        return (f"{written} is not part of the notation ({DESCRIBED}); if the bar is the loss's derivative (Grosse's "
                f"error signals, \\bar{{z}} = \\partial L / \\partial z), declare bpdocs_notation: {{bar: gradient}}; "
                f"if it is a name of your own, declare it, e.g. {{{written}: h}}")
    if written.startswith(("\\mathcal", "\\mathscr")):  # a calligraphic letter: the loss, as most texts write it
        return (f"{written} is not part of the notation ({DESCRIBED}); if it is the loss (Goodfellow's, Ng's, "
                f"Murphy's \\mathcal{{L}}, Haykin's \\mathcal{{E}}), declare it: front matter bpdocs_notation: "
                f"{{{written}: E}}, or notation=\"{written}=E\" on the fence")
    if bare == "I":  # Clark's d h / d h = I: declaring I a unit's value would be wrong advice
        return ("I is not part of the notation here (it is the number of inputs in a bound or an index); an identity "
                "matrix is not read: write the equation per entry, with Kronecker's \\delta_{ij}, e.g. "
                "\\frac{\\partial h_i}{\\partial h_j} = \\delta_{ij}")
    if written in LOSS_LETTERS:
        return (f"{written} is not part of the notation ({DESCRIBED}); if it is the loss or cost (Goodfellow's J, "
                f"Nielsen's C), declare bpdocs_notation: {{{bare}: E}}; if it is a quantity of your own, name what it "
                f"stands for, e.g. {{{bare}: h}}")
    return (f"{written} is not part of the notation ({DESCRIBED}); to use your own name for one of them, "
            f"declare it, e.g. front matter bpdocs_notation: {{{written.lstrip(chr(92)) if written[0] == chr(92) and '{' not in written else written}: h}}")


def unexpected(token_text: str, before: str | None) -> str:
    """A sentence for a token the grammar did not expect here (``before``: the token before it, if any)."""
    after = f" after {quoted(before)}" if before else ""
    if token_text == "_" and before == r"\partial":  # d2l's \partial_{\mathbf w} l(\mathbf w, b)
        return (f"a subscript{after} is not read: write the derivative as a fraction, \\frac{{\\partial l}}"
                f"{{\\partial \\mathbf{{w}}}}, or a gradient by what it names, \\nabla_{{\\mathbf{{w}}}} l")
    if token_text == "_":
        counts = (f"; if {before}_l is the number of units of layer l (UFLDL's s_l), declare bpdocs_notation: "
                  f"{{{before}: n}}") if before and len(before) == 1 and before.isalpha() and before != "n" else ""
        return (f"a subscript{after} is not read: subscripts go on a symbol (y_k), or on a group in parentheses "
                f"for an entry of a vector or matrix ((W^T \\delta)_j){counts}")
    if token_text == "^":
        return f"a superscript{after} is not read: a power goes on a symbol or a group in parentheses, (h_j)^2"
    if token_text == "'":
        return ("a prime is read only on a function applied to an argument, as f'(z_j), \\sigma'(z) or h'(a_j) "
                "(declare h as the activation: bpdocs_notation: {h: f}); for a derivative of a quantity write "
                "\\frac{\\partial y}{\\partial x}")
    if token_text in (")", "]", "}"):
        return f"{quoted(token_text)}{after} closes nothing: check the brackets"
    if token_text in ("(", "[", "{"):
        return f"{quoted(token_text)}{after} is never closed: check the brackets"
    if token_text == "|":
        return (f"a bar{after} is not read here: |x| is an absolute value (of a number), and \\| v \\| (or \\lVert v "
                "\\rVert) a norm; check the bars")
    if token_text == "&":
        return "'&' aligns the rows of an align environment; it is not read inside an expression"
    if token_text in ("=", ",", ";"):
        return (f"{quoted(token_text)}{after} is not read here: an equation is written A = B, one per row or "
                "separated by \\quad")
    if token_text.startswith("\\"):
        return f"the macro {token_text} is not read here{after}"
    return (f"{quoted(token_text)}{after} is not read here: the checker reads products, sums, fractions and "
            "functions of symbols")


def index_count_hint(sym, count: int, batch: bool) -> str:
    """What a symbol with one index too many may mean: an example and a unit (x, y and t in a batch: PDP's
    t_{pj}, and their o_{pj} where o is the output), or Mitchell's x_{ji}, the input from unit i into unit j."""
    if count != 2:
        return ""
    written = sym.text.split("_")[0]
    if sym.name in ("x", "y", "t"):
        hint = " (in a batch, two indices are the example and the unit: check with batch=\"4\")"
        if sym.name == "x" and not batch:
            hint += (f"; if {sym.text} is the input from unit i into unit j (Mitchell's), write the unit it comes "
                     "from: x_i on a single layer, h^{l-1}_i (or o_i with {o: h}) deeper")
        return hint
    if sym.name in ("h", "z") and batch:  # (z_{mi} reaches here as h when declared {z: h^1}, ESL's)
        return (f" (in a batch, a unit's value carries an example first, pattern p's unit j, {written}_{{pj}}, with j "
                "declared a layer's (index_layers); with the example last, ESL's z_{mi}, declare it, {example: i}, "
                f"and check one example's equation; if {written} is the output here, declare {{{written}: y}})")
    return ""
