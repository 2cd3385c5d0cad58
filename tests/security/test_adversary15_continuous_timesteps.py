"""Adversary 15: ``DiffusionEngine.source_weight`` reads ``alphas_cumprod[int(timesteps[0])]``,
which assumes the scheduler's timesteps are indices into its training schedule (0..999). An
``EulerDiscreteScheduler`` configured as v-prediction models with EDM-style sigmas ship it
(``prediction_type="v_prediction"``, ``timestep_type="continuous"``, Karras sigmas up to
``sigma_max``; e.g. CosXL-style folders) sets its timesteps to ``0.25 * log(sigma)``: numbers
between about -2 and 1.2. ``int()`` of them is 0 (or -0 / a small negative number rounding to
0), ``alphas_cumprod[0]`` is 0.9991, and the source weight reads **1.0 at every strength**.

The pipeline itself starts from ``x + sigma * noise`` scaled by ``1/sqrt(1 + sigma²)``: with
``sigma_max=120`` and 20 steps that is 0.043 of the source at the default strength 0.75
(0.34 at 0.5), far under the 0.15 the repaint rule draws the line at (Stable Diffusion keeps
0.09 at strength 1.0, which is denied). So a creator picks such a registered model and makes
a new face of her, by name, at the default strength, on a ``footage_edit`` grant.

Fail closed: read the weight from the scheduler's ``sigmas`` (``1/sqrt(1+sigma²)`` for an
Euler-type, variance-exploding scheduler) where it has them, or treat timesteps outside
``0..len(alphas_cumprod)-1`` / non-integral timesteps as "cannot say" (None: repainted).
"""

from __future__ import annotations

import json
import shutil

import pytest

from consent.errors import ConsentDenied
from studio_world import astronaut, png_bytes

_CONFIG = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", prediction_type="v_prediction",
               timestep_type="continuous", use_karras_sigmas=True, sigma_min=0.002, sigma_max=120.0)


def _true_weight(scheduler, steps: int, strength: float) -> float:
    """What the img2img pipeline's first latent keeps of the source: 1/sqrt(1+sigma²) at its start."""
    scheduler.set_timesteps(steps)
    first = max(steps - min(int(steps * strength), steps), 0) * scheduler.order
    sigma = float(scheduler.sigmas[first])
    return (1.0 / (1.0 + sigma * sigma)) ** 0.5


def test_img2img_on_a_continuous_timestep_model_at_default_strength_is_not_an_edit_of_her(engine_world, tiny_models,
                                                                                          tmp_path):
    from diffusers import EulerDiscreteScheduler

    folder = tmp_path / "vpred-edm-sd"
    shutil.copytree(tiny_models.sd, folder)
    shutil.rmtree(folder / "scheduler")
    EulerDiscreteScheduler(**_CONFIG).save_pretrained(folder / "scheduler")
    index = json.loads((folder / "model_index.json").read_text())
    index["scheduler"] = ["diffusers", "EulerDiscreteScheduler"]  # the pipeline loads the class its index names
    (folder / "model_index.json").write_text(json.dumps(index))
    # the set-up: at the default strength this model keeps far less of the source than SD at 1.0 (denied)
    assert _true_weight(EulerDiscreteScheduler(**_CONFIG), 20, 0.75) < 0.05

    w = engine_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    w.issue_grant("eileen", "g-eileen-1", operations=["footage_edit"])
    model = w.register_model("vpred-edm-sd", folder)
    request = w.request(engine="diffusion", model=model, mode="img2img", source=png_bytes(astronaut(256)),
                        strength=0.75, steps=20, width=256, height=256, prompt="Eileen Collins on a beach at sunset")
    with pytest.raises(ConsentDenied, match="repainted entirely"):
        w.studio().generate(request)
