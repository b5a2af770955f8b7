"""The last screen of typeset math (``unsafe_markup``): whatever made a formula's markup, a tag that carries what
the safe rules forbid is found, however it is spelt; markup that carries none of it passes."""

from __future__ import annotations

import pytest

from bpdocs.core.typeset.screen import unsafe_markup

SVG = ('<mjx-container class="MathJax" jax="SVG"><svg style="vertical-align: -0.025ex;" xmlns="http://www.w3.org/2000/svg" '
       'width="1.294ex" height="1.025ex" role="img" focusable="false" viewBox="0 -442 572 453"><g stroke="currentColor" '
       'fill="currentColor" stroke-width="0" transform="scale(1,-1)"><g data-mml-node="math"><g data-mml-node="mi">'
       '<use data-c="1D465" xlink:href="#MJX-TEX-I-1D465"></use></g></g></g></svg><mjx-assistive-mml unselectable="on" '
       'display="inline"><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mtext>onclick="a" data: '
       'url(x) &lt;script&gt;</mtext></math></mjx-assistive-mml></mjx-container>')


@pytest.mark.parametrize("fragment, found", [
    (SVG, None),  # text that reads like markup is text
    (SVG.replace('<g data-mml-node="mi">', '<g data-mml-node="mi" onclick="x">'), '<g data-mml-node="mi" onclick="x">'),
    ('<g ONCLICK="x">', '<g ONCLICK="x">'),
    ('<g data-x="1" onload = "">', '<g data-x="1" onload = "">'),
    ('<svg><Script>', "<Script>"),
    ("< / style>", "< / style>"),
    ("<foreignObject>", "<foreignObject>"),
    ('<a href="java&#x09;script:x">', '<a href="java&#x09;script:x">'),
    ('<a xlink:href="&#106;avascript:">', '<a xlink:href="&#106;avascript:">'),
    ('<a href="java\nscript:x">', '<a href="java\nscript:x">'),
    ('<g style="background:url(x)">', '<g style="background:url(x)">'),
    ('<g FILL="URL(#x)">', '<g FILL="URL(#x)">'),
    ('<g fill = "data:x">', '<g fill = "data:x">'),
    ('<g title="javascript:">', None),  # not a link, a style or a paint: shown as text by the browser
    ('<a href="#mjx-eqn%3A1">', None),
    ('<g fill="red" stroke="rgb(1,2,3)">', None),
    # text that opens a quote (MathJax writes \text{ fill="} so) never hides a link after it (found in review)
    ('<svg><text> fill="</text><a href="javascript:alert(1)"><path/></a></svg>', '<a href="javascript:alert(1)">'),
    ('<g title="x fill=" style="background:url(http://e/x)">', '<g title="x fill=" style="background:url(http://e/x)">'),
    ('<mtext> href="</mtext><g fill="url(#x)">', '<g fill="url(#x)">'),
])
def test_unsafe_markup_finds_the_tag_however_it_is_spelt(fragment, found):
    assert unsafe_markup(fragment) == found


def test_the_quick_look_finds_whatever_the_case_insensitive_patterns_find():
    """unsafe_markup first looks in a folded copy, case-sensitively (quicker than re.I on a page of SVG): it must
    miss nothing re.I finds, the letters re.I takes for ASCII ones included (İ ı ſ K)."""
    import itertools

    from bpdocs.core.typeset.screen import ANY_HANDLER, UNSAFE_TAGS, UNSAFE_VALUE, _as_read, _may_carry

    words = ["<script", "< / STYLE ", "<foreignObject>", "<iframe\t", " onClick=", "\nONLOAD =", "javascript:",
             "JavaScript:", "vbscript:", "DATA:", "url (", "URL(", "expression(", "@IMPORT", "java&#x09;script:",
             "&#106;avascript:", "java\nscript:"]
    spellings = {"i": ["\u0130", "\u0131"], "s": ["\u017f"], "k": ["\u212a"], "S": ["\u017f"], "K": ["\u212a"],
                 "I": ["\u0130", "\u0131"]}
    fragments = [f'<g a="{w}">' for w in words]
    for word in words:  # each letter re.I reads as an ASCII one, in each place it can be
        for n, letter in enumerate(word):
            fragments += [f"<g x='{word[:n]}{other}{word[n + 1:]}'>" for other in spellings.get(letter, ())]
    fragments += ["".join(p) for p in itertools.product(["<g ", "<SCRİPT", "x"], ["ſtyle", "\u212aey", ""])]
    for fragment in fragments:
        slow = bool(UNSAFE_TAGS.search(fragment) or ANY_HANDLER.search(fragment)
                    or UNSAFE_VALUE.search(_as_read(fragment)))
        assert _may_carry(fragment) or not slow, fragment
    assert sum(bool(UNSAFE_VALUE.search(_as_read(f))) for f in fragments) > 20  # (the cases are found at all)
