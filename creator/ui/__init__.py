"""The studio's web front end (Gradio).

- :mod:`creator.ui.layout` — the page: tabs, components and wiring (``build_app``, ``launch``);
- :mod:`creator.ui.handlers` — ``StudioApp``: parse a form → call an operation or the Studio → render;
- :mod:`creator.ui.forms` — one typed object per form, and the Gradio edge (``endpoint``);
- :mod:`creator.ui.render` — decisions, reports and tables as text;
- :mod:`creator.ui.errors` — one sentence per error, never a class name.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["StudioApp", "build_app", "launch", "GenerateForm", "SubjectForm", "SubjectEditForm"]

#: Where each name is defined, imported when first asked for: a module of this package that needs
#: no Gradio (render, errors: the CLI words a denial's next steps with render) loads without it.
_HOME = {"GenerateForm": "creator.ui.forms", "SubjectEditForm": "creator.ui.forms", "SubjectForm": "creator.ui.forms",
         "StudioApp": "creator.ui.handlers", "build_app": "creator.ui.layout", "launch": "creator.ui.layout"}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'creator.ui' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
