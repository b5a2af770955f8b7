"""TeX as plain text a person can read: ``\\Delta w^1_{11} = \\frac{\\partial E}{\\partial w^1_{11}}`` becomes
``Δw¹₁₁ = ∂E/∂w¹₁₁``. Pure and small: for search indexes and previews, not for typesetting.

Scripts use Unicode sub- and superscripts where every character has one (``w¹₁₁``, ``δᴸₖ``), else
``^(…)``/``_(…)``; Greek letters and operators become their characters; layout commands (``\\left``,
``\\,``, ``\\begin{align*}``, ``&``) disappear; ``\\tag{4}`` is ``(4)`` and ``\\eqref`` the number it refers
to when the page says (``numbers``: label -> tag).
"""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_&]|\s+|.", re.S)
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUP = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW′",
               "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ′"))
GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
         "phi chi psi omega").split()
SYMBOLS = {
    **{name: chr(0x3B1 + n + (n >= 14) + (n >= 16)) for n, name in enumerate(GREEK)},
    **{name.capitalize(): chr(0x391 + n + (n >= 14) + (n >= 16)) for n, name in enumerate(GREEK)},
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "varsigma": "ς", "varrho": "ϱ", "ell": "ℓ",
    "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π", "int": "∫", "infty": "∞", "odot": "⊙",
    "cdot": "·", "times": "×", "circ": "∘", "otimes": "⊗", "oplus": "⊕", "pm": "±", "mp": "∓",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "propto": "∝", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "mapsto": "↦", "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪", "cap": "∩", "forall": "∀",
    "exists": "∃", "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮", "ddots": "⋱", "prime": "′",
    "top": "ᵀ", "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}", "{": "{", "}": "}",
    "|": "‖", "Vert": "‖", "vert": "|", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|",
    "leqslant": "≤", "geqslant": "≥", "mid": "|", "max": "max", "min": "min", "log": "log",
    "exp": "exp", "ln": "ln", "sin": "sin", "cos": "cos", "tanh": "tanh", "lim": "lim", "det": "det",
    # (a real site's search text had them as words: "a lt b", "p wedge q")
    "lt": "<", "gt": ">", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "iff": "⇔", "implies": "⇒", "Leftarrow": "⇐",
    "longrightarrow": "⟶", "Longrightarrow": "⟹", "emptyset": "∅", "varnothing": "∅", "subseteq": "⊆",
    "supset": "⊃", "supseteq": "⊇", "setminus": "∖", "parallel": "∥", "perp": "⊥", "lfloor": "⌊",
    "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "ll": "≪", "gg": "≫", "cong": "≅", "simeq": "≃",
    "star": "⋆", "ast": "∗", "bullet": "•", "div": "÷", "angle": "∠", "triangle": "△", "hbar": "ℏ",
    "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "deg": "deg", "arg": "arg", "sup": "sup", "inf": "inf",
    # (a real site's search text had n_(uparrow): spins, orders, logic and set theory as they are written)
    "uparrow": "↑", "downarrow": "↓", "Uparrow": "⇑", "Downarrow": "⇓", "updownarrow": "↕", "nearrow": "↗",
    "searrow": "↘", "swarrow": "↙", "nwarrow": "↖", "hookrightarrow": "↪", "hookleftarrow": "↩", "gets": "←",
    "longleftarrow": "⟵", "Longleftarrow": "⟸", "longleftrightarrow": "⟷", "Longleftrightarrow": "⟺",
    "longmapsto": "⟼", "rightleftharpoons": "⇌", "leadsto": "⇝", "prec": "≺", "succ": "≻", "preceq": "⪯",
    "succeq": "⪰", "vdash": "⊢", "dashv": "⊣", "models": "⊨", "ni": "∋", "owns": "∋", "lesssim": "≲",
    "gtrsim": "≳", "nleq": "≰", "ngeq": "≱", "nless": "≮", "ngtr": "≯", "nsubseteq": "⊈", "subsetneq": "⊊",
    "supsetneq": "⊋", "asymp": "≍", "doteq": "≐", "nmid": "∤", "nparallel": "∦", "sqsubseteq": "⊑",
    "sqsupseteq": "⊒", "sqcup": "⊔", "sqcap": "⊓", "uplus": "⊎", "ominus": "⊖", "oslash": "⊘", "wr": "≀",
    "dagger": "†", "ddagger": "‡", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
    "bigodot": "⨀", "biguplus": "⨄", "bigsqcup": "⨆", "bigvee": "⋁", "bigwedge": "⋀", "coprod": "∐",
    "oint": "∮", "iint": "∬", "iiint": "∭", "nexists": "∄", "complement": "∁", "therefore": "∴",
    "because": "∵", "bot": "⊥", "square": "□", "Box": "□", "blacksquare": "■", "diamond": "⋄", "lozenge": "◊",
    "triangleleft": "◁", "triangleright": "▷", "lhd": "◁", "rhd": "▷", "wp": "℘", "mho": "℧", "imath": "ı",
    "jmath": "ȷ", "beth": "ℶ", "gimel": "ℷ", "varpi": "ϖ", "varkappa": "ϰ", "Digamma": "Ϝ", "sharp": "♯",
    "flat": "♭", "natural": "♮", "checkmark": "✓", "surd": "√", "degree": "°", "measuredangle": "∡",
    "colon": ":", "vartriangle": "△", "smallsetminus": "∖", "hslash": "ℏ",
}
WORD_OPERATORS = {"max", "min", "log", "exp", "ln", "sin", "cos", "tanh", "lim", "det", "arg", "sup", "inf"}
SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "medspace", "thickspace"}
DROPPED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
           "middle", "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle", "nonumber", "notag",
           "label", "hline", "allowbreak", "displaylines",
           "bf", "rm", "it", "cal", "sf", "tt", "mit", "sl", "em"}  # (TeX's font switches, {\bf k}: no words)
