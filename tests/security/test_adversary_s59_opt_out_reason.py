"""Red team s59: lifting an opt-out needs a reason of at least 10 characters (``Operations.set_opt_out``,
``subject opt-out --undo --reason``, the studio's Opt-out form and its ``set_opt_out`` endpoint) — the
person's own word, kept in the signed ``opt_out_set`` entry. The count is of characters after
``str.strip()``, and ``refuse_bad_text`` lets through the zero-width joiners (kept for Persian and
Indic names), combining marks and printable blanks: ten of them lift a person's opt-out with a reason
that shows as nothing in the audit log, the studio and a terminal.

Expected: the reason is measured in what it says — at least 10 visible characters (letters, digits,
punctuation: a joiner, a lone combining mark, a Braille blank or a Hangul filler is not one); such a
reason is refused naming the rule, and the opt-out stays.
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid

INVISIBLE = {
    "zero-width joiners": "\u200d" * 10,
    "zero-width non-joiners and joiners": "\u200c\u200d" * 5,
    "combining acute accents alone": "\u0301" * 10,
    "braille pattern blanks": "\u2800" * 10,
    "hangul fillers": "\u3164" * 10,
    "hangul choseong fillers": "\u115f" * 10,
}


@pytest.mark.parametrize("reason", list(INVISIBLE.values()), ids=list(INVISIBLE))
def test_an_invisible_reason_does_not_lift_an_opt_out(stub_world, reason):
    w = stub_world
    w.add_person("olga", "Olga Optedout", opt_out=True)
    w.issue_grant("olga", "g-olga")
    with pytest.raises(RecordInvalid):
        w.ops.set_opt_out("olga", False, reason=reason)
    assert w.registry.get_subject("olga").opt_out
    assert not w.studio().check(w.request(subjects=("olga",))).allowed
