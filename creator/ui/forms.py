"""The studio's forms: one typed object per form, parsed once at the edge.

Gradio calls an event function with one positional value per input component. Rather than
repeat a form's fields in every handler signature, each form is a dataclass and
:func:`endpoint` builds the function Gradio sees from its fields (so the HTTP API keeps one
named parameter per field) and hands the handler a single form object.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import gradio as gr

from creator.errors import InputError

__all__ = ["GenerateForm", "ENGINE_MODES", "ENGINE_NOTES", "SubjectForm", "SubjectEditForm", "SubjectMergeForm", "endpoint",
           "split", "blank_to_none", "whole", "picked_row"]


# --------------------------------------------------------------------------- parsing helpers
def picked_row(rows: Any, evt: Any) -> list[Any] | None:
    """The values of the table row a click picked (Gradio's ``SelectData``): the event's own row
    when it carries one, else that row of the table's value; None when it is not there."""
    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    if getattr(evt, "row_value", None):
        return list(evt.row_value)
    try:
        return list(rows.iloc[row]) if hasattr(rows, "iloc") else list(rows[row])
    except (IndexError, KeyError, TypeError):
        return None


def split(text: str | None) -> tuple[str, ...]:
    """'a, b,,c' -> ('a', 'b', 'c')."""
    return tuple(p.strip() for p in (text or "").replace("\n", ",").split(",") if p.strip())


def ticked(value: Any, field: str) -> bool:
    """A checkbox's value: ``True`` or ``False`` (None: unticked). Anything else is refused: sent
    over the HTTP API as text, ``"false"`` counted as ticked wherever ``bool(value)`` was taken
    (red team of session 58: a delete confirmed, a famous name allowed)."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    raise InputError(f"`{field}` is {value!r}; expected true or false (a box ticked or not)")


def blank_to_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def whole(value: float | int | str | None, field: str, *, default: int | None = None) -> int | None:
    """A whole number from a number box; blank -> ``default``."""
    if value is None or value == "":
        return default
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InputError(f"`{field}` must be a whole number, got {value!r}") from None
    if not f.is_integer():
        raise InputError(f"`{field}` must be a whole number, got {value!r}")
    return int(f)


# --------------------------------------------------------------------------- engines
#: Modes each engine supports (the form offers only these; the server refuses the others).
ENGINE_MODES: dict[str, tuple[str, ...]] = {
    "gan": ("text2img",),
    "diffusion": ("text2img", "img2img", "inpaint"),
}
#: What the form says under the engine choice.
ENGINE_NOTES: dict[str, str] = {
    "gan": ("**The GAN ignores the prompt**: it draws a synthetic face of nobody from the seed (text to image only; "
            "no steps or guidance). The prompt is still checked for people's names. Pick *diffusion* to follow a "
            "prompt or to edit an image."),
    "diffusion": ("Diffusion follows the prompt; *Image to image* and *Inpaint* edit an uploaded image (editing counts "
                  "as footage editing in grants). Pick one of the registered models."),
}


# --------------------------------------------------------------------------- forms
@dataclass(frozen=True)
class GenerateForm:
    """The Generate tab (and the ``/generate`` and ``/check_consent`` API endpoints)."""

    engine: str = "gan"
    model: str | None = ""
    mode: str = "text2img"
    #: gr.ImageEditor value: {"background": path, "layers": [paths], "composite": path} or None
    source: dict | None = None
    prompt: str = ""
    negative_prompt: str = ""
    subjects: list[str] | None = None
    purpose: str = "art"
    media: str = "still_image"
    territory: str = "US"
    project: str | None = ""
    grantee: str | None = ""
    seed: float | None = -1
    steps: float = 20
    guidance: float = 7.5
    width: float = 512
    height: float = 512
    count: float = 1
    #: blank: the studio's default corner / format (the active disclosure profile limits both)
    label_position: str | None = ""
    output_format: str | None = ""

    def check_engine(self) -> None:
        """The engine's constraints, checked before anything else reads the form: a GAN request
        forged with an editing mode is a plain field error, never a failure later."""
        modes = ENGINE_MODES.get(self.engine or "")
        if modes is None:
            raise InputError(f"`engine` must be one of {', '.join(ENGINE_MODES)}, got {str(self.engine)[:40]!r}")
        if (self.mode or "") not in modes:
            raise InputError(f"`mode` {str(self.mode)[:40]!r} is not available with the {self.engine} engine; it supports "
                             f"{', '.join(modes)}" + (" (pick the diffusion engine to edit an image)" if self.engine == "gan" else ""))

    def seed_value(self) -> int | None:
        """Blank or negative means "random"."""
        seed = whole(self.seed, "seed")
        return None if seed is None or seed < 0 else seed

    def editor_images(self) -> tuple[str | None, bytes | None]:
        """(source path, mask PNG bytes) from the image editor; the mask is the painted layer(s)."""
        if self.mode == "text2img":
            return None, None
        background = (self.source or {}).get("background")
        if not background:
            raise InputError(f"mode {self.mode!r} needs a source image: upload one in the image editor")
        if self.mode != "inpaint":
            return str(background), None
        from pathlib import Path

        import numpy as np
        from PIL import Image

        from consent.errors import ImageInvalid
        from consent.imaging import check_pixels, check_untrusted

        def checked(path: str, field: str) -> None:
            """Bombs (scans, chunks, EXIF, pixels) are refused before Pillow opens the file."""
            try:
                data = Path(path).read_bytes()
                check_untrusted(data, field=field)
                check_pixels(data, field=field)
            except ImageInvalid as e:
                raise InputError(str(e)) from None

        checked(str(background), "source")
        with Image.open(background) as bg:
            size = bg.size
        mask = np.zeros((size[1], size[0]), dtype=bool)
        for layer in (self.source or {}).get("layers") or ():
            if not layer:
                continue
            checked(str(layer), "mask layer")
            with Image.open(layer) as im:
                alpha = np.asarray(im.convert("RGBA").resize(size))[:, :, 3]
            mask |= alpha > 0
        if not mask.any():
            raise InputError("mode 'inpaint' needs a mask: paint over the area to repaint in the image editor")
        buf = io.BytesIO()
        Image.fromarray((mask * 255).astype(np.uint8), mode="L").save(buf, format="PNG")
        return str(background), buf.getvalue()


@dataclass(frozen=True)
class SubjectForm:
    """People & consent → Add a subject."""

    subject_id: str = ""
    display_name: str = ""
    aliases: str = ""
    kind: str = "person"
    minor: bool = False
    opt_out: bool = False
    subject_key: str | None = None
    rep_name: str = ""
    rep_role: str | None = None
    rep_key: str | None = None
    famous_namesake: bool = False  # "Yes, also known by this famous name" (a real person only)


@dataclass(frozen=True)
class SubjectEditForm:
    """People & consent → Edit a subject (blank fields stay as they are)."""

    subject_id: str = ""
    display_name: str = ""
    aliases: str = ""
    #: "unchanged" (the page's default), "yes", "no"; or a bool / None from Python. A checkbox that
    #: read unticked as "not a minor" made a minor an adult whenever she was renamed (session 58)
    minor: bool | str | None = None
    subject_key: str | None = None
    famous_namesake: bool = False
    rep_name: str = ""  # a new representative: name and role together (blank: unchanged)
    rep_role: str | None = None  # a role, or REMOVE_REPRESENTATIVE (no name, no key)
    rep_key: str | None = None  # the representative's public key (alone: the current one's)


#: The Edit subject form's representative role that removes the representative instead
REMOVE_REPRESENTATIVE = "remove"


@dataclass(frozen=True)
class SubjectMergeForm:
    """People & consent → Merge two subjects (``remove`` is folded into ``keep``)."""

    keep: str = ""
    remove: str = ""
    confirm: bool = False
    famous_namesake: bool = False


# --------------------------------------------------------------------------- the Gradio edge
def endpoint(form: type, handler: Callable[..., Any], *, progress: bool = False) -> Callable[..., Any]:
    """The function Gradio wires for ``handler(form_obj, request[, progress])``.

    Its signature is the form's fields (one named API parameter each, in order) plus
    ``request`` (and ``progress``), so Gradio fills them as it does for a plain function.
    """
    names = [f.name for f in fields(form)]
    params = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
    params.append(inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request))
    if progress:
        params.append(inspect.Parameter("progress", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=gr.Progress()))
    sig = inspect.Signature(params)

    def call(*args: Any, **kwargs: Any) -> Any:
        bound = sig.bind(*args, **kwargs)
        values = {n: bound.arguments[n] for n in names if n in bound.arguments}
        extra = {"progress": bound.arguments.get("progress", gr.Progress())} if progress else {}
        return handler(form(**values), request=bound.arguments.get("request"), **extra)

    call.__signature__ = sig  # type: ignore[attr-defined]
    call.__annotations__ = {"request": gr.Request}
    call.__name__ = getattr(handler, "__name__", "endpoint")
    call.__doc__ = handler.__doc__
    return call
