"""Leftovers of the red team 36 names fix (``consent.names``).

1. An unknown person's name of three words whose last word is also a thing's word ("Mila Rose
   Hart", "Aria Louise Stone") was read as a thing named after "Mila Rose" ("Mila Rose hart",
   a deer; "Aria Louise stone") and dropped, and its surname was never read as part of the name:
   nothing was found and the Studio generated an unregistered person. The three words are now
   read as one name when the word after a given name and a name is itself a surname and the three
   words are written alike; things named after two words keep being things ("Rose Gold watch",
   "Hart Plaza", "Mila Rose Hart Plaza").
2. "KStew" (Kristen Stewart) was accepted as a persona's alias: the run-together nickname reading
   needed the whole surname. An initial and the start (four letters or more) of a known person's
   surname whose first name has that initial now names them, when that start is no name itself.
3. Pins for readings that already worked: "JLo" is refused as Jennifer Lopez's, ordinary invented
   katakana persona names register, "Mickey Madison" (one letter off Mikey Madison) is refused.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.names import NameMatcher, famous_person_in_name


# --- 1. a three-word unknown name whose surname is also a word for a thing -----------------------

_THREE_WORD = [
    ("portrait of Mila Rose Hart on stage", "Mila Rose Hart"),
    ("Aria Louise Stone at a gala", "Aria Louise Stone"),
    ("portrait of mila rose hart on stage", "mila rose hart"),
    ("candid photo of Nora Jean Fox laughing", "Nora Jean Fox"),
]


@pytest.mark.parametrize("prompt, name", _THREE_WORD)
def test_a_three_word_unknown_name_ending_in_a_things_word_is_found(prompt, name):
    found = NameMatcher().find(prompt)
    assert [lk.text for lk in found] == [name]


def test_the_studio_refuses_an_unregistered_three_word_name(stub_world):
    w = stub_world
    w.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(subjects=("zed",), prompt="portrait of Mila Rose Hart on stage"))
    assert w.output_files() == []


def test_the_registered_three_word_alias_still_generates(stub_world):
    w = stub_world
    w.ops.add_subject("mila", "Mila Hart", kind="fictional_persona", aliases=["Mila Rose Hart"])
    out = w.studio().generate(w.request(subjects=("mila",), prompt="portrait of Mila Rose Hart on stage"))
    assert len(out.outputs) == 1


@pytest.mark.parametrize("prompt", [
    "a Rose Gold watch on a marble table",
    "Hart Plaza at dusk, long exposure",
    "the Mila Rose Hart Plaza fountain at night",
    "a bouquet of roses on a wooden table",
    "a Victoria Cross medal in a glass case",
    "the Tyler Rose Garden in Tyler, Texas, blooming roses",
])
def test_things_named_after_two_words_stay_things(prompt):
    assert NameMatcher().find(prompt) == []


# --- 2. an initial run together with the start of a famous surname ------------------------------

@pytest.mark.parametrize("alias, person", [("KStew", "Kristen Stewart"), ("K. Stew", "Kristen Stewart"),
                                           ("JTimb", "Justin Timberlake")])
def test_a_clipped_famous_surname_after_an_initial_is_read(alias, person):
    assert famous_person_in_name(alias) == person


def test_kstew_is_refused_as_a_persona_alias(stub_world):
    with pytest.raises(ConsentError, match="Kristen Stewart"):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=["KStew"])


# invented nicknames run together from an initial and a name (the tail a whole name, or no start
# of a known person's surname with that initial)
@pytest.mark.parametrize("alias", ["KNova", "MHart", "AStone", "KMoon", "RVale", "SMarlowe", "JRivers",
                                   "DexNova", "LFrost", "CFinch"])
def test_invented_run_together_nicknames_are_accepted(stub_world, alias):
    assert famous_person_in_name(alias) is None
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])


# --- 3. pins ----------------------------------------------------------------------------------

def test_jlo_is_refused_naming_jennifer_lopez(stub_world):
    with pytest.raises(ConsentError, match="Jennifer Lopez"):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=["JLo"])


@pytest.mark.parametrize("name", ["ミラ・ヴォス", "アリア・ナイト", "ノヴァ・リー", "カイ・ストーム"])
def test_ordinary_invented_katakana_persona_names_register(stub_world, name):
    assert famous_person_in_name(name) is None
    stub_world.ops.add_subject("nova", name, kind="fictional_persona")
    assert stub_world.registry.get_subject("nova").display_name == name


def test_mickey_madison_is_refused_as_mikey_madisons(stub_world):
    assert famous_person_in_name("Mickey Madison") == "Mikey Madison"
    with pytest.raises(ConsentError, match="Mikey Madison"):
        stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=["Mickey Madison"])
    stub_world.ops.add_subject("zed", "Zed Orr", kind="fictional_persona")
    with pytest.raises(ConsentError):
        stub_world.studio().generate(stub_world.request(subjects=("zed",), prompt="Mickey Madison on a red carpet"))
