"""Red team 35: famous names kept off personas and aliases — but only as the bare knowledge spells them.

``Operations._refuse_famous_names`` (add/edit subject, merge) refuses a name when the prompt name
matcher alone (``NameMatcher().find(name)``) reads it with rule ``known-person``. Case, spacing,
accents, Cyrillic look-alike letters, full-width letters and leetspeak are caught. But the
ordinary *longer* or *reordered* ways of writing a famous name are not read as ``known-person``
(the matcher reads them as an unknown name, rule ``initials`` or ``name-translit``), so they pass
as a persona's name or alias, as a real person's alias without ``famous_namesake``, and by merge:

* a middle name or initial: "Taylor Alison Swift", "Barack H. Obama", "Michelle LaVaughn Obama";
* a title: "President Obama", "Mrs. Obama" (while "Obama" alone is refused); the surname first:
  "Swift, Taylor"; a nickname spelling: "T-Swift";
* the name in Cyrillic: "Тейлор Свифт" (the screen itself transliterates it).

Once registered, a prompt naming the famous person that way resolves to the persona (which needs
nobody's consent) or to the other person (whose grant then covers it), and the Studio generates.
Without the alias the same prompt is denied (an unknown name / known person). Measured on this
commit: every xfail below generates.
Suggested fix: refuse a name when the matcher finds a ``known-person`` in it *or* in its readings
with middle names/initials/titles dropped, the comma order swapped and the transliteration applied
(i.e. run the same candidate expansion the prompt check runs on a prompt, and refuse the name if
any expansion hits ``known-person``), or check each alias by generating the prompt check on
"portrait of <alias>" against a matcher with no subjects.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError

_RT = "red team 35: "

_VARIANTS = ["Taylor Alison Swift", "Barack H. Obama", "President Obama", "Mrs. Obama", "Swift, Taylor", "T-Swift",
             "Тейлор Свифт"]


def _prompt(alias: str) -> str:
    return f"portrait of {alias} on stage"


@pytest.mark.parametrize("alias", _VARIANTS)
def test_control_the_prompt_naming_her_this_way_is_denied_without_the_alias(stub_world, alias):
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("nova",), prompt=_prompt(alias)))


@pytest.mark.parametrize("alias", _VARIANTS)
def test_a_persona_cannot_alias_a_famous_person_written_another_way(stub_world, alias):
    w = stub_world
    try:
        w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])
    except ConsentError:
        return  # refused: what a user needs
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("nova",), prompt=_prompt(alias)))
    assert w.output_files() == []


def test_a_real_persons_alias_of_a_famous_full_name_needs_the_namesake_word(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    try:
        w.ops.update_subject("jane", aliases=["Taylor Alison Swift"])
    except ConsentError:
        return
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("jane",), prompt=_prompt("Taylor Alison Swift")))


def test_merge_does_not_launder_a_famous_full_name(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.ops.add_subject("dup", "Barack H. Obama")  # a real person's own display name: allowed
    try:
        w.ops.merge_subjects("jane", "dup")
    except ConsentError:
        return
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("jane",), prompt=_prompt("Barack H. Obama")))
