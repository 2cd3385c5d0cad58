"""Red team 37: famous names after red team 36's fixes (``consent.names``: ``_famous_other_reading``,
``NameMatcher._middle_named``).

1. The prompt check's middle-name reading (``_middle_named``) needs every middle word to be a known
   given name or surname and all words in one case: "Emma Zephyrine Stone" (an unlisted middle
   name) and "Emma Louise stone" (surname in lower case) find no name at all, so a persona request
   generates Emma Stone -- though the alias check itself says both are Emma Stone.
2. Misspellings the ``misspelled`` rule does not read (a word of four letters, the surname first
   with a typo) and descriptors before a famous surname other than the listed ones find no name at
   all in a prompt: "Elonn Musk", "Brad Pit", "Prez Trump", "Tay Swift" generate for a persona.
3. Legit-user regression: ``_famous_other_reading``'s "surname first" rule refuses ordinary
   invented first+middle names whose two words happen to be a famous name reversed: "Kelly Grace"
   (refused as 'Kelly': Grace Kelly), "Dean James", "Taylor Elizabeth", "Mason James", "Holly
   Buddy", "Lee Bruce" -- all accepted before 528a219. (Reversed names like "Stone Emma",
   "Young Neil" that are no plausible first+middle name are a defensible refusal and not pinned.)
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.names import famous_person_in_name

_RT = "red team 37: "


def _prompt(name: str) -> str:
    return f"portrait of {name} on stage"


# --- 1: middle-name reading --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Emma Zephyrine Stone", "Emma Louise stone", "emma Louise stone"])
def test_control_the_alias_check_reads_these_as_emma_stone(name):
    assert famous_person_in_name(name).lower() == "emma stone"


@pytest.mark.parametrize("name", ["Emma Zephyrine Stone", "Emma Louise stone", "emma Louise stone"])
def test_a_famous_name_with_an_unlisted_middle_name_in_a_prompt_is_denied(stub_world, name):
    w = stub_world
    w.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("zed",), prompt=_prompt(name)))
    assert w.output_files() == []


# --- 2: other writings the prompt check finds nothing in --------------------------------------

@pytest.mark.parametrize("name", ["Elonn Musk", "Brad Pit", "Prez Trump", "Tay Swift"])
def test_a_famous_name_written_another_way_in_a_prompt_is_denied(stub_world, name):
    w = stub_world
    w.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("zed",), prompt=_prompt(name)))
    assert w.output_files() == []


# --- 3: legit-user regression -------------------------------------------------------------------

_ORDINARY = ["Kelly Grace", "Dean James", "Taylor Elizabeth", "Mason James", "Holly Buddy", "Lee Bruce"]


@pytest.mark.parametrize("name", _ORDINARY)
def test_ordinary_first_and_middle_names_are_no_famous_person(name):
    assert famous_person_in_name(name) is None


@pytest.mark.parametrize("name", _ORDINARY)
def test_an_invented_persona_with_an_ordinary_name_is_accepted(stub_world, name):
    stub_world.ops.add_subject("nova", name, kind="fictional_persona")


# --- held ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("alias", ["Donnald Trump", "Kianu Reeves", "Emma Rose Marie Stone", "Emma-Louise Stone",
                                   "Emma J. K. Stone", "タイラー・スウィフト", "テイラー＝スウィフト", "TSwift"])
def test_held_other_writings_are_refused_as_persona_aliases(stub_world, alias):
    with pytest.raises(ConsentError):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])


@pytest.mark.parametrize("name", ["Luna Vale", "Kai Storm", "Sable Quinn", "McKenzie Lark", "DeShawn Vale", "NovaVex",
                                  "アイコ・タナカ", "루나 베일", "Луна Вейл", "J.R. Vex", "A. K. Moon", "Baby Vex",
                                  "Taylor James", "King Vex"])
def test_held_invented_persona_names_are_accepted(stub_world, name):
    stub_world.ops.add_subject("nova", name, kind="fictional_persona")


@pytest.mark.parametrize("name", ["Emma Grace Stone", "Ryan Thomas Gosling"])
def test_held_a_consenting_namesake_with_a_middle_name_generates(stub_world, name):
    # the middle-name reading does not deny a registered person who carries that name
    w = stub_world
    w.add_person("eg", name)
    w.issue_grant("eg", "g-eg-1")
    w.studio().generate(w.request(subjects=("eg",), prompt=f"portrait of {name} in a garden"))
    assert w.output_files()
