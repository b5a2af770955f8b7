"""Placeholder tokens (issue 20, point 5): unguessable per build, and text that looks like one stays text.

bpdocs leaves tokens in a page's Markdown where values and outputs go, and fills them in the HTML. They
ended with a digest of the page's path, which anyone could compute: a fence printing one had it replaced by
a value, or failed the build as a "leaked placeholder". Now each page's tokens end with 128 random bits, new
on every build, and only tokens this build issued are filled or reported.
"""

from __future__ import annotations

import hashlib
import html as html_module
import re

from .harness import build, build_ok as ok, printed as outputs, site

OLD_SALT = hashlib.sha256(b"docs/index.md").hexdigest()[:6]  # what tokens ended with: anyone could compute it
LOOKALIKES = [f"bpdocsinline0x{OLD_SALT}", f"bpdocsout3x{OLD_SALT}", f"bpdocsout12n1x{OLD_SALT}",
              "bpdocsout99xabcdef", "bpdocsinline0x0123456789abcdef", "bpdocsout3x0123456789abcdef0123"]
TOKENS = f'''# Tokens

```python exec="on"
for text in {LOOKALIKES!r}:
    print(text)
print("<!--" + {LOOKALIKES[1]!r} + "-->")
```

A value `{{python}} 6 * 7`, and prose that looks like a token: {LOOKALIKES[0]} and {LOOKALIKES[4]}.

```python exec="on"
from bpdocs.display import show_markdown
show_markdown("```bpdocs-html\\n{LOOKALIKES[1]}\\n```")
```
'''


def test_text_that_looks_like_a_placeholder_stays_text(tmp_path):
    root = site(tmp_path, {"index.md": TOKENS})
    ok(root)
    printed = outputs(root)[0]
    assert printed == "".join(f"{t}\n" for t in LOOKALIKES) + f"<!--{LOOKALIKES[1]}-->\n"
    page = (root / "site" / "index.html").read_text()
    assert f"A value 42, and prose that looks like a token: {LOOKALIKES[0]} and {LOOKALIKES[4]}." in page
    assert f"<code>{LOOKALIKES[1]}</code>" in page or html_module.escape(LOOKALIKES[1]) in page.split("A value")[1]


def test_placeholder_tokens_differ_on_every_build():
    from bpdocs.core.assemble import assemble
    from bpdocs.core.fences import scan

    markdown = "# P\n\nValue `{python} 1`.\n\n```python exec=\"on\"\nprint(1)\n```\n"
    tokens = []
    for _ in range(2):
        page_scan = scan(markdown, "docs/index.md")
        assembled = assemble(markdown, page_scan, {}, default_show="both", page_id="docs/index.md", deferred=True)
        tokens.append(sorted([*assembled.inline_values, *assembled.blocks]))
    first, second = tokens
    assert len(first) == 2 and not set(first) & set(second)
    assert all(re.fullmatch(r"bpdocs(?:inline\d+|out\d+)x[0-9a-f]{32}", t) for t in first + second), tokens


LEAKING_HOOK = '''\
import re
from mkdocs.plugins import event_priority

tokens = []


@event_priority(-100)  # after bpdocs put its tokens in
def on_page_markdown(markdown, **kwargs):
    tokens.extend(re.findall(r"bpdocsout\\w+", markdown))


def on_post_build(config, **kwargs):  # before bpdocs looks through the site (its own hook runs last)
    with open(config.site_dir + "/notes/leak.txt", "w") as f:
        f.write("a theme copied " + tokens[0] + " here")
'''


def test_a_token_left_in_any_written_file_fails_the_build_at_that_file(tmp_path):
    """A plugin that copies a page's text somewhere bpdocs never fills (here: a hook writing a file) would show a
    reader a token instead of an output: the build fails and names the file (the site is looked through for this
    build's tokens, in every file it wrote)."""
    page = '# P\n\n```python exec="on"\nprint(42)\n```\n'
    root = site(tmp_path, {"index.md": page})
    (root / "hooks.py").write_text(LEAKING_HOOK)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "hooks:\n  - hooks.py\n")
    (root / "docs" / "notes").mkdir()
    (root / "docs" / "notes" / "old.txt").write_text("written by no build of this site\n")
    result = build(root)
    assert result.returncode != 0
    assert re.search(r"notes/leak\.txt: bpdocs left a placeholder \(bpdocsout3x[0-9a-f]{32}\) in the written site",
                     result.stderr), result.stderr


def test_the_quick_look_for_tokens_sees_every_kind_of_token():
    """The leak scan and the filler skip text without "bpdocsout"/"bpdocsinline": every token the pattern reads
    starts so (an output's, a numbered output's, an inline value's), in text and in bytes; class names do not."""
    from bpdocs.core.fill import TOKEN, may_hold_tokens

    salt = "0123456789abcdef" * 2
    for token in (f"bpdocsout3x{salt}", f"bpdocsout12n1x{salt}", f"bpdocsinline0x{salt}"):
        assert TOKEN.fullmatch(token)
        assert may_hold_tokens(f"<p>{token}</p>") and may_hold_tokens(f"<p>{token}</p>".encode())
    page = '<div class="bpdocs-figure"><link href="assets/bpdocs.css"></div>'
    assert not TOKEN.search(page) and not may_hold_tokens(page) and not may_hold_tokens(page.encode())
