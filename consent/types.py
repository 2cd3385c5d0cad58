"""Small value types shared by likeness detection and the policy.

A :class:`Likeness` is one place where a request touches a person (or a persona): a
subject the user declared, a subject bound to an adapter, a name in the prompt, or a face
in an image. ``subject_id is None`` means *unknown*, which the policy always denies.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["LikenessSource", "Likeness", "FaceBox"]


class LikenessSource(str, enum.Enum):
    DECLARED = "declared"
    ADAPTER = "adapter"
    PROMPT_NAME = "prompt_name"
    SOURCE_FACE = "source_face"
    REFERENCE_FACE = "reference_face"
    OUTPUT_FACE = "output_face"


@dataclass(frozen=True)
class FaceBox:
    """A face box in pixel coordinates of the image it was found in."""

    x: int
    y: int
    w: int
    h: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class Likeness:
    """One likeness a request touches.

    - ``source``: where it was found.
    - ``subject_id``: the registered subject it resolves to, or ``None`` (unknown).
    - ``text`` / ``span``: for prompt names, the matched text and its character span.
    - ``box`` / ``similarity``: for faces, the face box and the best cosine similarity.
    - ``image``: for faces, which image (``"source"``, ``"reference[0]"``, ``"output[2]"``).
    - ``adapter_sha256``: for adapters, the file digest bound to the subject.
    - ``confidence``: 0..1, how sure the detector is that this is that subject / a person.
    - ``repainted``: for a source face, the edit keeps nothing of it (an inpaint mask over the
      face or all its features, an img2img at strength ≥ 0.9): what the model makes there is a new face.
    """

    source: LikenessSource
    subject_id: str | None
    text: str | None = None
    span: tuple[int, int] | None = None
    box: FaceBox | None = None
    similarity: float | None = None
    image: str | None = None
    adapter_sha256: str | None = None
    confidence: float = 1.0
    repainted: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def known(self) -> bool:
        return self.subject_id is not None

    def where(self) -> str:
        """Human-readable location: 'prompt chars 10-20 "Jane Doe"', 'source face at (x,y,w,h) sim 0.81'."""
        if self.span is not None:
            return f'prompt chars {self.span[0]}-{self.span[1]} "{self.text}"'
        if self.box is not None:
            sim = f" similarity {self.similarity:.2f}" if self.similarity is not None else ""
            seen = f" ({self.extra['seen_as']})" if self.extra.get("seen_as") else ""
            return f"{self.image or self.source.value} face at {self.box.as_tuple()}{sim}{seen}"
        if self.adapter_sha256:
            return f"adapter sha256 {self.adapter_sha256[:12]}…"
        return self.source.value
