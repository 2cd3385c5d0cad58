"""The studio's page: layout and wiring only (every behaviour is in :mod:`creator.ui.handlers`)."""

from __future__ import annotations

import logging
import os
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gradio as gr  # noqa: E402

from consent.records import (  # noqa: E402
    AdapterKind,
    EvidenceKind,
    Medium,
    Operation,
    Purpose,
    RepresentativeRole,
    Restriction,
    SubjectKind,
)
from creator.auth import AuthError, UserStore  # noqa: E402
from creator.request import MAX_IMAGES, EngineName, Mode  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from creator.talent import operator as talent_operator  # noqa: E402
from creator.ui.forms import (  # noqa: E402
    ENGINE_NOTES, REMOVE_REPRESENTATIVE, GenerateForm, SubjectEditForm, SubjectForm, SubjectMergeForm, endpoint)
from creator.ui.handlers import StudioApp, remove_older, ui_cache_root  # noqa: E402
from creator.ui.history import history_tab_components, wire_history  # noqa: E402
from creator.ui.jobs_view import POLL_S  # noqa: E402
from creator.ui.render import AUDIT_HEADERS, AUDIT_KINDS, GRANT_HEADERS, SUBJECT_HEADERS  # noqa: E402
from creator.ui.theme import CSS, HEAD  # noqa: E402

__all__ = ["build_app", "launch"]

_MODE_LABELS = {Mode.TEXT2IMG: "Text to image", Mode.IMG2IMG: "Image to image", Mode.INPAINT: "Inpaint (paint the mask)"}
_SIZES = [256, 384, 512, 640, 768, 1024]
#: The "Yes, also known by this famous name" box (Add and Edit subject): the operator's word that
#: a famous person's name given here really is this real person's (never a persona's).
#: The Opt-out form: no choice until the operator makes one (an unticked box lifted an opt-out).
OPT_OUT_CHOICES = [("never generate (opt out)", "set"), ("lift the opt-out", "lift")]
#: The Edit subject form's minor flag: left as it is unless the operator says otherwise.
MINOR_CHOICES = [("unchanged", "unchanged"), ("yes, a minor", "yes"), ("no, an adult", "no")]
NAMESAKE_INFO = "a real person only: she really is known by a famous person's name given here; recorded in the audit log"
_CSS = CSS


