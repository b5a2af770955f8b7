"""A module of the site's that a fence imports (a helpers.py beside mkdocs.yml) is part of what its results depend
on: an edit to it runs again the cells of the sessions that imported it, and no other (an author's review: the page
kept showing the old helper's value, "1 from cache")."""

from __future__ import annotations

import re

from ..sitebuild import build, write_site

USES = '''\
# Uses

```python exec="on"
import helpers

print("value", helpers.VALUE)
```

```python exec="on"
print("twice", 2 * helpers.VALUE)
```
'''
OTHER = '# Other\n\n```python exec="on"\nprint("other page")\n```\n'


def built(root) -> str:
    result = build(root, "-v")
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_an_edit_to_a_module_of_the_site_runs_the_cells_that_used_it_again(tmp_path):
    root = write_site(tmp_path, {"uses.md": USES, "other.md": OTHER})
    (root / "helpers.py").write_text("VALUE = 1\n")
    assert re.search(r"bpdocs: 3 cell\(s\) run, 0 from cache", built(root))
    assert "value 1" in (root / "site" / "uses" / "index.html").read_text()

    assert re.search(r"bpdocs: 0 cell\(s\) run, 3 from cache", built(root))  # nothing changed
    (root / "helpers.py").write_text("VALUE = 21\n")
    stderr = built(root)
    assert re.search(r"bpdocs: 2 cell\(s\) run, 1 from cache", stderr), stderr  # the other page's from the cache
    html = (root / "site" / "uses" / "index.html").read_text()
    assert "value 21" in html and "twice 42" in html