CONTENT = {"text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "mathsf", "mathcal", "mathbb",
           "boldsymbol", "bm", "operatorname", "mbox", "hbox", "mathop", "mathord", "mathbin", "mathrel",
           "underbrace", "overbrace", "class", "cssId", "style"}
TEXT_MODE = {"text", "textrm", "textbf", "textit", "mbox", "hbox"}
DOUBLE_STRUCK = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ", "1": "𝟙"}  # (the rest: 𝔸..𝕐)
RELATIONS = "=<>≤≥≠≈≡∼∝→←⇒↦∈∉⊂⊆⊃⊇↔⇔⇐⟶⟹≪≫≅≃∥⊥↑↓⇑⇓↕↗↘↙↖↪↩⟵⟸⟷⟺⟼⇌⇝≺≻⪯⪰⊢⊣⊨∋≲≳≰≱≮≯⊈⊊⊋≍≐∤∦⊑⊒"
BINARY = "+\\-±∓×⊙⊗⊕·∘∧∨∖÷⊔⊓⊎⊖⊘≀"  # in a character class: the hyphen escaped
OPERAND = r"[\w)\]}′⁰-₿ᵃ-ᶿ\u0300-\u036f\u20d0-\u20ff]"
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "widetilde": "\u0303",
           "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308"}


def _marked(character: str) -> bool:
    """Whether a bar over (or under) a formula marks this character: a letter or a digit, not one of its scripts."""
    name = unicodedata.name(character, "")
    return character.isalnum() and not any(word in name for word in ("SUBSCRIPT", "SUPERSCRIPT", "MODIFIER"))