def build_app(settings: StudioSettings | None = None, *, store: UserStore | None = None, studio: Any = None,
              handlers: StudioApp | None = None) -> gr.Blocks:
    """The studio's page: four tabs; operator tabs are hidden from creators (and refused server-side)."""
    h = handlers or StudioApp(settings or StudioSettings(), store=store, studio=studio)
    corner_choices, format_choices = h.disclosure_choice_lists()
    with gr.Blocks(title="Consent Studio", analytics_enabled=False, delete_cache=UI_CACHE_DELETE) as demo:
        with gr.Row():
            gr.Markdown("## Consent Studio\nEvery output is labelled, watermarked and signed (C2PA).")
            whoami = gr.Markdown(elem_id="whoami")
            gr.Button("Sign out", link="/logout", size="sm", scale=0, elem_id="logout")
        with gr.Tabs() as tabs:
            with gr.Tab("Generate", id="generate"):
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            engine = gr.Radio([e.value for e in EngineName], value=EngineName.GAN.value, label="Engine",
                                              elem_id="engine")
                            # Modes, models and fields follow the engine (handlers.engine_form); the server
                            # refuses a mode the engine lacks (GenerateForm.check_engine).
                            # every mode in the page's config (the HTTP API is checked against it); each
                            # session's form narrows the choices to the engine's on load and on change
                            mode = gr.Radio([(_MODE_LABELS[m], m.value) for m in Mode], value=Mode.TEXT2IMG.value,
                                            label="Mode", elem_id="mode")
                        engine_note = gr.Markdown(ENGINE_NOTES[EngineName.GAN.value], elem_id="engine-note")
                        # Registered models only (filled per session); a creator names a model, never a path.
                        # allow_custom_value: API clients send a name; the studio accepts registered names only.
                        model = gr.Dropdown([("built-in GAN", "")], value="", label="Model", elem_id="model",
                                            allow_custom_value=True, info="blank: the built-in GAN")
                        prompt = gr.Textbox(label="Prompt", lines=3)
                        negative = gr.Textbox(label="Negative prompt", visible=False)
                        source = gr.ImageEditor(
                            label="Source image (img2img / inpaint; paint the area to repaint)",
                            type="filepath", sources=["upload"], layers=False, elem_id="source-editor",
                            brush=gr.Brush(colors=["#ffffff"], color_mode="fixed"), visible=False,
                        )
                        _limit_source_editor(source)
                    with gr.Column(scale=2):
                        # Subject choices are filled per session (demo.load), so every subject picker
                        # accepts typed ids; the registry and the policy refuse unknown ones.
                        subjects = gr.Dropdown([], allow_custom_value=True, multiselect=True, filterable=True, label="Subjects depicted")
                        purpose = gr.Dropdown([p.value for p in Purpose], value=Purpose.ART.value, label="Purpose")
                        media = gr.Dropdown([m.value for m in Medium], value=Medium.STILL_IMAGE.value, label="Media")
                        territory = gr.Textbox("US", label="Territory", info="ISO 3166 code where the image will be used")
                        project = gr.Textbox(label="Project", placeholder="the project named in the grant",
                                             info="needed when a real person is depicted: a grant is for one project",
                                             elem_id="project")
                        grantee = gr.Textbox(label="Grantee", info="who generates, as named in grants")
                        with gr.Accordion("Generation settings (seed, steps, size, count)", open=False):
                            seed = gr.Number(-1, label="Seed (-1: random)", precision=0)
                            steps = gr.Slider(1, 100, value=20, step=1, label="Steps", elem_id="steps", visible=False)
                            guidance = gr.Slider(0, 20, value=7.5, step=0.5, label="Guidance", elem_id="guidance",
                                                 visible=False)
                            with gr.Row():
                                width = gr.Dropdown(_SIZES, value=512, label="Width",
                                                    info="under 512, a cropped copy may lose the invisible watermark")
                                height = gr.Dropdown(_SIZES, value=512, label="Height")
                            count = gr.Slider(1, MAX_IMAGES, value=1, step=1, label="Count")
                        with gr.Accordion("Label and file format", open=False, elem_id="disclosure-choices"):
                            # Within what the active disclosure profile allows (choices filled per session;
                            # the studio refuses any other value).
                            # allow_custom_value: any other value reaches the studio, which refuses it in words
                            label_position = gr.Dropdown(corner_choices, value="", label="Label corner",
                                                         elem_id="label-position", allow_custom_value=True)
                            output_format = gr.Dropdown(format_choices, value="", label="File format",
                                                        elem_id="output-format", allow_custom_value=True)
                with gr.Row():
                    check_btn = gr.Button("Check consent")
                    generate_btn = gr.Button("Generate", variant="primary")
                    cancel_btn = gr.Button("Cancel", variant="stop", visible=False, elem_id="cancel-job")
                job_id = gr.Textbox(visible=False, elem_id="job-id")
                job_status = gr.Markdown(elem_id="job-status")
                job_timer = gr.Timer(POLL_S, active=False)
                decision_md = gr.Markdown(label="Consent decision", elem_id="decision")
                gallery = gr.Gallery(label="Signed outputs", type="filepath", columns=4, fit_columns=False, object_fit="contain",
                                     elem_id="gallery")
                downloads = gr.File(label="Download signed files", file_count="multiple", interactive=False, elem_id="downloads")
                verify_summary = gr.Markdown(elem_id="output-verification")
                with gr.Accordion("Denied by mistake? Ask an operator", open=False, elem_id="ask-operator"):
                    with gr.Row():
                        rq_kind = gr.Radio([("A name that is not a person (exception)", "exception"),
                                            ("A grant for a person", "grant")], value="exception", label="What you need")
                        rq_subject = gr.Textbox(label="Name or subject", placeholder="e.g. Van Gogh / jane-doe", elem_id="rq-subject")
                    rq_message = gr.Textbox(label="Why", lines=2, placeholder="e.g. Van Gogh is named for the painting style", elem_id="rq-message")
                    # the denial shown above (Check consent's or a job's), filled by the page: the
                    # operator reads which request and rule it was (the studio refuses another's id)
                    rq_decision = gr.Textbox(label="About decision", interactive=False, elem_id="rq-decision",
                                             placeholder="none: no denial is shown above",
                                             info="the denial shown above: the operator sees when it was, what was asked and the rule that denied")
                    rq_btn = gr.Button("Send request", elem_classes=["cs-submit"])
                    rq_status = gr.Markdown(elem_id="request-status")
                    rq_mine = gr.Dataframe(headers=StudioApp.OWN_REQUEST_HEADERS, label="Your requests", interactive=False,
                                           wrap=True, elem_id="my-requests")
                    rq_mine_btn = gr.Button("Refresh answers", size="sm", elem_id="refresh-requests")

            with gr.Tab("My outputs", id="history") as history_tab:
                history = history_tab_components()

            with gr.Tab("People & consent", id="people", visible=False) as people_tab:
                subject_table = gr.Dataframe(headers=SUBJECT_HEADERS, label="Subjects", interactive=False, elem_id="subject-table")
                with gr.Accordion("Add a subject", open=True):
                    with gr.Row():
                        s_id = gr.Textbox(label="Subject id", info="short and stable: lower case, digits, dashes")
                        s_name = gr.Textbox(label="Display name")
                        s_aliases = gr.Textbox(label="Aliases", placeholder="comma separated")
                    with gr.Row():
                        s_kind = gr.Radio([k.value for k in SubjectKind], value=SubjectKind.PERSON.value, label="Kind")
                        s_minor = gr.Checkbox(label="Minor")
                        s_opt_out = gr.Checkbox(label="Opt-out (never generate)")
                        s_namesake = gr.Checkbox(label="Yes, also known by this famous name", value=False, info=NAMESAKE_INFO,
                                                 elem_id="subject-namesake")
                        s_key = gr.File(label="Subject public key (.pub.pem)", type="filepath", height=150, elem_id="subject-key")
                    with gr.Row():
                        r_name = gr.Textbox(label="Representative name")
                        r_role = gr.Dropdown([r.value for r in RepresentativeRole], value=None, label="Representative role")
                        r_key = gr.File(label="Representative public key", type="filepath", height=150, elem_id="representative-key")
                    add_subject_btn = gr.Button("Save subject", elem_classes=["cs-submit"])
                    s_status = gr.Markdown(elem_id="subject-status")  # feedback next to the button that caused it
                with gr.Accordion("Edit a subject", open=False):
                    with gr.Row():
                        ed_subject = gr.Dropdown([], allow_custom_value=True, label="Subject to edit")
                        ed_name = gr.Textbox(label="New display name", placeholder="blank: unchanged")
                        ed_aliases = gr.Textbox(label="New aliases", placeholder="comma separated; blank: unchanged")
                    with gr.Row():
                        ed_minor = gr.Radio(MINOR_CHOICES, value="unchanged", label="Minor",
                                            info="a minor's grants need her guardian's signature")
                        ed_namesake = gr.Checkbox(label="Yes, also known by this famous name", value=False, info=NAMESAKE_INFO,
                                                  elem_id="edit-namesake")
                        ed_key = gr.File(label="Add a public key (.pub.pem)", type="filepath", height=120, elem_id="edit-key")
                    with gr.Row():
                        ed_rep_name = gr.Textbox(label="New representative name", placeholder="blank: unchanged")
                        ed_rep_role = gr.Dropdown([(r.value, r.value) for r in RepresentativeRole]
                                                  + [("remove the representative", REMOVE_REPRESENTATIVE)], value=None,
                                                  label="New representative role",
                                                  info="or remove her: an agent let go, a guardian when the person "
                                                       "comes of age (with Minor: no)")
                        ed_rep_key = gr.File(label="Representative public key", type="filepath", height=120,
                                             elem_id="edit-representative-key")
                        ed_btn = gr.Button("Save changes", elem_classes=["cs-submit"])
                    ed_summary = gr.Markdown(elem_id="edit-summary")
                with gr.Accordion("Opt-out", open=False):
                    with gr.Row():
                        o_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                        o_flag = gr.Radio(OPT_OUT_CHOICES, value=None, label="Opt-out",
                                          info="lifting one needs the reason (the person's own word)")
                        o_reason = gr.Textbox(label="Reason (kept in the audit log)")
                        o_btn = gr.Button("Set opt-out", elem_classes=["cs-submit"])
                    o_status = gr.Markdown(elem_id="opt-out-status")
                with gr.Accordion("Enroll face photos", open=False):
                    e_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                    e_photos = gr.File(label="Photos (one face each)", file_count="multiple", file_types=["image"], type="filepath", height=120, elem_id="enroll-photos")
                    e_same = gr.Checkbox(label="Yes, another subject has this face too (twins)", value=False,
                                         info="A face already enrolled for someone else is refused unless you tick this",
                                         elem_id="enroll-same-face")
                    e_btn = gr.Button("Enroll", elem_classes=["cs-submit"])
                    e_status = gr.Markdown(elem_id="enroll-status")
                with gr.Accordion("Delete a subject", open=False):
                    d_subject = gr.Dropdown([], allow_custom_value=True, label="Subject to delete")
                    d_summary = gr.Markdown(elem_id="delete-summary")
                    with gr.Row():
                        d_confirm = gr.Checkbox(label="Yes, delete this subject")
                        d_btn = gr.Button("Delete subject", variant="stop")
                    d_status = gr.Markdown(elem_id="delete-status")
                with gr.Accordion("Merge duplicate subjects", open=False, elem_id="merge"):
                    with gr.Row():
                        m_keep = gr.Dropdown([], allow_custom_value=True, label="Subject to keep", elem_id="merge-keep")
                        m_remove = gr.Dropdown([], allow_custom_value=True, label="Duplicate to fold into it",
                                               elem_id="merge-remove")
                    m_summary = gr.Markdown(elem_id="merge-summary")
                    with gr.Row():
                        m_confirm = gr.Checkbox(label="Yes, merge these subjects")
                        m_namesake = gr.Checkbox(label="Yes, also known by this famous name", value=False,
                                                 info="the kept person really is known by a famous name the duplicate "
                                                      "brings; recorded in the audit log", elem_id="merge-namesake")
                        m_btn = gr.Button("Merge subjects", variant="stop")
                    m_status = gr.Markdown(elem_id="merge-status")
                with gr.Accordion("Adapters", open=False):
                    a_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                    a_file = gr.File(label="Adapter file (LoRA / embedding)", type="filepath", height=120, elem_id="adapter-file")
                    a_kind = gr.Dropdown([k.value for k in AdapterKind], value=AdapterKind.LORA.value, label="Adapter kind")
                    a_btn = gr.Button("Register adapter", elem_classes=["cs-submit"])
                    a_status = gr.Markdown(elem_id="adapter-status")
                with gr.Accordion("Draft a grant (the person signs it)", open=True):
                    with gr.Row():
                        g_subject = gr.Dropdown([], allow_custom_value=True, label="Grant subject")
                        g_grantee = gr.Textbox(label="Grant grantee", placeholder="user or organisation allowed to generate")
                        g_project = gr.Textbox(label="Grant project")
                    g_description = gr.Textbox(label="Description of intended use", lines=2)
                    with gr.Row():
                        g_purposes = gr.CheckboxGroup([p.value for p in Purpose], label="Purposes", elem_id="grant-purposes")
                        g_operations = gr.CheckboxGroup([o.value for o in Operation], value=[Operation.LIKENESS_GENERATION.value], label="Operations")
                    g_media = gr.CheckboxGroup([m.value for m in Medium], value=[Medium.STILL_IMAGE.value], label="Grant media")
                    with gr.Row():
                        g_territories = gr.Textbox("US", label="Territories", info="ISO codes, comma separated, or 'worldwide'")
                        # Date pickers (calendar button; typed dates work too); empty until chosen, so no
                        # placeholder can be mistaken for a value.
                        g_from = gr.DateTime(label="Valid from (UTC)", include_time=False, type="string",
                                             info="empty: from now", elem_id="grant-from")
                        g_until = gr.DateTime(label="Valid until (UTC)", include_time=False, type="string",
                                              info="required: the first day without consent (it ends as that day begins, 00:00 UTC)",
                                              elem_id="grant-until")
                    g_restrictions = gr.CheckboxGroup([r.value for r in Restriction], label="Content restrictions")
                    with gr.Row():
                        g_cap = gr.Number(0, label="Usage cap (0: none)", precision=0, minimum=0)
                        g_comp = gr.Textbox(label="Compensation reference")
                    with gr.Row():
                        g_ev_kind = gr.Dropdown([k.value for k in EvidenceKind], value=EvidenceKind.SIGNED_RELEASE.value, label="Evidence kind")
                        g_ev_file = gr.File(label="Evidence file (only its sha256 is kept)", type="filepath", height=120, elem_id="grant-evidence")
                    # The person signs on the talent page (passkey); no private key reaches the studio.
                    g_days, draft_btn, draft_links = talent_operator.grant_draft_controls()
                    g_status = gr.Markdown(elem_id="grant-feedback")
                draft_table, _ = talent_operator.signing_status_section(h)
                talent_operator.import_section(h, draft_table)
                talent_operator.enrollment_section(h)
                with gr.Accordion("Revoke a grant (or click a row of the grants table below)", open=True, elem_id="revoke"):
                    with gr.Row():
                        v_grant = gr.Textbox(label="Grant id to revoke")
                        v_reason = gr.Textbox(label="Reason", placeholder="shown to the creators whose outputs were "
                                                                          "made under this grant; kept in the audit log")
                    v_note = gr.Markdown(elem_id="revoke-note")
                    with gr.Row():
                        v_confirm = gr.Checkbox(label="Yes, revoke this grant now")
                        revoke_btn = gr.Button("Revoke", variant="stop")
                with gr.Accordion("Requests from creators", open=False):
                    rq_table = gr.Dataframe(headers=StudioApp.REQUEST_HEADERS, label="Requests (click one to answer it)",
                                            interactive=False, wrap=True, elem_id="request-table",
                                            column_widths=["10%", "7%", "7%", "10%", "19%", "7%", "10%", "30%"])
                    rq_detail = gr.HTML(elem_id="request-detail")
                    with gr.Row():
                        rq_id = gr.Textbox(label="Request id")
                        rq_approve = gr.Checkbox(label="Approve")
                        rq_famous = gr.Checkbox(label="Yes, allow a famous person's name", value=False,
                                                info="an exception for a known real person's name, meant as something "
                                                     "else (a painter named for a style); recorded in the audit log")
                        rq_answer = gr.Textbox(label="Answer")
                        rq_answer_btn = gr.Button("Answer request")
                    rq_answer_status = gr.Markdown(elem_id="answer-status")
                with gr.Accordion("Watched names: real people the name check must read as people", open=False):
                    gr.Markdown("People no list the studio ships may hold (your talent, your market's celebrities): "
                                "a prompt naming one, however written, is denied like anyone without a grant. "
                                "A registered person's own name is theirs.")
                    with gr.Row():
                        wt_names = gr.Textbox(label="Names, one per line", lines=3)
                        wt_reason = gr.Textbox(label="Reason (kept in the audit log)")
                        wt_btn = gr.Button("Watch")
                    with gr.Row():
                        un_name = gr.Textbox(label="Watched name to take off")
                        un_reason = gr.Textbox(label="Why")
                        un_btn = gr.Button("Unwatch")
                    wt_status = gr.Markdown(elem_id="watch-status")
                    wt_table = gr.Dataframe(headers=["name", "reason", "added by", "added at"], label="Watched names",
                                            interactive=False, elem_id="watch-table")
                with gr.Row():
                    st_subject = gr.Dropdown([], allow_custom_value=True, label="Grants of subject (blank: all)")
                    st_btn = gr.Button("Show grant status", elem_classes=["cs-submit"])
                grant_table = gr.Dataframe(headers=GRANT_HEADERS, label="Grants", interactive=False, elem_id="grant-table")

            with gr.Tab("Verify", id="verify"):
                vf_file = gr.File(label="Image to verify", type="filepath", height=120, elem_id="verify-file")
                vf_btn = gr.Button("Verify", variant="primary", elem_classes=["cs-submit"])
                vf_summary = gr.HTML(elem_id="verify-summary")
                with gr.Accordion("Full report (JSON)", open=False):
                    vf_json = gr.JSON(label="Full report")
                    vf_download = gr.File(label="Report (JSON)", interactive=False)

            with gr.Tab("Audit", id="audit", visible=False) as audit_tab:
                with gr.Row():
                    au_subject = gr.Textbox(label="Filter: person (id or name)")
                    au_grant = gr.Textbox(label="Filter: grant id")
                    au_who = gr.Textbox("", label="Filter: who (e.g. ui:filmmaker, talent-link)")
                    au_kind = gr.Dropdown([""] + AUDIT_KINDS, value="", label="Filter: kind", allow_custom_value=True)
                with gr.Row():
                    au_since = gr.Textbox("", label="From (UTC date, e.g. 2026-12-01)")
                    au_until = gr.Textbox("", label="Before (UTC date)")
                    au_limit = gr.Number(50, label="Entries", precision=0)
                    au_btn = gr.Button("Show entries")
                au_table = gr.Dataframe(
                    headers=AUDIT_HEADERS, label="Audit entries", interactive=False, wrap=True,
                    column_widths=["5%", "17%", "11%", "53%", "14%"],
                )
                au_check_btn = gr.Button("Check chain")
                au_check = gr.Markdown(elem_id="audit-check")
                with gr.Row():
                    au_export_btn = gr.Button("Export (signed, for an auditor)", elem_id="audit-export")
                    au_export = gr.File(label="Audit export (check it anywhere: consent-studio audit check-export FILE)",
                                        interactive=False)

        # ------------------------------------------------------------------ wiring
        subject_pickers = [o_subject, e_subject, a_subject, g_subject, st_subject, ed_subject, d_subject, m_keep, m_remove,
                           subjects]
        people_pickers = subject_pickers  # refreshed together after any subject change (len == subjects.PICKERS)
        generate_form = [engine, model, mode, source, prompt, negative, subjects, purpose, media, territory, project,
                         grantee, seed, steps, guidance, width, height, count, label_position, output_format]
        demo.load(h.session_start, None, [whoami, grantee, subjects, people_tab, audit_tab], api_visibility="private")
        engine_outputs = [mode, model, source, steps, guidance, negative, engine_note]
        # then the settings of a job still queued or running (a reload keeps its form, not only its status)
        demo.load(h.engine_form, [engine, mode, model], engine_outputs, api_visibility="private").then(
            h.resume_form, None, [*generate_form, engine_note], api_visibility="private")
        # a person's click only: "Reuse settings" sets the engine together with its whole form
        engine.input(h.engine_form, [engine, mode, model], engine_outputs, api_visibility="private")
        for picker in subject_pickers:
            demo.load(h.subject_choices, None, picker, api_visibility="private")
        # each press first takes the last answer off the screen: a request refused before it is
        # checked (a pop-up) left the earlier decision and outputs standing (user audit)
        check_btn.click(lambda: "", None, decision_md, queue=False, show_progress="hidden", api_visibility="private"
                        ).then(endpoint(GenerateForm, h.check_consent), generate_form, decision_md, api_name="check_consent")
        generate_outputs = [gallery, downloads, decision_md, verify_summary]
        # The page runs Generate as a job (creator/ui/jobs_view.py); /generate (API) submits and waits.
        job_outputs = [job_status, *generate_outputs, job_timer, cancel_btn]
        generate_btn.click(h.before_generate, job_id, [job_id, job_status, *generate_outputs], queue=False,
                           show_progress="hidden", api_visibility="private"
                           ).then(endpoint(GenerateForm, h.submit_job), generate_form, [job_id, *job_outputs],
                                  api_name="submit_job", concurrency_limit=None)
        api_generate = gr.Button(visible=False)
        api_generate.click(endpoint(GenerateForm, h.generate, progress=True), generate_form, generate_outputs,
                           api_name="generate")
        job_timer.tick(h.job_status, job_id, job_outputs, api_name="job_status", concurrency_limit=None,
                       show_progress="hidden")
        cancel_btn.click(h.cancel_job, job_id, job_status, api_name="cancel_job", concurrency_limit=None).then(
            lambda: gr.Timer(active=True), None, job_timer, api_visibility="private")  # the poll reports the end
        demo.load(h.resume_job, None, [job_id, job_status, job_timer, cancel_btn], api_visibility="private")
        wire_history(demo, h, history, history_tab, tabs, generate_form, engine_note)  # every field a job's settings restore
        vf_btn.click(h.verify_file, vf_file, [vf_summary, vf_json, vf_download], api_name="verify")
        # another file (or none) takes the last verdict away at once: a file that then cannot be
        # verified left the earlier file's card, "Credentials OK", beside its name (user audit)
        vf_file.change(lambda _f: ("", None, None), vf_file, [vf_summary, vf_json, vf_download],
                       api_visibility="private", queue=False, show_progress="hidden")
        people_tab.select(h.list_subjects, None, subject_table, api_name="list_subjects")
        add_subject_btn.click(
            endpoint(SubjectForm, h.add_subject),
            [s_id, s_name, s_aliases, s_kind, s_minor, s_opt_out, s_key, r_name, r_role, r_key, s_namesake],
            [s_status, subject_table, subjects], api_name="add_subject",
        ).then(h.all_subject_choices, None, people_pickers, api_visibility="private")
        ed_btn.click(endpoint(SubjectEditForm, h.edit_subject), [ed_subject, ed_name, ed_aliases, ed_minor, ed_key, ed_namesake,
                                                                 ed_rep_name, ed_rep_role, ed_rep_key],
                     [ed_summary, subject_table], api_name="edit_subject"
                     ).then(h.all_subject_choices, None, people_pickers, api_visibility="private")
        ed_subject.change(h.subject_summary, ed_subject, ed_summary, api_visibility="private")
        o_btn.click(h.set_opt_out, [o_subject, o_flag, o_reason], [o_status, subject_table], api_name="set_opt_out")
        e_btn.click(h.enroll_photos, [e_subject, e_photos, e_same], e_status, api_name="enroll").then(
            h.list_subjects, None, subject_table, api_visibility="private")
        d_subject.change(h.subject_summary, d_subject, d_summary, api_visibility="private")
        d_btn.click(h.delete_subject, [d_subject, d_confirm], [d_status, subject_table], api_name="delete_subject").then(
            h.all_subject_choices, None, people_pickers, api_visibility="private")
        for picker in (m_keep, m_remove):
            picker.change(h.merge_summary, [m_keep, m_remove], m_summary, api_visibility="private")
        m_btn.click(endpoint(SubjectMergeForm, h.merge_subjects), [m_keep, m_remove, m_confirm, m_namesake],
                    [m_status, subject_table],
                    api_name="merge_subjects").then(h.all_subject_choices, None, people_pickers, api_visibility="private")
        grant_table.select(h.pick_grant, grant_table, [v_grant, v_note], api_visibility="private")
        a_btn.click(h.register_adapter, [a_subject, a_file, a_kind], a_status, api_name="register_adapter")
        talent_operator.wire_draft(
            h, draft_btn,
            [g_subject, g_grantee, g_project, g_description, g_purposes, g_operations, g_media, g_territories, g_from,
             g_until, g_restrictions, g_cap, g_comp, g_ev_kind, g_ev_file, g_days],
            g_status, draft_links, draft_table,
        )
        # once revoked, the confirmation tick is cleared: the next grant needs its own (user audit)
        revoke_btn.click(h.revoke_grant, [v_grant, v_reason, v_confirm], [v_note, grant_table], api_name="revoke_grant"
                         ).success(lambda: False, None, v_confirm, api_visibility="private", queue=False)
        st_btn.click(h.grant_status, st_subject, grant_table, api_name="grant_status")
        # filled when the tab opens, as the other tables are (user audit: empty until "Show grant
        # status", so "click a row of the grants table" to revoke had nothing to click)
        people_tab.select(h.recent_grants, None, grant_table, api_visibility="private")
        # the request form follows the decision panel: the denial shown there is what a request is about
        decision_md.change(h.request_decision_field, decision_md, rq_decision, queue=False, show_progress="hidden",
                           api_visibility="private")
        rq_btn.click(h.file_request, [rq_kind, rq_subject, rq_message, rq_decision], rq_status, api_name="file_request").then(
            h.own_requests, None, rq_mine, api_visibility="private")
        rq_mine_btn.click(h.own_requests, None, rq_mine, api_name="own_requests")
        demo.load(h.own_requests, None, rq_mine, api_visibility="private")
        people_tab.select(h.my_requests, None, rq_table, api_visibility="private")
        rq_table.select(h.pick_request, rq_table, [rq_id, rq_detail], api_visibility="private")
        rq_answer_btn.click(h.answer_request, [rq_id, rq_approve, rq_answer, rq_famous], [rq_answer_status, rq_table],
                            api_name="answer_request")
        wt_btn.click(h.watch_names, [wt_names, wt_reason], [wt_status, wt_table], api_name="watch_names")
        un_btn.click(h.unwatch_name, [un_name, un_reason], [wt_status, wt_table], api_name="unwatch_name")
        people_tab.select(h.watched_names, None, wt_table, api_visibility="private")
        au_btn.click(h.audit_entries, [au_subject, au_grant, au_limit, au_kind, au_who, au_since, au_until], au_table,
                     api_name="audit_entries")
        au_export_btn.click(h.audit_export, [au_since, au_until], au_export, api_name="audit_export")
        au_check_btn.click(h.audit_check, None, au_check, api_name="audit_check")
    _quiet_input_refusals(demo)
    return demo


