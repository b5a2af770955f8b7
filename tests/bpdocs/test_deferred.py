"""A page is converted while its fences still run, also when a fence hides its output (issue 21, cold builds).

A fence with ``show="source"`` or ``show="none"`` used to make MkDocs wait for the page's whole run before
converting it (its error needed somewhere to show), and with it every page after: the generator stood idle
while the cells ran. Such a fence now has a placeholder like any other, empty unless the fence fails.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import Future

import pytest

from bpdocs.core import pages
from bpdocs.core.assemble import PLACEHOLDER_FENCE
from bpdocs.core.run.executor import PageRun

from ..sitebuild import build_in_process, write_site

PAGE = '''# Hidden

```python exec="on" show="none"
x = 6
```

Between.

```python exec="on" show="source"
y = x * 7
```

```python exec="on" show="none"
undefined_name
```

```python exec="on"
print(y)
```

The answer is `{python} y`.
'''
RESULTS = {"fence-3": {"outputs": []}, "fence-9": {"outputs": []},
           "fence-13": {"error": "docs/index.md:14: NameError: name 'undefined_name' is not defined"},
           "fence-17": {"outputs": [{"kind": "text", "text": "42\n"}]},
           f"inline-{PAGE.index('`{python} y`')}": {"text": "42"}}


class Executor:
    """Gives the page a run that has not finished."""

    def __init__(self):
        self.future: Future = Future()

    def start(self, page, sessions, *, now=False):
        return self.future


def converted(markdown: str) -> str:
    """What Markdown makes of the placeholders, as the ``bpdocs-html`` fence does (the rest left as text)."""
    fence = re.compile(rf"```{PLACEHOLDER_FENCE}\n(.*?)\n```", re.S)
    return fence.sub(lambda m: pages.placeholder_token(m[1], lambda token: True), markdown)


def started(executor: Executor):
    plan = pages.prepare(PAGE, "docs/index.md", meta={}, line_offset=0, root_key="k", timeout=30.0)
    return pages.start(PAGE, "docs/index.md", plan, default_show="both", executor=executor)


def started_before_its_results(executor: Executor):
    """The page's job as :func:`pages.start` gives it while the run goes on (None if it waited for the run);
    the run then ends."""
    jobs = []
    starting = threading.Thread(target=lambda: jobs.append(started(executor)), daemon=True)
    starting.start()
    starting.join(timeout=30)
    executor.future.set_result(PageRun(results=dict(RESULTS)))  # (lets a waiting start() end)
    return jobs[0] if jobs and jobs[0].run is None else None


def test_a_page_whose_fences_hide_their_output_does_not_wait_for_its_run():
    job = started_before_its_results(Executor())
    assert job is not None, "the page waited for its run before it could be converted"
    assert len(job.assembled.deferred) == 4


def test_a_page_made_before_its_results_is_the_same_as_one_made_after():
    late = Executor()
    late.future.set_result(PageRun(results=dict(RESULTS)))
    deferred, waited = started_before_its_results(Executor()), started(late)
    assert deferred is not None and waited.run is not None
    filled = [job.fill(converted(job.assembled.markdown)) for job in (deferred, waited)]
    salts = [job.salt for job in (deferred, waited)]
    assert filled[0].replace(salts[0], "SALT") == filled[1].replace(salts[1], "SALT")
    page = filled[0]
    assert "bpdocs-output" in page and "bpdocsout" not in page and "bpdocsinline" not in page
    assert page.count("admonition failure") == 1 and "docs/index.md:14: NameError" in page
    assert "The answer is 42." in page
    # the fences that hid their output and did not fail leave nothing, not even an empty wrapper
    assert '<div class="bpdocs-output"></div>' not in page
    assert page.count('<div class="bpdocs-output">') == 2  # the failure and the printed 42


def test_a_failing_fence_that_hides_its_output_shows_its_error_where_it_is(tmp_path):
    slow_first = PAGE.replace("x = 6\n", "import time\ntime.sleep(1)\nx = 6\n", 1)  # converted before it ends
    root = write_site(tmp_path, {"index.md": slow_first})
    build_in_process(root)  # (as serve builds: the error is on the page, the build goes on)
    html = (root / "site" / "index.html").read_text()
    assert html.count("bpdocs: this fence failed") == 1
    assert "docs/index.md:16: NameError" in html
    assert html.index("Between.") < html.index("this fence failed") < html.index("<code>42\n</code>")
    assert "The answer is 42." in html and "bpdocsout" not in html


WATCHING_HOOK = '''\
from mkdocs.plugins import event_priority

@event_priority(-10)  # after bpdocs' own on_page_content
def on_page_content(html, page, **kwargs):
    with open(__file__.replace("hook.py", "seen.txt"), "a") as f:
        f.write(f"{page.file.src_uri}: {'a value still to come' if 'bpdocsinline' in html else 'filled'}\\n")
    return html
'''
SLOW_VALUE = '''# Slow

```python exec="on" show="output"
import time
time.sleep(1)
answer = 42
```

The answer is `{python} answer`.

It is `{python} answer` again, and $x = `{python} answer`$.
'''


def test_inline_values_of_a_page_still_running_are_filled_for_search_and_the_page(tmp_path, monkeypatch):
    from bpdocs.plugin import BPDocsPlugin

    seen, original = [], BPDocsPlugin.on_page_content

    def watched(self, html, **kwargs):
        given = original(self, html, **kwargs)
        seen.append("a value still to come" if "bpdocsinline" in given else "filled")
        return given
    monkeypatch.setattr(BPDocsPlugin, "on_page_content", watched)
    config = "site_name: t\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - bpdocs:\n" \
             "      typeset: browser\n"
    root = write_site(tmp_path, {"index.md": SLOW_VALUE}, config=config)
    build_in_process(root, command="build")
    # MkDocs went on converting while the page ran: the values were not there yet when the page was converted
    # (a value in a heading is waited for: the heading's text makes its anchor and the table of contents)
    assert seen == ["a value still to come"]
    html = (root / "site" / "index.html").read_text()
    assert "The answer is 42." in html and "It is 42 again" in html and "x = 42" in html
    assert "bpdocsinline" not in html
    index = (root / "site" / "search" / "search_index.json").read_text()
    assert "The answer is 42" in index and "It is 42 again" in index and "bpdocsinline" not in index


def test_a_plugin_that_reads_the_page_after_bpdocs_sees_its_values_cold_as_warm(tmp_path):
    """Material's blog counts a post's words in ``on_page_content`` for its reading time: a plugin (or hook) that
    reads the page there after bpdocs sees its values, not tokens, in a cold build too (found in review)."""
    config = "site_name: t\ntheme:\n  name: material\n  font: false\nhooks:\n  - hook.py\nplugins:\n" \
             "  - search\n  - bpdocs:\n      typeset: browser\n"
    root = write_site(tmp_path, {"index.md": SLOW_VALUE}, config=config)
    (root / "hook.py").write_text(WATCHING_HOOK)
    build_in_process(root, command="build")  # cold: the page still runs when MkDocs converts it
    build_in_process(root, command="build")  # warm
    assert (root / "seen.txt").read_text() == "index.md: filled\n" * 2
    assert "The answer is 42." in (root / "site" / "index.html").read_text()


def test_the_pages_a_generator_waits_for_are_told_apart():
    from bpdocs.core.fences import scan

    def waits(markdown):
        return pages.converted_after_results(markdown, scan(markdown, "docs/p.md"))

    fence = '```python exec="on"\nx = 1\n```\n\n'
    assert not waits(PAGE) and not waits(fence + "A value `{python} x` in prose.\n")
    assert waits(fence + "## A value `{python} x` in a heading\n")
    assert waits('```python exec="on"\nfrom bpdocs.display import show_markdown\nshow_markdown("*a*")\n```\n')


def test_the_same_html_is_filled_once(monkeypatch):
    """The page typeset ahead, then handed to search: the same HTML, filled once (a warm build filled every page
    twice)."""
    executor = Executor()
    executor.future.set_result(PageRun(results=dict(RESULTS)))
    job = started(executor)
    html = converted(job.assembled.markdown)
    filled = job.fill(html)
    monkeypatch.setattr(job, "fill_inline", lambda text: pytest.fail("filled again"))
    assert job.fill(html) is filled
    monkeypatch.undo()
    other = html + "\n"  # (other text is filled anew)
    assert job.fill(other) == filled + "\n"


FEED_HOOK = '''\
import json, os
import markdown
from mkdocs.plugins import event_priority

FEED = []

@event_priority(-75)  # as mkdocs-rss-plugin reads a page: its Markdown converted again, and its content
def on_page_content(html, page, **kwargs):
    FEED.append({"description": markdown.markdown(page.markdown), "content": page.content})
    return html

def on_post_build(config, **kwargs):
    with open(os.path.join(config.site_dir, "feed.json"), "w") as f:
        json.dump(FEED, f)
'''
FEED_PAGE = '''# Post

```python exec="on"
import time
time.sleep(1)
answer = 42
print("printed", answer)
```

The answer is `{python} answer`, $x = `{python} answer`$ and `{python} "a*b_c"`.
'''


def test_a_feed_that_reads_a_page_after_bpdocs_gets_its_values_and_outputs(tmp_path):
    """mkdocs-rss-plugin (at priority -75) makes a post's description from ``page.markdown``, converted again, or
    takes ``page.content``: both held bpdocs' placeholders, and the build failed on them (found in review: "left a
    placeholder ... in the written site" for feed_json_created.json)."""
    config = "site_name: t\ntheme:\n  name: material\n  font: false\nhooks:\n  - hook.py\nplugins:\n" \
             "  - search\n  - bpdocs:\n      typeset: browser\n"
    root = write_site(tmp_path, {"index.md": FEED_PAGE}, config=config)
    (root / "hook.py").write_text(FEED_HOOK)
    build_in_process(root, command="build")  # cold: the page still runs when MkDocs converts it
    import json

    [entry] = json.loads((root / "site" / "feed.json").read_text())
    assert "The answer is 42, " in entry["description"] and "a*b_c" in entry["description"], entry["description"]
    assert "$x = 42$" in entry["description"]  # (a value in a formula as TeX text)
    assert "printed 42" in entry["content"] and "The answer is 42" in entry["content"], entry["content"]
    assert "printed 42" in entry["description"]  # (an output at a line's start: its HTML)
    assert not any(token in entry[part] for token in ("bpdocsout", "bpdocsinline") for part in entry)


