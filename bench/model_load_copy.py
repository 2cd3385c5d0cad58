"""What loading a registered diffusers model from a private, hashed copy costs.

Since the model-swap fix (``consent.model_files``) the studio copies a registered model's files
into ``<data dir>/model-loads``, hashing them as it copies, loads the copy and removes it. Before,
it hashed the files where they lie, loaded them there and hashed them again. Both recipes, on
one diffusers folder whose UNet is SD-1.5-shaped (``--unet-mb``: about 3.4 GB fp32 at full size;
``layers_per_block`` 1 by default, about 1.6 GB), interleaved, median of R rounds, page cache warm
(the second round on):

- ``before_s``: ``model_digest`` + ``DiffusionEngine(folder)`` + ``model_digest``;
- ``after_s``: ``copy_model`` + ``DiffusionEngine(copy)`` + ``remove_copy``;
- ``load_only_s``: ``DiffusionEngine(folder)`` alone (the yardstick: no hash at all).

It also reports the disk the copy holds: free bytes of the copy's filesystem before the copy,
while the engine lives (the removed copy's memory-mapped weights keep their blocks on the CPU),
and after the engine is dropped.

Usage: PYTHONPATH=. .venv/bin/python bench/model_load_copy.py [--rounds 3] [--layers 1]
Writes bench/results/model_load_copy.json with machine info.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "model_load_copy.json"


def _build(folder: Path, layers: int) -> int:
    from diffusers import UNet2DConditionModel

    from creator.engines.testing import make_tiny_sd_pipeline

    make_tiny_sd_pipeline(folder)
    tiny = UNet2DConditionModel.from_pretrained(folder / "unet")
    unet = UNet2DConditionModel(  # SD-1.5's UNet shape, attending to the tiny text encoder
        sample_size=tiny.config.sample_size, in_channels=4, out_channels=4, layers_per_block=layers,
        block_out_channels=(320, 640, 1280, 1280), cross_attention_dim=tiny.config.cross_attention_dim,
        down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3, attention_head_dim=8)
    shutil.rmtree(folder / "unet")
    unet.save_pretrained(folder / "unet", safe_serialization=True)
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--layers", type=int, default=1)
    a = ap.parse_args()
    from consent.model_files import copy_model, model_digest, remove_copy
    from creator.engines.diffusion import DiffusionEngine

    work = Path(tempfile.mkdtemp(prefix="bench-model-load-"))
    folder, loads = work / "sd", work / "data" / "model-loads"
    size = _build(folder, a.layers)
    registered = model_digest(folder).sha256

    def before() -> DiffusionEngine:
        assert model_digest(folder).sha256 == registered
        engine = DiffusionEngine(folder)
        assert model_digest(folder).sha256 == registered
        return engine

    def after() -> DiffusionEngine:
        copy = copy_model(folder, None, loads)
        try:
            assert copy.digest.sha256 == registered
            return DiffusionEngine(copy.path)
        finally:
            remove_copy(copy)

    def load_only() -> DiffusionEngine:
        return DiffusionEngine(folder)

    recipes = {"before": before, "after": after, "load_only": load_only}
    times: dict[str, list[float]] = {k: [] for k in recipes}
    for r in range(a.rounds + 1):  # round 0 warms the page cache and is not counted
        for name, recipe in recipes.items():
            t = time.perf_counter()
            engine = recipe()
            dt = time.perf_counter() - t
            del engine
            gc.collect()
            if r:
                times[name].append(dt)
    free = lambda: os.statvfs(work).f_bavail * os.statvfs(work).f_frsize  # noqa: E731
    f0 = free()
    engine = after()
    f1 = free()
    del engine
    gc.collect()
    f2 = free()
    med = {k: statistics.median(v) for k, v in times.items()}
    r = {"model_bytes": size, "rounds": a.rounds, "unet_layers_per_block": a.layers,
         **{f"{k}_s": round(v, 2) for k, v in med.items()},
         "after_over_before": round(med["after"] / med["before"], 2),
         "before_over_load_only": round(med["before"] / med["load_only"], 2),
         "after_over_load_only": round(med["after"] / med["load_only"], 2),
         "disk_held_while_engine_lives_bytes": f0 - f1, "disk_held_after_engine_dropped_bytes": f0 - f2,
         "all_s": {k: [round(x, 2) for x in v] for k, v in times.items()},
         "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}}
    shutil.rmtree(work, ignore_errors=True)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(r, indent=2) + "\n")
    print(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
