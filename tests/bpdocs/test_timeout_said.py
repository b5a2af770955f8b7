"""A timeout says what set it, the fence's attribute or the option (it said "the fence's timeout" for both, and for
an inline value), and, for a fence, that one waits for the threads it started, as a program does at its end
(an author's review: a fence whose thread slept on "timed out" with no word of why)."""

from __future__ import annotations

from ..sitebuild import build, write_site

PAGE = '''\
# Slow

```python exec="on" timeout="1"
import threading, time

threading.Thread(target=lambda: time.sleep(60)).start()
print("started")
```
'''
WAITED = '# Waited\n\nWaited: `{python} __import__("time").sleep(60)`.\n'


def test_a_timeout_says_what_set_it(tmp_path):
    config = "site_name: t\ntheme: material\nplugins:\n  - bpdocs:\n      timeout: 1.5\n"
    result = build(write_site(tmp_path, {"index.md": PAGE, "waited.md": WAITED}, config=config))
    assert result.returncode != 0
    assert ("docs/index.md:3: timed out after 1 s (its timeout attribute); the run was stopped (if it started "
            "threads, it waits for those that are not daemons, as a program does at its end)") in result.stderr
    assert "docs/waited.md:3: timed out after 1.5 s (the option timeout); the run was stopped\n" in result.stderr
