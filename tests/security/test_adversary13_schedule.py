"""Adversary 13: the img2img repaint threshold is a strength, but what a strength keeps depends on the model.

``creator.studio._repaints`` counts a source face as repainted (her ``footage_edit`` grant no
longer suffices) from img2img strength 0.9, justified by Stable Diffusion's *scaled-linear*
schedule: there the starting latent holds about 0.15 of the source at 0.9 and 0.09 at 1.0.
The source's share is ``sqrt(alphas_cumprod[t_start])`` of the **registered model's own
scheduler**, which the rule never reads. A diffusers folder saved with diffusers' default
``DDIMScheduler()`` (linear betas 1e-4 .. 0.02, the DDPM schedule many non-SD pipelines ship)
keeps 0.12 at strength 0.7 and 0.08 at the request default 0.75 — less of her face than Stable
Diffusion keeps at strength 1.0, which the rule denies. A creator picks such a registered model
and makes a new face of her, by name, on a footage-edit grant, at the default strength.

Fail closed: judge img2img on the source weight the loaded pipeline actually starts from
(its scheduler, steps and strength), not on the strength number.
"""

from __future__ import annotations

import json
import shutil

import pytest

from consent.errors import ConsentDenied
from studio_world import astronaut, png_bytes


def _source_weight(scheduler, steps: int, strength: float) -> float:
    """sqrt(alphas_cumprod) at the timestep an img2img pipeline starts from (diffusers' get_timesteps)."""
    scheduler.set_timesteps(steps)
    t_start = max(steps - min(int(steps * strength), steps), 0)
    t = int(scheduler.timesteps[t_start * scheduler.order])
    return float(scheduler.alphas_cumprod[t]) ** 0.5


def test_img2img_on_a_linear_schedule_model_at_default_strength_is_not_an_edit_of_her(engine_world, tiny_models, tmp_path):
    from diffusers import DDIMScheduler

    folder = tmp_path / "linear-sd"
    shutil.copytree(tiny_models.sd, folder)
    DDIMScheduler().save_pretrained(folder / "scheduler")  # diffusers' default: linear betas 1e-4 .. 0.02
    assert json.loads((folder / "scheduler" / "scheduler_config.json").read_text())["beta_schedule"] == "linear"
    sd = DDIMScheduler.from_pretrained(tiny_models.sd, subfolder="scheduler")  # the schedule the rule was sized on
    linear = DDIMScheduler.from_pretrained(folder, subfolder="scheduler")
    # the set-up: at the default strength this model keeps less of the source than SD does at 1.0 (denied)
    assert _source_weight(linear, 20, 0.75) < _source_weight(sd, 20, 1.0) < 0.1

    w = engine_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    w.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])
    model = w.register_model("linear-sd", folder)
    request = w.request(engine="diffusion", model=model, mode="img2img", source=png_bytes(astronaut(256)),
                        strength=0.75, steps=20, width=256, height=256, prompt="Eileen Collins on a beach at sunset")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        w.studio().generate(request)
