"""Top-level test configuration. Its presence puts ``tests/`` on ``sys.path``, so that helpers shared
by several test folders (``cli_runner``) are imported by name, like each folder's own helpers."""
