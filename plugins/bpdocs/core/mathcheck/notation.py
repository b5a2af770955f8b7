"""The notation: which names mean which quantities, and the conventions a text uses.

The derivation's own names are canonical. An author may declare others (front matter ``bpdocs_notation``, or a
fence's ``notation`` attribute), e.g. Nielsen's ``{a: h, C: E}`` or Bishop's ``{a: z, z: h, h: f}``; a value may
carry a default layer, ``{delta: "delta^L"}``: a ``\\delta`` written without a layer is then the output layer's.
A name may also stand for the activation function (``{h: f}``) or be a constant (``{lambda: constant}``, drawn at
random for every trial).

Conventions (``CONVENTIONS``, each on the checking page with the texts that use it), e.g. ``weights: from-to``,
``index_layers: {i: 0, j: 1, k: 2}``, ``products: right``, ``delta_sign: negative``. One left undeclared is read
the default way; when an equation fails that way but would hold another, the checker asks for the declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .joined import subscripted_name
from .lexer import ACCENTS
from .declarations import (GREEK, KEY, WIDTH_VALUE, declared_index_layers, declared_letter, declared_rate,
                           declared_width, layer_index)
from .tree import Index, LatexError, quoted

CANONICAL = ("x", "y", "t", "h", "z", "w", "W", "b", "E", "E_0", "delta", "n", "N")
FUNCTION_MEANINGS = ("f", "sigma")  # a written name may stand for the activation, or the logistic function
MACRO_NAMES = {r"\delta": "delta"}
ERROR_SIGNAL = "error"  # a declared name for t - y, the error signal (Haykin's and Widrow's e = d - y)
# How many indices a name takes when it names one number (0: only the scalar itself).
INDEX_COUNT = {"x": 1, "y": 1, "t": 1, "h": 1, "z": 1, "b": 1, "delta": 1, "w": 2, "W": 2, "E": 0, "E_0": 0,
               "n": 1, "N": 0}
LAYERED = {"h", "z", "w", "W", "b", "delta"}
EXAMPLED = {"x", "y", "t", "E", "E_0"}  # what belongs to one example of a batch: x^{(n)}, E_n
DESCRIBED = "x, y, t, h, z, w (or W), b, E, \\delta"
ACTIVATION_LETTERS = ("f", "g", r"\phi", r"\varphi")  # applied to an argument: the activation
# Declared conventions: name -> (the default, the other choices)
CONVENTIONS = {
    "weights": ("to-from", ("from-to",)),
    "input_layer": ("0", ("1",)),
    "weight_layer": ("to", ("from",)),
    "jacobian": ("numerator", ("denominator",)),
    "cdot": ("dot", ("elementwise",)),
    "Delta": ("gradient", ("update",)),  # \Delta w: dE/dw (the derivation's), or the update -\eta dE/dw
    "delta_sign": ("positive", ("negative",)),  # \delta: dE/dz (the derivation's), or -dE/dz (Mitchell, Haykin)
    "delta_of": ("z", ("h",)),  # \delta: by the pre-activation z (the derivation's), or the output h (SSBD 20.6)
    "star": ("product", ("elementwise",)),  # *: a product, or numpy's elementwise * (Ng's course)
    "otimes": ("outer", ("elementwise",)),  # \otimes: refused, or the elementwise product (Learning from Data's)
    "products": ("cdot-first", ("right",)),  # \cdot before \circ, or a chain from the right (Wikipedia's: products.py)
    "layers": ("superscripts", ("subscripts",)),  # W^l, or Prince's and Murphy's \boldsymbol\Omega_k, \mathbf{h}_k
    "vectors": ("columns", ("rows",)),  # a vector n x 1, or 1 x n (d2l's h = \sigma(x W + b), with weights: from-to)
}
LEARNING_RATE = r"\eta"  # the rate of the update \Delta w = -\eta dE/dw, unless declared (learning_rate: gamma)
WRAPPED_WORD = re.compile(r"^\\(?:text|textrm|textit|mbox|mathrm|mathit|operatorname)\{([A-Za-z]+)\}$")


@dataclass(frozen=True)
class Notation:
    aliases: dict = field(default_factory=dict)  # written name -> canonical name, "f"/"sigma", or itself (constants)
    default_layers: dict = field(default_factory=dict)  # written name -> Index when written without a layer
    superscripts_are_layers: bool = False
    conventions: dict = field(default_factory=dict)  # the declared ones only: name -> value
    index_layers: dict | None = None  # letter -> Index (a layer) for unlayered symbols; None: not declared
    constants: frozenset = frozenset()  # declared constants, by written name
    batch: bool = False  # set by the checker: the equations are about a batch of examples
    session: object = None  # set by a session check: the names it binds (see session.py)
    learning_rate: str = LEARNING_RATE  # the written name of the rate of updates (a constant where it is read)
    rate_declared: bool = False  # learning_rate declared: no other constant is tried as the rate
    gradient_prefix: str | None = None  # {d: gradient}: Ng's dz^{[l]}, dW^{[l]} are dE/dz, dE/dW
    gradient_bar: bool = False  # {bar: gradient}: Grosse's \bar{z}, \overline{w_{ki}} are dE/dz, dE/dw_{ki}
    widths: dict = field(default_factory=dict)  # written name -> Index: Bishop's {D: n_0, M: n_1}, layer widths
    entries: dict = field(default_factory=dict)  # written name -> indices: Mazur's {w_5: w^2_{11}}, {out_{o1}: y_1}
    iteration: str | None = None  # {iteration: n}: Haykin's y_j(n), the value at step n, is y_j
    example: str | None = None  # {example: i}: ESL's z_{mi}, x_{il}, R_i, example i's values: z_m, x_l, R
    output_sets: frozenset = frozenset()  # {C: outputs}: Haykin's \sum_{j \in C}, over the output units
    example_sets: frozenset = frozenset()  # {S: examples}: \sum_{d \in S} over a batch's examples (as D is)
    layer_names: dict = field(default_factory=dict)  # word -> "L" or a number: CS229's {r: L}, Raschka's (h), (out)
    declared: frozenset = frozenset()  # every written name declared, {y: y} included (y kept the output)

    def canonical(self, written: str) -> str | None:
        """The canonical name for a written name (``a``, ``\\delta``, ``net``), or None if it is not one."""
        if written in self.aliases:
            meaning = self.aliases[written]
            return None if meaning in FUNCTION_MEANINGS else meaning
        if written in self.constants:
            return written
        name = MACRO_NAMES.get(written, written)
        return name if name in CANONICAL and name != "E_0" else None

    def default_layer(self, sym) -> Index | None:
        """The layer of a symbol written without one, as declared for the name it is written by (``{alpha: w^1,
        beta: w^2}``: each its own; ``{o: h^L}`` leaves a bare h as it was)."""
        return self.default_layers.get(sym.written or sym.name)

    @property
    def last_layers(self) -> frozenset:  # {r: L}: CS229's z^{[r]}, Raschka's (out), words that name the output layer
        return frozenset(word for word, layer in self.layer_names.items() if layer == "L")

    def declares(self, letter: str) -> bool:
        """Whether a letter is declared a layer (``{r: L}``), a width (``{D: n_0}``) or another name (``{o: y}``)."""
        return letter in self.layer_names or letter in self.widths or self.canonical(letter) not in (None, letter)

    def function(self, written: str) -> str | None:
        """``"f"`` (the activation) or ``"sigma"`` (the logistic function) for a function's written name."""
        if written in self.aliases:
            meaning = self.aliases[written]
            return meaning if meaning in FUNCTION_MEANINGS else None
        if written == r"\sigma":
            return "sigma"
        return "f" if written in ACTIVATION_LETTERS else None

    def convention(self, name: str) -> str:
        return self.conventions.get(name, CONVENTIONS[name][0])

    def words(self) -> list[str]:
        """Declared names longer than one letter, longest first (read before single letters)."""
        return sorted((w for w in [*self.aliases, *self.constants] if len(w) > 1 and w.isalpha()),
                      key=len, reverse=True)

    def reading(self, **conventions) -> "Notation":
        """This notation with other conventions (``index_layers`` and ``learning_rate`` included), as another
        reading tries them."""
        layers = conventions.pop("index_layers", self.index_layers)
        rate = conventions.pop("learning_rate", self.learning_rate)
        return replace(self, conventions={**self.conventions, **conventions}, index_layers=layers,
                       learning_rate=rate)

    def stepping(self) -> "Notation":
        """This notation for an update rule (``w \\leftarrow w - \\eta g``): its learning rate a constant, drawn
        for every trial (unless the rate's name is taken)."""
        rate = self.learning_rate
        if rate in self.constants or rate in self.aliases or MACRO_NAMES.get(rate, rate) in CANONICAL:
            return self
        return replace(self, constants=self.constants | {rate})

    def unknown(self, written: str) -> str:
        from .advice import unknown_name
        return unknown_name(written, self)


