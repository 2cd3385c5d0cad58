"""``Studio.generate``: the one governed entry point that produces images.

Reads like a recipe (docs/ARCHITECTURE.md, "The governed recipe"): each numbered step is one method.
Nothing else in the product returns or writes images; the UI and the CLI call this.

Fail closed: a denied decision raises :class:`~consent.errors.ConsentDenied` before any
model runs; a disclosure failure raises :class:`~creator.errors.DisclosureError` and no
file reaches the outputs folder; every decision and every failure is in the audit log.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from PIL import Image

from consent.errors import ConsentDenied, ConsentError, DatabaseLocked, ImageInvalid, NameCheckFailed, NotFound, RecordInvalid
from consent.integrity import IntegrityFailure
from consent.policy import Decision
from consent.types import FaceBox, Likeness, LikenessSource
from creator._recent import Recent
from creator.errors import Cancelled, CreatorError, DisclosureError, GenerationError, InputError, ModelUnavailable
from creator.request import BlockedOutput, GenerationRequest, GenerationResult, OutputFile
from creator.settings import StudioSettings

__all__ = ["Studio", "Progress", "ShouldCancel"]

log = logging.getLogger(__name__)
#: Anything that looks like a file path (POSIX or Windows) in a loader's message: never shown to a creator.
_PATHS = re.compile(r"(?<![\w.])(?:[A-Za-z]:\\|~?/)[^\s'\"`,;)]*")

#: progress(stage, done, total) — stage is one of "check", "generate", "scan", "disclose", "record".
Progress = Callable[[str, int, int], None]
#: should_cancel() -> True once the caller wants the run stopped (asked at every progress report).
ShouldCancel = Callable[[], bool]
#: How many input images' face scans a studio keeps (Studio._find_faces).
_FACE_SCANS_KEPT = 8


def _draw_seed() -> int:
    return int.from_bytes(uuid.uuid4().bytes[:4], "big")


def _cancellable(progress: Progress, should_cancel: ShouldCancel | None, job_id: str | None) -> Progress:
    """``progress`` that first raises :class:`Cancelled` when ``should_cancel()`` says so.

    Engines report progress after every denoising step or GAN batch, so a cancel lands
    between steps. It is honoured up to the start of step 7 (record): once the outputs'
    record is being written, the run completes.
    """
    if should_cancel is None:
        return progress

    def report(stage: str, done: int, total: int) -> None:
        if not (stage == "record" and done > 0) and should_cancel():
            who = f"job {job_id}" if job_id else "the generation"
            raise Cancelled(f"{who} was cancelled during {stage} ({done}/{total}); nothing was published")
        progress(stage, done, total)

    return report


#: An inpaint mask that repaints at least this share of a face repaints the face (a new face of
#: them, not an edit of footage of them); under it, the face is kept in part and the edit is one.
_REPAINTED_FACE_SHARE = 0.9
#: An img2img at this strength or more keeps little of the source: with Stable Diffusion's
#: scaled-linear schedule its starting latent holds 0.12–0.15 of the source's signal at 0.9 and
#: ≈ 0.07–0.09 at 1.0 (against ≈ 0.53 at 0.5): what the model makes of a face there is a new face.
_REPAINTING_STRENGTH = 0.9
#: ... and so does one whose starting latent holds less of the source than this, whatever the
#: strength (:meth:`creator.engines.diffusion.DiffusionEngine.source_weight`, the model's own
#: scheduler): Stable Diffusion's schedulers keep 0.12–0.15 at strength 0.9 (DDIM, PNDM,
#: Euler, DPM-Solver, UniPC, LMS; 20–50 steps), diffusers' default linear DDIM schedule 0.08 at
#: the default strength 0.75 (adversary 13).
_REPAINTING_SOURCE_WEIGHT = 0.15


def _repaints(request: GenerationRequest, box, landmarks=(), source_weight: float | None = 1.0) -> bool:
    """Whether the edit keeps (almost) nothing of the source face in ``box``: an img2img at
    :data:`_REPAINTING_STRENGTH` or more, or whose model starts from less than
    :data:`_REPAINTING_SOURCE_WEIGHT` of the source (``source_weight``; None: the model cannot
    say, which counts as repainting); an inpaint whose mask, as the engine hands it to the
    model (:func:`creator.engines.base.inpaint_mask`: grey, at the output size, whole latent
    cells), covers the face — most of its box, or every one of its features (``landmarks``:
    eyes, nose tip, mouth corners), which a mask shaped as a ring around them repaints while
    leaving the box's edges."""
    if request.mode == "img2img":
        return (request.strength >= _REPAINTING_STRENGTH or source_weight is None
                or source_weight < _REPAINTING_SOURCE_WEIGHT)
    if request.mode != "inpaint" or request.mask is None or box is None:
        return False
    import numpy as np

    from creator.engines.base import inpaint_mask

    painted = np.asarray(inpaint_mask(request.mask.open("L"), request.width, request.height)) >= 128
    h, w = painted.shape
    sx, sy = w / request.source.width, h / request.source.height  # source pixels -> output pixels
    x0, y0 = max(int(box.x * sx), 0), max(int(box.y * sy), 0)
    x1, y1 = min(int(round((box.x + box.w) * sx)), w), min(int(round((box.y + box.h) * sy)), h)
    if x1 <= x0 or y1 <= y0:
        return False
    if float(painted[y0:y1, x0:x1].mean()) >= _REPAINTED_FACE_SHARE:
        return True
    r = max(2, min(x1 - x0, y1 - y0) // 16)  # a feature is repainted when most of its neighbourhood is
    points = [(int(x * sx), int(y * sy)) for x, y in landmarks]
    features = [painted[max(y - r, 0):y + r + 1, max(x - r, 0):x + r + 1] for x, y in points if 0 <= x < w and 0 <= y < h]
    return len(features) == 5 and all(f.size and f.mean() >= 0.5 for f in features)


#: An engine hands its model the source resized to the output's size (Lanczos, as
#: :class:`creator.engines.diffusion.DiffusionEngine` does). Where that size differs from the
#: source's, the faces are also looked for in the resized picture, and the engine gets exactly
#: that picture: a face squashed to a third of its height is no face to the detector, and the
#: stretch makes it an upright face for the model; an 18 px face no pass finds is 74 px at a 4×
#: upscale; per-pixel noise that hides a face from the scan is averaged away by a 4× downscale
#: (adversary 18). A face found there that stands where the source's own scan found one (boxes
#: overlapping) is that face when it resolves to the same person, or both to nobody. Where the
#: source's face is someone and the resized picture's nobody, it is her face when the detector
#: could not confirm it as a face (a part of her face or collar, resized: no clearer face than
#: hers), or when its embedding is at least this close to her face's in the source: the
#: project's line for "could be the same person" (likeness.UNKNOWN_THRESHOLD). Her own face,
#: stretched or cropped into other proportions, measured 0.41-0.88 from itself; a stranger's
#: face squashed and blended over hers, which the stretch makes upright, 0.12-0.14. The face must
#: also be nearest to her of everyone enrolled, as close as this to her templates: her face in the
#: source only has to match her, and a stranger's face beneath a blend of her came 0.38 from the
#: blend but 0.22 from her templates (adversary 22).
_SAME_FACE_SIMILARITY = 0.363


def _engine_view(request: GenerationRequest):
    """The source as the model gets it (resized to the output's size) when that changes its size,
    as a canonical image; None otherwise (text2img, or a source already at the output's size)."""
    if request.mode not in ("img2img", "inpaint") or request.source is None \
            or (request.source.width, request.source.height) == (request.width, request.height):
        return None
    from consent import imaging

    im = request.source.open().resize((request.width, request.height), Image.Resampling.LANCZOS)
    return imaging.from_pil(im, field="source")


def _in_source(lk: Likeness, landmarks, seen_at: tuple[int, int], size: tuple[int, int]):
    """A likeness (and its face's landmarks) found in the resized picture, in the source's pixels."""
    sx, sy = size[0] / seen_at[0], size[1] / seen_at[1]
    b = lk.box
    x0, y0 = int(b.x * sx), int(b.y * sy)
    box = FaceBox(x0, y0, max(1, int(round((b.x + b.w) * sx)) - x0), max(1, int(round((b.y + b.h) * sy)) - y0))
    extra = dict(lk.extra, seen_as=f"resized to {seen_at[0]}x{seen_at[1]}, as the model gets it",
                 box_as_seen=list(b.as_tuple()))
    return replace(lk, box=box, extra=extra), tuple((x * sx, y * sy) for x, y in landmarks)


def _twin(lk: Likeness, face, in_source: list, claimed: frozenset[int] = frozenset()) -> Likeness | None:
    """The source's own likeness that ``lk`` (found in the resized picture as ``face``, its box in
    source pixels) is, if any: a likeness whose box overlaps it and that is the same person, or
    both nobody; or, where the source's face is someone and ``lk`` nobody, a region the detector
    could not confirm as a face (a part of her face, resized), a face too small in the resized
    picture for its identity to be checked (under ``MIN_IDENTIFIABLE_PX``: a wide shot of her into a
    256² output keeps her face at 10 px, 0.32 from her; adversary 20 showed that a rule on box
    sizes, "her face shrunk", dropped a stranger's face a resize made clear, of 51-86 px), or a
    face within :data:`_SAME_FACE_SIMILARITY` of the source's face whose nearest enrolled person is
    her, as close as that (see there). Never a region past the scan's region cap (not checked).

    ``claimed``: the ``id`` of each source likeness of someone that a confirmed face of the resized
    picture, large enough to check, matches as the same person. Her face found again at the model's size is hers; a second
    small confirmed face on it is someone else's face on hers, not her face too small to check
    (adversary 22: a stranger's face 90 px wide on her cheek, 20x24 px for the model)."""
    import numpy as np

    from consent.likeness import MIN_IDENTIFIABLE_PX

    for other, other_embedding in in_source:
        if not _overlapping(lk, other):
            continue
        if lk.subject_id == other.subject_id:
            return other
        if lk.subject_id is None and other.subject_id is not None:
            if face.unchecked:
                continue  # past the scan's region cap: never checked, so anyone's (adversary 22)
            if face.status != "face":
                return other  # no confirmed face: a part of her face or collar, resized
            if face.size < MIN_IDENTIFIABLE_PX:
                if id(other) in claimed:
                    continue  # her face is already there at the model's size: this is another face on it
                return other  # a face too small for anyone to tell who it is: hers, shrunk
            # as close to her face in this source as to be her, and nearest to her of everyone
            # enrolled, as close as that to her templates: her face in the source only has to match
            # her, so a blend of a stranger into it brought a stranger's face within reach of it
            # (adversary 22: 0.38 from a 30 % blend, 0.22 from her templates)
            if face.embedding is not None and other_embedding is not None \
                    and float(np.dot(face.embedding, other_embedding)) >= _SAME_FACE_SIMILARITY \
                    and lk.extra.get("nearest") == other.subject_id \
                    and (lk.similarity or -1.0) >= _SAME_FACE_SIMILARITY:
                return other
    return None


def _overlapping(a: Likeness, b: Likeness) -> bool:
    """Two face boxes of one image overlapping by IoU ≥ 0.3, or one's centre inside the other
    (the scan's own merge rule; a face stretched is boxed at another size)."""
    if a.box is None or b.box is None:
        return False
    ax, ay, aw, ah = a.box.as_tuple()
    bx, by, bw, bh = b.box.as_tuple()
    iw, ih = min(ax + aw, bx + bw) - max(ax, bx), min(ay + ah, by + bh) - max(ay, by)
    if iw <= 0 or ih <= 0:
        return False
    if (bx <= ax + aw / 2 <= bx + bw and by <= ay + ah / 2 <= by + bh) or \
            (ax <= bx + bw / 2 <= ax + aw and ay <= by + bh / 2 <= ay + ah):
        return True
    inter = iw * ih
    return inter / float(aw * ah + bw * bh - inter) >= 0.3


#: An output face stands where a source face stood when its centre lies in that face's box
#: (scaled to the output) widened by this share of its size on each side ...
_KEPT_FACE_SLACK = 0.25
#: ... and it is about that face's size: neither side more than this factor apart. A close-up of
#: her painted around her small kept face is a new picture of her (adversary 15).
_KEPT_FACE_SIZE = 1.5
_EDIT_OPERATIONS = ("footage_edit", "face_replacement")


def _new_faces_of_edited(prepared: "_Prepared", faces: list[Likeness], size: tuple[int, int]) -> list[Likeness]:
    """Faces in an output of an edit (img2img, inpaint) of people the decision covers for an edit
    only (``footage_edit``, ``face_replacement``) that stand where no face of the source stood:
    new pictures of them, which an edit grant does not allow (adversary 13: "Eileen Collins
    standing next to herself", painted into an empty half of a picture whose other half keeps her
    face). A ``footage_edit`` face must stand where a face of the same person stood, at about its
    size; a ``face_replacement`` face where any source face stood (the one replaced). Each source
    face accounts for one output face."""
    request, decision = prepared.request, prepared.decision
    if request.mode not in ("img2img", "inpaint") or request.source is None:
        return []
    sx, sy = size[0] / request.source.width, size[1] / request.source.height
    sources = [lk for lk in prepared.likenesses if lk.source is LikenessSource.SOURCE_FACE and lk.box is not None]
    free = list(range(len(sources)))
    new: list[Likeness] = []
    for f in faces:
        if f.subject_id is None or f.box is None or f.subject_id not in decision.subjects:
            continue
        op = str(decision.subject_operations.get(f.subject_id, decision.context.operation))
        if op not in _EDIT_OPERATIONS:
            continue
        cx, cy = f.box.x + f.box.w / 2, f.box.y + f.box.h / 2
        match = None
        for j in free:
            lk = sources[j]
            if op == "footage_edit" and lk.subject_id != f.subject_id:
                continue
            b, m = lk.box, _KEPT_FACE_SLACK
            x0, y0 = (b.x - m * b.w) * sx, (b.y - m * b.h) * sy
            x1, y1 = (b.x + (1 + m) * b.w) * sx, (b.y + (1 + m) * b.h) * sy
            size = max(f.box.w, f.box.h) / max(b.w * sx, b.h * sy, 1.0)
            if x0 <= cx <= x1 and y0 <= cy <= y1 and 1 / _KEPT_FACE_SIZE <= size <= _KEPT_FACE_SIZE:
                match = j
                break
        if match is None:
            new.append(f)
        else:
            free.remove(match)
    return new


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class _Prepared:
    """What steps 1–3 produce: the checked request, every likeness, and the decision."""

    request: GenerationRequest
    likenesses: tuple[Likeness, ...]
    exempted_names: tuple[str, ...]
    decision: Decision
    #: (subject id or None, embedding) of every face found in the source and references
    input_faces: tuple[tuple[str | None, object], ...] = ()
    #: The source resized to the output's size (``_engine_view``), scanned and handed to the
    #: engine as it is; None where the engine gets the canonical source at its own size.
    source_view: object = None
    #: The seed the engine runs with: the request's, or one drawn here (recorded either way).
    seed: int = 0
    #: Context for every audit entry of this run (e.g. the job id).
    extra: Mapping = field(default_factory=dict)

    def audit_extra(self) -> dict:
        return {"request_digest": self.request.digest(), "exempted_prompt_names": list(self.exempted_names),
                "seed": self.seed, **dict(self.extra)}


class _People:
    """Registry-derived state for one people version: built lazily, once."""

    def __init__(self, registry, version: int, previous: "_People | None" = None):
        self.registry, self.version = registry, version
        self._matcher = self._index = None
        self._lock = threading.Lock()
        #: the subjects the matcher was built from, by id, and the audit entry they were read at,
        #: and the templates the face index was built from (subject ids, matrix, template ids) and
        #: theirs: the next version reads only what the signed log says changed since
        #: (Registry.subjects_since, Registry.face_templates_since)
        self._subjects: tuple[dict, int] | None = None
        self._templates: dict[str, tuple[tuple, int]] | None = None  # by model (colour, grey)
        # The newest of each that an earlier version built (a version may build only one of the
        # two: text-only requests never load faces), kept until this version builds its own.
        self._base_subjects = previous.subjects_read() if previous is not None else None
        self._base_templates = previous.templates_read() if previous is not None else None

    def subjects_read(self) -> tuple[dict, int] | None:
        return self._subjects or self._base_subjects

    def templates_read(self) -> dict[str, tuple[tuple, int]] | None:
        return self._templates or self._base_templates

    def matcher(self):
        with self._lock:
            if self._matcher is None:
                from consent.names import NameMatcher

                base, seq = self._base_subjects or (None, 0)
                subjects, seq = self.registry.subjects_since(base, seq)
                self._subjects, self._base_subjects = ({s.id: s for s in subjects}, seq), None
                self._matcher = NameMatcher(subjects, self.registry.name_exceptions(),
                                            watched=self.registry.watched_names())
            return self._matcher

    def face_index(self):
        with self._lock:
            if self._index is None:
                from consent import likeness

                # colour templates, and the grey ones that monochrome faces are compared with too
                # (each checked against the signed log like the colour ones)
                read = {}
                for model in (likeness.MODEL_NAME, likeness.GREY_MODEL_NAME):
                    base, seq = (self._base_templates or {}).get(model, (None, 0))
                    ids, matrix, tids, seq = self.registry.face_templates_since(model, base, seq)
                    read[model] = ((ids, matrix, tids), seq)
                self._templates, self._base_templates = read, None
                (ids, matrix, _t), _s = read[likeness.MODEL_NAME]
                (gids, gmatrix, _t), _s = read[likeness.GREY_MODEL_NAME]
                self._index = likeness.FaceIndex.from_templates(
                    ids, matrix.reshape(-1, likeness.EMBEDDING_DIM) if len(ids) else matrix,
                    grey=(gids, gmatrix.reshape(-1, likeness.EMBEDDING_DIM)) if len(gids) else None)
            return self._index


class Studio:
    """The governed studio. One instance per process; thread-safe ``generate``.

    ``engines`` maps an engine name to a factory ``(request) -> Engine``; the defaults
    are the built-in GAN and diffusers. Tests may register other factories (a stub
    generator) — everything else in the recipe (decision, scan, disclosure, audit) stays.
    """

    def __init__(self, settings: StudioSettings | None = None, *, registry=None, engines=None, clock=_now, store=None,
                 device: str = "cpu"):
        self.settings = settings or StudioSettings()
        #: torch device the built-in engine factories load models on ("cuda" on a Ray GPU worker)
        self.device = device
        if store is None:
            # Where outputs are published (step 7): the data dir's outputs folder unless the
            # caller names another store (a shared filesystem for Ray workers; see creator.jobs.store).
            from creator.jobs.store import FileOutputStore

            store = FileOutputStore.for_settings(self.settings)
        self.store = store
        if registry is None:
            from consent.registry import Registry

            registry = Registry.from_settings(self.settings)
        self.registry = registry
        self._clock = clock
        self._engine_factories: dict[str, Callable[[GenerationRequest], object]] = {
            "gan": self._gan_engine,
            "diffusion": self._diffusion_engine,
        }
        self._engine_factories.update(engines or {})
        self._engine_cache: dict[tuple, object] = {}
        self._built_from: dict[int, str | None] = {}  # id(engine) → the registered digest it was loaded under
        self._verified_models: dict[str, str] = {}
        self._people_cache: _People | None = None
        #: find_faces results of the newest input images, by the digest of their bytes (of their
        #: pixels for an in-memory image): a generate after its check, the UI's flow, does not scan
        #: the same source again. Matching them to the registry is never cached.
        self._face_scans: Recent = Recent(_FACE_SCANS_KEPT)
        self._lock = threading.RLock()
        self._signer = None
        self._runs_recovered = False
        self._no_secret_remade()
        from creator.disclosure.watermark import Watermarker

        self._watermarker = Watermarker(self.settings.watermark_key())

    def _no_secret_remade(self) -> None:
        """Refuse to start where the watermark key or the local C2PA chain is missing while the
        registry already holds outputs (red team 70: after a partial restore the studio made new
        ones without a word; the earlier outputs' marks could no longer be read, stripped copies no
        longer traced, and the outputs themselves failed verify as signed by an untrusted signer).
        A studio with no output yet makes them on first use, as before."""
        from creator.disclosure.keys import local_chain_missing

        missing = []
        if not self.settings.watermark_key_file.exists():
            missing.append(f"the watermark key {self.settings.watermark_key_file}")
        if local_chain_missing(self.settings):
            missing.append(f"the local C2PA signing chain in {self.settings.c2pa_dir}")
        if missing and self.registry.list_outputs(limit=1):
            from creator.errors import DisclosureError

            raise DisclosureError(self.settings.lost_secret_message(" and ".join(missing)))
        if not missing:
            self._same_watermark_key()

    def _same_watermark_key(self) -> None:
        """Refuse to start where the watermark key is not the one this studio's outputs were marked
        with (a self-hosting admin's walkthrough, session 66: a key file replaced by 32 other bytes
        was taken without a word; new outputs were marked with it and stripped copies of the earlier
        ones no longer traced). The newest and the oldest output files in the outputs folder that
        are this registry's outputs are read with the key: each one's recorded payload must come
        back (red team s66: the newest records' files moved away let a wrong key through, and an
        output it marked then "read" at the next start). Once a key has read them,
        ``watermark.checked`` beside it records the key's id and an output of this registry it
        read; a start that finds both (that output still this registry's) reads nothing."""
        import hashlib
        import json
        import os

        from creator.errors import DisclosureError

        key = self.settings.watermark_key()
        kid = hashlib.sha256(b"consent-studio/watermark-key-id/v1\0" + key).hexdigest()[:32]
        record = self.settings.watermark_key_file.with_name("watermark.checked")
        try:
            was = json.loads(record.read_text("utf-8"))
            # bound to this installation: the output it read is one of this registry's (red team s66:
            # a key restored with its record from another studio's backup was taken unread)
            if was.get("key_id") == kid and was.get("read") and self.registry.find_output(sha256=str(was["read"])):
                return
        except (OSError, ValueError, AttributeError, TypeError):
            pass
        files = self._own_output_files()
        if not files:
            return  # no output file here to read (none yet, or kept elsewhere): nothing to tell either way
        for rec, path in files:
            read = self._read_mark(key, path)
            if read != rec.watermark_payload:
                raise DisclosureError(
                    f"the watermark key {self.settings.watermark_key_file} does not read the marks of this studio's "
                    f"outputs (output {rec.sha256[:12]}… was marked {rec.watermark_payload}, and this key reads "
                    f"{read or 'nothing'} there): it is not the key they were made with. Restore the original "
                    "key from your backup; nothing was made")
        tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key_id": kid, "read": files[-1][0].sha256}) + "\n", "utf-8")  # the oldest
        os.chmod(tmp, 0o600)
        os.replace(tmp, record)

    def _own_output_files(self) -> list:
        """(record, path) of the newest and the oldest files in the outputs folder that are outputs
        of this registry with a watermark payload (by modification time; at most one each)."""
        import os
        import re

        try:
            with os.scandir(self.settings.outputs_dir) as entries:
                found = sorted(((e.stat().st_mtime_ns, e.name) for e in entries
                                if re.fullmatch(r"[0-9a-f]{64}\.(png|jpg)", e.name) and e.is_file(follow_symlinks=False)),
                               reverse=True)
        except OSError:
            return []

        def first(names):
            for _, name in names:
                rec = self.registry.find_output(sha256=name.split(".", 1)[0])
                if rec is not None and rec.watermark_payload:
                    return rec, self.settings.outputs_dir / name
            return None

        newest = first(found)
        oldest = first(reversed(found)) if newest is not None else None
        return [x for x in (newest, oldest if oldest and oldest[0].sha256 != newest[0].sha256 else None) if x]

    @staticmethod
    def _read_mark(key: bytes, path) -> str | None:
        import numpy as np
        from PIL import Image

        from creator.disclosure.watermark import Watermarker

        try:
            with Image.open(path) as im:
                pixels = np.asarray(im.convert("RGB"))
        except (OSError, ValueError):
            return None
        return Watermarker(key).read_array(pixels).payload

    def _recover_runs(self) -> None:
        """Once per studio, before its first output is staged: publish what a plain run killed
        between its record and its move left recorded in staging, delete the rest
        (:func:`creator.jobs.store.recover_runs`; a job's staging is its service's to recover)."""
        if self._runs_recovered:
            return
        with self._lock:
            if self._runs_recovered:
                return
            from creator.jobs.store import recover_runs

            rec = recover_runs(self.store, self.registry)
            self._runs_recovered = True
        if rec.published or rec.discarded:
            import logging

            logging.getLogger("consent_studio").warning(
                "a run that died left staging behind: published %d recorded output(s) (%s), deleted %d unrecorded file(s)",
                len(rec.published), ", ".join(rec.published) or "-", len(rec.discarded))

    # ------------------------------------------------------------------ public API
    def check(self, request: GenerationRequest) -> Decision:
        """Steps 1–3 only: the decision this request would get now (audited), no generation."""
        return self._prepare_audited(request, audit=True).decision

    def generate(self, request: GenerationRequest, progress: Progress | None = None, *,
                 should_cancel: ShouldCancel | None = None, job_id: str | None = None) -> GenerationResult:
        """Run the governed recipe and return disclosed, recorded outputs (or raise).

        ``should_cancel`` is asked at every progress report (after each denoising step):
        when it returns True the run stops with :class:`~creator.errors.Cancelled` (audited
        as a failure once a decision exists; nothing published). ``job_id`` names the job
        this run belongs to in its audit entries and its staging folder.
        """
        progress = _cancellable(progress or (lambda stage, done, total: None), should_cancel, job_id)
        # 1–3. Check inputs, find every likeness, decide (denials are audited and raised).
        progress("check", 0, 1)
        prepared = self._prepare_audited(request, audit=False, extra={"job_id": job_id} if job_id else {})
        decision = prepared.decision
        try:
            decision.require()
        except ConsentDenied:
            recorded = self.registry.record_denial(decision, extra=prepared.audit_extra(), request_view=request.for_the_person)
            if recorded is not decision:  # an approval's message as filed under the write lock (red team 73)
                recorded.require()
            raise
        stage = "check"  # the step a failure is audited under
        try:
            progress("check", 1, 1)
            stage = "generate"
            # 4. Generate with the chosen engine (adapters only under this decision).
            images = self._generate_images(prepared, progress)
            # 5. Scan the outputs: faces of enrolled people not covered by the decision block.
            stage = "scan"
            kept, blocked = self._scan_outputs(prepared, images, progress)
            if not kept:
                reasons = "; ".join(r for b in blocked for r in b.reasons)
                denied = ConsentDenied(f"every output was blocked by the output face scan: {reasons}", decision)
                # what the maker reads (the job's error): faces, not who they are
                denied.creator_message = ("every output was blocked by the output face scan: "
                                          + "; ".join(r for b in blocked for r in b.shown_reasons))
                raise denied
            # 6. Disclose each output (label → watermark → XMP → C2PA → read back) in staging.
            stage = "disclose"
            # Staging sits beside outputs/ (same filesystem, atomic publish) but outside the
            # folder the UI serves: input copies and half-made files are never reachable.
            self._recover_runs()
            staging = self.store.new_staging(job_id)
            recorded = False
            try:
                signed = self._disclose_all(prepared, kept, staging, progress)
                # 7. Record (outputs, usage counters, audit, manifest store) in one transaction,
                #    then publish the files into the outputs folder.
                stage = "record"
                try:
                    outputs = self._record(prepared, signed, blocked, progress)
                except Exception:
                    # an error after the record's commit (red team 70): the signed files are kept in
                    # staging for recovery, never deleted under a record that names them
                    recorded = self._any_recorded(signed)
                    raise
                recorded, stage = True, "publish"
                self._publish(signed, staging, progress)
                recorded = False  # published: nothing left in staging to keep
            finally:
                # Once recorded, a signed file is kept in staging until it is published: a move
                # that failed (a full disk) leaves it for recover_staging, never deletes it.
                if not recorded:
                    shutil.rmtree(staging, ignore_errors=True)
        except Exception as e:  # every failure is audited, then re-raised unchanged
            message = str(e) if isinstance(e, ConsentDenied) else f"{type(e).__name__}: {e}"
            self.registry.record_failure(decision, stage, message, extra=prepared.audit_extra())
            raise
        # 8. Return signed files (paths + bytes), never bare PIL images.
        return GenerationResult(
            outputs=tuple(outputs), decision=decision, blocked=tuple(blocked), request_digest=request.digest(),
            seed=prepared.seed,
        )

    # ------------------------------------------------------------------ steps 1–3
    def _prepare_audited(self, request: GenerationRequest, *, audit: bool, extra: Mapping | None = None) -> _Prepared:
        """Steps 1–3. A failure that is not the request's own fault is audited, then raised: a registry
        that disagrees with its signed log (stage "integrity"), a crash of the name scan ("names"),
        anything else ("check": red team 66, a face index that could not be built refused every
        request with a face and left no trace)."""
        try:
            return self._prepare(request, audit=audit, extra=extra or {})
        except (InputError, ImageInvalid, RecordInvalid, ConsentDenied):
            raise  # the request's own fault, refused before any decision
        except Exception as e:
            if isinstance(e, IntegrityFailure):
                stage, message = "integrity", str(e)
            elif isinstance(e, NameCheckFailed):
                stage, message = "names", f"{e} [{e.detail}]"
            else:
                stage, message = "check", f"{type(e).__name__}: {e}"
            if isinstance(e, DatabaseLocked):
                raise  # (red team 70) the audit would wait for the same lock again: the refusal stands
            try:
                self.registry.record_failure(None, stage, message, extra={"request_digest": request.digest()})
            except ConsentError as audit_error:  # the registry refuses the audit too: the refusal stands
                log.warning("could not audit a failed check (%s): %s", stage, audit_error)
            except Exception:  # noqa: BLE001 - a bug: the traceback is for the log
                log.exception("could not audit a failed check (%s)", stage)
            raise

    def _find_names(self, prompt: str):
        """Every name the prompt holds. The scan failing on an internal error refuses the request
        with a message the maker can act on (the error itself goes to the log and the audit)."""
        matcher = self._people().matcher()
        try:
            return matcher.find_all(prompt)
        except ConsentError:
            raise
        except Exception as e:  # noqa: BLE001 - a bug in the scan must not pass a prompt, nor show a traceback
            log.exception("the name check failed on a prompt of %d characters", len(prompt))
            raise NameCheckFailed(
                "the name check could not read this prompt because of an internal error (logged for the "
                "studio's operators); nothing was generated. Rewording the prompt may get past it; "
                "if it does not, tell an operator", detail=f"{type(e).__name__}: {e}") from e

    def _prepare(self, request: GenerationRequest, *, audit: bool, extra: Mapping | None = None) -> _Prepared:
        # 1. Inputs were validated when the request was built (GenerationRequest.__post_init__);
        #    the model must be one an operator registered, its files unchanged.
        if not isinstance(request, GenerationRequest):
            raise InputError(f"expected a GenerationRequest, got {type(request).__name__}")
        self._check_model(request)
        self._disclosure_settings(request)  # a label corner / format the profile allows, or refused here
        # 2. Every likeness the request touches, and 3. the snapshot the decision is made on: the
        #    registry read in one transaction (one view of it, the signed log checked against it once).
        from consent.policy import DecisionContext, decide

        with self.registry.reading():
            view = _engine_view(request)
            left_out: list[Likeness] = []
            likenesses, exempted, input_faces = self._find_likenesses(request, view, left_out=left_out)
            # 3. Decide: pure function over a snapshot of the registry.
            now = self._clock()
            ctx = DecisionContext(
                grantee=request.grantee,
                purpose=request.purpose,
                operation=request.operation,
                media=request.media,
                territory=request.territory,
                content_flags=frozenset(request.content_flags) | self._content_flags(request),
                project=request.project,
                count=request.num_images,
                request_digest=request.digest(),
            )
            subject_ids = sorted({lk.subject_id for lk in likenesses if lk.subject_id})
            snapshot = self.registry.snapshot(subject_ids, now)
        decision = decide(likenesses, ctx, snapshot, now, decision_id=str(uuid.uuid4()), left_out=left_out)
        seed = request.seed if request.seed is not None else _draw_seed()
        prepared = _Prepared(request, tuple(likenesses), tuple(exempted), decision, tuple(input_faces), view, seed,
                             dict(extra or {}))
        if audit:
            recorded = self.registry.record_denial(decision, extra=prepared.audit_extra(), request_view=request.for_the_person)
            if recorded is not decision:  # an approval's message as filed under the write lock (red team 73)
                prepared = dataclasses.replace(prepared, decision=recorded)
        return prepared

    @staticmethod
    def _content_flags(request: GenerationRequest) -> frozenset[str]:
        """Flags the prompt itself raises, and what its negative prompt asks for by leaving it out
        (restrictions cannot be dodged by not declaring them)."""
        from consent.content import content_flags

        return content_flags(request.prompt, request.negative_prompt or "")

    def _find_likenesses(self, request: GenerationRequest, view=..., *,
                         left_out: list[Likeness] | None = None) -> tuple[list[Likeness], list[str], list]:
        """``view``: the source as the engine will get it (:func:`_engine_view`, made here when not
        given), scanned too. ``left_out`` (when given) gets each face-like region of an input that
        the second opinion left out as no human face, once, in the input's pixels, unless a
        likeness found stands there anyway (the decision names them)."""
        if view is ...:
            view = _engine_view(request)
        found: list[Likeness] = []
        # declared subjects (an id that is not registered stays named, so the denial can say which)
        for sid in request.subjects:
            found.append(Likeness(LikenessSource.DECLARED, sid, text=sid))
        # adapters bound to a subject (an unregistered adapter file is an unknown likeness)
        for path in request.adapters:
            p = Path(path)
            try:
                there = p.is_file()
            except OSError as e:  # a name longer than the filesystem takes, a path it cannot walk
                raise InputError(f"`adapters`: file {p.name[:80]!r} cannot be opened ({e.strerror}); "
                                 "expected the path of a registered adapter file") from None
            if not there:
                raise InputError(f"`adapters`: file {p.name[:80]!r} does not exist")
        # each file read once per request: the digest an approval covers holds these very digests
        for path, digest in zip(request.adapters, request.adapter_digests()):
            p = Path(path)
            bound = self.registry.get_adapter(digest)
            found.append(
                Likeness(
                    LikenessSource.ADAPTER,
                    bound.subject_id if bound else None,
                    text=p.name,
                    adapter_sha256=digest,
                    extra={"path": str(p)},
                )
            )
        # names in the prompt (registered and unknown)
        exempted: list[str] = []
        if request.prompt.strip():  # an empty prompt (the GAN's usual request) names nobody: no matcher to build
            scan = self._find_names(request.prompt)
            found.extend(scan.likenesses)
            exempted = [getattr(e, "text", str(e)) for e in scan.exempted]
        # faces in the source and reference images: the canonical pixels, the very ones the engine gets
        inputs = [(request.source, LikenessSource.SOURCE_FACE, "source")] if request.source is not None else []
        inputs += [(ref, LikenessSource.REFERENCE_FACE, f"references[{i}]") for i, ref in enumerate(request.references)]
        input_faces: list = []
        if inputs:
            from consent import likeness

            index = self._face_index()
            weight = self._source_weight(request)
            for image, source, label in inputs:
                scans = [(self._find_faces(image.canonical, label), None)]
                if view is not None and source is LikenessSource.SOURCE_FACE:
                    # the source resized as the engine hands it to the model: a face the resize makes
                    # (squashed, tiny or under noise in the source; upright and clear for the model)
                    # is a face too
                    scans.append((self._find_faces(view, label), view.size))
                mine: list[tuple[Likeness, object]] = []  # (likeness, its face's embedding)
                gone: list[Likeness] = []  # regions the second opinion left out, in the input's pixels
                for scan_, seen_at in scans:
                    in_source = list(mine)
                    found_here = []
                    # second_opinion: a region BlazeFace says is no human face (a dog's), with no
                    # band hiding its eyes, is no likeness (docs/LIKENESS.md, "Round 8")
                    gone_here: list[Likeness] = []
                    for lk in likeness.scan(None, index, source=source, image_label=label, faces=scan_,
                                            second_opinion=True, left_out=gone_here):
                        face = scan_.faces[lk.extra["face"]]
                        marks = face.landmarks
                        if seen_at is not None:
                            lk, marks = _in_source(lk, marks, seen_at, image.canonical.size)
                        found_here.append((lk, face, marks))
                    for lk in gone_here:
                        if seen_at is not None:
                            lk, _ = _in_source(lk, (), seen_at, image.canonical.size)
                        if not any(_overlapping(lk, other) for other in gone):
                            gone.append(lk)
                    # the source's faces found again, as the same person, at the model's size
                    claimed = frozenset() if seen_at is None else frozenset(
                        id(other) for lk, face, _ in found_here for other, _ in in_source
                        if not face.unchecked and face.status == "face" and face.size >= likeness.MIN_IDENTIFIABLE_PX
                        and other.subject_id is not None and lk.subject_id == other.subject_id
                        and _overlapping(lk, other))
                    for lk, face, marks in found_here:
                        if seen_at is not None:
                            twin = _twin(lk, face, in_source, claimed)
                            if twin is not None:  # the face the source's own scan found there, resized
                                if face.embedding is not None:
                                    input_faces.append((twin.subject_id, face.embedding))
                                continue
                        if source is LikenessSource.SOURCE_FACE and _repaints(request, lk.box, marks, weight):
                            lk = replace(lk, repainted=True)
                        mine.append((lk, face.embedding))
                        if face.embedding is not None:
                            input_faces.append((lk.subject_id, face.embedding))
                    # Regions below the scan's size floor (likeness.MIN_REGION_PX) are no likeness and
                    # deny nothing, but an edit may enlarge one: an output face that carries one over
                    # is blocked like any uncovered input face.
                    input_faces += [(None, f.embedding) for f in scan_.small if f.embedding is not None]
                found.extend(lk for lk, _ in mine)
                if left_out is not None:
                    left_out.extend(lk for lk in gone if not any(_overlapping(lk, other) for other, _ in mine))
        return found, exempted, input_faces

    def _source_weight(self, request: GenerationRequest) -> float | None:
        """For an img2img: how much of the source the engine's model starts from
        (``source_weight(strength, steps, width, height)``, from its own scheduler; None when it cannot say);
        1.0 for other modes and for engines that do not say (built-in code whose edits keep the
        source, such as tests' stand-ins): only the strength rule applies to those."""
        if request.mode != "img2img":
            return 1.0
        fn = getattr(self._engine(request), "source_weight", None)
        return fn(request.strength, request.steps, request.width, request.height) if callable(fn) else 1.0

    def _find_faces(self, canonical, label: str):
        """:func:`consent.likeness.find_faces` of an input image, kept for the newest few images.

        A patch that only the noise tests find (a bar "roughened" with noise) counts only where a
        copy with this installation's own invisible watermark taken off (``Watermarker.unmark_array``,
        made only then) holds a patch too: the mark's noise on a flat dark area of an output read as
        a roughened bar and made a face-like region (docs/LIKENESS.md, "The studio's own mark"). The
        copy decides that alone: faces are found on the input as given, which the engine, the C2PA
        ingredient and every file get."""
        from consent import likeness

        # by the pixels scanned, not the file's bytes: one file decodes to other pixels as a mask (red
        # team s63: a blank picture's scan answered for the face its alpha channel draws as a mask)
        key = canonical.pixels_sha256
        found = self._face_scans.get(key)
        if found is None:
            found = likeness.find_faces(canonical, label=label, scan_copy=self._watermarker.unmark_array)
            self._face_scans.put(key, found)
        return found

    def _subject_or_none(self, subject_id: str):
        try:
            return self.registry.get_subject(subject_id)
        except NotFound:
            return None

    def _face_index(self):
        return self._people().face_index()

    def _people(self) -> _People:
        """The name matcher and face index of the registry as it is now, rebuilt only when who is
        registered changes (here or in another process); text-only requests never load faces."""
        version = self.registry.people_version()
        with self._lock:
            if self._people_cache is None or self._people_cache.version != version:
                self._people_cache = _People(self.registry, version, self._people_cache)
            return self._people_cache

    # ------------------------------------------------------------------ step 4
    def _generate_images(self, prepared: _Prepared, progress: Progress) -> list[Image.Image]:
        from creator.engines.base import AdapterSpec, EngineCall

        req = prepared.request
        allowed_subjects = set(getattr(prepared.decision, "subjects", ()) or ())
        adapters = []
        for lk in prepared.likenesses:
            if lk.source is LikenessSource.ADAPTER:
                # The decision allowed; still, never load an adapter whose subject it does not cover.
                if lk.subject_id not in allowed_subjects:
                    raise ConsentDenied(f"adapter {lk.text} is bound to a subject this decision does not cover", prepared.decision)
                adapters.append(AdapterSpec(path=Path(lk.extra["path"]), sha256=lk.adapter_sha256,
                                            kind=self.registry.get_adapter(lk.adapter_sha256).kind))
        call = EngineCall(
            mode=req.mode,
            prompt=req.prompt,
            negative_prompt=req.negative_prompt,
            source=(prepared.source_view.pil() if prepared.source_view is not None
                    else req.source.open() if req.source else None),
            # the mask goes with the source: at the output's size when the source is handed over
            # resized (nearest pixel, as the engine's inpaint_mask resizes it, so the same mask;
            # before, every inpaint of a source of another size failed in the engine, adversary 22)
            mask=(None if not req.mask else req.mask.open("L") if prepared.source_view is None
                  else req.mask.open("L").resize((req.width, req.height), Image.Resampling.NEAREST)),
            strength=req.strength,
            width=req.width,
            height=req.height,
            steps=req.steps,
            guidance=req.guidance,
            seed=prepared.seed,
            num_images=req.num_images,
            adapters=tuple(adapters),
        )
        engine = self._engine(req)
        # no count yet: the engine reports in its own unit (a diffusion model's steps, the GAN's images)
        progress("generate", 0, 0)
        with self._lock:
            try:
                images = engine.generate(call, progress=lambda d, t: progress("generate", d, t))
            except (CreatorError, ConsentDenied):
                raise
            except Exception as e:  # an engine's own failure (OOM, NaNs, a bug) is a GenerationError
                raise GenerationError(f"engine {getattr(engine, 'name', req.engine)!r} failed: {type(e).__name__}: {e}") from e
        if not isinstance(images, (list, tuple)):
            raise GenerationError(f"engine returned {type(images).__name__}, expected a list of PIL images")
        if len(images) != req.num_images:
            raise GenerationError(f"engine returned {len(images)} images, expected {req.num_images}")
        out = []
        for im in images:
            if not isinstance(im, Image.Image):
                raise GenerationError(f"engine returned {type(im).__name__}, expected PIL images")
            if im.size != (req.width, req.height):
                im = im.resize((req.width, req.height), Image.Resampling.LANCZOS)
            out.append(im.convert("RGB"))
        return out

    def _engine(self, request: GenerationRequest):
        # keyed by the registered digest too (red team s66 B: a model retired and registered again
        # under its name with other files ran the weights first loaded, and its outputs' records
        # named the new files' digest); a registration replaced drops the engine built from the old
        rec = self.registry.get_model(request.model) if request.model else None
        digest = str(rec.sha256).lower() if rec is not None else None
        key = (request.engine, request.model, digest)
        with self._lock:
            if key not in self._engine_cache:
                factory = self._engine_factories.get(request.engine)
                if factory is None:
                    raise InputError(f"`engine` {request.engine!r} is not available; known: {sorted(self._engine_factories)}")
                for old in [k for k in self._engine_cache if k[:2] == key[:2]]:
                    self._built_from.pop(id(self._engine_cache.pop(old)), None)
                engine = self._engine_cache[key] = factory(request)
                self._built_from[id(engine)] = digest
            return self._engine_cache[key]

    def _model_record(self, engine: str, name: str | None):
        """The operator-registered model ``name`` for ``engine`` (no file is read)."""
        if name is None and engine == "diffusion":
            name = self.settings.diffusion_model
        if name is None:
            raise InputError(f"`model` is required for the {engine} engine; pick a registered model "
                             f"({', '.join(self.model_names(engine)) or 'none registered yet: ask an operator'})")
        rec = self.registry.get_model(name)
        wanted = ("gan",) if engine == "gan" else ("diffusers", "checkpoint")
        if rec is None or rec.kind not in wanted:
            raise InputError(f"`model` {name!r} is not a registered {engine} model; registered: "
                             f"{', '.join(self.model_names(engine)) or 'none (ask an operator to register one)'}")
        return rec

    @staticmethod
    def _check_digest(rec, digest) -> None:
        if digest.sha256 != rec.sha256:
            raise GenerationError(f"model {rec.name!r} changed since it was registered (its files no longer match the "
                                  "registered digest); it was not loaded — ask an operator to register the files anew (model remove, then "
                                  "model register)")
        if digest.pickle_files and not rec.allow_pickle:
            raise GenerationError(f"model {rec.name!r} holds pickle-based files an operator did not allow; it was not loaded")

    def registered_model(self, engine: str, name: str | None, *, fresh: bool = False):
        """The operator-registered model ``name`` for ``engine``, its files checked against the
        registered digest where they lie (the early refusal before anything is decided; the
        engine itself loads a private copy, see :meth:`_load_registered`). Creators name models,
        never paths; the messages never say whether a server path exists. The digest is skipped
        only for a model whose engine this studio has loaded; ``fresh`` never skips."""
        from consent.operations import model_digest

        rec = self._model_record(engine, name)
        if not fresh and self._verified_models.get(rec.name) == rec.sha256:
            return rec  # loaded by this studio from bytes that matched the digest (it stays in memory)
        try:
            digest = model_digest(rec.path, rec.config)
        except Exception:  # noqa: BLE001 - unreadable or gone: same answer, no path in it
            raise GenerationError(f"model {rec.name!r} cannot be read where it was registered; ask an operator to check it") from None
        self._check_digest(rec, digest)
        return rec

    def _load_registered(self, engine: str, name: str | None, load):
        """``load(record, copy)`` a registered model from a private copy of its files, hashed while
        it was copied and checked against the registered digest (``consent.model_files``): what
        was hashed is what loads, and a file swapped in the model folder during or after the copy
        is refused or never read. Later checks of this model in this studio skip the digest. A
        load that fails names the model, never its folder or the copy's (the details go to the log)."""
        from consent.errors import RecordInvalid
        from consent.model_files import copy_model, remove_copy

        rec = self._model_record(engine, name)
        try:
            copy = copy_model(rec.path, rec.config, self.settings.model_loads_dir)
        except RecordInvalid as e:  # unreadable, gone, a link: same answer, no path in it
            log.warning("registered model %r cannot be read: %s", rec.name, e)
            raise GenerationError(f"model {rec.name!r} cannot be read where it was registered; ask an operator to "
                                  "check it") from None
        except OSError as e:  # the copy could not be written (a full disk): not the model's fault
            log.warning("registered model %r could not be copied for loading into %s: %s", rec.name,
                        self.settings.model_loads_dir, e)
            raise ModelUnavailable(f"model {rec.name!r} cannot be loaded: the studio could not copy it for loading "
                                   f"({e.strerror or type(e).__name__}); ask an operator to check the data folder's "
                                   "free space") from None
        try:
            self._check_digest(rec, copy.digest)
            try:
                loaded = load(rec, copy)
            except GenerationError as e:  # ModelUnavailable, and the GAN loader's own refusals of a file
                log.warning("registered model %r could not be loaded: %s", rec.name, e)
                text = str(e)
                for where, shown in ((copy.path, f"<model {rec.name}>"), (copy.config, f"<model {rec.name} config>"),
                                     (copy.root, f"<model {rec.name}>"), (rec.path, f"<model {rec.name}>")):
                    if where is not None:
                        text = text.replace(str(where), shown)
                reason = _PATHS.sub("<server path>", text)[:600]
                raise ModelUnavailable(f"model {rec.name!r} cannot be loaded; ask an operator to check it ({reason})") from None
        finally:
            remove_copy(copy)
        self._verified_models[rec.name] = rec.sha256
        return loaded

    def _check_model(self, request: GenerationRequest):
        """Refuse an unregistered or changed model before anything is decided or loaded (the
        studio's own engines; an engine a caller injects answers for its own model). Returns the
        registered model record, or None for the built-in GAN / an injected engine."""
        factory = self._engine_factories.get(request.engine)
        if factory == self._gan_engine and request.model:
            return self.registered_model("gan", request.model)
        if factory == self._diffusion_engine:
            return self.registered_model("diffusion", request.model)
        return None

    def check_model(self, request: GenerationRequest):
        """The model check Generate runs first (for "Check consent"): the registered model record,
        or None for the built-in GAN; raises the same errors Generate would."""
        return self._check_model(request)

    def _disclosure_settings(self, request: GenerationRequest):
        """The settings the disclosure of this request runs with: its label corner and output
        format, each within what the active profile (and the operator) allow."""
        from creator.disclosure.choices import disclosure_settings

        return disclosure_settings(self.settings, request.label_position, request.output_format)

    def model_names(self, engine: str) -> list[str]:
        wanted = ("gan",) if engine == "gan" else ("diffusers", "checkpoint")
        return [m.name for m in self.registry.list_models() if m.kind in wanted]

    def _gan_engine(self, request: GenerationRequest):
        from creator.engines.gan import GanEngine

        if request.model:
            # An operator-registered generator: safetensors of the standard DCGAN, else TorchScript.
            # Loaded from the private copy, pinned to the sha256 its bytes had while copied.
            return self._load_registered("gan", request.model, lambda rec, copy: GanEngine.from_path(
                copy.path, arch="dcgan64" if rec.path.endswith(".safetensors") else None,
                sha256=copy.file_sha256[copy.path.name], name=rec.name, device=self.device))
        return GanEngine.builtin(device=self.device)

    def _diffusion_engine(self, request: GenerationRequest):
        from creator.engines.diffusion import DiffusionEngine

        def load(rec, copy):
            # A checkpoint's configs and tokenizer come from the folder registered with it (copied
            # and hashed with it); the Hugging Face cache is never read. Only a checkpoint registered
            # before 0011 has no config folder (and may read the cache).
            try:
                engine = DiffusionEngine(copy.path, name=rec.name, device=self.device, config=copy.config)
            except ModelUnavailable as e:
                if rec.kind == "checkpoint" and rec.config is None:
                    # registered before checkpoints named their config folder (schema 0011)
                    raise ModelUnavailable(
                        f"checkpoint {rec.name!r} was registered without its config folder; an operator must "
                        "re-register it with --config DIR (a local diffusers pipeline folder of the same "
                        f"architecture) under a new name — {e}") from None
                raise
            if rec.kind == "checkpoint" and rec.config is None:
                log.warning("checkpoint %r was registered without --config: its pipeline configs and tokenizer came "
                            "from the Hugging Face cache, which its registered digest does not cover; re-register it "
                            "with --config", rec.name)
            engine.model_id = rec.name  # manifests name the registered model, never a server path
            return engine

        return self._load_registered("diffusion", request.model, load)

    # ------------------------------------------------------------------ step 5
    def _scan_outputs(self, prepared: _Prepared, images: list[Image.Image], progress: Progress):
        """Block an output that shows an enrolled person the decision does not cover (or who opted
        out), or that carries over a face of the request's inputs the decision does not cover."""
        import numpy as np

        from consent import imaging, likeness

        index = self._face_index()
        covered = set(prepared.decision.subjects)
        uncovered_inputs = [emb for sid, emb in prepared.input_faces if sid is None or sid not in covered]
        kept: list[tuple[int, Image.Image, list[Likeness]]] = []
        blocked: list[BlockedOutput] = []
        if len(index) == 0 and not uncovered_inputs:
            # Nobody is enrolled and no input face needs watching: a face in an output can be
            # nobody's, so there is nothing to look for (the scan would find only strangers).
            progress("scan", len(images), len(images))
            return [(i, im, []) for i, im in enumerate(images)], blocked
        # The packaged GAN (weights checked by digest) draws upright faces only; any other
        # engine, a user's model above all, may turn, dither or bar a face: the fuller scan. The
        # upright profile depends on the output's size (likeness.upright_output_scan).
        upright = getattr(self._engine(prepared.request), "upright_faces_only", False) is True
        for i, im in enumerate(images):
            progress("scan", i, len(images))
            label = f"output[{i}]"
            options = likeness.upright_output_scan(*im.size) if upright else likeness.OUTPUT_SCAN
            found = likeness.find_faces(imaging.from_pil(im, field=label), label=label, options=options)
            faces = likeness.scan(None, index, source=LikenessSource.OUTPUT_FACE, image_label=label, faces=found)
            reasons, shown = [], []
            unchecked = sum(1 for f in found.faces if f.unchecked)
            if unchecked:  # fail closed: any of them may be a registered person's face (adversary 22)
                r = (f"output {i}: more than {likeness.MAX_REGIONS} face-like regions; {unchecked} could not be "
                     "checked for registered people")
                reasons.append(r)
                shown.append(r)
            for f in _new_faces_of_edited(prepared, faces, im.size):
                where = f.where().rsplit(" similarity ", 1)[0].split(" face at ", 1)[-1]
                reasons.append(f"output {i}: a new face of subject {f.subject_id} at {where}, where the source holds none "
                               f"of them: an edit ({prepared.decision.subject_operations.get(f.subject_id, prepared.decision.context.operation)}) "
                               "may change their faces in the source, not add one; a new picture of them needs "
                               "likeness_generation")
                shown.append(f"output {i}: the face at {where} is a new face of a person this edit may only change "
                             "where the source shows them; a new picture of them needs a grant for new pictures")
            for f in faces:
                if f.subject_id is None:
                    continue  # a synthetic face of nobody (unless it carries over an input face, below)
                subj = self._subject_or_none(f.subject_id)
                where = f.where().rsplit(" similarity ", 1)[0]
                if subj is not None and subj.opt_out:
                    reasons.append(f"output {i}: face matches opted-out subject {subj.id} ({f.where()})")
                elif f.subject_id not in covered:
                    reasons.append(f"output {i}: face matches enrolled subject {f.subject_id} not covered by this decision ({f.where()})")
                else:
                    continue
                # the creator did not name this person: who (and their opt-out) is for operators
                shown.append(f"output {i}: the face at {where.split(' face at ', 1)[-1]} is a registered person "
                             "who has not consented to this use; an operator can see who it is")
            if uncovered_inputs and len(found.embeddings):
                for m in likeness.match_any(found.embeddings, np.stack(uncovered_inputs)):
                    r = (f"output {i}: a face carries over a face of the request's inputs that this decision "
                         f"does not cover (similarity {m.similarity:.2f})")
                    reasons.append(r)
                    shown.append(r)
            if reasons:
                blocked.append(BlockedOutput(i, tuple(reasons), tuple(shown)))
            else:
                kept.append((i, im, faces))
        progress("scan", len(images), len(images))
        return kept, blocked

    @staticmethod
    def _depicted(prepared: _Prepared, output_faces: list[Likeness]) -> set[str]:
        """Subjects whose likeness an output actually carries: an adapter of theirs, their face in
        the edited source or a reference, or their face found in the output itself. A subject only
        declared or named in the prompt is not depicted by that alone."""
        carried = {lk.subject_id for lk in prepared.likenesses if lk.subject_id and lk.source in (
            LikenessSource.ADAPTER, LikenessSource.SOURCE_FACE, LikenessSource.REFERENCE_FACE)}
        carried |= {f.subject_id for f in output_faces if f.subject_id}
        return carried & set(prepared.decision.subjects)

    # ------------------------------------------------------------------ step 6
    def _disclose_all(self, prepared: _Prepared, kept, staging: Path, progress: Progress):
        from creator.disclosure._pipeline import disclose

        signed = []
        for n, (i, im, faces) in enumerate(kept):
            progress("disclose", n, len(kept))
            payload = self._fresh_payload()
            ctx = self._disclosure_context(prepared, payload, staging, self._depicted(prepared, faces), index=i)
            s = disclose(im, ctx, settings=self._disclosure_settings(prepared.request), out_dir=staging / "signed",
                         watermarker=self._watermarker)
            signed.append((s, payload))
        progress("disclose", len(kept), len(kept))
        return signed

    def _fresh_payload(self) -> str:
        from creator.disclosure.watermark import new_payload

        for _ in range(16):
            p = new_payload()
            if self.registry.find_output(watermark_payload=p) is None:
                return p
        raise DisclosureError("could not draw an unused watermark payload after 16 tries")

    def _disclosure_context(self, prepared: _Prepared, payload: str, staging: Path, depicted: set[str], *,
                            index: int = 0):
        """The disclosure of output ``index`` (from 0) of the call: its own seed is signed in
        (:func:`creator.engines.base.image_seed`), the one that makes that image again alone."""
        from creator.disclosure import ConsentAssertion, DisclosureContext, GenerationSettings, LikenessEntry
        from creator.engines.base import image_seed

        req, decision = prepared.request, prepared.decision
        engine = self._engine(req)
        entries = []
        for g in decision.grants_used:
            subj = self.registry.get_subject(g.subject_id)
            sources = [lk.source.value for lk in prepared.likenesses if lk.subject_id == g.subject_id]
            entries.append(LikenessEntry(subject_ref=g.subject_ref, kind=str(subj.kind),
                                         source=sources[0] if sources else "declared",
                                         grant_id=g.grant_id, grant_sha256=g.sha256,
                                         depicted=g.subject_id in depicted,
                                         operation=str(decision.subject_operations.get(g.subject_id,
                                                                                       decision.context.operation))))
        personas = tuple(decision.subject_refs[sid] for sid in decision.fictional_personas)
        # Truthful label: "likeness used with consent" only when a real person's likeness is carried.
        real_depicted = any(e.depicted for e in entries)
        assertion = ConsentAssertion(
            decision_id=decision.decision_id,
            decided_at=decision.decided_at,
            purpose=str(decision.context.purpose),
            operation=str(decision.context.operation),
            territories=(decision.context.territory,),
            likenesses=tuple(entries),
            fictional_personas=personas,
        )
        # Ingredients (the edited frame, reference photos) are signed from their exact bytes.
        source_path = None
        if req.source is not None:
            source_path = staging / f"source-{req.source.sha256[:16]}.{req.source.format.lower()}"
            source_path.write_bytes(req.source.data)
        ref_paths = []
        for r in req.references:
            rp = staging / f"reference-{r.sha256[:16]}.{r.format.lower()}"
            rp.write_bytes(r.data)
            ref_paths.append(rp)
        return DisclosureContext(
            digital_source_type="compositeWithTrainedAlgorithmicMedia" if req.is_edit else "trainedAlgorithmicMedia",
            model_id=engine.model_id,
            model_version=engine.model_version,
            engine=engine.name,
            real_person_depicted=real_depicted,
            consent=assertion,
            source_path=source_path,
            reference_paths=tuple(ref_paths),
            unique_id=str(uuid.uuid4()),
            created_at=self._clock(),
            watermark_payload=payload,
            # Seed and settings are signed in only when no real person's likeness is involved.
            generation=None if entries else GenerationSettings(
                seed=image_seed(prepared.seed, index), steps=req.steps if getattr(engine, "uses_steps", True) else None,
                width=req.width, height=req.height,
                model_sha256=self._model_sha256(req, engine)),
        )

    def _model_sha256(self, req: GenerationRequest, engine) -> str | None:
        """The sha256 of the model's files: the registered digest, else the engine's weights digest."""
        if req.model:
            built = self._built_from.get(id(engine))  # the digest the engine was loaded under
            if built is not None:
                return built
            rec = self.registry.get_model(req.model)
            if rec is not None:
                return str(rec.sha256).lower()
        digest = getattr(engine, "weights_sha256", None)
        return digest if isinstance(digest, str) and len(digest) == 64 else None

    # ------------------------------------------------------------------ step 7
    def _record(self, prepared: _Prepared, signed, blocked, progress: Progress) -> list[OutputFile]:
        progress("record", 0, 1)
        outputs = [
            OutputFile(
                path=self.store.location(s.path.name),
                data=s.data,
                sha256=s.sha256,
                format=s.format,
                width=s.width,
                height=s.height,
                watermark_payload=payload,
                manifest_label=s.manifest_label,
            )
            for s, payload in signed
        ]
        from consent.registry import OutputRecord

        self.registry.record_generation(
            prepared.decision,
            [OutputRecord(sha256=o.sha256, path=str(o.path), format=o.format, manifest_id=o.manifest_label,
                          watermark_payload=o.watermark_payload, fingerprint=s.fingerprint,
                          pixels_sha256=s.pixels_sha256)
             for o, (s, _payload) in zip(outputs, signed)],
            extra={**prepared.audit_extra(),
                   "blocked_outputs": [{"index": b.index, "reasons": list(b.reasons)} for b in blocked]},
        )
        return outputs

    def _any_recorded(self, signed) -> bool:
        """Whether the registry holds a record of any of these signed files (after a failed record:
        a commit that went through before the error). Unknown (the registry unreadable): True."""
        try:
            return any(self.registry.find_output(sha256=s.sha256) is not None for s, _payload in signed)
        except Exception:  # noqa: BLE001 - cannot tell: keep the files
            return True

    def _publish(self, signed, staging: Path, progress: Progress) -> None:
        """Move the recorded files from staging into the outputs store (atomic rename on one
        filesystem). A crash between the record's commit and this move, or a move that fails,
        leaves the signed files in staging, where creator.jobs.store.recover_staging finds them
        and finishes the move."""
        try:
            for s, _payload in signed:
                self.store.publish(s.path, s.path.name)
        except Exception as e:
            e.add_note(f"The outputs are signed and recorded; their files stay in {staging} until they are "
                       "published (a job's recovery does that; or move them into the outputs folder).")
            raise
        progress("record", 1, 1)
