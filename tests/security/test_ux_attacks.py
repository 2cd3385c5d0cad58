"""Attacks on what the studio's pages render: HTML/script injected through file names, prompts and
subject ids; previews of hostile images; pictures that are not data URIs; operator-only subject
management reached by a creator."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_support import CREATOR, OPERATOR  # noqa: E402

from consent.policy import Decision, DecisionContext, Finding  # noqa: E402
from creator.ui import render  # noqa: E402
from creator.ui.visuals import thumbnail_data_uri  # noqa: E402

_SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>"\''


def _decision(*findings: Finding) -> Decision:
    return Decision(
        decision_id="d-1", allowed=all(f.passed for f in findings), findings=findings, grants_used=(), subjects=(),
        subject_refs={}, real_person_depicted=False, fictional_personas=(), decided_at=datetime.now(timezone.utc),
        context=DecisionContext(project="Blue (2026)", grantee="carl", purpose="art", operation="likeness_generation", media="still_image",
                                territory="US"),
    )


def _no_live_markup(html: str) -> None:
    assert "<script" not in html.lower() and "onerror=" not in html.replace("onerror=alert(2)&gt;", "")
    assert not re.search(r"<img[^>]*\bsrc=(?!\"data:image/)", html), html


def test_a_prompt_name_with_markup_is_shown_as_text(tmp_path: Path) -> None:
    f = Finding("unknown", False, f'unknown likeness at prompt chars 0-9 "{_SCRIPT}": it matches no registered subject',
                likeness=f'prompt chars 0-9 "{_SCRIPT}"')
    html = render.decision_markdown(_decision(f))
    _no_live_markup(html)
    assert "&lt;script&gt;" in html
    assert 'data-subject="&lt;script&gt;' in html  # the attribute cannot be closed by a quote


def test_a_subject_id_with_markup_is_shown_as_text() -> None:
    f = Finding("no_grant", False, f"subject '{_SCRIPT}' has no consent grant", subject_id=_SCRIPT)
    _no_live_markup(render.decision_markdown(_decision(f), note=_SCRIPT))


def test_a_file_name_with_markup_is_shown_as_text_in_verify() -> None:
    d = {"ok": False, "verdict": "FAIL", "c2pa_state": "NoManifest", "reasons": [_SCRIPT], "signer": _SCRIPT,
         "ai_system": _SCRIPT, "digital_source_type": {"manifest": "javascript:alert(1)", "xmp": None}}
    html = render.verify_html(_SCRIPT + ".png", d, thumbnail="javascript:alert(1)")
    _no_live_markup(html)
    assert "javascript:" not in html.split("<details>")[0]
    assert 'class="cs-thumb"' not in html  # not a data: image URI: no picture at all


def test_pictures_that_are_not_data_images_are_dropped() -> None:
    f = Finding("unknown", False, "unknown likeness at source face at (1, 2, 30, 40): it matches no registered subject",
                likeness="source face at (1, 2, 30, 40)")
    html = render.decision_markdown(_decision(f), pictures={"source": "https://evil.example/track.png"})
    assert "evil.example" not in html


def test_a_decompression_bomb_gets_no_thumbnail(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(bomb)  # 144 Mpx, a few KB on disk
    assert thumbnail_data_uri(bomb) is None


def test_a_file_that_is_not_an_image_gets_no_thumbnail(tmp_path: Path) -> None:
    junk = tmp_path / "notes.png"
    junk.write_bytes(b"%PDF-1.4 not an image")
    assert thumbnail_data_uri(junk) is None
    assert thumbnail_data_uri(tmp_path / "missing.png") is None


def test_creators_cannot_reach_subject_management(handlers) -> None:
    creator = gr.Request(username=CREATOR)
    evt = SimpleNamespace(index=[0, 0], row_value=["g1", "jane-doe", "carl", "p", "art", "", "active", 0])
    for call in (lambda: handlers.delete_subject("jane-doe", True, request=creator),
                 lambda: handlers.subject_summary("jane-doe", request=creator),
                 lambda: handlers.all_subject_choices(request=creator),
                 lambda: handlers.pick_grant(None, evt, request=creator),
                 lambda: handlers.revoke_grant("g1", "x", request=creator, confirm=True)):
        with pytest.raises(gr.Error, match="requires the operator role"):
            call()
    assert OPERATOR  # the operator account exists in this fixture


@pytest.fixture()
def handlers(tmp_path: Path):
    from creator.auth import Role, UserStore
    from creator.settings import StudioSettings
    from creator.ui import StudioApp

    settings = StudioSettings(data_dir=tmp_path / "data", torch_threads=1)
    store = UserStore.from_settings(settings)
    store.add(OPERATOR, Role.OPERATOR, "olive-operator-pw")
    store.add(CREATOR, Role.CREATOR, "carl-creator-pw1")
    return StudioApp(settings, store=store)
