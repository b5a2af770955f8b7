"""The search plugins' on_page_context handlers, wrapped (bpdocs.searchpages): only they read the page's search
text, for their own call; the others, before and after them, read and keep the page's HTML."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, PluginCollection, event_priority

from bpdocs.searchpages import give_search_its_text


class SearchPlugin(BasePlugin):
    def __init__(self):
        self.read = []

    def on_page_context(self, context, *, page, config, nav):
        self.read.append(page.content)
        if page.content == "fail":
            raise RuntimeError("the search plugin failed")
        return context


class Locking(BasePlugin):
    @event_priority(0)
    def on_page_context(self, context, *, page, config, nav):
        self.read = page.content
        page.content = "locked:" + page.content
        return context


def collection() -> tuple[PluginCollection, SearchPlugin, Locking]:
    plugins = PluginCollection()
    search, locking = SearchPlugin(), Locking()
    plugins["search"], plugins["locking"] = search, locking
    return plugins, search, locking


def run(plugins, content: str):
    page = SimpleNamespace(content=content)
    plugins.on_page_context({}, page=page, config=MkDocsConfig(), nav=None)
    return page


def test_only_the_search_plugin_reads_the_text_and_the_others_keep_what_they_did():
    plugins, search, locking = collection()
    assert give_search_its_text(plugins, lambda page: "text of " + page.content) == ["search"]
    page = run(plugins, "<p>html</p>")
    assert search.read == ["text of <p>html</p>"] and locking.read == "<p>html</p>"
    assert page.content == "locked:<p>html</p>"


def test_wrapping_again_wraps_nothing_more_and_keeps_the_order():
    """mkdocs-static-i18n runs on_config again for each language: one wrapper, in the search plugin's place."""
    plugins, search, _ = collection()
    order = [getattr(h, "__self__", None) for h in plugins.events["page_context"]]
    give_search_its_text(plugins, lambda page: "t")
    assert give_search_its_text(plugins, lambda page: "t") == []
    assert len(plugins.events["page_context"]) == 2
    assert [getattr(h, "__wrapped__", h).__self__ for h in plugins.events["page_context"]] == order
    run(plugins, "<p>x</p>")
    assert search.read == ["t"]


def test_the_page_gets_its_html_back_when_the_search_plugin_fails_and_nothing_is_swapped_without_a_text():
    plugins, search, _ = collection()
    give_search_its_text(plugins, lambda page: None if page.content == "<p>none</p>" else "fail")
    page = SimpleNamespace(content="<p>html</p>")
    with pytest.raises(RuntimeError):
        plugins.on_page_context({}, page=page, config=MkDocsConfig(), nav=None)
    assert page.content == "<p>html</p>"
    assert run(plugins, "<p>none</p>").content == "locked:<p>none</p>" and search.read[-1] == "<p>none</p>"