#: the most painted layers the Generate form's image editor value may name (it sends one)
SOURCE_MAX_LAYERS = 4


def _limit_source_editor(editor: gr.ImageEditor) -> None:
    """Apply the studio's input limits to the Generate form's image editor before Gradio's own
    preprocess opens every file of its value with any Pillow decoder and re-encodes it as PNG (red
    team 65: a creator's 80 KB PNG declaring 9000 x 9000 pixels, named as the background, the
    composite and any number of layers, held a check for seconds per copy, in every request, even a
    GAN's that uses no source; a TIFF, ICO or PCX went through as a PNG). Each file is held to
    :func:`consent.imaging.check_file` (bytes, format, structure, declared pixels, frames) and a
    value names at most :data:`SOURCE_MAX_LAYERS` layers; a refusal says why, in words. (The
    instance's method is wrapped, as :func:`_quiet_input_refusals` does: a subclass of a Gradio
    component makes Gradio write a ``.pyi`` stub beside this module.)"""
    gradio_preprocess = editor.preprocess

    def preprocess(payload):
        if payload is not None:
            from consent.errors import ImageInvalid
            from consent.imaging import MAX_BYTES, check_file
            from creator.ui.errors import to_gr_error

            layers = list(payload.layers or ())
            try:
                if len(layers) > SOURCE_MAX_LAYERS:
                    raise ImageInvalid(f"`source` has {len(layers)} painted layers; the editor sends at most "
                                       f"{SOURCE_MAX_LAYERS}")
                if payload.id is not None and editor.blob_storage.get(payload.id) is not None:
                    raise ImageInvalid("`source` was sent in pieces; upload the image as one file")
                for field, f in (("source", payload.background), ("source", payload.composite),
                                 *(("mask layer", x) for x in layers)):
                    path = getattr(f, "path", None)
                    if not path:
                        continue
                    size = Path(path).stat().st_size
                    if size > MAX_BYTES:
                        raise ImageInvalid(f"`{field}` is {size} bytes; the limit is {MAX_BYTES} bytes")
                    check_file(Path(path).read_bytes(), field=field)
            except (ImageInvalid, OSError) as e:
                raise to_gr_error(e, "source editor") from None
        return gradio_preprocess(payload)

    editor.preprocess = preprocess


