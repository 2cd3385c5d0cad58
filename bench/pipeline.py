"""Benchmark: the governed ``Studio.generate`` beside the bare engine call, same request, one run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/pipeline.py [--reps N] [--threads 1] [--full] [--out NAME]
        [--payload-seed N] [--registry 20000x5:20000]

Cases (no likeness, so no grant is needed; the output face scan still runs on every image):

- ``gan_512_n4``: the built-in DCGAN, 512², 4 images per request, nobody enrolled.
- ``gan_512_n4_enrolled``: the same with one person enrolled (a face template), so each face
  the outputs show is also embedded and compared (issue 17's goal: governed ≤ 4× bare).
- ``tiny_diffusion_256``: a tiny random-weight diffusers pipeline, 256², 4 steps.
- ``sd_class_512_1step`` (``--full``): Stable Diffusion 1.5's UNet/VAE/text-encoder shapes
  with random weights, 512², 1 step. Slow on CPU (~13 s to build, tens of seconds a call).

For each case the bare call (``engine.generate(EngineCall)``) and the governed call
(``Studio.generate(GenerationRequest)``: likenesses, decision, generation, output face scan,
label, watermark, XMP, C2PA sign + read-back, record) alternate, after one warm-up each;
medians are reported with ``ratio = governed / bare`` and ``overhead_ms = governed - bare``,
plus the governed call's time per stage (from its progress callback). Torch uses the same
thread count on both sides, and OpenCV and ONNX Runtime (the face scan) the same count. Printed
and written to bench/results/pipeline.json (``--out``: another file there).

``governed_detail_ms`` splits the scan and disclose stages per image (medians over every image
of the timed calls): ``find_faces`` (YuNet passes, verification, SFace embeddings) and each step
of ``disclose()`` (its own ``timings_ms``). The watermark's time depends on the payload on
texture and noise (the tiny pipeline's random-weight outputs): there the embedder ranks
candidate marks by simulated copies (creator/disclosure/watermark), 0.07-1.1 s a 256² picture
(bench/watermark_noise_ab.py).
``--registry SxT:A`` runs every case on a copy of the realistic registry of
bench/registry_fixture.py (S subjects with T face templates each, a grant each, A audit entries;
built once into bench/.cache, about 10 minutes the first time) instead of an empty one: the
studio's consent check, output scan (every output face is matched against the S×T templates)
and record then work on the registry an agency runs, as issue 17 asks. The fixture's subjects
already hold templates, so the ``_enrolled`` case adds nobody.

``--payload-seed`` draws the payloads from a seeded generator and writes the installation's
watermark key derived from the same seed (otherwise each run's studio creates a random one), so
that two runs (two checkouts, ``PYTHONPATH``) mark the same pictures with the same key and
payloads: on noise the key decides the time as much as the payload does. The registry's check
that a payload is unused still runs.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402
from PIL import Image  # noqa: E402

from consent.registry import Registry  # noqa: E402
from creator.engines.base import EngineCall  # noqa: E402
from creator.request import GenerationRequest  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from creator.studio import Studio  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "pipeline.json"
_STAGES = ("check", "generate", "scan", "disclose", "record")
#: per-image spans of the governed calls (``_detail``): name -> list of ms
_SPANS: dict[str, list[float]] = {}
#: payloads drawn by ``--payload-seed`` (their digest per case shows two runs drew the same)
_DRAWN: list[str] = []


def _code_commit() -> str | None:
    """The commit of the checkout whose ``creator`` package runs (``PYTHONPATH`` chooses it),
    with ``+dirty`` when its tracked files differ from it."""
    import subprocess

    import creator

    root = Path(creator.__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")


def _detail() -> None:
    """Time each output's face scan, its face-model runs and each step of its disclosure
    (wrappers on the functions the studio and the scan call: a ``perf_counter`` pair each,
    nothing else changes)."""
    from consent import _face_runtime, likeness
    from creator.disclosure import _pipeline

    def span(name: str, fn):
        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                _SPANS.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        return timed

    disclose = _pipeline.disclose

    def timed_disclose(*a, **k):
        t = time.perf_counter()
        signed = disclose(*a, **k)
        _SPANS.setdefault("disclose", []).append((time.perf_counter() - t) * 1000)
        for step, ms in signed.timings_ms.items():
            _SPANS.setdefault(f"disclose.{step}", []).append(ms)
        return signed

    likeness.find_faces = span("find_faces", likeness.find_faces)
    _face_runtime.YuNet.detect = span("find_faces.yunet", _face_runtime.YuNet.detect)
    _face_runtime.SFace.feature = span("find_faces.sface", _face_runtime.SFace.feature)
    _pipeline.disclose = timed_disclose


@dataclass(frozen=True)
class _Case:
    name: str
    engine_name: str  # "gan" or "diffusion"
    make_engine: Callable[[Path], object]
    width: int
    steps: int
    num_images: int
    reps: int
    enrolled: bool = False


def _gan(_root: Path):
    from creator.engines.gan import GanEngine

    return GanEngine.builtin()


def _tiny_diffusion(root: Path):
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.testing import make_tiny_sd_pipeline

    return DiffusionEngine(make_tiny_sd_pipeline(root / "tiny-sd"))


def _sd_class(_root: Path):
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.testing import make_sd_class_unet_pipeline

    return DiffusionEngine.from_pipeline(make_sd_class_unet_pipeline(), model_id="sd-class-random", model_version="0")


class _StageClock:
    """Progress callback that times the governed call's stages (time from a stage's first
    event to the next stage's first event; the last stage ends when generate returns)."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.marks or self.marks[-1][0] != stage:
            self.marks.append((stage, time.perf_counter()))

    def durations(self, end: float) -> dict[str, float]:
        out: dict[str, float] = {}
        for (stage, t0), nxt in zip(self.marks, self.marks[1:] + [("end", end)]):
            out[stage] = out.get(stage, 0.0) + (nxt[1] - t0) * 1000
        return out


