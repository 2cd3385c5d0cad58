"""Red team s59: the operator's yes/no words in the Python API are read with ``bool(...)``.

Session 58 made the studio's checkboxes strict (``creator.ui.forms.ticked``: ``"false"`` sent over the
HTTP API deleted a subject, approved a request, confirmed a famous name) and
``Operations.set_opt_out`` refuses an ``opt_out`` that is not a bool. The other confirmations of
:class:`consent.operations.Operations` — the Python API the docs offer beside the CLI and the UI,
and what a script fed from JSON, YAML or environment variables calls — still take any truthy value:

- ``allow_name(..., famous_ok="false")`` records an exception for Taylor Swift, the audit entry
  saying the operator confirmed it;
- ``update_subject(..., famous_namesake="no")`` gives a person Barack Obama as an alias, so prompts
  naming him run under her grants;
- ``answer_request(rid, "false", ...)`` approves the request (and records its name exception);
- ``update_subject(..., minor="false")`` marks an adult a minor (every grant she signed stops).

Expected: each is refused naming the field and that it expects True or False (as ``set_opt_out``
does), and nothing is recorded.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


def test_famous_ok_given_as_false_text_confirms_no_famous_exception(stub_world):
    w = stub_world
    with pytest.raises((ConsentError, TypeError)):
        w.ops.allow_name("Taylor Swift", "a font family", "py:olive", famous_ok="false")
    assert not [x for x in w.registry.name_exceptions() if x.name == "Taylor Swift"]


def test_famous_namesake_given_as_no_text_adds_no_famous_alias(stub_world):
    w = stub_world
    w.add_person("kim", "Kim Lee")
    with pytest.raises((ConsentError, TypeError)):
        w.ops.update_subject("kim", aliases=["Barack Obama"], famous_namesake="no")
    assert w.registry.get_subject("kim").aliases == ()


def test_approve_given_as_false_text_approves_nothing(stub_world):
    w = stub_world
    rec = w.ops.file_request("exception", "ui:carl", "Shake It Off", "a song title, not a person")
    with pytest.raises((ConsentError, TypeError)):
        w.ops.answer_request(rec.id, "false", "no", "py:olive")
    assert w.registry.get_request(rec.id).status == "pending"


def test_minor_given_as_false_text_changes_nothing(stub_world):
    w = stub_world
    w.add_person("kim", "Kim Lee")
    w.issue_grant("kim", "g-kim")
    with pytest.raises((ConsentError, TypeError)):
        w.ops.update_subject("kim", minor="false")
    assert not w.registry.get_subject("kim").minor
