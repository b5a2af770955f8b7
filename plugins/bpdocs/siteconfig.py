"""How ``bpdocs check`` reads a site: its configuration as the generator reads it, and its pages as the
generator finds them.

``mkdocs.yml`` (and ProperDocs' ``properdocs.yml``) is read by MkDocs' own loader: ``!ENV`` values are
YAML scalars, ``!relative`` and ``!!python/name:`` work, ``INHERIT`` is followed; the options bpdocs needs
(``docs_dir``, the Markdown extensions, the page exclusions, ``extra_javascript``) are validated by
MkDocs' own option classes. ``zensical.toml`` is read as Zensical reads it. Pages are found as MkDocs
finds them (``os.walk``, following links; ``.*``, ``/templates/``, ``exclude_docs`` and ``draft_docs``
left out), and a file-system problem is a message about its path, never a traceback.
"""

from __future__ import annotations

import importlib.util
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import markdownexec
from .core import options as core_options
from .core.errors import BPDocsError
from .core.run.cache import published_cache

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml")
# The options of MkDocs' schema that bpdocs check reads (validated by MkDocs' own classes).
MKDOCS_OPTIONS = ("docs_dir", "site_dir", "exclude_docs", "draft_docs", "extra_javascript",
                  "markdown_extensions", "mdx_configs")
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # MkDocs' Markdown pages


class UsageError(Exception):
    """Bad arguments or an unreadable configuration: nothing was checked (exit status 2)."""


@dataclass
class Markdown:
    """The Markdown set-up of the site (before bpdocs adds to it), and what the site loads."""

    extensions: list
    configs: dict
    scripts: list[str]  # extra_javascript
    page_config: object | None = None  # MkDocs' config, whose _current_page ``!relative`` reads


@dataclass
class Site:
    root: Path  # where the configuration is (page paths in messages are relative to it)
    docs_dir: Path
    options: core_options.Options
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the build warns of about the site (check: errors)
    markdown: Markdown | None = None  # None: the site's Markdown set-up is unknown (TeX is not validated)
    exclude: object | None = None  # a pathspec of pages the generator leaves out
    config_name: str = "mkdocs.yml"  # how messages about the whole site name it
    jinja: str | None = None  # the macros plugin renders pages' Jinja first: "all" pages, or "marked" ones only


def find_config(folder: Path) -> Path | None:
    """The site's configuration in ``folder``, as MkDocs, ProperDocs or Zensical would find it (a relative
    path when ``folder`` is the working directory, as messages show it)."""
    folder = Path(os.path.relpath(folder)) if Path(folder).resolve() == Path.cwd().resolve() else Path(folder)
    return next((folder / name for name in CONFIG_FILES if (folder / name).is_file()), None)


def _entry(items, name: str):
    """The settings of ``name`` in a plugins or markdown_extensions list (or mapping); None if absent."""
    if isinstance(items, dict):
        return (items.get(name) or {}) if name in items else None
    for item in items or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return item[name] or {}
    return None


# Plugins that add no page and no Markdown or HTML of a page that bpdocs would read (themes' and site tools').
NO_PAGE_CONTENT = {"bpdocs", "search", "material/search", "tags", "material/tags", "offline", "material/offline",
                   "privacy", "material/privacy", "social", "material/social", "optimize", "material/optimize",
                   "info", "material/info", "group", "material/group", "meta", "material/meta", "minify",
                   "minify-html", "redirects", "git-revision-date-localized", "git-revision-date", "git-committers",
                   "git-authors", "glightbox", "awesome-pages", "awesome-nav", "literate-nav", "section-index", "rss",
                   "exclude", "include_exclude_files", "autorefs"}


def _plugin_names(config: dict) -> list[str]:
    plugins = config.get("plugins") or []
    return [str(name) for name in (list(plugins) if isinstance(plugins, dict) else
                                   [next(iter(p)) if isinstance(p, dict) else p for p in plugins])]


def _page_makers(config: dict) -> list[str]:
    """The site's plugins (and hooks) that may make pages or add to them as the build runs, which check cannot."""
    makers = [name for name in _plugin_names(config) if name not in NO_PAGE_CONTENT]
    return makers + (["its hooks"] if config.get("hooks") else [])


