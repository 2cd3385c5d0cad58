"""Subject management in the People & consent tab: counts, delete (audited), duplicate-face
warnings, pickers that refresh, and revoking a grant picked from the table (with confirmation).

A mixin of :class:`creator.ui.handlers.StudioApp`: every method checks the operator role and
calls only :class:`consent.operations.Operations` or the registry's read methods.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import gradio as gr

from creator.errors import InputError
from creator.ui import render
from creator.ui.errors import ui_errors
from creator.ui.forms import picked_row, ticked

__all__ = ["SubjectHandlers", "PICKERS"]

#: How many subject pickers the People & consent tab has (refreshed together after a change).
PICKERS = 10


class SubjectHandlers:
    """Mixed into StudioApp (which provides ``registry``, ``ops``, ``_require_operator``, ``_subject_choices``)."""

    # ------------------------------------------------------------------ table
    def _subject_counts(self) -> tuple[Counter, Counter]:
        from consent.likeness import MODEL_NAME

        ids, _matrix = self.registry.face_templates(MODEL_NAME)
        grants = Counter(sg.grant.subject_id for sg in self.registry.list_grants())
        return Counter(ids), grants

    def subject_rows_with_counts(self) -> list[list[Any]]:
        faces, grants = self._subject_counts()
        return render.subject_rows(self.registry.list_subjects(), faces=faces, grants=grants)

    @ui_errors
    def all_subject_choices(self, request: gr.Request) -> tuple[gr.Dropdown, ...]:
        """Every subject picker of the People & consent tab, refreshed at once."""
        self._require_operator(request, "listing subjects")
        choices = self._subject_choices()
        return tuple(gr.Dropdown(choices=choices) for _ in range(PICKERS))

    # ------------------------------------------------------------------ duplicates
    def duplicate_warning(self, subject_id: str) -> str:
        """A plain warning when ``subject_id``'s face is also enrolled for someone else ("" if not)."""
        dups = self.ops.duplicate_faces(subject_id)
        if not dups:
            return ""
        names = ", ".join(f"**{s}**" for s, _ in dups)
        return (f"Warning: these photos show the same face as {names}, already enrolled. A face enrolled for two "
                "people is ambiguous: every image with it is denied. If they are one person, merge the two subjects "
                "(Merge duplicate subjects); otherwise delete the subject enrolled by mistake (one without grants).")

    def namesake_warning(self, subject_id: str) -> str:
        """A plain warning when another subject goes by one of ``subject_id``'s names ("" if none)."""
        same = self.ops.namesakes(subject_id)
        if not same:
            return ""
        pairs = "; ".join(f"“{render.md_escape(n)}”: **{render.md_escape(o)}**" for n, o in same)
        return (f"Warning: another subject already goes by this name ({pairs}). A prompt naming it is denied unless "
                "every subject of that name has consented, since the name alone cannot tell them apart. If this is "
                "the same person, merge the two subjects (Merge duplicate subjects); if not, give each a name that "
                "tells them apart where you can.")

    # ------------------------------------------------------------------ summary / delete
    @ui_errors
    def subject_summary(self, subject_id: str | None, request: gr.Request) -> str:
        """What the studio holds for a subject, and what deleting them would do."""
        self._require_operator(request, "viewing a subject")
        subject_id = (subject_id or "").strip()
        if not subject_id:
            return ""
        s = self.registry.get_subject(subject_id)
        faces, grants = self._subject_counts()
        adapters = sum(1 for a in self.registry.list_adapters() if a.subject_id == subject_id)
        n = grants.get(subject_id, 0)
        held = (f"**{s.display_name}** ({s.id}): {faces.get(subject_id, 0)} face template(s), {adapters} adapter(s), "
                f"{len(s.key_ids)} key(s), {n} grant(s).")
        if n:
            live = [v for v in self.ops.grant_views(subject_id) if v.status.value in ("active", "not_yet_valid")
                    and not v.stopped]
            todo = [w for w, needed in (("revoke the grants still in force", bool(live)),
                                        ("set the opt-out", not s.opt_out)) if needed]
            return (held + f" Cannot be deleted: outputs made under the {n} grant(s) must stay verifiable. "
                    + (f"To stop all use instead, {' and '.join(todo)}." if todo else
                       "Nothing more to do: no grant of theirs allows anything and they are opted out; the record "
                       "stays so that what was made can be checked."))
        return held + " Deleting removes the subject with their face templates, adapters and keys; it is recorded in the audit log."

    @ui_errors
    def delete_subject(self, subject_id: str | None, confirm: bool, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Delete a subject who has no grants (audited); refused, with the reason, otherwise."""
        self._require_operator(request, "deleting a subject")
        subject_id = (subject_id or "").strip()
        if not subject_id:
            raise InputError("`subject` is required; pick the subject to delete")
        if not ticked(confirm, "confirm"):
            raise InputError("`confirm` is not ticked; tick “Yes, delete this subject” to delete it")
        removed = self.ops.delete_subject(subject_id)
        what = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in removed.items())
        return f"Subject **{subject_id}** deleted ({what or 'nothing else held'}); recorded in the audit log.", self.subject_rows_with_counts()

    # ------------------------------------------------------------------ merge
    @ui_errors
    def merge_summary(self, keep: str | None, remove: str | None, request: gr.Request) -> str:
        """What merging would do (or why it cannot), shown before the operator confirms."""
        self._require_operator(request, "merging subjects")
        return self.ops.merge_preview(keep or "", remove or "")

    @ui_errors
    def merge_subjects(self, form: Any, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Fold a duplicate subject into the one kept (audited; Operations.merge_subjects)."""
        self._require_operator(request, "merging subjects")
        keep, remove = (form.keep or "").strip(), (form.remove or "").strip()
        if not keep or not remove:
            raise InputError("`keep` and `merge` are required; pick the subject to keep and the duplicate to fold into it")
        if not ticked(form.confirm, "confirm"):
            raise InputError("`confirm` is not ticked; tick “Yes, merge these subjects” to merge them")
        moved = self.ops.merge_subjects(keep, remove, famous_namesake=ticked(getattr(form, "famous_namesake", False),
                                                                              "also known by this famous name"))
        return (f"Subject **{remove}** merged into **{keep}**: {moved['face_templates']} face template(s), "
                f"{moved['adapters']} adapter(s) and {moved['keys']} key(s) moved; recorded in the audit log.",
                self.subject_rows_with_counts())

    # ------------------------------------------------------------------ revoke from a row
    @ui_errors
    def pick_grant(self, rows: Any, evt: gr.SelectData, request: gr.Request) -> tuple[str, str]:
        """A click on a row of the grants table: that grant into the revoke form, and what revoking means."""
        self._require_operator(request, "revoking a grant")
        values = picked_row(rows, evt)
        if values is None:
            return "", ""
        grant_id, subject, status = str(values[0]), str(values[1]), str(values[6])
        return grant_id, (f"Selected grant **{grant_id}** for **{subject}** ({status}). Revoking it denies every request "
                          "under it from now on and makes its outputs verify as “consent revoked”. Tick the box to confirm.")
