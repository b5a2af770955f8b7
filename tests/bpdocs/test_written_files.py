"""Files a fence writes into the docs folder are part of the site: on the build that first makes them (links to
them validate, they are copied), and on a build that takes the fence from the cache (written again where missing).
:mod:`bpdocs.core.run.written` and :mod:`bpdocs.writtenfiles`."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

from bpdocs.core.run.written import MAX_FILE_BYTES, Written, keepable, restore

from ..sitebuild import build, write_site

CONFIG = """\
site_name: fixture
theme:
  name: material
  font: false
plugins:
  - bpdocs
"""
SAVES_A_PLOT = '''\
# Plot

```python exec="on"
import os
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt

os.makedirs("docs/figures", exist_ok=True)
fig, ax = plt.subplots(figsize=(2, 2))
ax.plot([1, 3, 2])
fig.savefig("docs/figures/plot.png")
plt.close(fig)
print("saved")
```

![the plot](figures/plot.png)
'''


def test_the_files_a_cell_opens_for_writing_below_the_docs_folder_are_taken_with_their_contents(tmp_path):
    """Written by open(), os.open, pathlib and numpy's saver, or moved in with os.replace: taken, relative to the
    site; read, written outside the docs folder, or hidden: not. Run in a process of its own (the audit hook
    stays for the life of a process, as it does in a page's child)."""
    script = r'''
import json, os, pathlib, sys
import numpy as np
sys.path[:0] = SYS_PATH
from bpdocs.core.run.written import Written
os.makedirs("docs/sub"); os.makedirs("elsewhere")
open("docs/read.txt", "w").write("before")
written = Written(["docs"])
written.start()
open("docs/read.txt").read()                      # read only
with open("docs/a.txt", "w") as f: f.write("a")
fd = os.open("docs/sub/b.bin", os.O_WRONLY | os.O_CREAT); os.write(fd, b"\x00b"); os.close(fd)
pathlib.Path("docs/c.txt").write_text("c")
np.save("docs/d.npy", np.arange(3))
open("elsewhere/e.txt", "w").write("e")             # not the site's
open("docs/.hidden", "w").write("h")               # left out of sites
open("elsewhere/f.tmp", "w").write("f"); os.replace("elsewhere/f.tmp", "docs/f.txt")
open("docs/gone.txt", "w").write("g"); os.remove("docs/gone.txt")
print(json.dumps(written.taken()))
print(json.dumps(written.taken()))                 # (each look starts afresh)
'''.replace("SYS_PATH", repr(sys.path))
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    import json

    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert sorted(first) == ["docs/a.txt", "docs/c.txt", "docs/d.npy", "docs/f.txt", "docs/sub/b.bin"]
    assert base64.b64decode(first["docs/sub/b.bin"]) == b"\x00b"
    assert base64.b64decode(first["docs/d.npy"]) == (tmp_path / "docs" / "d.npy").read_bytes()
    assert second == {}


def test_restore_writes_what_is_missing_and_nothing_outside_the_docs_folder(tmp_path):
    """A file that is there is left alone, even if it differs (an author's edit; or a file the build has not
    finished writing): only a missing one is written again."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "same.txt").write_bytes(b"same")
    os.utime(docs / "same.txt", (1_000_000, 1_000_000))
    (docs / "other.txt").write_bytes(b"old")
    encoded = {name: base64.b64encode(data).decode() for name, data in
               {"docs/same.txt": b"same", "docs/other.txt": b"new", "docs/new/deep.txt": b"deep",
                "docs/../escape.txt": b"x", str(tmp_path / "docs" / "absolute.txt"): b"x",
                "notdocs/x.txt": b"x"}.items()}
    there = restore({**encoded, "docs/too-big.bin": None}, tmp_path, ["docs"])
    assert there == ["docs/new/deep.txt", "docs/other.txt", "docs/same.txt"]
    assert (docs / "other.txt").read_bytes() == b"old" and (docs / "new" / "deep.txt").read_bytes() == b"deep"
    assert os.stat(docs / "same.txt").st_mtime == 1_000_000  # untouched: MkDocs serve would see a change
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "notdocs").exists()
    assert sorted(os.listdir(docs)) == ["new", "other.txt", "same.txt"]  # (no temporary file left)


def test_a_result_with_a_file_too_big_to_keep_is_not_cached():
    assert keepable(None) and keepable({}) and keepable({"docs/a": "YQ=="})
    assert not keepable({"docs/a": "YQ==", "docs/big": None})
    assert MAX_FILE_BYTES >= 10 * 1024 * 1024  # (a figure or a data file of a page fits)
    assert Written([]).taken() == {}  # no docs folder: nothing is taken


def test_a_figure_a_fence_saves_into_the_docs_folder_is_in_the_site_on_the_first_build(tmp_path):
    """MkDocs lists the docs folder before any cell runs: the page's link to the figure validates (--strict) and
    the figure is copied, on the build that first makes it (a fresh clone's, CI's)."""
    root = write_site(tmp_path / "site", {"index.md": SAVES_A_PLOT}, CONFIG)
    result = build(root)
    assert result.returncode == 0, result.stderr
    made = (root / "docs" / "figures" / "plot.png").read_bytes()
    assert made.startswith(b"\x89PNG") and (root / "site" / "figures" / "plot.png").read_bytes() == made
    assert 'src="figures/plot.png"' in (root / "site" / "index.html").read_text()


def test_a_fence_taken_from_the_cache_writes_its_file_again_where_it_is_missing(tmp_path):
    """A fresh clone with the cache restored (CI caching .cache/bpdocs) lacks the files fences wrote, which the
    repository does not hold: the cached result writes them again, and the site has them."""
    root = write_site(tmp_path / "site", {"index.md": SAVES_A_PLOT}, CONFIG)
    assert build(root).returncode == 0
    made = (root / "docs" / "figures" / "plot.png").read_bytes()
    (root / "docs" / "figures" / "plot.png").unlink()
    (root / "docs" / "figures").rmdir()
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "0 cell(s) run, 1 from cache" in result.stderr
    assert (root / "docs" / "figures" / "plot.png").read_bytes() == made
    assert (root / "site" / "figures" / "plot.png").read_bytes() == made


def test_a_file_the_cache_wrote_is_copied_once_by_mkdocs_not_again_at_the_end(tmp_path, monkeypatch):
    """The end of a build copies again only what cells that ran wrote (MkDocs may have copied it before they
    did): a serve loop's every rebuild copied every written file twice, there or restored from the cache."""
    from mkdocs.structure.files import File

    from ..sitebuild import serve_loop

    root = write_site(tmp_path / "site", {"index.md": SAVES_A_PLOT}, CONFIG)
    assert build(root).returncode == 0
    copied, copy_file = [], File.copy_file

    def counted(file, *args, **kwargs):
        copied.append(file.src_uri)
        return copy_file(file, *args, **kwargs)

    monkeypatch.setattr(File, "copy_file", counted)
    with serve_loop(root) as rebuild:
        rebuild()
        assert copied.count("figures/plot.png") == 1, copied
        (root / "docs" / "figures" / "plot.png").unlink()
        rebuild()
        assert copied.count("figures/plot.png") == 2, copied
    made = root / "docs" / "figures" / "plot.png"
    assert (root / "site" / "figures" / "plot.png").read_bytes() == made.read_bytes()


def test_a_page_may_link_to_a_file_a_fence_of_another_page_writes_and_one_no_page_links_is_copied(tmp_path):
    """The linking page comes first (MkDocs converts pages in order): it waits for the run that writes the file.
    A file no page links to, written after MkDocs copied the site's files, is copied at the end of the build."""
    pages = {
        "a.md": "# A\n\nThe data: [data.csv](data/data.csv).\n",
        "b.md": '# B\n\n```python exec="on"\nimport os, time\ntime.sleep(0.5)\nos.makedirs("docs/data", '
                'exist_ok=True)\nopen("docs/data/data.csv", "w").write("x,y\\n1,2\\n")\n'
                'open("docs/data/unlinked.txt", "w").write("kept")\nprint("written")\n```\n',
    }
    root = write_site(tmp_path / "site", pages, CONFIG)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "data" / "data.csv").read_text() == "x,y\n1,2\n"
    assert (root / "site" / "data" / "unlinked.txt").read_text() == "kept"
    assert 'href="../data/data.csv"' in (root / "site" / "a" / "index.html").read_text()


