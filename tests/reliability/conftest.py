"""Fixtures of the reliability suite; the helpers live in reliability_helpers.py
(a plain module, so that tests can import them without clashing with
tests/conftest.py)."""

from reliability_helpers import big_import, big_import_small, journal, seeded, seeded_template  # noqa: F401  (fixtures)
