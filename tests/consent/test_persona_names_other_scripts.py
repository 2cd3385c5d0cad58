"""A fictional persona cannot carry a real person's registered name written in another script
or in another order (red team s64 F: "Сэм Ривера" beside the real Sam Rivera was accepted):
prompts naming the persona that way would name her. Names of one script are compared as
spelled, so a persona merely sounding alike in Latin letters is still accepted."""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid


@pytest.mark.parametrize("name", ["Сэм Ривера", "Σαμ Ριβέρα", "سام ريفيرا", "サム・リベラ", "Rivera Sam",
                                  "ｓａｍ ｒｉｖｅｒａ"])
def test_a_persona_cannot_take_a_real_persons_name_in_another_script_or_order(stub_world, name):
    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera")
    with pytest.raises(RecordInvalid, match="registered for real person 'sam-rivera'"):
        w.ops.add_subject("sam-persona", name, kind="fictional_persona")
    assert [s.id for s in w.ops.registry.list_subjects()] == ["sam-rivera"]


def test_a_real_persons_name_in_another_script_blocks_a_latin_persona(stub_world):
    """The other way round: the real person registered in Cyrillic, the persona in Latin letters."""
    w = stub_world
    w.add_person("maria", "Мария Иванова")
    with pytest.raises(RecordInvalid, match="registered for real person 'maria'"):
        w.ops.add_subject("maria-persona", "Maria Ivanova", kind="fictional_persona")


@pytest.mark.parametrize("name", ["Sem Rover", "Анна Ли"])
def test_a_persona_whose_name_only_sounds_alike_in_latin_or_is_too_short_to_tell_is_added(stub_world, name):
    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera")
    w.add_person("ian", "Ian Lowe")
    w.ops.add_subject("persona", name, kind="fictional_persona")
    assert "persona" in {s.id for s in w.ops.registry.list_subjects()}
