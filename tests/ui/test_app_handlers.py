"""The studio's handlers, called directly the way Gradio calls them.

Real users file, real SQLite registry, real Ed25519 keys, real GAN, real C2PA signing.
"""

from __future__ import annotations

import hashlib
import json
import io
from pathlib import Path

import gradio as gr
import numpy as np
import pytest
from ui_support import CREATOR, OPERATOR, draft_form, generate_form, issue, signed_grant_json
from PIL import Image

from creator.errors import InputError
from creator.talent.operator import draft_grant, import_grant
from creator.ui import GenerateForm, SubjectForm
from creator.ui import render
from creator.verify import verify


# --------------------------------------------------------------------------- roles
@pytest.mark.parametrize(
    ("action", "call"),
    [
        ("importing a grant", lambda h, r, keys, ev: import_grant(h, signed_grant_json(h, "jane-doe", keys, ev), None, r)),
        ("drafting a grant", lambda h, r, keys, ev: draft_grant(h, draft_form("jane-doe", ev), r)),
        ("revoking a grant", lambda h, r, keys, ev: h.revoke_grant("g-000000000000", "withdrawn", request=r)),
        ("adding a subject", lambda h, r, keys, ev: h.add_subject(SubjectForm(subject_id="x", display_name="X"), request=r)),
        ("enrolling photos", lambda h, r, keys, ev: h.enroll_photos("jane-doe", [str(ev)], request=r)),
        ("registering an adapter", lambda h, r, keys, ev: h.register_adapter("jane-doe", str(ev), "lora", request=r)),
        ("reading the audit log", lambda h, r, keys, ev: h.audit_entries("", "", 10, request=r)),
    ],
)
def test_creator_is_refused_every_operator_action(handlers, as_creator, jane, jane_keys, evidence_file, action, call) -> None:
    with pytest.raises(gr.Error, match=rf"{action} requires the operator role; you are signed in as creator '{CREATOR}'"):
        call(handlers, as_creator, jane_keys, evidence_file)
    assert handlers.registry.list_grants() == []


def test_unsigned_request_is_refused(handlers, jane_keys, evidence_file, jane) -> None:
    with pytest.raises(gr.Error, match="sign-in required"):
        issue(handlers, gr.Request(), jane, jane_keys, evidence_file)


def test_removed_user_is_refused(handlers) -> None:
    with pytest.raises(gr.Error, match="user 'mallory' is not in the users file"):
        handlers.verify_file(None, request=gr.Request(username="mallory"))


def test_creator_cannot_generate_for_another_grantee(handlers, as_creator) -> None:
    with pytest.raises(gr.Error, match=r"grantee is 'acme-films', but this account generates only as 'carl'; an operator "
                                       r"can let it generate for 'acme-films' \(consent-studio users grantees carl acme-films\)"):
        handlers.check_consent(generate_form(grantee="acme-films"), request=as_creator)


def test_an_agency_creator_generates_under_the_agencys_grant(handlers, as_creator, as_operator, jane, jane_keys,
                                                             evidence_file) -> None:
    """(a fresh user's walkthrough, session 64) a grant made out to the agency could not be used by
    any of its creators' accounts: an operator names the grantees an account may generate for."""
    issue(handlers, as_operator, jane, jane_keys, evidence_file, grantee="Bright Agency")
    form = generate_form(grantee="Bright Agency", subjects=["jane-doe"])
    with pytest.raises(gr.Error, match="this account generates only as 'carl'"):
        handlers.check_consent(form, request=as_creator)
    assert handlers.session_start(as_creator)[2].choices == []
    handlers.store.set_grantees(CREATOR, ["Bright Agency"])
    assert 'data-verdict="allowed"' in handlers.check_consent(form, request=as_creator)
    _, grantee, subjects, _people, _audit = handlers.session_start(as_creator)
    assert grantee.interactive is True and "this account generates as carl, Bright Agency" in grantee.info
    assert subjects.choices == [("Jane Doe (jane-doe)", "jane-doe")]
    with pytest.raises(gr.Error, match="this account generates only as 'carl', 'Bright Agency'"):
        handlers.check_consent(generate_form(grantee="Other Agency"), request=as_creator)


