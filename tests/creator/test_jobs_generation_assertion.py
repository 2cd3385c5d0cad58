"""The seed and settings of an output, signed into its C2PA manifest (``org.consent-studio.generation``).

Written by the disclosure step of the governed recipe for outputs that carry no real
person's likeness; left out where a grant is used. Read back here with c2pa-python's own
Reader (not our reader), by ``verify`` (report, CLI), and checked to stay off the public page.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import c2pa
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from creator.cli import cli
from creator.cli._common import CliState
from creator.disclosure.keys import verification_context
from creator.engines.gan import BUILTIN_WEIGHTS_SHA256
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from creator.ui import render
from creator.verify import verify
from jobs_support import SteppedEngine, request_fields
from public_support import public_app

LABEL = "org.consent-studio.generation"
ALLOWED = {"version", "seed", "steps", "width", "height", "model_sha256"}


def _assertions(path: Path, settings) -> dict:
    """label -> data of the active manifest, as c2pa-python's Reader returns them."""
    data = path.read_bytes()
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    with c2pa.Reader(mime, io.BytesIO(data), context=verification_context(settings)) as reader:
        assert reader.get_validation_state() == "Trusted"
        store = json.loads(reader.json())
    manifest = store["manifests"][store["active_manifest"]]
    return {a["label"]: a["data"] for a in manifest["assertions"]}


def test_a_job_signs_the_seed_it_actually_used_and_verify_shows_it(stub_world):
    engine = SteppedEngine()
    with JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                  engines={"gan": lambda r: engine, "diffusion": lambda r: engine},
                                  jobs=JobSettings(job_workers=1)) as jobs:
        job = jobs.submit(GenerationRequest.build(**request_fields(steps=3, width=256, height=320)), owner="ui:ana")
        job = jobs.wait(job.id, timeout=180, recorded=True)
    assert job.state is JobState.DONE, job.error
    (out,) = job.outputs
    signed = _assertions(Path(out.location), stub_world.settings)[LABEL]
    # the random seed drawn for this run is the one the engine ran with and the one signed
    assert engine.seeds == [job.seed]
    assert signed == {"version": 1, "seed": job.seed, "steps": 3, "width": 256, "height": 320, "model_sha256": None}
    assert set(signed) == ALLOWED
    text = json.dumps(signed).lower()
    assert "harbour" not in text and "ana" not in text and "/" not in text  # no prompt, no user, no path

    report = verify(out.location, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    assert report.generation == signed and report.to_dict()["generation"] == signed
    md = render.verify_markdown("out.png", render.report_for(report.to_dict(), "out.png", viewer="ui:ana", operator=False))
    assert f"seed {job.seed}, 3 steps, 256×320, model digest not recorded" in md

    r = CliRunner().invoke(cli, ["verify", out.location], obj=CliState(settings=stub_world.settings))
    assert r.exit_code == 0, r.output
    assert f"generation settings (signed): seed {job.seed}, 3 steps, 256×320" in r.output


def test_the_model_digest_is_the_weights_sha256(stub_world, gan_engine):
    studio = stub_world.studio(gan=lambda r: gan_engine)
    result = studio.generate(stub_world.request(engine="gan", width=256, height=256, seed=41, steps=5))
    (out,) = result.outputs
    signed = _assertions(out.path, stub_world.settings)[LABEL]
    # the GAN takes no steps: the request's 5 are not signed as a setting it used (user audit: GAN
    # outputs' signed settings said "20 steps")
    assert signed == {"version": 2, "seed": 41, "steps": None, "width": 256, "height": 256,
                      "model_sha256": BUILTIN_WEIGHTS_SHA256}
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok and report.generation["model_sha256"] == BUILTIN_WEIGHTS_SHA256
    r = CliRunner().invoke(cli, ["verify", str(out.path)], obj=CliState(settings=stub_world.settings))
    assert r.exit_code == 0 and "generation settings (signed): seed 41, 256×256, model sha256" in r.output
    # (red team, session 54) version 1 always carries a step count, which a verifier of an earlier
    # release requires: an assertion without one is version 2, and each version holds to its own
    from creator.disclosure.context import GenerationSettings
    from creator.errors import DisclosureError

    with pytest.raises(DisclosureError, match="version 1 holds no step count"):
        GenerationSettings.from_dict({**signed, "version": 1})
    with pytest.raises(DisclosureError, match="version 2 holds a step count"):
        GenerationSettings.from_dict({**signed, "steps": 5})


def test_no_settings_are_signed_where_a_real_persons_grant_is_used(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(subjects=("jane",), seed=99))
    (out,) = result.outputs
    found = _assertions(out.path, stub_world.settings)
    assert "org.consent-studio.likeness-consent" in found  # the manifest is there, with the grant ...
    assert LABEL not in found  # ... and without the seed and settings
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    assert report.generation is None and report.to_dict()["generation"] is None
    r = CliRunner().invoke(cli, ["verify", str(out.path)], obj=CliState(settings=stub_world.settings))
    assert r.exit_code == 0 and "generation settings" not in r.output


def test_the_public_verify_page_does_not_show_the_settings(stub_world):
    result = stub_world.studio().generate(stub_world.request(seed=1234567, steps=17))
    (out,) = result.outputs
    client = TestClient(public_app(stub_world))
    res = client.post("/public/api/verify", files={"file": ("x.png", out.data, "application/octet-stream")})
    assert res.status_code == 200
    body = json.dumps(res.json())
    assert "1234567" not in body and "generation" not in body
    page = client.post("/public/verify", files={"file": ("x.png", out.data, "application/octet-stream")})
    assert "1234567" not in page.text


@pytest.mark.parametrize("fmt", ["jpeg"])
def test_a_jpeg_output_carries_the_same_assertion(stub_world, fmt):
    settings = stub_world.settings.model_copy(update={"output_format": fmt})
    result = stub_world.studio(settings=settings).generate(stub_world.request(seed=5, steps=4))
    (out,) = result.outputs
    assert out.format == "jpeg"
    assert _assertions(out.path, settings)[LABEL] == {"version": 1, "seed": 5, "steps": 4, "width": 256,
                                                      "height": 256, "model_sha256": None}
