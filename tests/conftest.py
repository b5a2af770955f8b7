import os

# Material prints an end-of-life banner for MkDocs 2 on every build; it is noise in tests.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """bpdocs built as a wheel from a copy of the repository and installed into a fresh venv."""
    from .install import build_and_install

    return build_and_install(tmp_path_factory.mktemp("install"))