def test_session_start_hides_operator_tabs_from_creators(handlers, as_creator, as_operator, jane, jane_keys,
                                                         evidence_file) -> None:
    who, grantee, subjects, people_tab, audit_tab = handlers.session_start(as_creator)
    assert who == f"Signed in as **{CREATOR}** (creator)"
    assert grantee.value == CREATOR and grantee.interactive is False
    assert subjects.choices == []  # a creator's picker lists only subjects granted to them
    assert people_tab.visible is False and audit_tab.visible is False
    _, grantee, subjects, people_tab, audit_tab = handlers.session_start(as_operator)
    assert grantee.value == OPERATOR and grantee.interactive is True
    assert subjects.choices == [("Jane Doe (jane-doe)", "jane-doe")]
    assert people_tab.visible is True and audit_tab.visible is True
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    assert handlers.subject_choices(as_creator).choices == [("Jane Doe (jane-doe)", "jane-doe")]


# --------------------------------------------------------------------------- people & grants
def test_operator_issues_grant_and_sees_it_active(handlers, as_operator, jane, jane_keys, evidence_file) -> None:
    message, rows = issue(handlers, as_operator, jane, jane_keys, evidence_file)
    assert message.startswith("Imported grant **g-") and "for **jane-doe** → carl, signed by self" in message
    (row,) = rows
    assert row[1:4] == ["jane-doe", CREATOR, "spring-campaign"]
    assert row[6] == "active"
    stored = handlers.registry.list_grants("jane-doe")[0]
    assert stored.grant.evidence[0].sha256 == hashlib.sha256(evidence_file.read_bytes()).hexdigest()


def test_boilerplate_description_is_refused_naming_the_field(handlers, as_operator, jane, jane_keys, evidence_file) -> None:
    form = draft_form(jane, evidence_file, description="any use")
    with pytest.raises(gr.Error, match=r"description: .*boilerplate"):
        draft_grant(handlers, form, as_operator)


def test_grant_signed_by_unregistered_key_is_refused(handlers, as_operator, jane, evidence_file, tmp_path) -> None:
    from consent.signing import generate_key_files

    stranger = generate_key_files(tmp_path / "other", "stranger")
    with pytest.raises(gr.Error, match="is not from a registered key; expected one of keys of subject 'jane-doe'"):
        issue(handlers, as_operator, jane, stranger, evidence_file)
    assert handlers.registry.list_grants() == []


def test_grant_with_bad_date_names_the_field(handlers, as_operator, jane, jane_keys, evidence_file) -> None:
    with pytest.raises(gr.Error, match=r"“Valid until” is 'next year'; expected an ISO 8601 date"):
        draft_grant(handlers, draft_form(jane, evidence_file, valid_until="next year"), as_operator)


def test_private_key_uploaded_as_subject_key_is_refused(handlers, as_operator, jane_keys) -> None:
    with pytest.raises(gr.Error, match="holds a PRIVATE key; upload the public key"):
        handlers.add_subject(SubjectForm(subject_id="sam", display_name="Sam", subject_key=str(jane_keys.private_path)),
                             request=as_operator)


def test_the_grants_table_is_filled_when_the_tab_opens_newest_first(handlers, as_operator, as_creator, jane, jane_keys,
                                                                    evidence_file, monkeypatch) -> None:
    """User audit: the grants table was empty when People & consent opened (only "Show grant
    status" filled it), so "click a row of the grants table" to revoke had nothing to click."""
    issue(handlers, as_operator, jane, jane_keys, evidence_file, project="first-project")
    issue(handlers, as_operator, jane, jane_keys, evidence_file, project="second-project")
    table = handlers.recent_grants(request=as_operator)
    assert [r[3] for r in table.value["data"]] == ["second-project", "first-project"] and table.label == "Grants"
    monkeypatch.setattr(type(handlers), "RECENT_GRANTS", 1)
    table = handlers.recent_grants(request=as_operator)
    assert [r[3] for r in table.value["data"]] == ["second-project"]
    assert table.label == "Grants: the 1 newest (Show grant status lists every one)"
    with pytest.raises(gr.Error, match="viewing grants requires the operator role"):
        handlers.recent_grants(request=as_creator)


def test_revoked_grant_shows_revoked_and_is_audited(handlers, as_operator, jane, jane_keys, evidence_file) -> None:
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    grant_id = handlers.registry.list_grants(jane)[0].id
    message, rows = handlers.revoke_grant(grant_id, "talent withdrew consent", request=as_operator)
    assert message == f"Grant **{grant_id}** revoked: talent withdrew consent"
    assert rows[0][6].startswith("revoked ") and rows[0][6].endswith("talent withdrew consent")
    entries = handlers.audit_entries("", grant_id, 50, request=as_operator)
    assert [e[2] for e in entries] == ["grant_revoked", "grant_issued"]
    assert handlers.audit_check(request=as_operator).startswith("Audit chain intact")


