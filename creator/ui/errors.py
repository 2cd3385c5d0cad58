"""How errors reach a person in the studio: one sentence under a title, never a class name.

Every handler is wrapped by :func:`ui_errors`. Errors a user can cause (bad input, a
denial, a missing permission) are logged as ONE line; anything else is an internal error,
logged with its traceback, and the page says so in plain words.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from consent.errors import describe

__all__ = ["ui_errors", "to_gr_error"]

log = logging.getLogger("consent_studio.ui")
_F = TypeVar("_F", bound=Callable[..., Any])


def to_gr_error(error: BaseException, where: str = "studio") -> gr.Error:
    """The ``gr.Error`` a person sees for ``error`` (and the log line the operator sees)."""
    shown = describe(error)
    if shown.expected:
        log.info("%s: %s: %s", where, shown.title, shown.message)
    else:
        log.error("%s: internal error", where, exc_info=error)
    # a user's mistake is the one log line above; Gradio would print its traceback too
    return gr.Error(shown.message, title=shown.title, duration=None, print_exception=not shown.expected)


def ui_errors(fn: _F) -> _F:
    """Turn every exception of a handler into a ``gr.Error`` with a title and one sentence."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as e:
            raise to_gr_error(e, fn.__name__) from e

    return wrapper  # type: ignore[return-value]
