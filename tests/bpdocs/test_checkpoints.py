"""When checkpoints are taken (issue 21, cold builds): only where replaying the cells since the last one would cost
more than writing and restoring it; an edit after an expensive cell still resumes right after it."""

from __future__ import annotations

import re

import pytest

from bpdocs.core.run.checkpoints import COST_RATIO, MIN_REPLAY_SECONDS, Spacing

from ..sitebuild import WORTH_A_CHECKPOINT, build, copy_repository_site, write_site


@pytest.mark.parametrize("runs, cost, due", [
    ([], 0.0, False),  # nothing ran yet
    ([0.001] * 5, 0.0, False),  # quick cells: replaying them is cheaper than a checkpoint
    ([MIN_REPLAY_SECONDS / 2] * 2, 0.0, True),  # together they are worth one
    ([MIN_REPLAY_SECONDS * 3], 0.0, True),  # one expensive cell
    ([MIN_REPLAY_SECONDS * 3], MIN_REPLAY_SECONDS, False),  # ... but less than COST_RATIO times the last one's cost
    ([MIN_REPLAY_SECONDS * (COST_RATIO + 1)], MIN_REPLAY_SECONDS, True),
])
def test_a_checkpoint_is_due_when_the_cells_since_the_last_took_long_enough(runs, cost, due):
    spacing = Spacing()
    spacing.taken(cost)
    for seconds in runs:
        spacing.ran(seconds)
    assert spacing.due is due, spacing


def test_taking_one_starts_the_count_again():
    spacing = Spacing()
    spacing.ran(MIN_REPLAY_SECONDS * 2)
    assert spacing.due
    spacing.taken(0.001)
    assert not spacing.due
    spacing.ran(MIN_REPLAY_SECONDS)
    assert spacing.due


def fence(name: str, body: str = "") -> str:
    return f'```python exec="on"\nopen("runs.log", "a").write("{name}\\n")\n{body}\n```\n'


def runs(root) -> list[str]:
    log = root / "runs.log"
    names = log.read_text().split()
    log.unlink()
    return names


def checkpoints(root) -> list:
    return list((root / ".cache" / "bpdocs").rglob("*.pickle"))


def built(root, text: str | None = None) -> str:
    if text is not None:
        (root / "docs" / "index.md").write_text(text)
    result = build(root, "-v")
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_a_session_of_quick_cells_gets_few_checkpoints(tmp_path):
    """Every cell got one (205 files on this site's cold build, each a pickle and a file created)."""
    root = write_site(tmp_path, {"index.md": "# Quick\n\n" + "\n".join(fence(f"c{n}", f"x{n} = {n}") for n in range(30))})
    built(root)
    assert len(runs(root)) == 30
    assert len(checkpoints(root)) < 10  # (one per MIN_REPLAY_SECONDS of their time, more only on a loaded machine)


def test_an_edit_after_an_expensive_cell_resumes_right_after_it(tmp_path):
    cheap = [fence(f"c{n}", f"x = {n}") for n in range(8)]
    text = "# Page\n\n" + "\n".join(cheap[:4] + [fence("slow", WORTH_A_CHECKPOINT)] + cheap[4:])
    root = write_site(tmp_path, {"index.md": text})
    built(root)
    runs(root)
    assert checkpoints(root)
    built(root, text.replace("x = 6", "x = 60"))
    again = runs(root)
    assert "slow" not in again and "c0" not in again, again  # resumed after the expensive cell, not replayed
    assert again[-2:] == ["c6", "c7"], again