#: ``--payload-seed``: the installation's watermark key is derived from it too (see _seeded_watermark_key).
_KEY_SEED: int | None = None


def _seeded_watermark_key(settings: StudioSettings) -> None:
    """Write the studio's watermark key (32 bytes, 0600, in its 0700 keys folder) derived from
    ``--payload-seed`` before the studio starts, instead of the random one it would create: how
    long a noise or texture picture takes to mark depends on the key as much as on the payload,
    so two runs compare only with both fixed."""
    path = settings.watermark_key_file
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    path.write_bytes(hashlib.sha256(f"bench/pipeline.py watermark key {_KEY_SEED}".encode()).digest())
    os.chmod(path, 0o600)


def _realistic_registry(spec: str, root: Path) -> tuple[StudioSettings, dict]:
    """Settings on a private copy of bench/registry_fixture.py's registry ``SxT:A`` (the fixture
    stays pristine), and what it holds."""
    import shutil

    from registry_fixture import build

    size, audit = spec.split(":")
    subjects, per = (int(x) for x in size.split("x"))
    src = build(subjects, per, int(audit))
    work = root / "registry"
    if not work.exists():
        shutil.copytree(src.parent, work)
    return StudioSettings(data_dir=work / src.name), {"subjects": subjects, "templates": subjects * per,
                                                       "audit_entries_built": int(audit)}


