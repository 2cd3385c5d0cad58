"""The two outcomes session 58's red teams held every famous-name spelling to: an exception or an
alias recorded with no confirmation must not let a prompt naming a famous person pass."""

from __future__ import annotations

from consent.errors import RecordInvalid


def allowed(w, prompt: str, subjects=()) -> bool:
    """Whether the studio allows ``prompt`` (a World, tests/studio_world.py)."""
    return w.studio().check(w.request(prompt=prompt, subjects=subjects)).allowed


def assert_exception_exempts_nobody_unconfirmed(w, name: str, prompt: str, reason: str) -> None:
    """``prompt`` names a famous person and is denied; the exception ``name`` recorded without
    ``famous_ok`` is either refused (confirmation asked for) or leaves the prompt denied."""
    assert not allowed(w, prompt)  # a known real person without a grant
    try:
        w.ops.allow_name(name, reason, "cli:olive")  # no famous_ok
    except RecordInvalid:
        return  # safe: confirmation asked for
    assert not allowed(w, prompt), f"exception {name!r} recorded unconfirmed; {prompt!r} now passes with no grant"


def assert_alias_licenses_nobody_unconfirmed(w, name: str, prompt: str) -> None:
    """Tess, with a grant, given the alias ``name`` without ``famous_namesake``: either refused,
    or ``prompt`` (a famous person) does not run under her grant."""
    w.add_person("tess", "Tess Smith")
    w.issue_grant("tess", "g-tess")
    assert not allowed(w, prompt, ("tess",))
    try:
        w.ops.update_subject("tess", aliases=[name])  # no famous_namesake
    except RecordInvalid:
        return
    assert not allowed(w, prompt), f"alias {name!r} accepted unconfirmed; {prompt!r} now runs under Tess's grant"
