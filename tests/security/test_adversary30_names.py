"""Red team 30: the creator's view of a name typed in the prompt (``consent.policy._fold_prompt_names``)
after red team 26's fix: a registered person's name without a grant to the creator must read word
for word as a made-up name of the same shape (``looks like a real person's name, and no one of that
name has consented to this use here``), so that typing names tells a creator nothing about who is
registered.

Through Check consent's handler, as dora (a creator) meets it; carl holds Gwen's grant, Quillfeather
is registered with no grant. The comparison replaces only the typed name (and ids, times, character
spans) in both answers. Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe
behaviour.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import gradio as gr
import pytest
from ui_support import generate_form, grant_fields, handlers, ui_settings, users  # noqa: F401

from creator.auth import Role

DORA = "dora"
GRANTED, GRANTED_NAME = "gwen-granted", "Gwen Grantedperson"
REGISTERED_NAME = "Quillfeather Brightwater"
PAIRS = {"another-creators-grant": (GRANTED_NAME, "Gwen Nobodyperson"),
         "no-grant": (REGISTERED_NAME, "Quillfeather Darkwater")}


@pytest.fixture()
def world(handlers, users, tmp_path):  # noqa: F811
    from consent.signing import generate_key_files, load_private_key

    users.add(DORA, Role.CREATOR, "dora-creator-pw1")
    evidence = tmp_path / "release.pdf"
    evidence.write_bytes(b"%PDF-1.4 signed model release\n")
    keys = generate_key_files(tmp_path / "keys", GRANTED)
    handlers.ops.add_subject(GRANTED, GRANTED_NAME, keys=[str(keys.public_path)])
    handlers.ops.issue_grant(grant_fields(GRANTED, evidence, project="carls-secret-2027"),
                             [load_private_key(keys.private_path)])
    handlers.ops.add_subject("quill-b", REGISTERED_NAME)
    return handlers


def _view(app, prompt: str, name: str, **form) -> str:
    """Check consent as dora reads it, the typed name (and ids, times, spans) replaced."""
    html = app.check_consent(generate_form(prompt=prompt, **form), gr.Request(username=DORA))
    html = html.replace(quote(name), "<NAME>").replace(name, "<NAME>")
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{4}-\d\d-\d\dT[\d:.]+Z|chars \d+-\d+", "<id>", html)


# Red team 30 found each of these told a creator who is registered: a made-up name was quoted
# with its title or suffix ("Dr Gwen Nobodyperson"), a registered one without ("Gwen
# Grantedperson"). Now both are quoted as the unknown-name rule reads the place.


@pytest.mark.parametrize("shape,who", [
    pytest.param("a portrait of Dr {n}", who, id=f"Dr-{who}") for who in sorted(PAIRS)
] + [
    pytest.param("a portrait of Mr. {n} at the harbour", who, id=f"Mr.-{who}") for who in sorted(PAIRS)
] + [
    pytest.param("a portrait of Prof. {n} at the harbour", who, id=f"Prof.-{who}") for who in sorted(PAIRS)
] + [
    pytest.param("a portrait of Sir {n} at the harbour", who, id=f"Sir-{who}") for who in sorted(PAIRS)
] + [
    pytest.param("a portrait of {n} Jr. at the harbour", "another-creators-grant",
                 id="Jr.-another-creators-grant"),
])
def test_a_registered_name_with_a_title_reads_like_a_made_up_one_with_it(world, who, shape):
    registered, made_up = PAIRS[who]
    a = _view(world, shape.format(n=registered), registered)
    b = _view(world, shape.format(n=made_up), made_up)
    assert a == b, (a[:1200], b[:1200])


def test_plain_shapes_of_a_registered_name_read_like_a_made_up_one(world):
    """Pinned: a possessive, quotes, a line break, the name twice, the name alone, the name in the
    negative prompt: the same view for a registered person and a made-up name."""
    shapes = [("{n}'s dog in a park", {}), ('a portrait of "{n}"', {}), ("a portrait of {n}\nin the rain", {}),
              ("photo: {n}, {n}", {}), ("{n}", {}), ("a cat", {"negative_prompt": "{n}"})]
    for registered, made_up in PAIRS.values():
        for prompt, extra in shapes:
            views = [_view(world, prompt.format(n=n), n, **{k: v.format(n=n) for k, v in extra.items()})
                     for n in (registered, made_up)]
            assert views[0] == views[1], (prompt, registered, views[0][:800], views[1][:800])