def test_a_replay_draws_the_diagrams_again_as_a_network_may_change_the_session(tmp_path):
    """No checkpoint before the edited cell (a generator does not pickle): the cells before it run again, the
    diagram too, since drawing a session's network runs its passes, which a network a fence defined may make change
    the session (found in review: a replay that skipped diagrams gave the later cells another state)."""
    counting = ("import bpcore\ncalls = []\nclass Counting(bpcore.Network):\n"
                "    def forward_pass(self, x):\n        calls.append(1)\n        return super().forward_pass(x)\n"
                "net = Counting([1, 2], weights=[[[0.5], [0.25]]])\nnumbers = (n for n in range(3))")
    diagram = "```bpnet\nnetwork: net\nnodes: activations\ninput: [1.0]\ncaption: A net.\n```\n"
    text = "# Page\n\n" + "\n".join([fence("a", counting), diagram, fence("b", 'print("calls", len(calls))')])
    root = write_site(tmp_path, {"index.md": text})
    assert re.search(r"bpdocs: 3 cell\(s\) run", built(root))
    runs(root)
    cold = re.search(r"calls (\d+)", (root / "site" / "index.html").read_text())[1]
    assert int(cold) >= 1
    stderr = built(root, text.replace('print("calls"', 'print("calls again"'))
    assert runs(root) == ["a", "b"]
    assert re.search(r"bpdocs: 3 cell\(s\) run", stderr), stderr
    assert f"calls again {cold}" in (root / "site" / "index.html").read_text()


def test_an_edit_to_the_derivations_last_fence_resumes_near_it(tmp_path):
    """The derivation's session is a hundred cells (fences, inline values, checked equations, diagrams): an edit to
    its plot, as under ``mkdocs serve``, resumes after the training fence, not from the top."""
    root = copy_repository_site(tmp_path)
    page = root / "docs" / "derivation.md"
    result = build(root, "-v")
    assert result.returncode == 0, result.stderr
    cells = int(re.search(r"docs/derivation.md: (\d+) cell\(s\) run", result.stderr)[1])
    assert cells > 90
    page.write_text(page.read_text().replace("figsize=(3.6, 3.0)", "figsize=(3.7, 3.0)"))
    result = build(root, "-v")
    assert result.returncode == 0, result.stderr
    rerun = int(re.search(r"docs/derivation.md: (\d+) cell\(s\) run", result.stderr)[1])
    assert 1 <= rerun <= 6, result.stderr  # the inline values after the training fence (at most), and the plot


def test_a_session_resumes_with_the_classes_and_instances_its_fences_made(tmp_path):
    """A session runs as ``__main__`` (pickle finds its classes there): its checkpoint still holds what its fences
    defined, by value, since a later build's ``__main__`` is new and holds them only once restored."""
    point = f"class Point:\n    def __init__(self, x):\n        self.x = x\n\n\np = Point(3)\n{WORTH_A_CHECKPOINT}"
    text = "# Page\n\n" + "\n".join([fence("a", point), fence("b", 'print("x is", p.x, type(p).__name__)')])
    root = write_site(tmp_path, {"index.md": text})
    built(root)
    assert runs(root) == ["a", "b"]
    wait_for_checkpoints(root)
    built(root, text.replace('"x is"', '"x was"'))
    assert runs(root) == ["b"]  # resumed from the checkpoint after a
    assert "x was 3 Point" in (root / "site" / "index.html").read_text()


def wait_for_checkpoints(root, seconds: float = 10) -> None:
    """The page's process writes its checkpoints after its results are out: the build may end before."""
    import time

    deadline = time.monotonic() + seconds
    while not checkpoints(root):
        assert time.monotonic() < deadline, "no checkpoint was written"
        time.sleep(0.05)


def test_a_session_whose_class_a_restore_cannot_make_gets_no_checkpoint(tmp_path):
    """A class with a metaclass of its own (an ABC, an Enum) is pickled by reference to ``__main__``, which a later
    build's new ``__main__`` does not hold: such a checkpoint could never be restored (a review found them written,
    and every later build replaying the session anyway)."""
    shape = f"import abc\n\n\nclass Shape(abc.ABC):\n    pass\n\n\nkind = Shape\n{WORTH_A_CHECKPOINT}"
    text = "# Page\n\n" + "\n".join([fence("a", shape), fence("b", 'print("kind", kind.__name__)')])
    root = write_site(tmp_path, {"index.md": text})
    built(root)
    __import__("time").sleep(1)  # (where a checkpoint was written, it was written by now: see wait_for_checkpoints)
    assert runs(root) == ["a", "b"] and checkpoints(root) == []
    built(root, text.replace('"kind"', '"kind again"'))
    assert runs(root) == ["a", "b"]  # replayed, as it must be
    assert "kind again Shape" in (root / "site" / "index.html").read_text()