def test_enrollment_refusal_names_each_photo(handlers, as_operator, jane, tmp_path) -> None:
    blank = tmp_path / "wall.png"
    Image.new("RGB", (320, 320), (200, 190, 180)).save(blank)
    with pytest.raises(gr.Error, match=r"enroll jane-doe: refused .*no face found, expected exactly one"):
        handlers.enroll_photos(jane, [str(blank)], request=as_operator)


def test_enrollment_refusal_names_the_uploaded_file_and_says_nothing_was_enrolled(handlers, as_operator, jane,
                                                                                  tmp_path) -> None:
    """User audit: the refusal named the server's copy (".../ui-cache/018d.../noface.png") and did
    not say that the good photo uploaded with it was not enrolled either."""
    from skimage import data

    cache = tmp_path / "ui-cache" / "018db874ef0f"  # where Gradio keeps an upload
    cache.mkdir(parents=True)
    blank, photo = cache / "noface.png", cache / "astronaut.png"
    Image.new("RGB", (320, 320), (200, 190, 180)).save(blank)
    Image.fromarray(data.astronaut()).save(photo)
    with pytest.raises(gr.Error) as e:
        handlers.enroll_photos(jane, [str(blank), str(photo)], request=as_operator)
    message = str(e.value)
    assert "refused noface.png: no face found, expected exactly one" in message
    assert str(tmp_path) not in message and "ui-cache" not in message
    assert "nothing was enrolled, the other 1 photo(s) neither" in message
    assert handlers.registry.template_photos(jane) == {}  # the astronaut was not enrolled either


def test_the_audit_tab_says_each_decision_in_words(handlers, as_operator, as_creator, jane) -> None:
    """User audit: legal staff read raw fields (``decision={"allowed": false, "context": …``);
    an entry says what was decided, for whom, whose likeness and why a denial denied."""
    handlers.check_consent(generate_form(subjects=[jane], project="spring-campaign"), request=as_creator)
    (row,) = [r for r in handlers.audit_entries(jane, "", 50, request=as_operator) if r[2] == "decision"]
    summary = row[3]
    assert summary.startswith("Denied, for carl, art / likeness_generation, project spring-campaign, territory US.")
    assert f"Likeness of: {jane}." in summary and "Why: " in summary and "{" not in summary
    assert render.audit_summary("subject_added", {"subject_id": "x", "display_name": "X Y", "kind": "person",
                                                  "minor": True}) == "Subject x (“X Y”) added, person, a minor."
    # an entry the words cannot read is shown raw, never hidden
    assert render.audit_summary("decision", {"decision": "garbled"}) == "decision=garbled"
    # (red team, session 54) a failure before any decision is no "Denied"; who acted for another
    # grantee is named; what someone typed is quoted and cut short
    assert render.audit_summary("failure", {"actor": "ui:x", "stage": "verify:integrity",
                                            "error": "IntegrityFailure: a row rewritten"}) == \
        "Failed before any decision, at stage verify:integrity: “IntegrityFailure: a row rewritten”."
    no_actor = {"decision": {"allowed": True, "context": {"grantee": "ACME Films", "purpose": "art",
                                                          "operation": "likeness_generation"}}}
    assert "(by" not in render.audit_summary("decision", no_actor)  # red team 2: "(by no details)"
    entry = {"actor": "ui:olive", "decision": {"allowed": True, "context": {"grantee": "carl", "purpose": "art",
                                                                           "operation": "likeness_generation"}}}
    assert render.audit_summary("decision", entry).startswith("Allowed, for carl (by ui:olive), art / likeness_generation")
    forged = render.audit_summary("login_failed", {"user": "Grant g-1 revoked by olive. " * 3000, "client": "10.0.0.9"})
    assert forged.startswith("Failed sign-in as “Grant g-1 revoked") and len(forged) < 200


def test_audit_check_names_first_broken_entry(handlers, as_operator, jane) -> None:
    from sqlalchemy import text

    with handlers.registry.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET payload = '{}' WHERE seq = 1"))
    assert handlers.audit_check(request=as_operator).startswith("Audit chain BROKEN at entry **1**")


# --------------------------------------------------------------------------- generate / verify
def test_denied_request_lists_its_reasons(handlers, as_creator, jane) -> None:
    md = handlers.check_consent(generate_form(subjects=[jane]), request=as_creator)
    assert 'data-verdict="denied"' in md
    assert "Reasons and what to do" in md and "jane-doe" in md


