"""The search plugins index a page's text as a reader reads it; every other plugin sees the page's HTML.

A page's HTML holds its figures as SVG, its formulas as TeX (typeset later, in on_post_page) and bpdocs' markers;
the search plugins (MkDocs' and Material's, both named ``search``, and any plugin class named ``SearchPlugin``)
index ``page.content`` in their ``on_page_context``. Each of their handlers is wrapped here so that
``page.content`` is the page's search text (:func:`~bpdocs.core.searchtext.search_html`: formulas and figures as
their words) for that call only, made from the HTML as it is when the search plugin runs. Swapping
``page.content`` for every plugin between two handlers of bpdocs' own instead published what other plugins did to
it in that window undone: mkdocs-encryptcontent's encrypted page (its ``on_page_context``) was replaced by the
page in plain text. What Material's search does to the page after indexing it (it removes its ``data-search-*``
markers) is done to the HTML too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

WRAPPED = "_bpdocs_search_text"  # set on a handler wrapped here (on_config runs again: i18n's languages)
MATERIAL_MARKERS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # (as Material's search removes them)


def is_search(name: str, plugin) -> bool:
    """MkDocs' ``search``, Material's ``material/search`` (``search`` under Material), and their subclasses."""
    return name == "search" or name.endswith("/search") or any(c.__name__ == "SearchPlugin"
                                                                for c in type(plugin).__mro__)


def give_search_its_text(plugins, search_text: Callable) -> list[str]:
    """Wrap the search plugins' ``on_page_context`` handlers in ``plugins`` (MkDocs' PluginCollection) so that they
    read ``search_text(page)`` (or the page itself where it returns None); the names of the plugins wrapped."""
    events = plugins.events.get("page_context", [])
    origins = getattr(plugins, "_event_origins", {})  # (MkDocs' debug log names each handler's plugin)
    searches = {id(plugin): name for name, plugin in plugins.items() if is_search(name, plugin)}
    wrapped = []
    for n, handler in enumerate(events):
        owner = getattr(handler, "__self__", None)
        if id(owner) not in searches or getattr(handler, WRAPPED, False):
            continue
        events[n] = _reading_text(handler, search_text, type(owner).__module__.startswith("material."))
        if handler in origins:
            origins[events[n]] = origins[handler]
        wrapped.append(searches[id(owner)])
    return wrapped


def _reading_text(handler: Callable, search_text: Callable, material: bool) -> Callable:
    @functools.wraps(handler)
    def with_the_text(context, *args, page, **kwargs):
        text = search_text(page)
        if text is None:
            return handler(context, *args, page=page, **kwargs)
        html, page.content = page.content, text
        try:
            return handler(context, *args, page=page, **kwargs)
        finally:
            edited = page.content is not text
            page.content = MATERIAL_MARKERS.sub("", html) if material and edited else html

    setattr(with_the_text, WRAPPED, True)
    with_the_text.mkdocs_priority = getattr(handler, "mkdocs_priority", 0)  # (its place among the handlers)
    return with_the_text
