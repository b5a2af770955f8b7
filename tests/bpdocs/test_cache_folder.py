"""A cache folder the build publishes or empties is refused, with why (``cache_dir: docs/cache`` was accepted, and
the cache's results and checkpoints were published under site/cache/)."""

from __future__ import annotations

import pytest

from ..sitebuild import build, write_site

PAGE = '# Page\n\n```python exec="on"\nprint("ran")\n```\n'


@pytest.mark.parametrize("folder, said", [
    ("docs/cache", "is inside docs_dir (docs): its entries would be published with the site"),
    ("site/.cache", "is inside site_dir (site): the build empties it"),
    (".", "is around docs_dir (docs): pruning the cache would reach into docs_dir"),
    (None, None),
])
def test_a_cache_folder_the_build_publishes_or_empties_is_refused(tmp_path, folder, said):
    plugin = f"  - bpdocs:\n      cache_dir: {folder}\n" if folder else "  - bpdocs\n"
    write_site(tmp_path, {"index.md": PAGE}, config=f"site_name: t\ntheme: material\nplugins:\n{plugin}")
    result = build(tmp_path)
    if said is None:
        assert result.returncode == 0, result.stderr
        assert "ran" in (tmp_path / "site" / "index.html").read_text()
        return
    assert result.returncode != 0
    assert f"bpdocs: the cache folder {folder} (the option cache_dir) {said}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
