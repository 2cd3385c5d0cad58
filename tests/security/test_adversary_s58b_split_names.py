"""Red team s58b: a famous one-word name split in two ("Ob Ama", "Rih Anna", "Sha Kira") is
recorded as a name exception, an alias or a display name with no confirmation, and then exempts
or licenses that famous person in every prompt.

A registered name or exception is indexed also *run together* (``_name_info``: "Jane Doe" is found
as "JaneDoe" too): "Ob Ama" is indexed under the key "obama", so the prompt word "Obama" matches
it exactly. ``consent.names.famous_people_covered`` only looks for known people whose name is,
word by word, a run of the name's words one edit away: the words "ob" and "ama" are nobody's, and
the run-together key is never compared. ``famous_person_in_name("Ob Ama")`` is None too, so
``allow_name`` asks for no ``famous_ok``, ``update_subject`` for no ``famous_namesake`` and
``add_subject`` (``_refuse_near_famous_display_name``) accepts the display name. The same holds for
two-word names written glued in the prompt ("Tay Lorswift" covers "TaylorSwift", "taylorswift").

Fix: in ``famous_people_covered``, also read the name run together (and each run of its words
glued, and its spelled-out initials: every key ``_name_info`` indexes) as a prompt word, i.e. probe
"portrait of <joined>" against the exception-less matcher, and look the joined key up (one edit
away) in the known people's single names and glued full names.
"""

from __future__ import annotations

import pytest

from famous_cover_support import allowed, assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed

from consent.errors import RecordInvalid

SPLIT = [
    # (name as typed by the operator, prompt naming the famous person it then covers)
    ("Ob Ama", "portrait of Obama on stage"),
    ("Rih Anna", "portrait of Rihanna on stage"),
    ("Sha Kira", "portrait of Shakira on stage"),
    ("Tay Lorswift", "portrait of TaylorSwift on stage"),
    ("Taylors Wift", "portrait of taylorswift on stage"),
]


@pytest.mark.parametrize("name,prompt", SPLIT)
def test_a_split_famous_name_exception_needs_the_operators_word(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a font family")


@pytest.mark.parametrize("name,prompt", SPLIT[:3])
def test_a_split_famous_name_alias_needs_the_namesake_word(stub_world, name, prompt):
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)


def test_a_split_famous_display_name_needs_the_namesake_word(stub_world):
    w = stub_world
    try:
        w.add_person("ob", "Ob Ama")  # no famous_namesake
    except RecordInvalid:
        return
    w.issue_grant("ob", "g-ob")
    assert not allowed(w, "portrait of Obama on stage"), "display name 'Ob Ama' accepted; Obama runs under her grant"
