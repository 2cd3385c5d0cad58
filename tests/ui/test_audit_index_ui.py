"""The Audit tab's subject/grant filter reads the audit mentions index; the chain check names a
doctored index (a database editor deleted a row to hide an entry from the filter)."""

from __future__ import annotations

from sqlalchemy import text


def test_the_filter_finds_entries_naming_a_subject_and_the_check_names_a_deleted_index_row(handlers, as_operator, jane):
    rows = handlers.audit_entries(jane, "", 50, request=as_operator)
    assert rows and [r[2] for r in rows][-1] == "subject_added"
    seq = int(rows[-1][0])
    with handlers.registry.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_mentions WHERE mention = :m AND seq = :s"), {"m": jane, "s": seq})
    assert seq not in [int(r[0]) for r in handlers.audit_entries(jane, "", 50, request=as_operator)]
    msg = handlers.audit_check(request=as_operator)
    assert msg.startswith(f"Audit search index does NOT match the signed log at entry **{seq}**")
    assert f"entry {seq} mentions '{jane}' but the index has no row for it" in msg
