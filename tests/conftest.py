import os

# Material prints an end-of-life banner for MkDocs 2 on every build; it is noise in tests.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