def test_a_link_to_a_file_nothing_writes_still_fails_a_strict_build(tmp_path):
    """Waiting for the runs does not hide a broken link: MkDocs' own warning, fatal under --strict."""
    page = '# P\n\n```python exec="on"\nprint(1)\n```\n\n![missing](nowhere.png)\n'
    result = build(write_site(tmp_path / "site", {"index.md": page}, CONFIG))
    assert result.returncode != 0
    assert "contains a link 'nowhere.png', but the target is not found" in result.stderr


def fence(code: str) -> str:
    return f'```python exec="on"\n{code}\n```\n'


def test_a_cached_build_leaves_a_file_two_fences_wrote_as_the_later_left_it_and_writes_it_at_most_once(tmp_path):
    """Written by one fence, appended to by the next: a cached build must not write the file twice (its time would
    change on every build, and `mkdocs serve` rebuild without end), nor at all while it is there."""
    page = "# P\n\n" + fence('open("docs/log.txt", "w").write("first\\n")') + "\n" + \
        fence('open("docs/log.txt", "a").write("second\\n")') + "\n[the log](log.txt)\n"
    root = write_site(tmp_path / "site", {"index.md": page}, CONFIG)
    assert build(root).returncode == 0
    log = root / "docs" / "log.txt"
    assert log.read_text() == "first\nsecond\n"
    os.utime(log, (1_000_000, 1_000_000))
    result = build(root)
    assert result.returncode == 0 and "0 cell(s) run, 2 from cache" in result.stderr, result.stderr
    assert os.stat(log).st_mtime == 1_000_000
    log.unlink()
    assert build(root).returncode == 0
    assert log.read_text() == "first\nsecond\n" and (root / "site" / "log.txt").read_text() == "first\nsecond\n"