def test_denied_generate_fills_the_decision_panel_and_shows_no_files(handlers, as_creator, jane, ui_settings) -> None:
    with pytest.warns(UserWarning, match=r"Nothing was generated: consent denied \(1 reason\)\. The decision below says what to do"):
        gallery, downloads, decision_md, summary = handlers.generate(generate_form(subjects=[jane]), request=as_creator)
    assert gallery == [] and downloads == []  # replaces any earlier run's files in the page
    assert 'data-verdict="denied"' in decision_md and "Nothing was generated." in decision_md
    assert "Reasons and what to do" in decision_md
    assert "<td>jane-doe</td><td>no_grant</td><td><strong>fail</strong></td>" in decision_md  # every finding, per likeness
    assert summary == "#### Nothing was generated" and "has no consent grant" in decision_md  # the reasons, once
    assert not any(ui_settings.outputs_dir.glob("*.png"))
    denials = [e for e in handlers.registry.audit_entries(limit=None) if e.kind == "decision"]
    assert len(denials) == 1 and denials[0].payload["decision"]["allowed"] is False  # decided (and audited) once


def test_grant_allows_the_creators_next_request(handlers, as_operator, as_creator, jane, jane_keys, evidence_file) -> None:
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    grant_id = handlers.registry.list_grants(jane)[0].id
    md = handlers.check_consent(generate_form(subjects=[jane]), request=as_creator)
    assert 'data-verdict="allowed"' in md, md
    assert f"<code>{grant_id}</code>" in md


def test_generate_returns_signed_files_that_verify_trusted(handlers, as_creator, ui_settings) -> None:
    gallery, downloads, decision_md, summary = handlers.generate(generate_form(count=2), request=as_creator)
    assert 'data-verdict="allowed"' in decision_md
    assert gallery == downloads and len(downloads) == 2
    for p in map(Path, downloads):
        assert p.parent == ui_settings.outputs_dir
        assert p.read_bytes()[:4] == b"\x89PNG"
        report = verify(p, settings=ui_settings, registry=handlers.registry)
        assert report.c2pa_state == "Trusted" and report.ok, report.reasons
        assert f"OK: {p.name}" in summary
    assert "**C2PA:** Trusted" in summary
    assert "**Digital source type:** [trainedAlgorithmicMedia](http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia) (manifest and XMP agree)" in summary


def test_verify_tab_reports_an_unsigned_image_as_failing(handlers, as_creator, tmp_path) -> None:
    plain = tmp_path / "holiday.png"
    Image.new("RGB", (300, 300), (10, 120, 200)).save(plain)
    summary, data, json_path = handlers.verify_file(str(plain), request=as_creator)
    assert 'data-verdict="none"' in summary and "No content credentials" in summary and "holiday.png" in summary
    assert data["ok"] is False and data["c2pa_state"] == "NoManifest"
    assert Path(json_path).read_text().count('"c2pa_state": "NoManifest"') == 1
    # written inside the data directory (0700), not the system's temporary folder (red team 66)
    assert handlers.settings.data_dir.resolve() in Path(json_path).resolve().parents


def test_verify_tab_recovers_a_stripped_copy_by_its_watermark(handlers, as_creator, tmp_path) -> None:
    _gallery, downloads, _decision, _summary = handlers.generate(generate_form(count=1), request=as_creator)
    copy = tmp_path / "reposted.jpg"
    with Image.open(downloads[0]) as im:
        im.convert("RGB").save(copy, quality=85)  # what a platform re-encode does: metadata gone
    summary, data, _json = handlers.verify_file(str(copy), request=as_creator)
    sha = Path(downloads[0]).stem
    assert 'data-verdict="copy"' in summary and "Copy of an original" in summary and "reposted.jpg" in summary
    assert f"<dt>Original</dt><dd>OK (Trusted), output {sha[:16]}…</dd>" in summary  # the maker sees its own output
    assert data["recovered"]["record"]["sha256"] == sha
    assert str(handlers.settings.data_dir) not in json.dumps(data)  # never a server path