class _Reader:
    def __init__(self, tex: str, numbers: dict[str, str]):
        tokens = TOKEN.findall(tex)
        # As in TeX, a space after a control word ends the word and is not a space (\\Delta w is Δw).
        self.tokens = [t for n, t in enumerate(tokens)
                       if not (t.isspace() and n and re.fullmatch(r"\\[A-Za-z]+\*?", tokens[n - 1]))]
        self.at = 0
        self.numbers = numbers

    def _next(self) -> str | None:
        if self.at >= len(self.tokens):
            return None
        self.at += 1
        return self.tokens[self.at - 1]

    def _skip_space(self) -> None:
        while self.at < len(self.tokens) and self.tokens[self.at].isspace():
            self.at += 1

    def _raw_group(self) -> str:
        """The source of the next {…} argument (or token), unread."""
        self._skip_space()
        token = self._next()
        if token != "{":
            return token or ""
        depth, parts = 1, []
        while (token := self._next()) is not None:
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                break
            parts.append(token)
        return "".join(parts)

    def argument(self) -> str:
        """The next {…} group or single token, as text."""
        self._skip_space()
        if self.at < len(self.tokens) and self.tokens[self.at] == "{":
            self.at += 1
            return self.group("}")
        return self.atom(self._next())

    def group(self, closing: str | None) -> str:
        parts = []
        while (token := self._next()) is not None and token != closing:
            parts.append(self.atom(token))
        return "".join(parts)

    def atom(self, token: str | None) -> str:
        if token is None or token in ("}",):
            return ""
        if token == "{":
            return self.group("}")
        if token in ("^", "_"):
            return _script(self.argument(), SUP if token == "^" else SUB, token)
        if token == "&":
            return " "
        if token.isspace():
            return " "
        if token == "'":
            return "′"
        if not token.startswith("\\"):
            return token
        return self.command(token[1:].rstrip("*"), token.endswith("*"))

    def command(self, name: str, starred: bool) -> str:
        if name == "\\":
            return " ; "
        if name in SPACES:
            return " "
        if name == "href":  # its address, then the text that shows
            self._raw_group()
            return self.argument()
        if name in ("label", "hspace", "vspace", "phantom", "color") or name in ("begin", "end"):
            environment = self._raw_group().strip()
            if name == "begin" and environment in ("array", "tabular", "alignat", "alignat*", "alignedat"):
                self._raw_group()  # its column spec ({cl}) or column count: no words of the formula
            return " "
        if name in DROPPED:
            if name in ("left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"):
                self._skip_space()
                if self.at < len(self.tokens) and self.tokens[self.at] == ".":
                    self.at += 1
            return ""
        if name == "tag":
            tag = self._raw_group().strip()
            return f" {tag} " if starred else f" ({tag}) "
        if name in ("eqref", "ref"):
            number = self.numbers.get(self._raw_group().strip())
            return "" if number is None else f"({number})" if name == "eqref" else number
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.argument(), self.argument()
            return f" {_wrapped(top)}/{_wrapped(bottom)} "  # (apart: two fractions side by side, dE/dy dy/dx)
        if name in ("binom", "tbinom", "dbinom"):  # (as {n \\choose k} reads)
            top, bottom = self.argument(), self.argument()
            return f"({top.strip()} choose {bottom.strip()})"
        if name in ("bmod", "mod", "pmod"):
            return f" (mod {self.argument().strip()}) " if name == "pmod" else " mod "
        if name == "sqrt":
            return "√" + _wrapped(self.argument())
        if name in ACCENTS:
            return self.argument() + ACCENTS[name]
        if name in ("overline", "underline"):  # a repeating decimal's bar, 0.08\overline{3}: 0.083̅ (it was 0.083)
            mark = "\u0305" if name == "overline" else "\u0332"
            return "".join(c + mark if _marked(c) else c for c in self.argument())
        if name == "mathbb":  # \mathbb{R}^d: ℝᵈ (it was Rᵈ, a real site's search text)
            return "".join(DOUBLE_STRUCK.get(c) or (chr(0x1D538 + ord(c) - 65) if "A" <= c <= "Z" else c)
                           for c in self.argument())
        if name in CONTENT:
            if name in ("class", "cssId", "style"):
                self._raw_group()
            return f" {self.argument()} " if name in TEXT_MODE else self.argument()
        if name in WORD_OPERATORS:  # a word apart: \log p as "log p", not "logp"
            return f" {name} "
        return SYMBOLS[name] if name in SYMBOLS else f" {name} "  # (a macro it does not know: a word of its own,
        # not glued to what is around it, \alpha\geqslant0 as "α geqslant 0", a site's \ket{\psi} as "ket ψ")


