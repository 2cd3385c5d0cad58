"""Red team s58b: a person registered under her own famous display name also licenses another
famous person one letter away, with no confirmation and no word of it.

``Operations._refuse_near_famous_display_name`` returns at once when
``famous_person_in_name(name)`` reads the display name as someone ("her own famous name is hers to
register"); only otherwise does it ask ``famous_people_covered(name, whole=True)``. But the
registered name is matched in prompts with a typo in each word, and ``famous_people_covered``
itself says whom it covers: "John Terry" → ['John Terry', 'John Kerry'], "Manet" → ['Manet',
'Monet', 'Mamet'], "Bellini" → ['Bellini', 'Cellini', 'Fellini']. Registering the footballer John
Terry (with his consent, a grant of his own) makes every "portrait of John Kerry" run under John
Terry's grant — even a request that names no subject.

Also, where a name *is* refused (an alias, a rename), the message names only the first person
(``famous_person_in_name(n) or next(iter(famous_people_covered(n)))``): the operator who confirms
"John Terry" with --famous-namesake is never told that John Kerry comes with it, and the audit
entry does not say so (the exception path names everyone since 27654ab).

Fix: in ``_refuse_near_famous_display_name`` drop the early return; refuse when
``famous_people_covered(name, whole=True)`` holds anyone other than the person
``famous_person_in_name`` reads (unless ``famous_namesake``), and name them all in the refusal
and the audit entry; in ``_refuse_famous_names`` list every covered person in the message.
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid

CASES = [
    # (famous display name registered, another famous person one letter away)
    ("John Terry", "John Kerry"),
    ("Manet", "Mamet"),
    ("Bellini", "Fellini"),
]


def _allowed(w, prompt: str, subjects=()) -> bool:
    return w.studio().check(w.request(prompt=prompt, subjects=subjects)).allowed


@pytest.mark.parametrize("display,other", CASES)
def test_a_famous_display_name_does_not_license_another_famous_person(stub_world, display, other):
    w = stub_world
    prompt = f"portrait of {other} at the harbour"
    assert not _allowed(w, prompt)
    try:
        w.add_person("p", display)  # the famous person herself, registered with her consent
    except RecordInvalid as e:
        assert other in str(e)  # safe: refused, naming the other person
        return
    w.issue_grant("p", "g-p")
    assert not _allowed(w, prompt), (f"registering {display!r} licensed {other!r}: prompts naming them run under "
                                     f"{display!r}'s grant")


def test_an_alias_confirmed_as_one_famous_name_licenses_no_other(stub_world):
    """The refusal names John Terry; confirmed with --famous-namesake, the alias licenses John
    Terry alone: a prompt written as another known person one letter away ("John Kerry") is that
    person, never the alias (the match-time guard, ``NameMatcher._another_famous``)."""
    w = stub_world
    w.add_person("tess", "Tess Smith")
    w.issue_grant("tess", "g-tess")
    with pytest.raises(RecordInvalid, match="John Terry"):
        w.ops.update_subject("tess", aliases=["John Terry"])
    w.ops.update_subject("tess", aliases=["John Terry"], famous_namesake=True)
    assert w.studio().check(w.request(prompt="portrait of John Terry at the harbour", subjects=("tess",))).allowed
    assert not w.studio().check(w.request(prompt="portrait of John Kerry at the harbour")).allowed