def test_a_file_a_fence_writes_again_is_in_the_site_as_the_run_left_it(tmp_path):
    """MkDocs copies the docs folder's files while the cells run: a file it copied before the fence rewrote it is
    copied again at the end, so the site never shows the previous build's."""
    root = write_site(tmp_path / "site", {"index.md": "# P\n\n" + fence('open("docs/v.txt", "w").write("one")')
                                          + "\n[v](v.txt)\n"}, CONFIG)
    assert build(root).returncode == 0
    (root / "docs" / "index.md").write_text((root / "docs" / "index.md").read_text().replace('"one"', '"two"'))
    assert build(root).returncode == 0
    assert (root / "docs" / "v.txt").read_text() == "two" and (root / "site" / "v.txt").read_text() == "two"


def test_an_authors_edit_of_a_written_file_is_left_alone_by_a_cached_build(tmp_path):
    page = "# P\n\n" + fence('import os\nif not os.path.exists("docs/settings.json"):\n'
                              '    open("docs/settings.json", "w").write("{}")')
    root = write_site(tmp_path / "site", {"index.md": page}, CONFIG)
    assert build(root).returncode == 0
    (root / "docs" / "settings.json").write_text('{"edited": true}')
    assert "1 from cache" in build(root).stderr
    assert (root / "docs" / "settings.json").read_text() == '{"edited": true}'


def test_a_page_a_fence_writes_and_a_file_a_later_fence_deletes_end_in_no_traceback(tmp_path):
    """A written page is the next build's (MkDocs has listed the pages); a file one fence writes and the next
    deletes is that fence's located error, not bpdocs' traceback at the end of the build."""
    pages = {"index.md": "# P\n\n" + fence('open("docs/generated.md", "w").write("# G\\n")'),
             "other.md": "# O\n\n" + fence('open("docs/scratch.txt", "w").write("s")') + "\n" +
                         fence('import os\nos.remove("docs/scratch.txt")')}
    root = write_site(tmp_path / "site", pages, CONFIG)
    result = build(root)
    assert "Traceback" not in result.stderr, result.stderr
    assert "docs/other.md:" in result.stderr and "removed docs/scratch.txt" in result.stderr
    (root / "docs" / "other.md").unlink()
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "generated" / "index.html").exists()


def test_a_link_in_angle_brackets_with_spaces_waits_for_the_file(tmp_path):
    page = "# P\n\n" + fence('import time\ntime.sleep(0.3)\nopen("docs/my plot.txt", "w").write("p")') + \
        "\n[the plot](<my plot.txt>)\n"
    result = build(write_site(tmp_path / "site", {"index.md": page}, CONFIG))
    assert result.returncode == 0, result.stderr


def test_only_links_in_the_prose_make_a_page_wait_for_the_runs():
    """A link shown as code (the authoring page's own example) is no link: MkDocs does not check it, so the page
    must not wait for every run because of it (a cold build's pages would be converted one run at a time). The
    fenced blocks are those the page's scan found (a fence in a quote, a longer fence around a shorter one)."""
    from mkdocs.structure.files import File, Files

    from bpdocs.core.fences import scan
    from bpdocs.writtenfiles import WrittenFiles, _prose

    def missing(markdown: str) -> bool:
        code = tuple((fence.start, fence.end) for fence in scan(markdown, "docs/index.md").fences)
        return WrittenFiles._missing(_prose(markdown, code), "index.md", files)

    files = Files([File("index.md", "/docs", "/site", True), File("img/there.png", "/docs", "/site", True)])
    code = ("use `![the loss](figures/loss.png)`, ``[x](a.csv)``\n\n```markdown\n![y](b.png)\n```\n\n"
            "> ~~~\n> [q](e.png)\n> ~~~\n\n````md\n```\n[in](g.png)\n```\n````\n")
    assert not missing(code + "[there](img/there.png) [page](other.md) [folder](sub/)\n")
    for link in ("![](figures/loss.png)", "[d](<my data.csv>)", "[r]: out/x.svg", "[q](e.png?v=1#top)"):
        assert missing(code + link + "\n"), link
    assert not missing("[ext](https://example.org/x.png) [abs](/x.png) [up](../../x.png)\n")
    assert missing("```python\nprint(1)\n```\n\n![](late.png)\n") and not missing("```\n![](open.png)\n")
