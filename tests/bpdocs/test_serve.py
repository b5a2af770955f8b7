"""Serve-style rebuilds in one process: errors show on the page, the process survives, no state leaks."""

import logging

from ..sitebuild import build_in_process, write_site

LEAK_PROBE = '''\
# Probe

```python exec="on" show="output"
import bpcore
bpcore.counter = getattr(bpcore, "counter", 0) + 1
print("counter", bpcore.counter, "secret" in dir())
secret = 1
```
'''


def test_rebuilds_share_no_state_between_pages_or_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("BPDOCS_CACHE", "0")
    root = write_site(tmp_path, {"index.md": LEAK_PROBE, "other.md": LEAK_PROBE})
    for _ in range(2):
        build_in_process(root)
        for name in ("index", "other"):
            html = (root / "site" / name / "index.html").read_text() if name != "index" else \
                (root / "site" / "index.html").read_text()
            assert "counter 1 False" in html


def test_a_failing_fence_shows_on_the_page_and_a_fix_recovers(tmp_path, caplog):
    good = '# P\n\n```python exec="on"\nx = 21\nx * 2\n```\n'
    bad = '# P\n\n```python exec="on"\nx = 21\nx * undefined\n```\n'
    root = write_site(tmp_path, {"index.md": bad})
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.bpdocs"):
        build_in_process(root)
    html = (root / "site" / "index.html").read_text()
    assert "bpdocs: this fence failed" in html
    assert "docs/index.md:5: NameError: name &#x27;undefined&#x27; is not defined" in html or \
        "docs/index.md:5: NameError: name 'undefined' is not defined" in html
    assert any("docs/index.md:5: NameError" in r.getMessage() for r in caplog.records)

    (root / "docs" / "index.md").write_text(good)
    build_in_process(root)
    html = (root / "site" / "index.html").read_text()
    assert "this fence failed" not in html and "<code>42</code>" in html


def test_a_crash_or_a_hang_while_serving_fails_only_its_page(tmp_path):
    pages = {
        "index.md": '# A\n\n```python exec="on"\nimport os\nos._exit(3)\n```\n',
        "hang.md": '# B\n\n```python exec="on" timeout="1"\nwhile True:\n    pass\n```\n',
        "fine.md": '# C\n\n```python exec="on"\n6 * 7\n```\n',
    }
    root = write_site(tmp_path, pages)
    build_in_process(root)  # this process is the server: it must come through
    site = root / "site"
    assert "the worker process exited with code 3" in (site / "index.html").read_text()
    assert "timed out after 1 s" in (site / "hang" / "index.html").read_text()
    assert "<code>42</code>" in (site / "fine" / "index.html").read_text()
