"""The Generate form follows the engine, "Check consent" checks the model Generate would load,
and a request picks its label corner and file format within what the disclosure profile allows.
Handler level: a real registry, the built-in GAN, a tiny registered diffusion model."""

from __future__ import annotations

import gradio as gr
import pytest
from PIL import Image
from ui_support import generate_form

from creator.errors import InputError
from creator.settings import StudioSettings


def _update(x):
    return x if isinstance(x, dict) else x.constructor_args if hasattr(x, "constructor_args") else vars(x)


def _choices(component) -> list[str]:
    return [c[1] if isinstance(c, (list, tuple)) else c for c in _update(component)["choices"]]


@pytest.fixture()
def sd_model(handlers, tiny_models) -> str:
    handlers.ops.register_model("tiny-sd", tiny_models.sd, kind="diffusers", licence="test weights")
    return "tiny-sd"


# --------------------------------------------------------------------------- the form
def test_the_gan_form_has_no_editing_modes_steps_or_editor_and_says_it_ignores_the_prompt(handlers, as_creator, sd_model) -> None:
    mode, model, source, steps, guidance, negative, note = handlers.engine_form("gan", request=as_creator)
    assert _choices(mode) == ["text2img"]
    assert "tiny-sd" not in _choices(model)  # a diffusion model is not offered for the GAN
    assert not any(_update(c)["visible"] for c in (source, steps, guidance, negative))
    assert "ignores the prompt" in note


def test_the_diffusion_form_offers_every_mode_the_editor_and_the_registered_models(handlers, as_creator, sd_model) -> None:
    mode, model, source, steps, guidance, negative, note = handlers.engine_form("diffusion", request=as_creator)
    assert _choices(mode) == ["text2img", "img2img", "inpaint"]
    assert _choices(model) == ["tiny-sd"] and _update(model)["value"] == "tiny-sd"
    assert all(_update(c)["visible"] for c in (source, steps, guidance, negative))
    assert "ignores the prompt" not in note


def test_switching_engines_keeps_a_mode_and_model_the_engine_supports(handlers, as_creator, sd_model) -> None:
    mode, model, *_ = handlers.engine_form("diffusion", "inpaint", "tiny-sd", request=as_creator)
    assert _update(mode)["value"] == "inpaint" and _update(model)["value"] == "tiny-sd"
    mode, model, *_ = handlers.engine_form("gan", "inpaint", "tiny-sd", request=as_creator)
    assert _update(mode)["value"] == "text2img" and _update(model)["value"] == ""


def test_a_gan_request_with_an_editing_mode_is_a_plain_field_error(handlers, as_creator, tmp_path) -> None:
    src = tmp_path / "src.png"
    Image.new("RGB", (256, 256), (80, 90, 100)).save(src)
    editor = {"background": str(src), "layers": [], "composite": str(src)}
    for mode in ("img2img", "inpaint"):
        with pytest.raises(gr.Error, match=rf"“Mode” '{mode}' is not available with the gan engine") as e:
            handlers.check_consent(generate_form(mode=mode, source=editor), request=as_creator)
        assert "Traceback" not in str(e.value) and "InputError" not in str(e.value)


# --------------------------------------------------------------------------- check consent checks the model
def test_check_consent_names_the_model_generate_would_load(handlers, as_creator, sd_model) -> None:
    md = handlers.check_consent(generate_form(), request=as_creator)
    assert "Model: the built-in GAN" in md
    md = handlers.check_consent(generate_form(engine="diffusion", model=sd_model, width=256, height=256), request=as_creator)
    assert "Model: tiny-sd (diffusers) is registered and its files are unchanged" in md


def test_check_consent_without_a_diffusion_model_says_so_plainly(handlers, as_creator) -> None:
    md = handlers.check_consent(generate_form(engine="diffusion", model=""), request=as_creator)
    assert 'data-verdict="not-ready"' in md and "Not ready to generate" in md
    assert "“Model” is required for the diffusion engine" in md and "ask an operator" in md
    assert "CONSENT_STUDIO" not in md and "environment" not in md and "Allowed" not in md


def test_check_consent_refuses_an_unregistered_model_and_lists_the_registered_ones(handlers, as_creator, sd_model) -> None:
    md = handlers.check_consent(generate_form(engine="diffusion", model="not-there"), request=as_creator)
    assert "not a registered diffusion model" in md and "tiny-sd" in md and "Allowed" not in md
    md = handlers.check_consent(generate_form(engine="gan", model=sd_model), request=as_creator)
    assert "not a registered gan model" in md  # a diffusion model is not a GAN


