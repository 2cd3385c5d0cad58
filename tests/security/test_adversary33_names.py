"""Red team 33: a registered name or alias that is a famous real person's name switches off the
prompt check for that name.

A prompt's names are read by the registered-name matcher first: a name or alias of a registered
subject resolves to that subject, and the unknown-famous-name rule (which denies every other real
person's name) never sees it. Nothing checks what names a subject is given:

- ``Operations.add_subject(kind="fictional_persona")`` takes any display name and aliases. A
  persona needs no grant and no photo, so a persona called "Taylor Swift" — or "Nova Vex" with
  the alias "Barack Obama" — makes "portrait of Taylor Swift on stage" a likeness of a persona:
  allowed, no grant, no consent of anyone's. (The persona's *photos* must prove they are synthetic;
  its *names* prove nothing.)
- ``Operations.update_subject(aliases=…)`` (the UI's Edit subject, ``subject edit``) adds any
  alias to a real person with a grant: "Taylor Swift" as an alias of Jane Doe makes a prompt
  naming the singer a use of *Jane's* grant. (A database editor doing the same is refused:
  tests/security/test_registry_tampering.py ``test_adding_an_alias_to_hijack_a_celebrity_name``;
  through the operator's form it is signed in.)

One operator form (a mistake, or a colleague's idea of a joke) is enough; the threat table lists
"enroll a real person as a fictional persona" among the operator errors the studio stops.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


@pytest.mark.parametrize("display_name, aliases, prompt", [
    ("Taylor Swift", (), "portrait of Taylor Swift on stage"),
    ("Nova Vex", ("Barack Obama",), "Barack Obama giving a speech"),
], ids=["display-name", "alias"])
def test_a_persona_named_like_a_real_person_does_not_launder_the_name(stub_world, display_name, aliases, prompt):
    w = stub_world
    try:
        w.ops.add_subject("persona1", display_name, kind="fictional_persona", aliases=aliases)
    except ConsentError:
        return  # refusing a famous person's name for a persona is a right answer
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(prompt=prompt))
    assert w.output_files() == []


def test_a_famous_name_added_as_an_alias_does_not_run_under_anothers_grant(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    try:
        w.ops.update_subject("jane", aliases=["Taylor Swift"])
    except ConsentError:
        return  # refusing the alias is a right answer
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(prompt="portrait of Taylor Swift on stage"))
    assert w.output_files() == []


# --- the fix's edges (fixer's additions) ------------------------------------------------------
def test_a_refused_name_says_which_known_person_and_why(stub_world):
    with pytest.raises(ConsentError, match="'Barack Obama'.*fictional persona cannot carry it"):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=["Barack Obama"])
    assert [s.id for s in stub_world.registry.list_subjects()] == []


def test_a_famous_person_is_registered_under_her_own_name(stub_world):
    """A celebrity who consents is registered under her own name; another famous name as her alias
    needs the operator's explicit word (famous_namesake), and is then in the audit log."""
    w = stub_world
    s = w.ops.add_subject("taylor", "Taylor Swift", aliases=["taylor  swift", "T Swift Official"])
    assert s.display_name == "Taylor Swift"
    with pytest.raises(ConsentError, match="'Barack Obama'.*not this subject's own display name"):
        w.ops.update_subject("taylor", aliases=["Barack Obama"])
    w.ops.update_subject("taylor", aliases=["Barack Obama"], famous_namesake=True)
    assert "Barack Obama" in w.registry.get_subject("taylor").aliases
    assert any("Barack Obama" in str(e.payload) for e in w.registry.audit_entries(kind="subject_updated"))


def test_a_rename_to_a_famous_name_and_persona_edits_are_checked(stub_world):
    w = stub_world
    w.ops.add_subject("jane", "Jane Doe", aliases=["JD"])
    with pytest.raises(ConsentError, match="Taylor Swift"):
        w.ops.update_subject("jane", display_name="Taylor Swift")
    w.ops.update_subject("jane", aliases=["JD", "Janie"])  # plain names pass
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    for change in ({"display_name": "Taylor Swift"}, {"aliases": ["Barack Obama"]}):
        with pytest.raises(ConsentError, match="fictional persona"):
            w.ops.update_subject("nova", **change)
        with pytest.raises(ConsentError, match="fictional persona"):  # no statement makes a persona a namesake
            w.ops.update_subject("nova", famous_namesake=True, **change)
    assert w.registry.get_subject("nova").display_name == "Nova Vex"
    with pytest.raises(ConsentError, match="fictional persona"):
        w.ops.add_subject("nova2", "Taylor Swift", kind="fictional_persona", famous_namesake=True)