def _wrapped(text: str) -> str:
    text = text.strip()
    return text if re.fullmatch(r"[\w.′∂\u0300-\u036f\u20d0-\u20ff⁰-₿ᵃ-ᶿ]*", text) or (
        text.startswith("(") and text.endswith(")")) else f"({text})"


def _script(text: str, table: dict, mark: str) -> str:
    text = text.strip()
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def tex_text(tex: str, numbers: dict[str, str] | None = None) -> str:
    """``tex`` as readable plain text (see the module docstring)."""
    tex = re.sub(r"(?<!\\)%[^\n]*", "", tex)  # (a TeX comment: no renderer shows it)
    text = _Reader(tex, numbers or {}).group(None)
    text = re.sub(f"(?<![_^])\\s*([{RELATIONS}])\\s*", r" \1 ", text)  # (not in a script: n_↑)
    text = re.sub(f"(?<={OPERAND})\\s*([{BINARY}])\\s*(?=\\S)", r" \1 ", text)  # binary, not a sign
    text = re.sub(r"\s+", " ", text).strip(" ;")
    # A script of one character written with its mark is apart from a letter after it: \gamma_\mu B (TeX drops the
    # space after \mu) as "γ_μ B", not "γ_μB", which reads as γ with the subscript μB.
    text = re.sub(r"(?<=[_^])([^\s(])(?=[A-Za-z0-9\u0370-\u03ff])", r"\1 ", text)
    text = re.sub(r"\( | \)", lambda m: m[0].strip(), text)  # (a fraction's spacing inside brackets: (a/b)²)
    operators = "|".join(sorted(WORD_OPERATORS))
    text = re.sub(rf"\b({operators}) (?=[(_^¹²³⁰-₿ᵃ-ᶿ])", r"\1", text)  # (log(x), maxₖ, log²)
    return re.sub(r" ?; ?(; ?)+", " ; ", text)


# -- spoken: for screen readers (an SVG's aria-label), where "w¹₁₁" would be read as one odd word -------

SPOKEN = {"=": " equals ", "'": " prime", "+": " plus ", "-": " minus ", "<": " less than ", ">": " greater than ",
          "′": " prime", "(": " (", ")": ") ", "/": " over "}
SPOKEN_NAMES = {"partial": "partial", "sum": "sum", "prod": "product", "cdot": "times", "times": "times",
                "odot": "elementwise times", "to": "to", "rightarrow": "to", "leq": "at most", "geq": "at least",
                "neq": "not equal to", "approx": "approximately", "infty": "infinity", "in": "in", "ldots": "...",
                "cdots": "..."}


class _Speaker(_Reader):
    """The same reading, out loud: ``w^2_{11}`` is "w sup 2 sub 1 1", ``\\delta`` is "delta"."""

    def atom(self, token: str | None) -> str:
        if token in ("^", "_"):
            words = " ".join(self.argument().split()) if token == "^" else " ".join(
                self.argument().replace("", " ").split()) or ""
            return f" {'sup' if token == '^' else 'sub'} {words} "
        if token is not None and token in SPOKEN:
            return SPOKEN[token]
        return super().atom(token)

    def command(self, name: str, starred: bool) -> str:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            return f" {self.argument()} over {self.argument()} "
        if name in SPOKEN_NAMES:
            return f" {SPOKEN_NAMES[name]} "
        if name in GREEK or name.lower() in GREEK:
            return f" {name} "
        return super().command(name, starred)


def spoken_text(tex: str) -> str:
    """``tex`` as words a screen reader says well: ``h^1_{1}`` is "h sup 1 sub 1"."""
    return re.sub(r"\s+", " ", _Speaker(tex, {}).group(None)).strip(" ;")
