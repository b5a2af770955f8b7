"""The plugin is installed under its entry point and a minimal site builds strictly with it."""

import subprocess
import sys
from importlib.metadata import entry_points

from mkdocs.config.base import Config

from bpdocs.config import BPDocsConfig
from bpdocs.plugin import BPDocsPlugin

from ..sitebuild import build, write_site


def test_registered_as_mkdocs_plugin_and_markdown_extension_named_bpdocs():
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "bpdocs"]
    assert entry.load() is BPDocsPlugin
    assert issubclass(BPDocsConfig, Config)
    from bpdocs.extension import BPDocsExtension

    (entry,) = [e for e in entry_points(group="markdown.extensions") if e.name == "bpdocs"]
    assert entry.load() is BPDocsExtension


def test_the_plugin_and_the_extension_take_the_same_options():
    from bpdocs.core.options import NAMES
    from bpdocs.extension import BPDocsExtension

    assert [name for name, _ in BPDocsConfig._schema] == list(NAMES)
    assert set(BPDocsExtension().config) == set(NAMES) | {"page"}


def test_not_installed_as_a_top_level_package_named_plugins(tmp_path):
    # Run outside the checkout, so only what is installed is importable.
    probe = "import importlib.util, bpdocs; print(importlib.util.find_spec('plugins'), bpdocs.__file__)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out[0] == "None"
    assert out[1].endswith("plugins/bpdocs/__init__.py")


def test_minimal_site_builds_strictly(tmp_path):
    write_site(tmp_path, {"index.md": "# Hello\n\nSome math: \\(x_1 w_1\\).\n"})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<span class="arithmatex">\\(x_1 w_1\\)</span>' in html


def test_unknown_option_fails_the_strict_build(tmp_path):
    config = "site_name: f\nplugins:\n  - bpdocs:\n      enabeld: false\n"
    write_site(tmp_path, {"index.md": "# Hi\n"}, config=config)
    result = build(tmp_path)
    assert result.returncode != 0
    assert "enabeld" in result.stderr


def test_each_new_build_of_the_extension_prefetches_once(tmp_path):
    """A build that replaces a closed one (bpdocs' sources changed while Zensical serves) prefetches its
    pages, even when Python gives it the memory, and so the id, of the build it replaces."""
    import gc

    from bpdocs.extension import Builds

    class FakeBuild:
        def __init__(self):
            self.prefetched = 0

        def prefetch(self, docs_dir):
            self.prefetched += 1

    builds = Builds()
    for _ in range(20):
        build = FakeBuild()
        builds.prefetch_once(build, tmp_path)
        builds.prefetch_once(build, tmp_path)
        assert build.prefetched == 1
        del build
        gc.collect()
