"""Removing a subject's representative: an agent let go, a guardian when the person comes of age.

Until session 59 a representative could only be replaced: a minor marked an adult kept her former
guardian on record (whose grants the subject rules refuse, and whose passkey no longer opens the
page), and an adult could not be rid of an agent at all. ``update_subject(...,
remove_representative=True)`` (CLI ``subjects edit ID --no-representative``, the Edit subject form's
role "remove the representative") is one signed ``subject_updated`` change, held to the log like
the rest. A minor's guardian and a deceased person's estate are not removed: each signs for her.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consent.errors import ConsentError, RecordInvalid
from consent.integrity import IntegrityFailure
from consent.signing import generate_key
from creator.cli import cli


def _allowed(w, sid: str) -> bool:
    return w.studio().check(w.request(subjects=(sid,))).allowed


@pytest.fixture
def tim(stub_world):
    """Tim, a minor, with his guardian Mo and a grant Mo signed."""
    w, mo = stub_world, generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Doe", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    return w


def test_a_person_who_comes_of_age_is_rid_of_her_guardian_in_one_change(tim):
    w = tim
    assert _allowed(w, "tim")
    with pytest.raises(RecordInvalid, match="is a minor: her guardian signs for her and is not removed"):
        w.ops.update_subject("tim", remove_representative=True)
    assert w.registry.get_subject("tim").representative is not None
    s = w.ops.update_subject("tim", minor=False, remove_representative=True)
    assert not s.minor and s.representative is None
    assert w.registry.get_subject("tim").representative is None
    # the guardian's grant no longer speaks for the adult; the operator is told
    assert not _allowed(w, "tim")
    (line,) = w.ops.grants_refused_by_subject_rules("tim")
    assert line.startswith("grant g-tim no longer allows anything")
    # one signed change, replayed by the integrity check
    (upd,) = [e for e in w.audit("subject_updated") if "representative" in e.payload["changes"]]
    assert upd.payload["changes"]["representative"] == {
        "from": {"name": "Mo Doe", "role": "guardian", "key_id": upd.payload["changes"]["representative"]["from"]["key_id"]},
        "to": None}
    assert upd.payload["changes"]["minor"] == {"from": True, "to": False}
    w.registry.check_integrity()


def test_an_agent_let_go_signs_for_nobody(stub_world):
    w, agent = stub_world, generate_key()
    w.ops.add_subject("kim", "Kim Lee", representative_name="Ann Agent", representative_role="agent",
                      representative_key=agent.public_key())
    w.ops.issue_grant(w.grant_fields("kim", "g-kim", signer_role="agent"), [agent])
    assert _allowed(w, "kim")
    w.ops.update_subject("kim", remove_representative=True)
    assert w.registry.get_subject("kim").representative is None
    assert not _allowed(w, "kim")
    with pytest.raises(ConsentError):  # her key is no longer registered for Kim
        w.ops.issue_grant(w.grant_fields("kim", "g-kim-2", signer_role="agent"), [agent])


@pytest.mark.parametrize("over, match", [
    ({"representative_name": "Ann Agent", "representative_role": "agent"}, "either removed or given, not both"),
    ({"representative_key": "KEY"}, "either removed or given, not both"),
    ({"remove_representative": "yes"}, "remove_representative is 'yes'; expected True or False"),
])
def test_a_removal_is_one_clear_instruction(stub_world, over, match):
    w = stub_world
    w.ops.add_subject("kim", "Kim Lee", representative_name="Ann Agent", representative_role="agent")
    if over.get("representative_key") == "KEY":
        over = {**over, "representative_key": generate_key().public_key()}
    with pytest.raises(RecordInvalid, match=match):
        w.ops.update_subject("kim", **{"remove_representative": True, **over})
    assert w.registry.get_subject("kim").representative.name == "Ann Agent"


def test_nothing_to_remove_and_a_deceased_persons_estate_are_refused(stub_world):
    w = stub_world
    w.add_person("kim", "Kim Lee")
    with pytest.raises(RecordInvalid, match="has no representative to remove"):
        w.ops.update_subject("kim", remove_representative=True)
    w.ops.add_subject("ada", "Ada Young", kind="deceased_person", representative_name="Young Estate",
                      representative_role="estate")
    with pytest.raises(RecordInvalid, match="deceased: her estate signs for her and is not removed"):
        w.ops.update_subject("ada", remove_representative=True)
    assert w.registry.get_subject("ada").representative.name == "Young Estate"


def test_putting_a_removed_representative_back_in_the_database_fails_closed(tim):
    import sqlite3

    w = tim
    w.ops.update_subject("tim", minor=False, remove_representative=True)
    con = sqlite3.connect(w.settings.data_dir / "consent.db")
    con.execute("UPDATE subjects SET rep_name='Mo Doe', rep_role='guardian', minor=1 WHERE id='tim'")
    con.commit()
    con.close()
    with pytest.raises(IntegrityFailure, match="representative is .*Mo Doe.* in the database but None in the signed"):
        w.studio().check(w.request(subjects=("tim",)))


def test_the_cli_removes_the_representative(tim):
    w = tim
    data = str(w.settings.data_dir)
    w.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", data, "subjects", "edit", "tim", "--not-minor", "--no-representative"])
    assert r.exit_code == 0, r.output
    assert "minor False" in r.output and "representative none" in r.output
    assert "WARNING: grant g-tim no longer allows anything" in r.output
