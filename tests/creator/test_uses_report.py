"""A rights operator's record of every use of a person's likeness (walkthrough as one, session 65):
`grant uses`, `subject uses` (dates, CSV for her agent), and what `grant revoke` leaves to do."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState


def _cli(world, *args: str):
    return CliRunner().invoke(cli, list(args), obj=CliState(settings=world.settings))


def test_every_use_of_a_persons_likeness_is_listed_and_revoking_says_what_is_left(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    stored = w.issue_grant("jane", "g-jane-1")
    made = [w.studio().generate(w.request(prompt=p, subjects=("jane",))).outputs[0] for p in ("a harbour", "a park")]
    rows = json.loads(_cli(w, "grant", "uses", stored.id, "--json").output)
    assert [r["sha256"] for r in rows] == [o.sha256 for o in reversed(made)]  # newest first
    assert {r["grant_id"] for r in rows} == {stored.id} and all(r["purpose"] for r in rows)
    text = _cli(w, "subject", "uses", "jane", "--csv")
    assert text.exit_code == 0, text.output
    table = list(csv.DictReader(io.StringIO(text.output)))
    assert [r["sha256"] for r in table] == [r["sha256"] for r in rows] and "made_by" in table[0]
    assert "(no outputs made under her grants in that time)" in _cli(w, "subject", "uses", "jane", "--until",
                                                                      "2000-01-01").output
    bad = _cli(w, "subject", "uses", "jane", "--since", "last year")
    assert bad.exit_code == 2 and "--since 'last year' is not a date; expected YYYY-MM-DD" in bad.output
    from consent.audit import acting_as

    with acting_as("cli:root"):
        revoked = _cli(w, "grant", "revoke", stored.id, "--reason", "actor withdrew consent", "--by", "rita")
    assert revoked.exit_code == 0, revoked.output
    # --by is what the operator typed; the audit says who recorded it (walkthrough, session 65)
    assert "revoked by rita (recorded by cli:root)" in _cli(w, "audit", "list").output
    assert f"2 output(s) were made under it before; `consent-studio grant uses {stored.id}` lists them" in revoked.output


def test_the_persons_own_ledger_does_not_show_the_account(stub_world):
    from consent.drafts import Drafts

    w = stub_world
    w.add_person("jane", "Jane Doe")
    stored = w.issue_grant("jane", "g-jane-1")
    w.studio().generate(w.request(prompt="a harbour", subjects=("jane",)))
    (row,) = Drafts(w.ops).ledger(stored.id)
    assert "made_by" not in row.to_dict()


def test_grant_list_says_when_the_person_has_opted_out(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    stored = w.issue_grant("jane", "g-jane-1")
    assert "allows nothing now" not in _cli(w, "grant", "list").output
    w.ops.set_opt_out("jane", True)
    listed = _cli(w, "grant", "list").output
    assert f"{stored.id}\tjane\tactive (allows nothing now)" in listed
    assert "it allows nothing now: the person has opted out of all generation" in listed
    assert json.loads(_cli(w, "grant", "list", "--json").output)[0]["person_opted_out"] is True


def test_an_approve_each_use_grant_for_a_person_with_no_passkey_warns_at_issue(stub_world, tmp_path):
    """(walkthrough, session 65) the grant waited for approvals no one could give: approving takes
    a passkey on the talent page, and she had none."""
    from consent.signing import save_private_key

    w = stub_world
    w.add_person("ines", "Ines Okafor")
    key = save_private_key(w.keys["ines"], tmp_path / "ines.key.pem")
    evidence = tmp_path / "release.pdf"
    evidence.write_bytes(b"%PDF-1.4 release")
    args = ["grant", "issue", "--subject", "ines", "--grantee", "Northlight", "--project", "p", "--description",
            "Portrait stills of Ines for the harbour campaign", "--purpose", "art", "--operation",
            "likeness_generation", "--medium", "still_image", "--territory", "US", "--valid-until", "2030-01-01",
            "--evidence", f"signed_release:{evidence}", "--key", str(key)]
    plain = _cli(w, *args, "--id", "g-plain")
    assert plain.exit_code == 0, plain.output
    assert "passkey" not in plain.stderr
    each = _cli(w, *args, "--id", "g-each", "--approve-each-use")
    assert each.exit_code == 0, each.output
    assert "Warning: grant g-each needs the person's approval for each use" in each.stderr
    assert "'ines' has none yet: nothing can be made under it" in each.stderr


def test_audit_list_says_each_entry_in_words(stub_world):
    """(walkthrough, session 65) the command printed position, time, kind and hash only."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    listed = _cli(w, "audit", "list").output
    assert "Subject jane (“Jane Doe”) added, person." in listed
    assert "Grant g-jane-1 issued for jane, signed as self." in listed


def test_grant_approvals_lists_the_requests_waiting_for_the_person(stub_world):
    """(walkthrough, session 65) the CLI showed no request waiting under an approve-each-use grant."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    assert "(no pending approvals)" in _cli(w, "grant", "approvals").output
    decision = w.studio().check(w.request(prompt="a harbour at dawn", subjects=("jane",)))
    assert not decision.allowed
    listed = _cli(w, "grant", "approvals").output
    assert "\tjane\tg-each\tpending\t" in listed and "a harbour at dawn" in listed
    rows = json.loads(_cli(w, "grant", "approvals", "--subject", "jane", "--json").output)
    assert [r["grant_id"] for r in rows] == ["g-each"]
