"""Isolation and exactness (issue 20, point 5): what one fence does stays in that fence and its session.

Threads print into their own fence or are dropped with a located warning; sessions share no module state;
a fence that deletes the site's sources is a located error; memory exhaustion is located wherever it happens;
inline values fill math in tables. (Placeholder tokens: test_tokens.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

from ..sitebuild import write_site
from .harness import CONFIG, build, build_ok as ok, first_error, printed as outputs, site


# -- output of threads ------------------------------------------------------------------------------

THREADS = '''# Threads

```python exec="on"
import threading, time, sys, os
def later():
    time.sleep(0.4)
    print("PRINTED LATE", flush=True)
    print("DUNDER LATE", file=sys.__stdout__, flush=True)
    os.write(1, b"FD LATE\\n")
def spawner():
    time.sleep(0.2)
    threading.Thread(target=lambda: (time.sleep(0.5), print("GRANDCHILD LATE"))).start()
threading.Thread(target=later, daemon=True).start()
threading.Thread(target=spawner, daemon=True).start()
print("first")
```

```python exec="on"
import time
time.sleep(1.5)
print("second")
```
'''


def test_threads_of_an_earlier_fence_never_print_into_a_later_one(tmp_path):
    root = site(tmp_path, {"index.md": THREADS})
    stderr = ok(root, timeout=120)
    assert outputs(root) == ["first\n", "second\n"]
    warnings = [line for line in stderr.splitlines() if "a thread this fence started" in line]
    assert len(warnings) == 1 and "docs/index.md:3: a thread this fence started printed after the fence ended; " \
        "that output was dropped" in warnings[0], stderr


LOGGING = '''# Logging

```python exec="on"
import logging, sys
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
logging.info("log in fence one")
```

```python exec="on"
logging.info("log in fence two")
```

```python exec="on"
import sys
saved = sys.stderr
```

```python exec="on"
print("through a saved stream", file=saved)
```
'''


def test_a_stream_kept_from_an_earlier_fence_prints_into_the_fence_that_uses_it(tmp_path):
    root = site(tmp_path, {"index.md": LOGGING})
    ok(root)
    assert outputs(root) == ["log in fence one\n", "log in fence two\n", "through a saved stream\n"]


IDENT_REUSE = '''# Reuse

```python exec="on"
import threading, time
threading.Thread(target=lambda: time.sleep(0.3), daemon=True).start()  # alive when the fence ends
```

```python exec="on"
import threading, time
time.sleep(0.6)
for n in range(5):  # new threads, likely on the stack (and so the id) of the finished one
    t = threading.Thread(target=print, args=("from a new thread", n))
    t.start()
    t.join()
```
'''


def test_a_new_thread_that_reuses_an_old_threads_id_still_prints(tmp_path):
    root = site(tmp_path, {"index.md": IDENT_REUSE})
    ok(root)
    assert outputs(root) == ["".join(f"from a new thread {n}\n" for n in range(5))]


# -- sessions ------------------------------------------------------------------------------------------

SESSIONS = '''# Sessions

```python exec="on" session="a"
import json, sys, bpcore
import numpy as np
json.LEAKED = "yes"
bpcore.LEAKED = 1
np.set_printoptions(precision=2)
sys.modules["planted_module"] = json
sys.path.append("/nowhere/a")
```

```python exec="on" session="b"
import json, sys, bpcore
import numpy as np
print(hasattr(json, "LEAKED"), hasattr(bpcore, "LEAKED"), np.get_printoptions()["precision"],
      "planted_module" in sys.modules, "/nowhere/a" in sys.path)
```

```python exec="on" session="a"
print(json.LEAKED, bpcore.LEAKED, np.get_printoptions()["precision"], "planted_module" in sys.modules)
```

```python exec="on" session="c"
import os
os._exit(0)
```

```python exec="on" session="d"
print("never")
```
'''


def test_sessions_do_not_see_each_others_module_state(tmp_path):
    root = site(tmp_path, {"index.md": SESSIONS.split("```python exec=\"on\" session=\"c\"")[0]})
    ok(root)
    assert outputs(root) == ["False False 8 False False\n", "yes 1 2 True\n"]


def test_a_session_that_exits_the_process_fails_at_its_fence(tmp_path):
    root = site(tmp_path, {"index.md": SESSIONS})
    line = SESSIONS.split("\n").index('```python exec="on" session="c"') + 1
    assert first_error(build(root)).startswith(f"docs/index.md:{line}: the worker process exited with code 0")


# -- fences that delete the site's sources -------------------------------------------------------------

SLOW = '# A\n\n```python exec="on" show="source"\nimport time\ntime.sleep(2)\n```\n'
REMOVES = '# P\n\n```python exec="on"\nimport os, time\ntime.sleep({wait})\nos.remove("docs/{name}")\nprint("removed")\n```\n'


def removal_site(tmp_path: Path, name: str, wait: float) -> Path:
    root = site(tmp_path, {"index.md": REMOVES.format(name=name, wait=wait), "a.md": SLOW, "z.md": "# Z\n"})
    (root / "docs" / "pic.png").write_bytes(b"\x89PNG not really")
    return root


def test_a_fence_that_removes_a_page_mkdocs_is_about_to_read_is_a_located_error(tmp_path):
    root = removal_site(tmp_path, "z.md", 0.5)  # MkDocs is held up by a.md: z.md is read after it is gone
    assert first_error(build(root)) == ("docs/index.md:3: the fence removed docs/z.md, a file of the site's docs "
                                        "folder; fences must not delete or move the site's sources")


def test_a_fence_that_removes_a_page_before_mkdocs_lists_the_files_is_a_located_error(tmp_path):
    root = removal_site(tmp_path, "z.md", 0)  # gone before MkDocs looks: without the check, it is left out
    assert first_error(build(root)).startswith("docs/index.md:3: the fence removed docs/z.md")


def test_a_fence_that_removes_an_image_is_a_located_error(tmp_path):
    root = removal_site(tmp_path, "pic.png", 0.5)
    assert first_error(build(root)).startswith("docs/index.md:3: the fence removed docs/pic.png")


def test_a_fence_that_removes_its_own_page_is_a_located_error(tmp_path):
    root = removal_site(tmp_path, "index.md", 0)
    assert first_error(build(root)).startswith("docs/index.md:3: the fence removed docs/index.md")


def test_a_fence_may_write_files_into_the_docs(tmp_path):
    page = '# P\n\n```python exec="on"\nopen("docs/made.txt", "w").write("x")\nprint("made")\n```\n'
    root = site(tmp_path, {"index.md": page})
    ok(root)
    assert outputs(root) == ["made\n"]


# -- memory --------------------------------------------------------------------------------------------

MEMORY = "\n      memory: 300 MiB"


def test_an_inline_value_that_exhausts_memory_is_located_at_its_line(tmp_path):
    page = "# P\n\n```python exec=\"on\"\nx = 1\n```\n\nThe value `{python} len(bytearray(2 * 10**9))`.\n"
    root = site(tmp_path, {"index.md": page}, ":" + MEMORY)
    assert first_error(build(root)) == ("docs/index.md:7: the inline value used more than 300 MiB of memory (its "
                                        "limit: the option memory)")


def test_a_thread_that_exhausts_memory_is_located_at_its_fence(tmp_path):
    page = ('# P\n\n```python exec="on"\nimport threading\ndef hog():\n    global block\n'
            '    block = bytearray(2 * 10**9)\nt = threading.Thread(target=hog)\nt.start()\nt.join()\nprint("after")\n```\n')
    root = site(tmp_path, {"index.md": page}, ":" + MEMORY)
    assert first_error(build(root)).startswith("docs/index.md:3: the fence used more than 300 MiB of memory")


# -- inline values in math in tables -------------------------------------------------------------------

TABLES = '''# Tables

```python exec="on"
x = 3
```

| norm | value |
|:-:|--:|
| $\\lvert w \\rvert = `{python} x + 10`$ | \\(v = `{python} x + 11`\\) |
| $\\|w\\| = `{python} x + 12`$ | \\(a\\) and \\(b = `{python} x + 13`\\) |

!!! note

    | in a note |
    | - |
    | \\(n = `{python} x + 14`\\) |
'''


# (a site that writes $...$ sets arithmatex up itself: the one bpdocs adds to a site without math leaves $ as text)
DOLLARS = CONFIG.replace("markdown_extensions:\n",
                         "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n")


def test_inline_values_fill_math_in_tables(tmp_path):
    root = write_site(tmp_path, {"index.md": TABLES}, config=DOLLARS.format(options=":\n      typeset: browser"))
    ok(root)
    page = (root / "site" / "index.html").read_text()
    tables = page.split('role="main"')[1].split("<footer")[0]  # the page's content, not the theme's
    cells = re.findall(r"<td[^>]*>(.*?)</td>", tables, re.S)
    assert cells == ['<span class="arithmatex">\\(\\lvert w \\rvert = 13\\)</span>',
                     '<span class="arithmatex">\\(v = 14\\)</span>',
                     '<span class="arithmatex">\\(\\|w\\| = 15\\)</span>',
                     '<span class="arithmatex">\\(a\\)</span> and <span class="arithmatex">\\(b = 16\\)</span>',
                     '<span class="arithmatex">\\(n = 17\\)</span>'], cells


def test_inline_values_fill_math_in_tables_typeset_at_build_time(tmp_path):
    root = write_site(tmp_path, {"index.md": TABLES}, config=DOLLARS.format(options=""))
    ok(root)
    page = (root / "site" / "index.html").read_text()
    table = "".join(re.findall(r"<table>.*?</table>", page, re.S))
    assert re.findall(r"<mn>(\d+)</mn>", table) == ["13", "14", "15", "16", "17"]
    assert "bpdocs" not in table
