"""The studio through its HTTP API with ``gradio_client`` (named endpoints, login required)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import CREATOR, CREATOR_PW, LiveServer, generate_fields, verify_on


pytestmark = pytest.mark.slow

from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402


@pytest.fixture(scope="module")
def creator_client(live_server: LiveServer) -> Client:
    return Client(live_server.url, auth=(CREATOR, CREATOR_PW), verbose=False, download_files=str(live_server.work / "api"))


def test_wrong_password_is_refused(live_server: LiveServer) -> None:
    with pytest.raises(ValueError, match="Could not login to http://127.0.0.1"):
        Client(live_server.url, auth=(CREATOR, "not-my-password"), verbose=False)


def test_generate_and_verify_through_the_api(creator_client: Client, live_server: LiveServer) -> None:
    form = generate_fields(count=1)
    gallery, downloads, decision_md, summary = creator_client.predict(**form, api_name="/generate")
    assert 'data-verdict="allowed"' in decision_md
    (path,) = [Path(d) if isinstance(d, str) else Path(d["path"]) for d in downloads]
    report = verify_on(live_server.settings, path)
    assert report.c2pa_state == "Trusted" and report.ok, report.reasons
    assert path.read_bytes() == (live_server.settings.outputs_dir / path.name).read_bytes()

    verify_md, data, json_file = creator_client.predict(handle_file(str(path)), api_name="/verify")
    assert 'data-verdict="ok"' in verify_md and path.name in verify_md
    assert data["c2pa_state"] == "Trusted" and data["ok"] is True and data["file"] == path.name
    assert Path(json_file).is_file()


def test_creator_cannot_issue_a_grant_through_the_api(creator_client: Client, live_server: LiveServer, tmp_path: Path) -> None:
    evidence = tmp_path / "release.pdf"
    evidence.write_bytes(b"%PDF release")
    with pytest.raises(AppError, match=r"drafting a grant requires the operator role; you are signed in as creator 'carl'"):
        creator_client.predict(
            "jane-doe", CREATOR, "p", "Portrait stills for the spring gallery show", ["art"], ["likeness_generation"],
            ["still_image"], "US", "2026-01-01", "2027-01-01", [], 0, "", "signed_release", handle_file(str(evidence)),
            7, api_name="/draft_grant",
        )
    with pytest.raises(AppError, match=r"revoking a grant requires the operator role; you are signed in as creator 'carl'"):
        creator_client.predict("g-000000000000", "because", api_name="/revoke_grant")


def test_denied_generate_through_the_api_returns_the_decision_and_no_files(creator_client: Client) -> None:
    gallery, downloads, decision_md, summary = creator_client.predict(
        **generate_fields(subjects=["nobody-registered"]), api_name="/generate"
    )
    assert gallery == [] and not downloads
    assert 'data-verdict="denied"' in decision_md and "Nothing was generated." in decision_md and "nobody-registered" in decision_md
    assert summary.startswith("#### Nothing was generated")


def test_an_img2img_source_through_the_api_in_the_documented_form(creator_client: Client, live_server: LiveServer,
                                                                  tiny_models, tmp_path: Path) -> None:
    """docs/UI.md's API section: a source image is the image editor's value, its picture under
    "background"; the studio reads it (here: a face in it that nobody registered denies, and says
    where), so a client learns the form from the docs, not from a schema that shows a model name
    as ``Literal['']``."""
    from consent.operations import Operations
    from consent.registry import Registry
    from studio_world import astronaut

    with Registry.from_settings(live_server.settings) as reg:  # an operator registers the model
        if reg.get_model("tiny-sd") is None:
            Operations(reg).register_model("tiny-sd", tiny_models.sd, kind="diffusers", licence="test weights")
    photo = tmp_path / "frame.png"
    astronaut().save(photo)
    source = {"background": handle_file(str(photo)), "layers": [], "composite": None}
    decision_md = creator_client.predict(**generate_fields(engine="diffusion", model="tiny-sd", mode="img2img",
                                                           source=source, width=256, height=256),
                                         api_name="/check_consent")
    assert 'data-verdict="denied"' in decision_md and "Face 1 in the source" in decision_md, decision_md[:400]
