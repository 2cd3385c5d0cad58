"""Red team 36: famous names kept off personas and aliases (``consent.names.famous_person_in_name``).

Red team 35's fix reads a subject name/alias as the prompt check reads it (rule ``known-person``)
and in a few other writings (comma order, titles, middle names/initials, an initial before a
famous surname, Cyrillic/Greek by sound). The prompt check itself *denies* more writings of a
famous person than ``known-person``: a misspelling (rule ``misspelled``: "Barak Obama",
"Tailor Swift"), katakana ("テイラー・スウィフト", rule ``katakana-name``), the surname first without
a comma ("Swift Taylor"), a descriptive word before a famous one-word name ("Young Obama",
"Baby Obama"), an unlisted title ("Prez Obama") and nicknames ("JLo", "TSwift"). Each of those
prompts is denied for a persona with no such alias (measured below: the control) — but each is
*accepted* as the persona's alias, and then the same prompt resolves to the persona, which needs
nobody's consent, and the Studio generates. A real person's alias without the namesake word, and
a merge, do the same under that person's grant.

Also: "portrait of Emma Louise Stone" (a middle name) generates with no alias at all, although
``famous_person_in_name`` itself knows the name is Emma Stone's and refuses it as an alias: the
prompt check does not read the middle-name-dropped form that the alias check reads.

Suggested fix: refuse a name when the prompt check on "portrait of <name>" with a matcher of no
subjects finds *any* name that would deny (not only ``known-person``), or when its misspelling /
katakana / order / descriptor readings name a known person; and make the prompt check read the
same middle-name-dropped forms the alias check does.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.names import famous_person_in_name

_RT = "red team 36: "

# each: a way of writing a famous person the prompt check denies without an alias
_PERSONA_ALIASES = ["Barak Obama", "Tailor Swift", "テイラー・スウィフト", "Swift Taylor", "Young Obama", "Baby Obama",
                    "Prez Obama", "JLo"]


def _prompt(alias: str) -> str:
    return f"portrait of {alias} on stage"


@pytest.mark.parametrize("alias", _PERSONA_ALIASES)
def test_control_the_prompt_is_denied_without_the_alias(stub_world, alias):
    stub_world.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("zed",), prompt=_prompt(alias)))


@pytest.mark.parametrize("alias", _PERSONA_ALIASES)
def test_a_persona_cannot_alias_a_famous_person_written_another_way(stub_world, alias):
    w = stub_world
    try:
        w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])
    except ConsentError:
        return  # refused: what a user needs
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("nova",), prompt=_prompt(alias)))
    assert w.output_files() == []


def test_a_real_persons_misspelt_famous_alias_needs_the_namesake_word(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    try:
        w.ops.update_subject("jane", aliases=["Barak Obama"])
    except ConsentError:
        return
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("jane",), prompt=_prompt("Barak Obama")))


def test_merge_does_not_launder_a_misspelt_famous_name(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.ops.add_subject("dup", "Tailor Swift")  # a real person's own display name: allowed
    try:
        w.ops.merge_subjects("jane", "dup")
    except ConsentError:
        return
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("jane",), prompt=_prompt("Tailor Swift")))


def test_control_the_alias_check_knows_emma_louise_stone_is_emma_stone(stub_world):
    assert famous_person_in_name("Emma Louise Stone") == "Emma Stone"
    with pytest.raises(ConsentError):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=["Emma Louise Stone"])


@pytest.mark.parametrize("name", ["Emma Louise Stone", "Lily Anne Collins"])
def test_a_famous_name_with_a_middle_name_in_a_prompt_is_denied(stub_world, name):
    w = stub_world
    w.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("zed",), prompt=_prompt(name)))
    assert w.output_files() == []


# --- held: writings the red team 35 fix does refuse -----------------------------------------------

@pytest.mark.parametrize("alias", ["Obama, Barack H.", "Barack Hussein Obama II", "Sir Elton John", "T.-Swift",
                                   "Τέιλορ Σουίφτ", "تايلور سويفت", "Swift,Taylor", "Dr.Obama", "Tay\u200blor Swift"])
def test_held_other_writings_are_refused_as_persona_aliases(stub_world, alias):
    # (a zero-width space is refused as such since session 57, before the famous-name check)
    with pytest.raises(ConsentError, match="known real person|famous|real person|control or format character"):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])


@pytest.mark.parametrize("name", ["J. Brown", "A. Smith", "M. Jordan", "Aria Nightshade", "Ирина Петрова"])
def test_held_ordinary_invented_names_are_accepted(stub_world, name):
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[name])