def test_check_consent_notices_a_model_changed_since_registration(handlers, as_creator, sd_model, tiny_models, tmp_path) -> None:
    import shutil

    copy = tmp_path / "sd-copy"
    shutil.copytree(tiny_models.sd, copy)
    handlers.ops.register_model("sd-copy", copy, kind="diffusers", licence="test weights")
    cfg = copy / "model_index.json"
    cfg.write_text(cfg.read_text() + " ")
    md = handlers.check_consent(generate_form(engine="diffusion", model="sd-copy", width=256, height=256), request=as_creator)
    assert "changed since it was registered" in md and "Not ready" in md


# --------------------------------------------------------------------------- label corner and format
def test_the_form_offers_only_the_corners_and_formats_the_profile_allows(ui_settings, users, as_creator) -> None:
    from creator.ui import StudioApp

    narrowed = ui_settings.model_copy(update={"label_positions": "bottom-left,top-right", "output_formats": "png"})
    app = StudioApp(narrowed, store=users)
    try:
        pos, fmt = app.disclosure_choices(request=as_creator)
    finally:
        app.close()
    assert _choices(pos) == ["", "bottom-left", "top-right"] and _choices(fmt) == ["", "png"]


def test_a_label_corner_outside_the_profile_is_refused_before_anything_runs(ui_settings, users, as_creator) -> None:
    from creator.ui import StudioApp

    app = StudioApp(ui_settings.model_copy(update={"label_positions": "bottom-left"}), store=users)
    try:
        with pytest.raises(gr.Error, match=r"“Label corner” 'top-right' is not allowed here.*bottom-left"):
            app.check_consent(generate_form(label_position="top-right"), request=as_creator)
        with pytest.raises(gr.Error, match=r"“File format” 'webp' is not allowed here.*png, jpeg"):
            app.check_consent(generate_form(output_format="webp"), request=as_creator)
    finally:
        app.close()


def test_the_studio_itself_refuses_a_disallowed_corner(tmp_path) -> None:
    from creator.request import GenerationRequest
    from creator.studio import Studio

    studio = Studio(StudioSettings(data_dir=tmp_path / "d", label_positions="bottom-left"))
    req = GenerationRequest(grantee="carl", purpose="art", territory="US", label_position="top-left")
    with pytest.raises(InputError, match="`label_position` 'top-left' is not allowed"):
        studio.check(req)
    with pytest.raises(InputError, match="`label_position` 'top-left' is not allowed"):
        studio.generate(req)


def _corner_darkness(path, corner: str) -> float:
    with Image.open(path) as im:
        px = im.convert("L")
    w, h = px.size
    xs = range(w - 60, w - 2) if "right" in corner else range(2, 60)
    ys = range(2, 14) if corner.startswith("top") else range(h - 14, h - 2)
    return 255 - sum(px.getpixel((x, y)) for x in xs for y in ys) / (len(xs) * len(ys))


def test_a_request_gets_its_corner_and_format(handlers, as_creator) -> None:
    fields = dict(seed=11, width=256, height=256)
    _g, plain, *_ = handlers.generate(generate_form(**fields), request=as_creator)
    _g, chosen, *_ = handlers.generate(generate_form(label_position="top-right", output_format="jpeg", **fields),
                                      request=as_creator)
    ((default_path,), (chosen_path,)) = plain, chosen
    with Image.open(default_path) as a, Image.open(chosen_path) as b:
        assert (a.format, b.format) == ("PNG", "JPEG")
    # the same picture (same seed): the dark label box moved from bottom left to top right
    assert _corner_darkness(chosen_path, "top-right") > _corner_darkness(default_path, "top-right") + 40
    assert _corner_darkness(default_path, "bottom-left") > _corner_darkness(chosen_path, "bottom-left") + 10


def test_the_cli_takes_a_corner_and_format_and_refuses_others(tmp_path) -> None:
    from click.testing import CliRunner

    from creator.cli import cli

    base = ["--data-dir", str(tmp_path / "data"), "check", "--purpose", "art", "--grantee", "me", "--territory", "US"]
    r = CliRunner().invoke(cli, [*base, "--label-position", "center"])
    assert r.exit_code == 2 and "--label-position 'center' is not allowed here" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(cli, [*base, "--label-position", "top-left", "--output-format", "jpeg"])
    assert r.exit_code == 0, r.output
