"""Red team 68: what a person reads and keeps on the talent pages.

- The terms a person signs showed bare days ("7 December 2026 – 1 January 2027"), while the grant
  runs between two instants in UTC: read in Los Angeles it was already in force the evening before
  the first day shown, read in Tokyo still in force the morning after the last.
- An operator confirming a person's passkey used up the person's one-time code before checking the
  subject and role typed: a typo ("jnae") cost the person their passkey (the retry found no passkey
  waiting and they had to enroll again).
"""

from __future__ import annotations

from datetime import datetime, timezone

import gradio as gr
import pytest
from talent_me_support import ORIGIN, fields, talent_world
from webauthn_support import SoftAuthenticator

from creator.talent.operator import confirm_passkey


@pytest.fixture
def world(tmp_path):
    with talent_world(tmp_path, ("jane", "Jane Doe")) as w:
        yield w


def test_the_terms_show_the_exact_times_in_utc(world):
    _reg, _ops, drafts, client = world
    start, end = datetime(2026, 12, 7, 0, 30, tzinfo=timezone.utc), datetime(2027, 1, 1, 23, 30, tzinfo=timezone.utc)
    _, links = drafts.create(fields("jane", valid_from=start, valid_until=end), created_by="cli:olive")
    page = client.get(f"/s/{links[0].token}").text
    assert "7 December 2026, 00:30 UTC" in page and "1 January 2027, 23:30 UTC" in page, page
    assert 'datetime="2026-12-07T00:30:00+00:00"' in page


def test_an_end_at_midnight_says_that_day_is_not_included(world):
    _reg, _ops, drafts, client = world
    end = datetime(2027, 1, 1, tzinfo=timezone.utc)
    _, links = drafts.create(fields("jane", valid_from=datetime(2026, 12, 7, tzinfo=timezone.utc), valid_until=end),
                             created_by="cli:olive")
    page = client.get(f"/s/{links[0].token}").text
    assert "until <time" in page and "1 January 2027, 00:00 UTC</time> (that day itself is not included)" in page


class _Operator:
    """The studio's handlers as confirm_passkey uses them: a signed-in operator."""

    def __init__(self, ops):
        self.ops = ops

    def _require_operator(self, request, action):
        return "olive"


@pytest.mark.parametrize("subject, role", [("jnae", "self"), ("jane", "guardian")])
def test_a_mistyped_confirmation_leaves_the_persons_passkey_waiting(world, subject, role):
    reg, ops, _drafts, client = world
    jane = SoftAuthenticator(origin=ORIGIN)
    code = client.post("/api/enroll", json=jane.create(client.post("/api/enroll/options", json={}).json(),
                                                       ORIGIN)).json()["code"]
    with pytest.raises(gr.Error):
        confirm_passkey(_Operator(ops), subject, role, code, None)  # the operator's typo: refused
    done = confirm_passkey(_Operator(ops), "jane", "self", code, None)  # corrected: the same code still works
    assert "now bound to **jane**" in done
    assert len(reg.get_subject("jane").key_ids) == 1
