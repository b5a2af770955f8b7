"""A warning a fence's code raises is shown in its output as Python prints it, the fence's own at its page line and
a library's from its folder on the path (a newcomer's review on a real site: the page showed the builder's
/tmp/site22/.venv/lib/python3.11/site-packages/lmo/_utils.py, a path that differs on every machine that builds it,
in the published site). Real builds, and the formatting alone."""

from __future__ import annotations

import os
import sys

from bpdocs.core.run import capture

from ..sitebuild import build, write_site

PAGE = '''\
# Page

```python exec="on"
import warnings
import numpy as np
warnings.warn("the page's own", UserWarning)
print(np.mean([]))
```
'''


def test_a_librarys_warning_names_its_file_from_the_path_and_the_pages_its_line(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE})
    assert (result := build(root)).returncode == 0, result.stderr
    page = (root / "site" / "index.html").read_text()
    assert "docs/index.md:6: UserWarning: the page's own" in page
    assert "numpy/_core/fromnumeric.py:" in page and "RuntimeWarning: Mean of empty slice" in page
    assert sys.prefix not in page and os.path.expanduser("~") + os.sep not in page and "site-packages" not in page


def test_the_path_a_warning_shows():
    standard = os.path.join(os.path.dirname(os.__file__), "warnings.py")  # (the standard library, on the path)
    assert capture._on_the_path(standard) == "warnings.py"
    assert capture._on_the_path("docs/index.md") == "docs/index.md"  # (a page's cell: as it is)
    assert capture._on_the_path("/nowhere/on/the/path/mod.py") == "mod.py"
    shown = capture._warning(UserWarning("w"), UserWarning, os.path.join(os.path.dirname(os.__file__), "os.py"), 1)
    assert shown.startswith("os.py:1: UserWarning: w\n"), shown
