"""The theme's templates compiled once (issue 21, warm builds and serve): Jinja's compiled templates are kept as
signed entries of bpdocs' cache; a warm build compiles none and writes the same site; an entry this machine did
not sign, a changed template, another environment or configuration is compiled again; a theme's own bytecode
cache is left alone; with the cache off nothing is kept."""

from __future__ import annotations

import jinja2
import pytest

from bpdocs.core.run.cache import Cache
from bpdocs.templatecache import SignedTemplateCache, environment_key, keep_compiled_templates

from ..sitebuild import MINIMAL_CONFIG, build, build_in_process, write_site

PAGES = {"index.md": '# Home\n\n```python exec="on"\nprint(6 * 7)\n```\n', "other.md": "# Other\n\nProse.\n"}
OVERRIDES = MINIMAL_CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
MAIN = '{% extends "base.html" %}\n{% block content %}<p class="marker">MARK</p>{{ super() }}{% endblock %}\n'


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    names, original = [], jinja2.Environment._parse

    def parse(self, source, name, filename):
        names.append(name)
        return original(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "_parse", parse)
    return names


def site_files(root) -> dict[str, bytes]:
    return {str(path.relative_to(root / "site")): path.read_bytes()
            for path in sorted((root / "site").rglob("*")) if path.is_file()}


def test_a_warm_build_compiles_no_template_and_writes_the_same_site(tmp_path, compiled):
    root = write_site(tmp_path, PAGES)
    build_in_process(root, command="build")
    assert "main.html" in compiled and "404.html" in compiled and "sitemap.xml" in compiled
    first = site_files(root)
    assert list((root / ".cache" / "bpdocs").glob("*/*.bytes"))
    compiled.clear()
    build_in_process(root, command="build")
    assert compiled == []
    assert site_files(root) == first


RENDERS_IN_ON_CONFIG = '''\
def on_config(config):
    config.extra["rendered"] = config.theme.get_env().get_template("partials/language.html").render(config=config)
    return config
'''


def test_templates_plugins_render_before_the_build_are_kept_too(tmp_path, compiled):
    """Material's search plugin renders its language partials in its on_config, before MkDocs makes the build's
    environment (so before on_env): compiled again in every build and serve rebuild, until bpdocs kept every
    environment the theme makes once bpdocs has configured the site. A hook that renders there too, after search."""
    config = MINIMAL_CONFIG.replace("plugins:\n", "hooks:\n  - hooks.py\nplugins:\n  - search\n")
    root = write_site(tmp_path, PAGES, config=config)
    (root / "hooks.py").write_text(RENDERS_IN_ON_CONFIG)
    build_in_process(root, command="build")
    assert "partials/language.html" in compiled and "partials/languages/en.html" in compiled
    first = site_files(root)
    compiled.clear()
    build_in_process(root, command="build")
    assert compiled == []
    assert site_files(root) == first
    (root / "mkdocs.yml").write_text(config.replace("  font: false\n", "  font: false\n  language: de\n"))
    compiled.clear()
    build_in_process(root, command="build")  # another configuration: its own entries
    assert "partials/language.html" in compiled and "partials/languages/de.html" in compiled


def test_an_entry_this_machine_did_not_sign_is_compiled_again(tmp_path, compiled):
    root = write_site(tmp_path, PAGES)
    build_in_process(root, command="build")
    first = site_files(root)
    for entry in (root / ".cache" / "bpdocs").glob("*/*.bytes"):  # planted: the body changed, the signature not
        header, _, body = entry.read_bytes().partition(b"\n")
        entry.write_bytes(header + b"\n" + body[:-1] + bytes([body[-1] ^ 1]))
    compiled.clear()
    build_in_process(root, command="build")
    assert "main.html" in compiled and site_files(root) == first


def test_a_changed_template_or_configuration_is_compiled_again(tmp_path, compiled):
    root = write_site(tmp_path, PAGES, config=OVERRIDES)
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(MAIN)
    build_in_process(root, command="build")
    assert "MARK" in (root / "site" / "other" / "index.html").read_text()
    (root / "overrides" / "main.html").write_text(MAIN.replace("MARK", "EDITED"))
    compiled.clear()
    build_in_process(root, command="build")
    assert compiled == ["main.html"] and "EDITED" in (root / "site" / "other" / "index.html").read_text()
    (root / "mkdocs.yml").write_text(OVERRIDES.replace("site_name: fixture", "site_name: renamed"))
    compiled.clear()
    build_in_process(root, command="build")
    assert "main.html" in compiled and "base.html" in compiled
    assert "renamed" in (root / "site" / "other" / "index.html").read_text()


