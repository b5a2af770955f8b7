"""What a fence printed and drew before it failed is shown above its failure, as Jupyter shows it, and its last
lines are in the build's message (they were thrown away: only the traceback was left to debug with)."""

from __future__ import annotations

import re

from ..sitebuild import build, write_site

PAGE = '''\
# Training

```python exec="on"
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
for epoch in range(12):
    print(f"epoch {epoch}")
raise RuntimeError("the loss diverged")
```

```python exec="on" show="source"
print("hidden output")
raise ValueError("hidden failure")
```
'''


def test_what_a_failed_fence_printed_is_shown_above_its_failure(tmp_path):
    write_site(tmp_path, {"index.md": PAGE})
    result = build(tmp_path)
    assert result.returncode != 0
    message = result.stderr[result.stderr.index("docs/index.md:9: RuntimeError: the loss diverged"):]
    assert re.search(r"Printed before it \(its last lines\):\n(\s+epoch \d+\n){10}", message), message
    assert "epoch 2\n" in message and "epoch 1\n" not in message  # (the last ten of twelve)
    assert message.index("epoch 11") < message.index("Traceback")

    html = (tmp_path / "site" / "index.html").read_text()
    failure = html.index('admonition failure')
    printed, figure = html.index("<code>epoch 0"), html.index("<svg")
    assert printed < failure and figure < failure
    assert "epoch 11" in html and "Printed before it" not in html  # (the page shows it all, above the failure)
    # a fence that hides its output shows its failure alone
    hidden = html[html.index('admonition failure', failure + 1) - 300:]
    assert "hidden failure" in hidden and "<code>hidden output" not in html


CHAINED = '''\
# Chained

```python exec="on"
def load(table):
    return table["x"]


try:
    load({})
except KeyError as missing:
    raise ValueError("no data") from missing
```
'''


def test_a_failure_raised_from_another_shows_both_as_python_does(tmp_path):
    """`raise ... from` dropped the cause: only the last exception's frames were shown."""
    write_site(tmp_path, {"index.md": CHAINED})
    result = build(tmp_path)
    message = result.stderr[result.stderr.index("docs/index.md:11: ValueError: no data"):]
    cause = message.index('File "docs/index.md", line 5, in load\n    return table["x"]\n')
    assert message.index("KeyError: 'x'") > cause
    joint = message.index("The above exception was the direct cause of the following exception:")
    assert cause < joint < message.index('File "docs/index.md", line 11, in <module>'), message


def test_a_file_beside_the_page_not_found_says_where_fences_run(tmp_path):
    """An author's review: open("data.csv") for the file next to the page said only FileNotFoundError (Jupyter Book
    runs a notebook in its own folder; bpdocs, as markdown-exec, in the site's)."""
    page = '# Data\n\n```python exec="on"\nprint(open("data.csv").read())\n```\n'
    write_site(tmp_path, {"index.md": page, "data.csv": "a,b\n"})
    result = build(tmp_path)
    assert ("docs/index.md:4: FileNotFoundError: [Errno 2] No such file or directory: 'data.csv' (fences run in the "
            "site's folder, where mkdocs.yml is: the file beside this page is 'docs/data.csv')") in result.stderr
    elsewhere = tmp_path / "elsewhere"
    write_site(elsewhere, {"index.md": page.replace("data.csv", "missing.csv")})
    assert "'missing.csv'\n" in build(elsewhere).stderr  # (no such file anywhere: nothing more to say)
