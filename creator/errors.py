"""Errors of the creator package: children of the product's one root, ``ConsentError``.

Each carries its CLI exit code and a user-facing title (see :mod:`consent.errors`).
"""

from __future__ import annotations

from consent.errors import ConsentError

__all__ = ["Cancelled", "CreatorError", "DisclosureError", "GenerationError", "InputError", "ModelUnavailable",
           "OutputFileInvalid", "SettingsInvalid"]


class CreatorError(ConsentError):
    """Root of every error raised by :mod:`creator` (itself a :class:`ConsentError`)."""


class DisclosureError(CreatorError):
    """A disclosure step (label, watermark, XMP, C2PA sign, read-back) failed. Nothing was written."""

    title = "Disclosure failed; nothing was published"


class GenerationError(CreatorError):
    """The engine could not produce an image (model missing, bad parameters, runtime failure)."""

    title = "Generation failed"


class ModelUnavailable(GenerationError):
    """A model id or path cannot be loaded offline (not a local folder/file, not in the HF cache)."""

    title = "Model not available"


class InputError(CreatorError, ValueError):
    """A request input is invalid: corrupt or oversized image, mask/source mismatch, bad size."""

    exit_code = 2
    title = "Check your input"


class Cancelled(CreatorError):
    """A generation was cancelled (by its owner, an operator, or because its client went away)
    before its outputs were recorded. Nothing was published."""

    title = "Cancelled"


class OutputFileInvalid(CreatorError):
    """A recorded output's published file is missing, or is not the file its signed record lists
    (not under its content-addressed name, or its bytes do not hash to the output's digest).
    Nothing is served or read from it."""

    title = "Output file not available"


class SettingsInvalid(CreatorError):
    """The studio's environment or settings would break a promise if it started with them (a UI
    cache folder that holds the keys); nothing was started."""

    exit_code = 2
    title = "Invalid settings"