def _quiet_input_refusals(demo: gr.Blocks) -> None:
    """A value a component refuses before any handler runs (a number outside a slider's range, a
    choice not in a dropdown, sent through the API) is the sender's error: refused in words as
    before, without the traceback Gradio prints for every such ``gr.Error`` (any creator could
    fill the server's log with them; red team 24). Other exceptions keep their traceback."""
    for block in demo.blocks.values():
        pre = getattr(block, "preprocess", None)
        if pre is None:
            continue

        def quiet(payload, _pre=pre):
            try:
                return _pre(payload)
            except gr.Error as e:
                e.print_exception = False
                raise

        block.preprocess = quiet


#: Gradio's cached copies (uploads, files a page showed) are deleted this often, once this old (s)
UI_CACHE_DELETE = (3600, 86400)


def _private_ui_cache(settings: StudioSettings) -> None:
    """Gradio keeps a copy of every upload (photos of people, denied ones too) and of every file a
    page shows (outputs, verify reports) in ``/tmp/gradio`` by default: folders 0755, files 0644,
    never deleted; any local account could read them (red team 65). The studio's server keeps them
    in its data directory (0700) unless ``GRADIO_TEMP_DIR`` names another place (the operator's
    choice; a warning when others may read it; refused where it would serve the keys, accounts or
    database: :func:`~creator.ui.handlers.ui_cache_root`), and deletes them after a day (``build_app``)."""
    ui_cache_root(settings)  # a GRADIO_TEMP_DIR over the keys, accounts or database: refused (SettingsInvalid)
    chosen = os.environ.get("GRADIO_TEMP_DIR")
    if not chosen:
        settings.ui_cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["GRADIO_TEMP_DIR"] = str(settings.ui_cache_dir)
        remove_older(settings.ui_cache_dir, UI_CACHE_DELETE[1])  # what a crashed server left
        return
    try:
        mode = Path(chosen).stat().st_mode
    except OSError:
        return
    if mode & 0o077:
        import logging

        logging.getLogger("consent_studio.ui").warning(
            "GRADIO_TEMP_DIR %s may be read by other accounts (mode %o): Gradio keeps copies of uploads "
            "and outputs there", chosen, mode & 0o777)