@pytest.mark.parametrize("markdown, values, expected", [
    ("A T0 value.", {"T0": "42"}, "A 42 value."),
    ("Text T0.", {"T0": "a*b_c [x] <y> & `z`"}, "Text a\\*b\\_c \\[x\\] &lt;y&gt; &amp; \\`z\\`."),
    ("$x = T0$ and \\(y = T1\\)", {"T0": "42", "T1": "a_b"}, "$x = 42$ and \\(y = \\text{a}\\_\\text{b}\\)"),
    (f"Before\n\n```{PLACEHOLDER_FENCE}\nB1\n```\n\nAfter", {}, "Before\n\n<p>out</p>\n\nAfter"),  # (its HTML)
    (f"```{PLACEHOLDER_FENCE}\nB2\n```\nEnd", {}, "\nEnd"),  # (an output that shows nothing)
    *[(nested, {}, nested) for nested in [f"!!! note\n    ```{PLACEHOLDER_FENCE}\n    B1\n    ```"]],  # (kept)
    ("T9 is no value of this page", {"T0": "1"}, "T9 is no value of this page"),
])
def test_the_readers_markdown_has_values_in_place_and_no_placeholder(markdown, values, expected):
    from bpdocs.core.readermarkdown import reader_markdown

    assert reader_markdown(markdown, values, re.compile(r"T\d"), {"B1": "<p>out</p>", "B2": ""}) == expected