def _read_mkdocs(config_file: Path) -> tuple[dict, Markdown, object]:
    """The raw settings, the Markdown set-up and the exclusions, as MkDocs reads ``config_file``."""
    from mkdocs import exceptions
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import _default_exclude

    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with open(config_file, "rb") as fd:
            config.load_file(fd)
    except exceptions.ConfigurationError as exc:
        raise UsageError(f"{config_file}: {exc}") from None
    raw = {key: value for key, value in config.items()}
    if not isinstance(raw.get("plugins"), (list, dict, type(None))):
        raise UsageError(f"{config_file}: plugins must be a list or a mapping")
    config._schema = tuple((k, o) for k, o in MkDocsConfig._schema if k in MKDOCS_OPTIONS)
    failed, _ = config.validate()
    if failed:
        key, error = failed[0]
        raise UsageError(f"{config_file}: {key}: {error}")
    exclude = _default_exclude + config["exclude_docs"] if config["exclude_docs"] else _default_exclude
    if config["draft_docs"]:  # `mkdocs build` leaves drafts out
        exclude = exclude + config["draft_docs"]
    raw["docs_dir"] = config["docs_dir"]
    return raw, Markdown(config["markdown_extensions"], config["mdx_configs"],
                         [str(s) for s in config["extra_javascript"]], config), exclude


def _read_toml(config_file: Path) -> tuple[dict, Markdown | None]:
    import tomllib

    try:
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{config_file}: cannot read it: {exc}") from None
    raw = data.get("project", data)
    try:  # Zensical's own reading of its Markdown set-up, when it is installed
        from zensical.config import parse_zensical_config

        parsed = parse_zensical_config(str(config_file))
        markdown = Markdown(list(parsed["markdown_extensions"]), dict(parsed["mdx_configs"]),
                            [str(s.get("path", s)) if isinstance(s, dict) else str(s)
                             for s in parsed.get("extra_javascript", [])])
    except Exception:  # not installed, or a setting it refuses (zensical build says which)
        markdown = None
    return raw, markdown


def read_site(config_file: Path | None) -> Site:
    """The docs folder, bpdocs options and Markdown set-up of the site (defaults when there is none)."""
    if config_file is None:
        root = Path.cwd()
        return Site(root, root / "docs", core_options.DEFAULTS, markdown=Markdown([], {}, []))
    config_file = Path(config_file)
    if not config_file.exists():
        raise UsageError(f"{config_file}: no such file")
    if not config_file.is_file():
        raise UsageError(f"{config_file}: not a file")
    exclude = None
    try:
        if config_file.suffix == ".toml":
            config, markdown = _read_toml(config_file)
        else:
            config, markdown, exclude = _read_mkdocs(config_file)
    except OSError as exc:
        raise UsageError(f"{config_file}: cannot read it ({exc.strerror or exc})") from None
    if not isinstance(config, dict):
        raise UsageError(f"{config_file}: not a mapping of settings")
    root = config_file.resolve().parent
    plugin = _entry(config.get("plugins"), "bpdocs")
    extension = _entry(config.get("markdown_extensions"), "bpdocs")
    try:
        as_plugin, as_extension = (core_options.from_mapping(s) if s is not None else None
                                   for s in (plugin, extension))
    except core_options.OptionError as exc:
        raise UsageError(f"{config_file}: bpdocs option: {exc}") from None
    options, leaving = markdownexec.resolved(as_plugin or as_extension or core_options.DEFAULTS,
                                             _plugin_names(config), markdown.configs if markdown else {})
    macros = _entry(config.get("plugins"), "macros")
    site = Site(root, root / str(config.get("docs_dir") or "docs"), options, markdown=markdown, exclude=exclude,
                config_name=config_file.name, jinja=None if macros is None else
                "marked" if isinstance(macros, dict) and macros.get("render_by_default") is False else "all")
    if as_plugin and as_extension and as_plugin != as_extension:
        differ = [name for name in core_options.NAMES if getattr(as_plugin, name) != getattr(as_extension, name)]
        site.notes.append(f"{config_file.name} gives bpdocs other options under plugins than under "
                          f"markdown_extensions ({', '.join(differ)}): MkDocs uses the first, Zensical the second; "
                          "this check uses the plugin's. To give both the same, write them once with a YAML anchor "
                          "(- bpdocs: &bpdocs {...} under plugins, - bpdocs: *bpdocs under markdown_extensions).")
    site.notes += [leaving] if leaving else []
    site.warnings += filter(None, [markdownexec.run_by_nothing(options, _plugin_names(config),
                                                              markdown.configs if markdown else {}),
                                   published_cache(root, options, {"docs_dir": site.docs_dir, "site_dir": root / str(
                                       config.get("site_dir") or "site")})])
    makers = [name for name in _page_makers(config) if not (leaving and name == "markdown-exec")]  # (said above)
    if makers:
        they = "they make or add" if len(makers) > 1 or makers == ["its hooks"] else "it makes or adds"
        site.notes.append(f"the build also runs {', '.join(makers)}: what {they} to pages (API pages from "
                          "docstrings, notebooks, generated pages) is not read here, only by the build (mkdocs build "
                          "--strict checks the math and fences of what they give it; math a plugin renders itself, "
                          "as a notebook with its own MathJax, is left to it)")
    if plugin is not None and extension is None and importlib.util.find_spec("zensical") is not None:
        # (said only where Zensical is installed: to a site built with MkDocs alone it is noise)
        site.notes.append(f"{config_file.name} lists bpdocs under plugins only: Zensical ignores plugins it does "
                          "not know and would publish these pages unchecked. List it under markdown_extensions "
                          "too (MkDocs then leaves it to the plugin).")
    return site


