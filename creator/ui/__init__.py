"""The studio's web front end (Gradio).

- :mod:`creator.ui.layout` — the page: tabs, components and wiring (``build_app``, ``launch``);
- :mod:`creator.ui.handlers` — ``StudioApp``: parse a form → call an operation or the Studio → render;
- :mod:`creator.ui.forms` — one typed object per form, and the Gradio edge (``endpoint``);
- :mod:`creator.ui.render` — decisions, reports and tables as text;
- :mod:`creator.ui.errors` — one sentence per error, never a class name.
"""

from creator.ui.forms import GenerateForm, SubjectEditForm, SubjectForm
from creator.ui.handlers import StudioApp
from creator.ui.layout import build_app, launch

__all__ = ["StudioApp", "build_app", "launch", "GenerateForm", "SubjectForm", "SubjectEditForm"]