def test_verify_of_another_users_copy_shows_disclosure_facts_only(handlers, as_creator, users, tmp_path) -> None:
    from creator.auth import Role

    _gallery, downloads, _decision, _summary = handlers.generate(generate_form(count=1), request=as_creator)
    copy = tmp_path / "reposted.jpg"
    with Image.open(downloads[0]) as im:
        im.convert("RGB").save(copy, quality=85)
    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    summary, data, _json = handlers.verify_file(str(copy), request=gr.Request(username="dora"))
    text = summary + json.dumps(data)
    assert "a copy of an output of this studio; its details are shown to its maker and to operators" in text
    assert Path(downloads[0]).stem[:16] not in text and "decision" not in json.dumps(data.get("reasons"))
    assert data["recovered"] == {"ok": True, "verdict": "OK"}


# --------------------------------------------------------------------------- image editor
def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_inpaint_mask_is_the_painted_layer(tmp_path) -> None:
    bg = tmp_path / "frame.png"
    Image.new("RGB", (320, 256), (90, 90, 90)).save(bg)
    layer = Image.new("RGBA", (320, 256), (0, 0, 0, 0))
    layer.paste((255, 255, 255, 255), (100, 50, 200, 150))
    layer_path = tmp_path / "layer.png"
    layer.save(layer_path)
    src, mask = GenerateForm(mode="inpaint", source={"background": str(bg), "layers": [str(layer_path)], "composite": None}).editor_images()
    assert src == str(bg)
    m = np.asarray(Image.open(io.BytesIO(mask)))
    assert m.shape == (256, 320)
    assert m[100, 150] == 255 and m[10, 10] == 0
    assert int((m == 255).sum()) == 100 * 100


def test_inpaint_without_paint_is_refused(tmp_path) -> None:
    bg = tmp_path / "frame.png"
    Image.new("RGB", (320, 256)).save(bg)
    with pytest.raises(InputError, match="mode 'inpaint' needs a mask: paint over the area to repaint"):
        GenerateForm(mode="inpaint", source={"background": str(bg), "layers": [], "composite": None}).editor_images()


def test_img2img_without_source_is_refused() -> None:
    with pytest.raises(InputError, match="mode 'img2img' needs a source image"):
        GenerateForm(mode="img2img", source=None).editor_images()


# --------------------------------------------------------------------------- opt-out, adapters, enrollment
def test_opt_out_denies_even_with_a_grant(handlers, as_operator, as_creator, jane, jane_keys, evidence_file) -> None:
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    message, rows = handlers.set_opt_out(jane, True, request=as_operator)
    assert message == "Subject **jane-doe** is opted out: nothing is generated of them any more, whatever their grants say."
    assert rows[0][5] is True
    md = handlers.check_consent(generate_form(subjects=[jane]), request=as_operator)
    assert 'data-verdict="denied"' in md
    assert "<td>jane-doe</td><td>opt_out</td><td><strong>fail</strong></td>" in md
    # a creator reads it as any missing grant: a person's opt-out is not a creator's to learn (red team 24)
    md = handlers.check_consent(generate_form(subjects=[jane]), request=as_creator)
    assert 'data-verdict="denied"' in md and "opt" not in md.replace("option", "").lower()
    assert "<td>jane-doe</td><td>no_grant</td><td><strong>fail</strong></td>" in md


def test_adapter_is_bound_once_by_its_digest(handlers, as_operator, jane, tmp_path) -> None:
    lora = tmp_path / "jane-v1.safetensors"
    lora.write_bytes(b"\x00" * 64)
    digest = hashlib.sha256(lora.read_bytes()).hexdigest()
    assert handlers.register_adapter(jane, str(lora), "lora", request=as_operator) == (
        f"Adapter `jane-v1.safetensors` (sha256 `{digest}`) is bound to **jane-doe**."
    )
    with pytest.raises(gr.Error, match=rf"adapter {digest[:12]}… is already bound to subject 'jane-doe'"):
        handlers.register_adapter(jane, str(lora), "lora", request=as_operator)


def test_enrolling_a_real_photo_stores_one_template(handlers, as_operator, jane, tmp_path) -> None:
    from skimage import data

    photo = tmp_path / "astronaut.png"
    Image.fromarray(data.astronaut()).save(photo)
    message = handlers.enroll_photos(jane, [str(photo)], request=as_operator)
    assert message.startswith("Enrolled **1** face template(s) for **jane-doe**")
    ids, matrix = handlers.registry.face_templates("sface-2021dec-int8bq")
    assert ids == ["jane-doe"] and matrix.shape == (1, 128)


def test_audit_entries_name_the_signed_in_operator(handlers, as_operator, jane) -> None:
    entry = [e for e in handlers.registry.audit_entries() if e.kind == "subject_added"][-1]
    assert entry.payload["actor"] == f"ui:{as_operator.username}"