DEFAULT = Notation()
LAYER_VALUE = re.compile(r"^\\?(?P<name>[A-Za-z]+(?:_0)?)(?:\^\{?(?P<layer>[A-Za-z]?[+-]?\d*)\}?)?$")
# One entry of a symbol, by numbers: w^2_{11}, y_1, z^1_{2}, x_{2}^{0}
ENTRY_VALUE = re.compile(r"(?P<name>\\?[A-Za-z]+)(?P<before>\^\{?\d+\}?)?_\{?(?P<entry>\d,?\d?)\}?"
                         r"(?P<after>\^\{?\d+\}?)?")


def _json_notation(spec: str) -> dict:
    import json
    try:
        value = json.loads(spec)
    except json.JSONDecodeError as exc:
        raise LatexError(f"notation {quoted(spec)}: not a JSON mapping ({exc.msg} at character {exc.pos + 1}); "
                         "write e.g. notation='{\"a\": \"h\"}' or notation=\"a=h\"") from None
    if not isinstance(value, dict):
        raise LatexError(f"the notation must be a mapping such as {{a: h, C: E}}, not {quoted(spec)}")
    return value


def parse_notation(spec) -> Notation:
    """A :class:`Notation` from front matter (a mapping) or a fence attribute (``"a=h C=E"``); a declaration it
    cannot use raises :class:`LatexError` with a sentence."""
    if spec is None or spec == "" or isinstance(spec, Notation):
        return spec or DEFAULT
    if isinstance(spec, str) and spec.lstrip().startswith("{"):
        spec = _json_notation(spec)  # a fence's notation='{"a": "h"}', given to check_equation as it is
    if isinstance(spec, str):
        pairs = []
        for word in spec.replace(",", " ").split():
            written, _, meaning = word.partition("=")
            if not meaning:
                raise LatexError(f"notation {quoted(word)}: write name=meaning, e.g. notation=\"a=h C=E\"")
            pairs.append((written, meaning))
    elif isinstance(spec, dict):
        pairs = [(str(k), v) for k, v in spec.items()]
    else:
        raise LatexError(f"the notation must be a mapping such as {{a: h, C: E}}, not {quoted(spec)}")
    aliases, layers, superscripts, conventions, index_layers, constants = {}, {}, False, {}, None, set()
    entries = {}  # written name -> the entry's indices (Mazur's w_5 is w^2_{11})
    rate, letters = None, {}
    prefix = None
    output_sets, layer_names, example_sets = set(), {}, set()
    bar = False
    widths = {}
    names = set()
    for written, meaning in pairs:
        key = WRAPPED_WORD.sub(r"\1", written.strip())  # \text{Err}, \mathrm{net}: the word an equation reads
        names.add(key)
        if key == "learning_rate":
            rate = declared_rate(meaning)
            continue
        if key == "superscripts":
            if str(meaning) != "layers":
                raise LatexError(f"notation superscripts: {quoted(meaning)}; the only choice is 'layers'")
            superscripts = True
            continue
        if key in CONVENTIONS:
            default, others = CONVENTIONS[key]
            value = str(meaning).strip().lower()
            if value not in (default, *others):
                raise LatexError(f"notation {key}: {quoted(meaning)} is not one of {', '.join((default, *others))}")
            conventions[key] = value
            continue
        if key == "index_layers":
            index_layers = declared_index_layers(meaning)
            continue
        if key in ("iteration", "example"):
            letters[key] = declared_letter(str(meaning).strip())  # (Hertz, Krogh and Palmer's example: \mu)
            if not letters[key]:
                raise LatexError(f"notation {key}: {quoted(meaning)}; the {key} is one letter, as " + (
                    "Haykin's n in y_j(n) (declare iteration: n)" if key == "iteration" else
                    "ESL's i in z_{mi}, or a Greek one, as Hertz, Krogh and Palmer's \\mu in h_i^\\mu"))
            continue
        key = subscripted_name(key) or key  # SLP3's L_{CE}: a letter and its subscript, one name (lexer.py)
        if not KEY.match(key) and "_{" not in key:
            raise LatexError(f"notation {quoted(written)}: a name is letters, one macro such as \\varepsilon, or an "
                             "accented letter such as \\hat{y}")
        if key in GREEK:  # YAML keys are easier without the backslash: lambda is \lambda
            key = "\\" + key
        if re.fullmatch(r"\\dot\{?\\?(?:f|g|sigma|varphi|phi|F)\}?", key):  # (lexer.py reads them, always)
            raise LatexError(f"notation {written}: a dot on the activation, Hagan's \\dot{{f}} and \\dot{{F}}, is "
                             "always read as its derivative (f', and the diagonal matrix of f'); it is not declared")
        if str(meaning).strip() == "constant":
            constants.add(key)
            continue
        if key == r"\delta" and str(meaning).strip().lower() in ("negative", "positive", "descent"):
            raise LatexError(f"notation delta: {quoted(meaning)}: for the sign of the error term \\delta, declare "
                             "delta_sign: negative (\\delta = -\\frac{\\partial E}{\\partial z}, Mitchell's and "
                             "Haykin's) or delta_sign: positive")
        if key == r"\delta" and str(meaning).strip().lower() in ("gradient", "update"):
            raise LatexError(f"notation delta: {quoted(meaning)}: delta is the error term \\delta; for what \\Delta w "
                             f"means, declare Delta: {str(meaning).strip().lower()} (capital D)")
        if str(meaning).strip() == "gradient" and key.lstrip("\\") in ("bar", "overline"):
            bar = True  # Grosse's error signals: a bar over a quantity is the loss's derivative by it
            continue
        if key in ACCENTS:  # ({\\bar: h^L} read \\bar{h} as the output's h, silently)
            raise LatexError(f"notation {written}: an accent alone names nothing; declare an accented letter as "
                             "what it stands for, e.g. {\\hat{y}: y}; for Grosse's error signals (\\bar{h}, the "
                             "loss's derivative by h, of the one hidden layer) declare {bar: gradient} alone")
        if str(meaning).strip() == "gradient":
            if len(key) != 1 or not key.isalpha():
                raise LatexError(f"notation {written}: gradient: the prefix of a gradient is one letter, as Ng's "
                                 "d in dW^{[l]} (declare d: gradient)")
            prefix = key
            continue
        if re.fullmatch(r"L(?:\s*-\s*\d)?|\d", str(meaning).strip()) and key.isalpha() and key.isascii() and key != "L":
            layer_names[key] = "".join(str(meaning).split())  # CS229's r (z^{[r]}: L), Raschka's (h), Prince's K: L-1
            continue
        if str(meaning).strip() in ("outputs", "examples"):
            # Haykin's C, the set of the output units (\sum_{j \in C}); a set of training examples (as Mitchell's D)
            (output_sets if str(meaning).strip() == "outputs" else example_sets).add(key)
            continue
        if str(meaning).strip() == "error":
            aliases[key] = ERROR_SIGNAL  # Haykin's e_j = d_j - y_j: the target less the output
            continue
        if str(meaning).strip() in FUNCTION_MEANINGS or str(meaning).strip() == r"\sigma":
            aliases[key] = "sigma" if "sigma" in str(meaning) else "f"
            continue
        if str(meaning).strip() == "n" and key != "n":
            aliases[key] = "n"  # UFLDL's s_l: the units of the layer its subscript names, as n_l
            continue
        if WIDTH_VALUE.match(str(meaning).strip()):
            widths[key] = declared_width(written, str(meaning).strip())
            if key != "n":
                aliases[key] = "n"
            continue
        entry = ENTRY_VALUE.fullmatch(str(meaning).strip())  # Mazur's {w_5: w^2_{11}}: one weight, named his way
        if entry and "_{" in key and not (entry["before"] and entry["after"]):
            entries[key] = tuple(Index(None, int(digit)) for digit in entry["entry"].replace(",", ""))
            meaning = entry["name"] + (entry["before"] or entry["after"] or "")
        match = LAYER_VALUE.match(str(meaning).strip())
        canonical = MACRO_NAMES.get("\\" + match["name"], match["name"]) if match else None
        if canonical not in CANONICAL:
            raise LatexError(f"notation {written}: {quoted(meaning)} is not one of the notation's names ({DESCRIBED}, "
                             "E_0, N), f (the activation), sigma, constant, error (t - y, Haykin's e) or outputs (a "
                             "set of the output units, his C)")
        if key != canonical:
            aliases[key] = canonical
        if match["layer"]:
            layers[key] = layer_index(match["layer"], f"notation {written}")
    iteration = letters.get("iteration")
    for key, letter in letters.items():
        if letter in (index_layers or {}):
            raise LatexError(f"notation {key}: {letter} is also an index letter of index_layers; the {key} "
                             "is a letter of its own (" + ("Haykin's n)" if key == "iteration" else "ESL's i)"))
    declared = rate is not None  # (the rate of \Delta w with Delta: update, and of update rules, w \leftarrow ...)
    if conventions.get("Delta") == "update" or declared:
        rate = rate or LEARNING_RATE
        if rate in aliases or MACRO_NAMES.get(rate, rate) in CANONICAL:
            raise LatexError(f"notation: {rate} is the learning rate of Delta: update, and also a name of the "
                             "notation; name the rate another way (learning_rate: gamma)")
        constants.add(rate)  # the rate is a constant, drawn at random for every trial
    return Notation(aliases, layers, superscripts, conventions, index_layers, frozenset(constants),
                    learning_rate=rate or LEARNING_RATE, rate_declared=declared, gradient_prefix=prefix, gradient_bar=bar,
                    widths=widths, entries=entries, declared=frozenset(names), iteration=iteration,
                    example=letters.get("example"),
                    output_sets=frozenset(output_sets), layer_names=layer_names, example_sets=frozenset(example_sets))
