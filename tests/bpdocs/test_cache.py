"""The result cache, asserted by counting real executions (each fence logs its name to a file)."""

import shutil
from pathlib import Path

import bpcore

from ..sitebuild import WORTH_A_CHECKPOINT, build, write_site


def fence(name: str, session: str, body: str = "") -> str:
    return (f'```python exec="on" session="{session}"\n'
            f'open("runs.log", "a").write("{name}\\n")\n{body}\n```\n')


def page(prose="Prose.", a2_body="value = value + 1", a1_body=f"value = 1\n{WORTH_A_CHECKPOINT}"):
    return "\n".join([
        "# Cached", prose,
        fence("a1", "A", a1_body), fence("a2", "A", a2_body), fence("a3", "A", "value"),
        fence("b1", "B", "other = 10"), fence("b2", "B", "other"),
        "Inline: `{python} 2 * 21`.",
    ])


def runs(root: Path) -> list[str]:
    log = root / "runs.log"
    names = log.read_text().split() if log.exists() else []
    log.unlink(missing_ok=True)
    return names


def rebuild(root: Path, text: str | None = None, env=None) -> str:
    if text is not None:
        (root / "docs" / "index.md").write_text(text)
    result = build(root, env=env)
    assert result.returncode == 0, result.stderr
    return (root / "site" / "index.html").read_text()


def test_prose_edit_runs_nothing_and_fence_edit_reruns_its_session_from_that_fence(tmp_path):
    root = write_site(tmp_path, {"index.md": page()})
    first = rebuild(root)
    assert runs(root) == ["a1", "a2", "a3", "b1", "b2"]
    assert rebuild(root) == first and runs(root) == []

    changed_prose = rebuild(root, page(prose="Other prose."))
    assert runs(root) == [] and "Other prose." in changed_prose

    html = rebuild(root, page(a2_body="value = value + 41"))
    assert runs(root) == ["a2", "a3"]  # resumed from the checkpoint after a1; session B untouched
    assert "<code>42</code>" in html and "Inline: 42." in html


def test_without_a_checkpoint_the_session_replays_from_its_start(tmp_path):
    unpicklable = f"value = 1\nnumbers = (n for n in range(3))\n{WORTH_A_CHECKPOINT}"  # a generator does not pickle
    root = write_site(tmp_path, {"index.md": page(a1_body=unpicklable)})
    rebuild(root)
    runs(root)
    rebuild(root, page(a1_body=unpicklable, a2_body="value = value + 2"))
    assert runs(root) == ["a1", "a2", "a3"]


FENCE_DEFINED = """\
import numpy as np
value = 1
weights = np.arange(100_000) % 7  # a large array (pickled out of band)
def double(x, factor=2):
    return x * factor + offset
offset = 0
scale = lambda x: 10 * x
def counter():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step
tick = counter()
tick()
class Layer:
    size = 3
    def __init__(self, w):
        self.w = w
    @property
    def total(self):
        return int(self.w.sum())
    def __repr__(self):
        return f"Layer({self.size})"
class Dense(Layer):
    def __repr__(self):
        return "Dense/" + super().__repr__()
layer = Dense(weights)
""" + WORTH_A_CHECKPOINT


def test_functions_and_classes_a_fence_defines_are_checkpointed_and_resume_as_they_were(tmp_path):
    """A helper function, a closure, a lambda, a class with a property and super(), an instance, a large array:
    the session resumes from its checkpoint (only the edited fence and those after it run) and they behave as
    in a replay, with the session's own globals (issue 21: serve edits run only what changed)."""
    uses = "value = value + 1\nprint(double(value), scale(2), tick(), layer, layer.total, int(weights[-1]))"
    root = write_site(tmp_path, {"index.md": page(a1_body=FENCE_DEFINED, a2_body=uses)})
    replayed = rebuild(root)
    assert runs(root) == ["a1", "a2", "a3", "b1", "b2"]
    assert list((root / ".cache" / "bpdocs").rglob("*.pickle"))
    resumed = rebuild(root, page(a1_body=FENCE_DEFINED, a2_body=uses + "\noffset = 0"))
    assert runs(root) == ["a2", "a3"]
    expected = "4 20 2 Dense/Layer(3) 299995 4"
    assert expected in replayed and expected in resumed


def test_corrupt_partial_or_misplaced_entries_are_never_served(tmp_path):
    root = write_site(tmp_path, {"index.md": page()})
    good = rebuild(root)
    runs(root)
    entries = sorted((root / ".cache" / "bpdocs").rglob("*.json"))
    assert len(entries) == 7  # five fences, an inline value, the page's text for search
    entries[0].write_text("{not json")
    entries[1].write_text(entries[1].read_text()[:40])  # a partial write
    entries[2].write_text(entries[3].read_text())  # another key's entry
    for checkpoint in (root / ".cache" / "bpdocs").rglob("*.pickle"):
        checkpoint.write_bytes(checkpoint.read_bytes()[:-3] + b"xyz")
    assert rebuild(root) == good
    assert runs(root)  # their cells ran again (how many depends on which sessions the entries belong to)
    for entry in entries[:3]:  # each bad entry was replaced by a valid one for its own key
        header = entry.read_text().split("\n", 1)[0]
        assert header.split(" ")[1] == entry.stem
    assert rebuild(root) == good and runs(root) == []


def test_an_engine_edit_reruns_everything(tmp_path):
    engine = tmp_path / "engine"
    shutil.copytree(Path(bpcore.__file__).parent, engine / "bpcore")
    (tmp_path / "site").mkdir()
    root = write_site(tmp_path / "site", {"index.md": page()})
    env = {"PYTHONPATH": str(engine)}
    rebuild(root, env=env)
    assert len(runs(root)) == 5
    rebuild(root, env=env)
    assert runs(root) == []
    network = engine / "bpcore" / "network.py"
    network.write_text(network.read_text() + "\n# an edit\n")
    rebuild(root, env=env)
    assert runs(root) == ["a1", "a2", "a3", "b1", "b2"]


def test_the_cache_can_be_turned_off(tmp_path):
    root = write_site(tmp_path, {"index.md": page()})
    rebuild(root, env={"BPDOCS_CACHE": "0"})
    rebuild(root, env={"BPDOCS_CACHE": "0"})
    assert len(runs(root)) == 10
    assert not (root / ".cache").exists()
    config = (root / "mkdocs.yml").read_text().replace("  - bpdocs:\n", "  - bpdocs:\n      cache: false\n")
    (root / "mkdocs.yml").write_text(config)
    rebuild(root)
    rebuild(root)
    assert len(runs(root)) == 10