def _run_case(case: _Case, root: Path, registry_spec: str = "") -> dict:
    t0 = time.perf_counter()
    engine = case.make_engine(root)
    build_s = time.perf_counter() - t0
    held: dict = {}
    if registry_spec:
        settings, held = _realistic_registry(registry_spec, root)
    else:
        settings = StudioSettings(data_dir=root / f"data-{case.name}")
    if _KEY_SEED is not None:
        _seeded_watermark_key(settings)
    registry = Registry.from_settings(settings)
    if case.enrolled and not registry_spec:  # one person with a face template: outputs' faces are embedded and matched
        from skimage import data

        from creator.personas import operations_for

        ops = operations_for(settings, registry)
        ops.add_subject("eileen", "Eileen Collins")
        ops.enroll("eileen", [Image.fromarray(data.astronaut())])
    studio = Studio(settings, registry=registry, engines={case.engine_name: lambda req: engine})
    request = GenerationRequest(
        grantee="Bench", purpose="art", territory="US", engine=case.engine_name, mode="text2img",
        prompt="a lighthouse at dusk", width=case.width, height=case.width, steps=case.steps,
        seed=1234, num_images=case.num_images,
    )
    call = EngineCall(prompt=request.prompt, negative_prompt=request.negative_prompt, width=case.width,
                      height=case.width, steps=case.steps, guidance=request.guidance, seed=1234,
                      num_images=case.num_images)

    cpu_ms: dict[str, list[float]] = {"bare": [], "governed": []}

    def bare() -> float:
        t, c = time.perf_counter(), time.thread_time()
        engine.generate(call)
        cpu_ms["bare"].append((time.thread_time() - c) * 1000)
        return (time.perf_counter() - t) * 1000

    def governed() -> tuple[float, dict[str, float]]:
        clock = _StageClock()
        t, c = time.perf_counter(), time.thread_time()
        result = studio.generate(request, clock)
        end = time.perf_counter()
        cpu_ms["governed"].append((time.thread_time() - c) * 1000)
        assert len(result.outputs) == case.num_images, result.blocked
        return (end - t) * 1000, clock.durations(end)

    _DRAWN.clear()
    bare(), governed()  # warm-up: first call loads keys, face models, allocator pools
    _SPANS.clear()
    cpu_ms["bare"].clear(), cpu_ms["governed"].clear()
    bare_ms, gov_ms, stages = [], [], []
    for _ in range(case.reps):  # alternate, so background load hits both sides alike
        bare_ms.append(bare())
        g, s = governed()
        gov_ms.append(g)
        stages.append(s)
    registry.close()
    b, g = statistics.median(bare_ms), statistics.median(gov_ms)
    return {
        "registry": held or "empty (nobody, or the one person the case enrolls)",
        "engine": f"{engine.name} ({engine.model_id})",
        "size": f"{case.width}x{case.width}",
        "steps": case.steps if case.engine_name == "diffusion" else None,
        "num_images": case.num_images,
        "reps": case.reps,
        "build_s": round(build_s, 2),
        "bare_ms": round(b, 1),
        "governed_ms": round(g, 1),
        "overhead_ms": round(g - b, 1),
        "overhead_per_image_ms": round((g - b) / case.num_images, 1),
        "ratio": round(g / b, 3),
        # the calling thread's CPU time (torch, ONNX Runtime and the disclosure run on it with one
        # thread): on a shared machine, where wall time includes waiting for a core, compare this
        "bare_cpu_ms": round(statistics.median(cpu_ms["bare"]), 1),
        "governed_cpu_ms": round(statistics.median(cpu_ms["governed"]), 1),
        "ratio_cpu": round(statistics.median(cpu_ms["governed"]) / statistics.median(cpu_ms["bare"]), 3),
        "governed_stages_ms": {k: round(statistics.median(s.get(k, 0.0) for s in stages), 1)
                               for k in _STAGES if any(k in s for s in stages)},
        # each span: runs per governed call, median of one run, total per governed call
        "payloads_sha256": hashlib.sha256(",".join(_DRAWN).encode()).hexdigest()[:16] if _DRAWN else None,
        "governed_detail_ms": {k: {"runs": round(len(v) / case.reps, 2), "median": round(statistics.median(v), 2),
                                   "per_call": round(sum(v) / case.reps, 1)} for k, v in _SPANS.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per case (after one warm-up)")
    ap.add_argument("--threads", type=int, default=1, choices=(1, 2), help="torch threads, both sides")
    ap.add_argument("--full", action="store_true", help="also run the SD-class UNet at 512², 1 step (slow)")
    ap.add_argument("--cases", default="", help="comma-separated case names to run (default: all); the "
                    "results file keeps the other cases' earlier rows, marked as such")
    ap.add_argument("--pillow-png", action="store_true", help="write PNG outputs with Pillow's encoder (zlib 1), "
                    "as before creator/disclosure/png.py, for comparison; results go to pipeline_pillow_png.json")
    ap.add_argument("--full-output-scan", action="store_true", help="scan the packaged GAN's outputs with "
                    "OUTPUT_SCAN (turned, smoothed and repaired passes), as before UPRIGHT_OUTPUT_SCAN, for "
                    "comparison; results go to pipeline_full_output_scan.json (both flags: pipeline_before.json)")
    ap.add_argument("--out", default="", help="results file name under bench/results (default pipeline.json; "
                    "--pillow-png / --full-output-scan choose theirs)")
    ap.add_argument("--payload-seed", type=int, default=None, help="draw watermark payloads from a generator "
                    "seeded with this (the same payloads in two runs); default: fresh random ones")
    ap.add_argument("--registry", default="", metavar="SxT:A", help="run on a copy of bench/registry_fixture.py's "
                    "registry of S subjects × T templates and A audit entries (e.g. 20000x5:20000) instead of an "
                    "empty one")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    import cv2

    cv2.setNumThreads(args.threads)  # before the face models load: ONNX Runtime takes OpenCV's thread count
    global RESULTS, _KEY_SEED
    if args.pillow_png:
        from creator.disclosure import png

        png.encodable = lambda mode: False
        RESULTS = RESULTS.with_name("pipeline_pillow_png.json")
    if args.full_output_scan:
        from consent import likeness

        likeness.UPRIGHT_OUTPUT_SCAN = likeness.OUTPUT_SCAN
        if hasattr(likeness, "UPRIGHT_OUTPUT_SCAN_SMALL"):  # outputs under 512 px (issue 17's last round)
            likeness.UPRIGHT_OUTPUT_SCAN_SMALL = likeness.OUTPUT_SCAN
        RESULTS = RESULTS.with_name("pipeline_before.json" if args.pillow_png else "pipeline_full_output_scan.json")

    if args.out:
        RESULTS = RESULTS.with_name(Path(args.out).name)
    if args.payload_seed is not None:
        import random

        from creator.disclosure import watermark

        rng = random.Random(args.payload_seed)

        def seeded_payload() -> str:
            p = f"{rng.getrandbits(48):012x}"
            _DRAWN.append(p)
            return p

        watermark.new_payload = seeded_payload
        _KEY_SEED = args.payload_seed
    _detail()

    cases = [
        _Case("gan_512_n4", "gan", _gan, 512, 1, 4, args.reps),
        _Case("gan_512_n4_enrolled", "gan", _gan, 512, 1, 4, args.reps, enrolled=True),
        _Case("tiny_diffusion_256", "diffusion", _tiny_diffusion, 256, 4, 1, args.reps),
    ]
    if args.full:
        cases.append(_Case("sd_class_512_1step", "diffusion", _sd_class, 512, 1, 1, max(1, min(args.reps, 2))))
    if args.cases:
        wanted = set(args.cases.split(","))
        cases = [c for c in cases if c.name in wanted]

    results = {
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "threads": args.threads,
        "code_commit": _code_commit(),
        "payload_seed": args.payload_seed,
        "registry": args.registry or "empty",
        # wall times: on a shared machine the load decides them (bench/ab_pipeline.py compares
        # two checkouts interleaved, in CPU time too)
        "load_avg_1min_at_start": round(os.getloadavg()[0], 2),
        "cases": {},
    }
    print(f"{'case':<20} {'bare ms':>10} {'governed ms':>12} {'ratio':>7} {'cpu ratio':>9} {'overhead/img ms':>16}  "
          "stages (governed, ms)")
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            row = _run_case(case, Path(tmp), args.registry)
            results["cases"][case.name] = row
            print(f"{case.name:<20} {row['bare_ms']:>10.1f} {row['governed_ms']:>12.1f} {row['ratio']:>7.2f} "
                  f"{row['ratio_cpu']:>9.2f} "
                  f"{row['overhead_per_image_ms']:>16.1f}  {row['governed_stages_ms']}")
    if RESULTS.is_file():  # keep earlier rows of cases not run now (--full, --cases), marked as such
        for name, earlier in json.loads(RESULTS.read_text()).get("cases", {}).items():
            if name not in results["cases"]:
                results["cases"][name] = {**earlier, "from_earlier_full_run": True}
    results["load_avg_1min_at_end"] = round(os.getloadavg()[0], 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
