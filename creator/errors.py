"""Error roots of the creator package."""

from __future__ import annotations

__all__ = ["CreatorError", "DisclosureError", "GenerationError", "InputError", "ModelUnavailable"]


class CreatorError(Exception):
    """Root of every error raised by :mod:`creator`."""


class DisclosureError(CreatorError):
    """A disclosure step (label, watermark, XMP, C2PA sign, read-back) failed. Nothing was written."""


class GenerationError(CreatorError):
    """The engine could not produce an image (model missing, bad parameters, runtime failure)."""


class ModelUnavailable(GenerationError):
    """A model id or path cannot be loaded offline (not a local folder/file, not in the HF cache)."""


class InputError(CreatorError, ValueError):
    """A request input is invalid: corrupt or oversized image, mask/source mismatch, bad size."""
