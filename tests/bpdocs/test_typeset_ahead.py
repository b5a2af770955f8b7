"""Pages typeset ahead (issue 21): a helper typesets a page while the build goes on, the first in the build's own
Node (one Node for `jobs: 2`), the others in Nodes of their own; the build takes what it made only for the very
same formulas, so the page is the same as the build's own typesetter makes it; a helper that fails leaves the page
to the build's typesetter, which says why; every Node is gone at the end."""

from __future__ import annotations

import re

from bpdocs.core.run.cache import Cache
from bpdocs.core.typeset import Typesetter, typeset_ahead, typeset_page
from bpdocs.core.typeset import process

from ..sitebuild import MINIMAL_CONFIG, build, write_site

PAGE = '<p><span class="arithmatex">\\(x_1 + w^2_{11}\\)</span></p><div class="arithmatex">\\[E = \\tfrac12 (y - t)^2 \\tag{1}\\]</div>'


def typeset(page: str, typesetter: Typesetter, cache: Cache) -> str:
    return typeset_page(page, typesetter=typesetter, cache=cache, page_path="docs/p.md", source=page).html


def test_a_page_typeset_ahead_is_the_page_the_build_typesets(tmp_path):
    serial = Typesetter()
    try:
        expected = typeset(PAGE, serial, Cache(tmp_path / "serial", secret=b"k" * 32))
        changed = PAGE.replace("x_1", "x_2")
        expected_changed = typeset(changed, serial, Cache(tmp_path / "serial", secret=b"k" * 32))
    finally:
        serial.close()
    cache = Cache(tmp_path / "c", secret=b"k" * 32)
    typesetter = Typesetter(cache, helpers=1)
    try:
        typeset_ahead(PAGE, typesetter=typesetter, cache=cache)
        assert typeset(PAGE, typesetter, cache) == expected
        assert typesetter._ids == 1  # one request: the page typeset ahead was taken, not typeset again
        typeset_ahead(PAGE.replace("x_1", "x_3"), typesetter=typesetter, cache=cache)
        assert typeset(changed, typesetter, cache) == expected_changed  # other formulas than the guess
        assert typesetter._ahead._all == []  # with one helper, the build's own Node is the only one
        node = typesetter.process
        assert node.poll() is None
    finally:
        typesetter.close()
    assert node.poll() is not None  # no Node left running


def test_more_helpers_have_nodes_of_their_own_and_all_are_stopped(tmp_path):
    cache = Cache(tmp_path / "c", secret=b"k" * 32)
    typesetter = Typesetter(cache, helpers=2)
    pages = [PAGE.replace("x_1", f"x_{n}") for n in range(2, 8)]
    try:
        for page in pages:
            typeset_ahead(page, typesetter=typesetter, cache=cache)
        for future in list(typesetter._ahead._futures.values()):
            assert future.result(timeout=60) is not None
        made = [typeset(page, typesetter, cache) for page in pages]
        assert all("<mjx-container" in page for page in made)
        helpers = list(typesetter._ahead._all)
        assert len(helpers) == 1 and typesetter not in helpers  # two threads: the build's Node and one more
        nodes = [typesetter.process] + [helper.process for helper in helpers]
    finally:
        typesetter.close()
    assert all(node.poll() is not None for node in nodes if node is not None)


def test_a_helper_that_fails_leaves_the_page_to_the_build(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "c", secret=b"k" * 32)
    typesetter = Typesetter(cache, helpers=1)
    broken = tmp_path / "broken.js"
    broken.write_text('process.exit(3);\n')
    try:
        monkeypatch.setattr(process, "SCRIPT", broken)  # the helper's Node dies at start
        typeset_ahead(PAGE, typesetter=typesetter, cache=cache)
        typesetter._ahead._futures[next(iter(typesetter._ahead._futures))].exception(timeout=60)
        monkeypatch.undo()
        assert "<mjx-container" in typeset(PAGE, typesetter, cache)
    finally:
        typesetter.close()


def test_pages_primed_in_the_background_are_stopped_with_the_typesetter(tmp_path, monkeypatch):
    """Typesetter.prime_later: the formulas of running pages' Markdown go to the build's own Node in a thread of
    its own; the page typeset afterwards takes them from the memo; close() waits for a prime begun and stops
    Node; a prime that fails (Node gone) is left to the page's own typesetting, which says why."""
    cache = Cache(tmp_path / "c", secret=b"k" * 32)
    typesetter = Typesetter(cache, helpers=1)
    try:
        typesetter.prime_later(lambda: [("x_1 + w^2_{11}", False)])
        typesetter._primer.close()  # (waits for it)
        before = typesetter.formulas_typeset
        assert before == 1
        assert "<mjx-container" in typeset(PAGE, typesetter, cache)
        assert typesetter.formulas_typeset == before + 1  # only the numbered equation: x_1 came from the memo
        broken = tmp_path / "broken.js"
        broken.write_text('process.exit(3);\n')
        typesetter._stop()
        monkeypatch.setattr(process, "SCRIPT", broken)
        typesetter.prime_later(lambda: [("y_1", False)])
        typesetter._primer.close()  # (the failure is swallowed)
        monkeypatch.undo()
        assert "<mjx-container" in typeset(PAGE.replace("x_1", "y_1"), typesetter, Cache(tmp_path / "d", enabled=False))
        typesetter.prime_later(lambda: [(f"z_{n}", False) for n in range(200)])
        node = typesetter.process
    finally:
        typesetter.close()
    assert node.poll() is not None  # no Node left running, a prime begun or not


def test_a_sites_first_build_primes_its_running_pages_and_a_warm_build_does_not(tmp_path):
    page = "# P\n\n```python exec=\"on\"\nprint(1)\n```\n\nThe error \\(E = \\tfrac12 (y - t)^2\\) and \\(w_1\\).\n"
    config = MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs:\n      jobs: 2\n"  # (math typeset at build)
    write_site(tmp_path, {"index.md": page, "plain.md": "# Q\n\n\\(q_1\\)\n"}, config=config)
    first, warm = build(tmp_path, "--verbose"), build(tmp_path, "--verbose")
    assert first.returncode == 0 and warm.returncode == 0, first.stderr + warm.stderr
    primed = re.findall(r"DEBUG\s+-\s+(docs/\S+): its formulas are typeset ahead", first.stderr)
    assert primed == ["docs/index.md"]  # (plain.md runs nothing: it is typeset ahead once converted)
    assert "typeset ahead, while" not in warm.stderr