def test_the_key_follows_what_compiling_depends_on(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: a\n")
    plain = environment_key(jinja2.Environment(), str(config))
    assert environment_key(jinja2.Environment(), str(config)) == plain
    with_filter = jinja2.Environment()
    with_filter.filters["shout"] = str.upper  # Jinja may call a filter on constant arguments while it compiles
    newstyle = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    newstyle.install_null_translations(newstyle=True)  # {% trans %} compiled otherwise
    variants = [jinja2.Environment(trim_blocks=True), jinja2.Environment(extensions=["jinja2.ext.i18n"]), newstyle,
                jinja2.Environment(autoescape=True), with_filter, jinja2.Environment(block_start_string="<%")]
    keys = [environment_key(env, str(config)) for env in variants]
    config.write_text("site_name: b\n")
    keys.append(environment_key(jinja2.Environment(), str(config)))
    assert len(set(keys)) == len(keys) and plain not in keys


def test_a_themes_own_bytecode_cache_is_kept_and_none_is_added_with_the_cache_off(tmp_path):
    own = jinja2.FileSystemBytecodeCache(str(tmp_path))
    env = jinja2.Environment(bytecode_cache=own)
    assert not keep_compiled_templates(env, Cache(tmp_path / ".cache", secret=b"k"), None)
    assert env.bytecode_cache is own
    env = jinja2.Environment()
    assert not keep_compiled_templates(env, Cache(tmp_path / ".cache", enabled=False), None)
    assert not keep_compiled_templates(env, None, None) and env.bytecode_cache is None
    assert keep_compiled_templates(env, Cache(tmp_path / ".cache", secret=b"k"), None)
    assert isinstance(env.bytecode_cache, SignedTemplateCache)


def test_with_the_cache_off_a_build_keeps_no_template(tmp_path, monkeypatch, compiled):
    monkeypatch.setenv("BPDOCS_CACHE", "0")
    root = write_site(tmp_path, PAGES)
    build_in_process(root, command="build")
    compiled.clear()
    build_in_process(root, command="build")
    assert "main.html" in compiled and not list(tmp_path.rglob("*.bytes"))


HOOKS = '''\
def shout(text):
    return text.upper()


def on_env(env, config, files):
    env.filters["shout"] = shout
    env.filters["greet"] = lambda text: config.extra["greeting"] + text
    return env
'''
FILTERED = '{% extends "base.html" %}\n{% block content %}<p class="marker">{{ "hi" | shout }}{{ " you" | greet }}</p>' \
    '{{ super() }}{% endblock %}\n'


def test_a_filter_jinja_called_while_compiling_is_called_again_when_its_code_or_the_config_changes(tmp_path):
    """Jinja calls a filter on constant arguments while it compiles (``{{ "hi" | shout }}`` is compiled to "HI"):
    a hook's filter edited (the same name) or a configuration value read by one that comes from the environment
    (``!ENV``; or an ``INHERIT``-ed parent: not in mkdocs.yml's bytes) compiles the template again. A plugin (here a
    hook, which runs after bpdocs) that adds filters in its ``on_env`` is in the key too."""
    config = OVERRIDES + "hooks:\n  - hooks.py\nextra:\n  greeting: !ENV [GREETING, 'Hello']\n"
    root = write_site(tmp_path, PAGES, config=config)
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(FILTERED)
    (root / "hooks.py").write_text(HOOKS)
    greeting = {"GREETING": "Hello", "PYTHONDONTWRITEBYTECODE": "1"}

    def marker() -> str:  # (builds in their own processes, as a user's: a hook is imported again)
        done = build(root, env=greeting)
        assert done.returncode == 0, done.stderr
        page = (root / "site" / "other" / "index.html").read_text()
        return page[page.index('<p class="marker">') + 18:page.index("</p>", page.index('<p class="marker">'))]

    assert marker() == "HIHello you"
    kept = sorted((root / ".cache" / "bpdocs").glob("*/*.bytes"))
    assert marker() == "HIHello you"  # from the cache: the key is the same in another process
    assert sorted((root / ".cache" / "bpdocs").glob("*/*.bytes")) == kept
    (root / "hooks.py").write_text(HOOKS.replace("text.upper()", "text.lower() + '!'"))
    assert marker() == "hi!Hello you"
    greeting["GREETING"] = "Bye"
    assert marker() == "hi!Bye you"


def test_opening_the_cache_again_keeps_one_wrapper_of_ours_and_another_plugins_own(tmp_path):
    """on_config runs again for each of mkdocs-static-i18n's languages: one wrapper of bpdocs' on the theme's
    get_env, the newest cache in it; a wrapper another plugin put around ours (functools.wraps copies attributes)
    is kept, wrapped in turn."""
    import functools

    from mkdocs.config.defaults import MkDocsConfig

    from bpdocs.core.options import DEFAULTS
    from bpdocs.templatecache import keep_theme_templates

    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "t", "theme": {"name": "mkdocs"}})
    assert config.validate() == ([], [])
    original = config.theme.get_env
    first = keep_theme_templates(config, tmp_path, DEFAULTS)
    second = keep_theme_templates(config, tmp_path, DEFAULTS)
    assert config.theme.get_env().bytecode_cache.cache is second is not first
    assert config.theme._bpdocs_get_env[1] == original  # (bound methods: equal, not the same object)
    ours = config.theme.get_env

    @functools.wraps(ours)
    def theirs():
        env = ours()
        env.filters["theirs"] = str
        return env

    config.theme.get_env = theirs
    third = keep_theme_templates(config, tmp_path, DEFAULTS)
    env = config.theme.get_env()
    assert "theirs" in env.filters and env.bytecode_cache.cache is second  # (theirs wraps ours: its env kept)
    assert third is not second