def launch(
    settings: StudioSettings | None = None, *, host: str = "127.0.0.1", port: int = 7860,
    store: UserStore | None = None, prevent_thread_lock: bool = False, studio: Any = None, throttle: Any = None,
):
    """Start the studio with login, throttled sign-ins and owner-only outputs (:mod:`creator.ui.server`);
    ``throttle``: the sign-in :class:`~creator.ui.server.LoginThrottle` (a fresh one by default)."""
    import uvicorn

    from creator.ui.server import create_server

    settings = settings or StudioSettings()
    store = store or UserStore.from_settings(settings)
    if not store.exists():
        raise AuthError(f"no users file at {store.path}; create one with `consent-studio users add NAME --role operator`")
    handlers = StudioApp(settings, store=store, studio=studio)  # its job service is made beside this studio
    try:  # jobs a studio stopped or killed on this host left open end now, not at the next generate
        for job in handlers.end_orphaned_jobs():
            logging.getLogger("consent_studio.ui").warning("job %s, left open by a job service that is gone, ended %s: %s",
                                                          job.id, job.state, job.error)
    except Exception:  # noqa: BLE001 - the studio still starts; the job service tries again when it starts
        logging.getLogger("consent_studio.ui").exception("could not end the jobs left by a job service that is gone")
    _load_models()
    settings.ensure_dirs()
    _private_ui_cache(settings)
    demo = build_app(settings, store=store, handlers=handlers)
    demo.queue(default_concurrency_limit=2)
    # a shared output store (Ray workers publish there): its outputs are shown too (red team 69: the
    # page refused every finished job's output and named server paths)
    from creator.jobs import JobSettings

    shared = JobSettings().output_store
    outputs = {Path(p) for p in (getattr(handlers.studio.store, "outputs_dir", None),
                                 Path(shared) / "outputs" if shared else None) if p is not None}
    app = create_server(demo, settings, store, handlers.registry, css=_CSS, head=HEAD, throttle=throttle,
                        outputs=sorted(outputs - {Path(settings.outputs_dir)}),
                        auth_message="Consent Studio: sign in (operators: everything; creators: Generate, My outputs and Verify).")
    proxies = settings.trusted_proxies.strip()
    # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: behind a local
    # forwarder that does not set it (ssh -L, stunnel, a TCP proxy) a client would pick its own
    # address for the rate limits. Only the configured proxies are believed.
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                           proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None))
    if prevent_thread_lock:
        threading.Thread(target=server.run, daemon=True).start()
        return server
    try:
        server.run()
    finally:
        try:
            app.state.close_repeats()  # the counts of anonymous refusals still held in memory
        finally:
            handlers.close()  # the job service: cancel what runs, record it
    return server


def _load_models() -> None:
    """The name knowledge and the face models, loaded before the server takes requests. Loaded
    by the first request instead, their ~10 s hold the interpreter in stretches of up to about a
    second: every other request waits, and a job's client watcher stalls, so a connected
    client's job can be cancelled under a short grace period (``CONSENT_STUDIO_JOB_GRACE_S``)."""
    from consent import likeness, names

    names.preload()
    likeness.preload()