class FileProblem(BPDocsError):
    """A page or folder that cannot be read as one: ``path: what is wrong`` (no line)."""

    @property
    def location(self) -> str:
        return self.page


def _problem(path: Path, site: Site, what: str) -> FileProblem:
    return FileProblem(what, os.path.relpath(path, site.root))


def page_problem(path: Path, site: Site, exc: OSError | None = None) -> FileProblem | None:
    """What keeps ``path`` from being read as a page, or None if it is a readable regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return _problem(path, site, f"a symbolic link to {os.readlink(path)}, which does not exist")
        return _problem(path, site, "no such file")
    except OSError as err:
        return _problem(path, site, f"cannot be read ({err.strerror})")
    if stat.S_ISDIR(mode):
        return None if exc is None else _problem(path, site, "a folder, not a page")
    if not stat.S_ISREG(mode):
        return _problem(path, site, "not a regular file (a pipe or a device): it cannot be a page")
    if exc is not None:
        return _problem(path, site, f"cannot be read ({exc.strerror or exc})")
    if not os.access(path, os.R_OK):
        return _problem(path, site, "cannot be read (permission denied)")
    return None


def _walk(folder: Path, site: Site, problems: list[FileProblem]) -> list[Path]:
    """Every page below ``folder``, as MkDocs' ``get_files`` walks it; unreadable folders are problems."""
    base = site.docs_dir if folder.resolve().is_relative_to(site.docs_dir.resolve()) else folder
    found = []

    def unreadable(err: OSError) -> None:
        problems.append(_problem(Path(err.filename), site, f"a folder that cannot be read ({err.strerror}): "
                                                             "its pages are not checked"))

    for source_dir, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=True):
        dirnames.sort()
        names = set(filenames)
        for name in sorted(filenames):
            path = Path(source_dir) / name
            uri = Path(os.path.relpath(path, base)).as_posix()
            if not name.endswith(PAGE_SUFFIXES) or (site.exclude is not None and site.exclude.match_file(uri)):
                continue
            if name.rsplit(".", 1)[0] == "README" and any(f"index{s}" in names for s in PAGE_SUFFIXES):
                continue  # MkDocs builds index.md there, not README.md
            found.append(path)
    return found


def markdown_files(paths: list[Path], site: Site) -> tuple[list[Path], list[FileProblem]]:
    """The pages to check (the given files, and the pages below the given folders; default: the docs
    folder), and the problems that keep some from being read. A missing path given is a usage error."""
    files, problems = [], []
    for path in paths or [site.docs_dir]:
        if os.path.isdir(path):
            files += _walk(Path(path), site, problems)
        elif not paths and os.path.lexists(path):
            raise UsageError(f"{os.path.relpath(path)}: the site's docs_dir is not a folder")
        elif os.path.lexists(path):
            problem = page_problem(Path(path), site)
            if problem is None:
                files.append(Path(path))
            else:
                problems.append(problem)
        else:
            raise UsageError(f"{path}: no such file or folder")
    for path in files:
        problem = page_problem(path, site)
        if problem is not None:
            problems.append(problem)
    bad = {p.page for p in problems}
    pages = [p for p in files if os.path.relpath(p, site.root) not in bad]
    return sorted(dict.fromkeys(Path(os.path.abspath(p)) for p in pages)), problems
