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
@pytest.mark.xfail(strict=True, reason="red team 33: a fictional persona may be named (or aliased) as a famous real "
                                       "person; the prompt's name then resolves to the persona and needs no grant")
def test_a_persona_named_like_a_real_person_does_not_launder_the_name(stub_world, display_name, aliases, prompt):
    w = stub_world
    try:
        w.ops.add_subject("persona1", display_name, kind="fictional_persona", aliases=aliases)
    except ConsentError:
        return  # refusing a famous person's name for a persona is a right answer
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(prompt=prompt))
    assert w.output_files() == []


@pytest.mark.xfail(strict=True, reason="red team 33: update_subject adds a famous person's name as an alias of a "
                                       "consenting person; prompts naming the celebrity then run under her grant")
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
