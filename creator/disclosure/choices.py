"""What a request may choose about its disclosure: the label's corner and the file format.

The active label profile (``StudioSettings.label_profile``) names the corners it allows;
an operator may narrow corners and formats further (``label_positions``, ``output_formats``).
A request that names a value outside these is refused with a plain field error before
anything is decided or generated (``Studio`` calls :func:`disclosure_settings`); a blank
value means the studio's default. The pipeline then runs with a settings copy carrying the
chosen values, so nothing else can pick them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creator.errors import InputError

__all__ = ["FORMATS", "FORMAT_LABELS", "DisclosureChoices", "choices", "disclosure_settings"]

#: Formats the pipeline signs (label, watermark, XMP and C2PA are written and read back for each).
FORMATS = ("png", "jpeg")
FORMAT_LABELS = {"png": "PNG (lossless)", "jpeg": "JPEG (smaller)"}


def _listed(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip().lower() for p in (text or "").split(",") if p.strip())


@dataclass(frozen=True)
class DisclosureChoices:
    """The label corners and formats a request may pick now, and the defaults for a blank one."""

    profile: str
    positions: tuple[str, ...]
    formats: tuple[str, ...]
    default_position: str
    default_format: str

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "positions": list(self.positions), "formats": list(self.formats),
                "default_position": self.default_position, "default_format": self.default_format}


def choices(settings: Any) -> DisclosureChoices:
    """The corners (profile ∩ operator list) and formats (pipeline ∩ operator list) allowed now."""
    from creator.disclosure.label import _profile

    prof = _profile(settings.label_profile)
    narrowed = _listed(getattr(settings, "label_positions", ""))
    positions = tuple(p for p in prof.positions if not narrowed or p in narrowed)
    narrowed_f = _listed(getattr(settings, "output_formats", ""))
    formats = tuple(f for f in FORMATS if not narrowed_f or f in narrowed_f)
    return DisclosureChoices(prof.name, positions, formats, str(settings.label_position).lower(),
                             str(settings.output_format).lower())


def disclosure_settings(settings: Any, label_position: str | None = None, output_format: str | None = None) -> Any:
    """``settings`` with the request's label corner and format, each checked against :func:`choices`.

    Raises :class:`InputError` naming the field, the value and the allowed ones. Blank values keep
    the studio's defaults (which the pipeline itself checks when it runs)."""
    allowed = choices(settings)
    update: dict[str, str] = {}
    for field, value, ok, what in (("label_position", label_position, allowed.positions, "label corners"),
                                   ("output_format", output_format, allowed.formats, "output formats")):
        if value is None or not str(value).strip():
            continue
        v = str(value).strip().lower()
        if v == "jpg":
            v = "jpeg"
        if v not in ok:
            raise InputError(f"`{field}` {str(value)[:40]!r} is not allowed here; the {allowed.profile} label profile "
                             f"and this studio allow these {what}: {', '.join(ok) or 'none'}")
        update[field] = v
    return settings.model_copy(update=update) if update else settings
