"""A session runs as Jupyter runs cells, in ``__main__``: ``if __name__ == "__main__":`` runs, what a fence defines
pickles by reference (pickle, a forked multiprocessing pool), and an exception class a fence defines is named as
Python names it. (Sessions ran in a module named ``__bpdocs_session__``: a main guard silently never ran, and
pickling a fence's class failed with "import of module '__bpdocs_session__' failed".)"""

from __future__ import annotations

from ..sitebuild import build, write_site

PAGE = '''\
# Main

```python exec="on"
def main():
    print("main ran")


if __name__ == "__main__":
    main()
```

```python exec="on"
import multiprocessing
import pickle


class Point:
    def __init__(self, x):
        self.x = x


def square(n):
    return n * n


print("pickled", pickle.loads(pickle.dumps(Point(3))).x)
with multiprocessing.get_context("fork").Pool(2) as pool:
    print("pool", pool.map(square, [1, 2, 3]))
```

```python exec="on"
class BadInput(ValueError):
    pass


raise BadInput("no data")
```
'''


def test_a_session_is_main_as_in_jupyter(tmp_path):
    write_site(tmp_path, {"index.md": PAGE})
    result = build(tmp_path)
    assert result.returncode != 0
    assert "docs/index.md:36: BadInput: no data" in result.stderr, result.stderr
    assert "__bpdocs_session__" not in result.stderr and "__main__" not in result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "main ran" in html
    assert "pickled 3" in html
    assert "pool [1, 4, 9]" in html
