"""The authoring reference documents every option, attribute and display function there is."""

from pathlib import Path

from bpdocs import display
from bpdocs.config import BPDocsConfig
from bpdocs.core.attributes import KNOWN_ATTRS

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text()


def test_every_config_option_is_documented():
    for name, _ in BPDocsConfig._schema:
        assert f"| `{name}` |" in PAGE, name


def test_every_fence_attribute_is_documented():
    for name in KNOWN_ATTRS:
        assert f"`{name}`" in PAGE, name


def test_every_display_function_is_documented():
    for name in ("show", "show_markdown", "show_html"):
        assert callable(getattr(display, name))
        assert f"`{name}(" in PAGE, name


def test_the_page_executes_its_examples():
    assert PAGE.count('exec="on"') >= 6 and "`{python} " in PAGE


CHECKING = (Path(__file__).resolve().parents[2] / "docs" / "checking.md").read_text()


def test_the_checking_page_documents_every_attribute_default_loss_and_the_api():
    from bpdocs.core.attributes import LOSS_NAMES, MATH_ATTRS
    from bpdocs.core.mathcheck.notation import CANONICAL
    from bpdocs.core.pages import PAGE_DEFAULTS

    for name in MATH_ATTRS:
        assert f"| `{name}` |" in CHECKING, name
    for key in PAGE_DEFAULTS:
        assert key in CHECKING, key
    for loss in LOSS_NAMES:
        assert f"`{loss}`" in CHECKING, loss
    for name in CANONICAL:
        if name != "n":
            assert f"`{name if name != 'delta' else chr(92) + 'delta'}" in CHECKING, name
    assert "check_equation(latex, check, *, activation=" in CHECKING and "## Your own notation" in CHECKING
