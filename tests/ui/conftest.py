"""Fixtures for the UI tests live in ui_support.py (test modules import its helpers by
that unique name; importing ``conftest`` by name clashes with the other test folders)."""

from ui_support import *  # noqa: F401,F403  (re-exports the fixtures to pytest)
