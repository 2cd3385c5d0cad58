"""How errors reach a person in the studio: one sentence under a title, never a class name.

Every handler is wrapped by :func:`ui_errors`. Errors a user can cause (bad input, a
denial, a missing permission) are logged as ONE line; anything else is an internal error,
logged with its traceback, and the page says so in plain words.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from consent.errors import describe

__all__ = ["ui_errors", "to_gr_error", "for_people"]

log = logging.getLogger("consent_studio.ui")
_F = TypeVar("_F", bound=Callable[..., Any])


#: The page's label of each field a message names in backticks. The page's messages (and so its
#: HTTP API's, which are the same events) name the labels; the CLI's and the Python API's keep
#: the field names, which is what those callers type.
FIELD_LABELS = {
    "prompt": "Prompt", "negative_prompt": "Negative prompt", "num_images": "Count", "count": "Count",
    "territory": "Territory", "project": "Project", "grantee": "Grantee", "seed": "Seed", "steps": "Steps",
    "guidance": "Guidance", "width": "Width", "height": "Height", "mode": "Mode", "engine": "Engine",
    "model": "Model", "source": "Source image", "mask": "Painted mask", "purpose": "Purpose", "media": "Media",
    "subjects": "Subjects depicted", "label_position": "Label corner", "output_format": "File format",
    "message": "Why", "reason": "Reason", "evidence": "Evidence",
    "valid_until": "Valid until", "valid_from": "Valid from", "names": "Names", "job": "Job", "output": "Output",
    "link lifetime": "Signing links valid for (days)",
}
_BACKTICKED = re.compile(r"`([a-z_ ]+)`")
_BYTES = re.compile(r"\b(\d{6,}) bytes\b")


def for_people(message: str) -> str:
    """``message`` as a person on the page reads it (user audit: "`prompt` is 5000 characters",
    "`num_images` must be in [1, 8]", "26522167 bytes; the limit is 16777216 bytes"): a field named
    in backticks by its label on the page, a byte count of a million or more in MB."""
    def label(m: re.Match) -> str:
        name = FIELD_LABELS.get(m.group(1))
        return f"“{name}”" if name else m.group(0)

    text = _BACKTICKED.sub(label, message.replace("`confirm` is not ticked", "The confirmation box is not ticked"))
    return _BYTES.sub(lambda m: f"{int(m.group(1)) / 1e6:.1f} MB", text)


def to_gr_error(error: BaseException, where: str = "studio") -> gr.Error:
    """The ``gr.Error`` a person sees for ``error`` (and the log line the operator sees)."""
    shown = describe(error)
    if shown.expected:
        log.info("%s: %s: %s", where, shown.title, shown.message)
    else:
        log.error("%s: internal error", where, exc_info=error)
    # a user's mistake is the one log line above; Gradio would print its traceback too
    return gr.Error(for_people(shown.message), title=shown.title, duration=None, print_exception=not shown.expected)


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
