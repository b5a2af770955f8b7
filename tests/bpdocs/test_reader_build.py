"""The reader's side of a real build (issue 19): what the search index holds, and links to a labelled
equation from another page."""

from __future__ import annotations

import json
import re

from ..sitebuild import build, write_site

CONFIG = """\
site_name: t
theme:
  name: material
  font: false
validation:
  links:
    anchors: warn
plugins:
  - search
  - bpdocs:
      typeset: browser
"""
RESULTS = '''# Results

Under \\(x_1\\), the gradients:

```python exec="on" show="output" precision="6"
[["weight", "gradient"], [r"\\(w^1_{11}\\)", 4.9086], [r"\\(w^2_{11}\\)", -3.68177]]
```

$$ \\Delta w_{ki} = \\delta_k\\, x_i \\label{eq-one} \\tag{1} $$

The outputs are `{python} ", ".join(f"{v:.2f}" for v in (0.02, 0.98))`.

```python exec="on" show="output"
import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([1, 2])
ax.set(title="The loss", xlabel="step", ylabel="$E$")
```
'''


def test_the_search_index_reads_the_page_as_a_reader_does(tmp_path):
    write_site(tmp_path, {"index.md": RESULTS}, config=CONFIG)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    words = text.split()
    # every cell and number a word as Material's search reads the text: its markup taken out, split at spaces and
    # hyphens (its default separator), each word trimmed of what is not a word's at its ends (lunr's trimmer)
    searched = {re.sub(r"^\W+|\W+$", "", word) for word in re.split(r"[\s\-]+", re.sub(r"<[^>]+>", " ", text))}
    assert {"4.908600", "3.681770", "0.02", "0.98"} <= searched, text
    assert "w¹₁₁" in words and "Under x₁, the gradients" in text  # formulas as text, not TeX
    assert "Δwₖᵢ = δₖ xᵢ (1)" in text
    assert "\\(" not in text and "\\[" not in text and "$$" not in text
    assert "A figure: The loss, E against step." in text  # a figure by its name, not its SVG
    assert "<svg" not in text and "Matplotlib" not in text and "checked against" not in text
    page = (tmp_path / "site" / "index.html").read_text()  # the page itself keeps its math and figures
    assert '<span class="arithmatex">\\(w^1_{11}\\)</span>' in page and "<svg" in page


def test_another_page_may_link_to_a_labelled_equation(tmp_path):
    pages = {"index.md": RESULTS, "other.md": "# Other\n\nSee [the one-layer rule](index.md#mjx-eqn:eq-one).\n"}
    write_site(tmp_path, pages, config=CONFIG)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    (tmp_path / "b").mkdir()
    pages["other.md"] = "# Other\n\nSee [nothing](index.md#mjx-eqn:eq-none).\n"
    write_site(tmp_path / "b", pages, config=CONFIG)
    result = build(tmp_path / "b")  # a label no equation has is still a broken link
    assert result.returncode != 0 and "does not contain an anchor '#mjx-eqn:eq-none'" in result.stderr


# mkdocs-encryptcontent's way: its on_page_context (priority 0) replaces the page's HTML with a ciphertext of it
LOCKING_HOOK = '''\
import base64


def on_page_context(context, page, config, nav):
    seen = page.content
    page.content = "<div class='locked'>" + base64.b64encode(seen.encode()).decode() + "</div>"
    return context
'''


def test_a_plugin_that_rewrites_the_page_in_on_page_context_is_published_and_sees_its_html(tmp_path):
    """The search plugin indexes the search text; every other plugin gets the page's HTML and keeps what it did:
    bpdocs swapped page.content for every plugin between two of its own handlers, so mkdocs-encryptcontent's
    encrypted page was published in plain text (a review of real sites)."""
    import base64
    import re

    config = CONFIG.replace("plugins:\n", "hooks:\n  - hooks.py\nplugins:\n")
    write_site(tmp_path, {"index.md": RESULTS}, config=config)
    (tmp_path / "hooks.py").write_text(LOCKING_HOOK)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text()
    assert "4.908600" not in page and "The loss" not in page  # nothing of the page in plain text
    locked = base64.b64decode(re.search(r"<div class='locked'>([^<]*)</div>", page)[1]).decode()
    assert '<span class="arithmatex">\\(w^1_{11}\\)</span>' in locked and "<svg" in locked  # the HTML, not the text
    assert "4.908600" in locked
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "w¹₁₁" in text and "<svg" not in text  # search still reads the reader's text


def test_materials_search_markers_leave_the_page_as_they_do_without_bpdocs(tmp_path):
    """Material's search removes its data-search-* markers from the page once it has indexed it; the search plugin
    reads the search text, so that removal is made to the page's HTML too (it was lost: the markers published)."""
    config = CONFIG.replace("plugins:\n", "markdown_extensions:\n  - attr_list\nplugins:\n")
    page = '# Home\n\nText, and \\(x_1\\).\n\n## Internal { data-search-exclude="true" }\n\nNot for search.\n'
    write_site(tmp_path, {"index.md": page}, config=config)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'id="internal"' in html and "data-search-exclude" not in html
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "x₁" in text and "Not for search" not in text, index["docs"]
