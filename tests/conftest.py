import os
import uuid

# Material prints an end-of-life banner for MkDocs 2 on every build; it is noise in tests.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Every process this test run starts inherits this mark, so the end-of-run check below finds this
# run's own leftovers only, never another build or test run on the same machine.
TEST_RUN = os.environ["BPDOCS_TEST_RUN"] = uuid.uuid4().hex


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """bpdocs built as a wheel from a copy of the repository and installed into a fresh venv."""
    from .install import build_and_install

    return build_and_install(tmp_path_factory.mktemp("install"))


@pytest.fixture(scope="session", autouse=True)
def no_worker_outlives_the_tests():
    """No test leaves a bpdocs worker behind (the reliability tests check every build they run, too)."""
    yield
    import time

    from .reliability.harness import children_named

    deadline = time.monotonic() + 10
    while (left := children_named("bpdocs.core.run.forkserver", TEST_RUN)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], f"bpdocs workers still running after the tests: {left}"
