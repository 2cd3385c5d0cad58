"""Adversary 15 (false denial): ``DiffusionEngine.source_weight`` calls the scheduler's
``set_timesteps(steps)`` with nothing else. A flow-matching scheduler with dynamic shifting
(Flux's: ``use_dynamic_shifting=True``; its pipelines pass ``mu`` computed from the image size)
raises there, so the weight is None — "cannot say", which the studio counts as repainting
every source face. Every img2img on such a model, at any strength (0.2 keeps about 0.9 of the
source), is then judged a new picture of everyone in the frame: a filmmaker's light grade of
her footage on a ``footage_edit`` grant is refused as "repainted entirely", on every Flux-type
model the docstring says the rule supports. (SD3's scheduler, without dynamic shifting, gets
a number: 0.88 at 0.2.)

Fix: compute ``mu`` as the pipeline does (``calculate_shift`` from the output size's latent
sequence length: pass width/height to ``source_weight``) and set the timesteps with it.
"""

from __future__ import annotations

import types

import pytest


def _engine(scheduler):
    from creator.engines.diffusion import DiffusionEngine

    engine = object.__new__(DiffusionEngine)  # only the scheduler is read: the model's own, as loaded
    engine.model_id = "flow-model"
    engine._pipe = None
    engine._pipes = {"img2img": types.SimpleNamespace(scheduler=scheduler)}
    return engine


def test_premise_a_flow_scheduler_without_dynamic_shift_says_what_a_light_edit_keeps():
    from diffusers import FlowMatchEulerDiscreteScheduler

    w = _engine(FlowMatchEulerDiscreteScheduler(shift=3.0)).source_weight(0.2, 28)
    assert w is not None and w > 0.8


def test_a_light_img2img_on_a_dynamic_shift_flow_model_keeps_most_of_the_source():
    from diffusers import FlowMatchEulerDiscreteScheduler

    flux = FlowMatchEulerDiscreteScheduler(shift=3.0, use_dynamic_shifting=True, base_shift=0.5, max_shift=1.15,
                                           base_image_seq_len=256, max_image_seq_len=4096)
    w = _engine(flux).source_weight(0.2, 28)
    assert w is not None and w > 0.5, w


def test_a_dynamic_shift_flow_model_is_judged_at_the_requested_size():
    """The shift grows with the picture: the same strength keeps less of the source at 1024²
    than at 256², as the pipeline computes it (``calculate_shift``)."""
    from diffusers import FlowMatchEulerDiscreteScheduler

    flux = FlowMatchEulerDiscreteScheduler(shift=3.0, use_dynamic_shifting=True, base_shift=0.5, max_shift=1.15,
                                           base_image_seq_len=256, max_image_seq_len=4096)
    small = _engine(flux).source_weight(0.6, 28, 256, 256)
    large = _engine(flux).source_weight(0.6, 28, 1024, 1024)
    assert small is not None and large is not None and large < small
