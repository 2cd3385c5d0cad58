"""Shared fixtures of the consent-core tests: keys, a base grant, subjects, registries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from consent.policy import DecisionContext, Snapshot
from consent.records import ConsentGrant, Representative, SignedGrant, StoredGrant, Subject
from consent.registry import Registry
from consent.signing import add_signature, generate_key, key_id

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def now() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def keys() -> SimpleNamespace:
    """One Ed25519 key per role in the tests."""
    return SimpleNamespace(
        subject=generate_key(), guardian=generate_key(), estate=generate_key(),
        agent=generate_key(), verifier=generate_key(), stranger=generate_key(),
    )


@pytest.fixture
def grant_fields() -> dict:
    return {
        "id": "g-123",
        "subject_id": "jane",
        "grantee": "ACME Films",
        "project": "Blue (2026)",
        "description": "Reshoot of scene 12: Jane's character at the harbour, daylight",
        "purposes": ["film_reshoot"],
        "operations": ["footage_edit", "likeness_generation"],
        "media": ["still_image", "cinema"],
        "territories": ["US", "CA"],
        "valid_from": NOW - timedelta(days=30),
        "valid_until": NOW + timedelta(days=30),
        "content_restrictions": ["no_nudity", "no_politics"],
        "usage_cap": 10,
        "compensation_ref": "contract-7781",
        "evidence": [{"kind": "signed_release", "sha256": "ab" * 32, "filename": "release.pdf"}],
        "signer_role": "self",
    }


@pytest.fixture
def make_grant(grant_fields):
    def make(**over) -> ConsentGrant:
        return ConsentGrant(**{**grant_fields, **over})

    return make


@pytest.fixture
def sign():
    """sign(grant, (key, role), ...) -> SignedGrant."""

    def _sign(grant: ConsentGrant, *pairs) -> SignedGrant:
        signed = grant
        for k, role in pairs:
            signed = add_signature(signed, k, role)
        return signed

    return _sign


@pytest.fixture
def person(keys) -> Subject:
    return Subject(id="jane", display_name="Jane Doe", aliases=("J. Doe",), key_ids=(key_id(keys.subject),))


@pytest.fixture
def minor(keys) -> Subject:
    return Subject(id="jane", display_name="Jane Doe", minor=True, key_ids=(key_id(keys.subject),),
                   representative=Representative(name="Mary Doe", role="guardian", key_id=key_id(keys.guardian)))


@pytest.fixture
def deceased(keys) -> Subject:
    return Subject(id="jane", display_name="Jane Doe", kind="deceased_person",
                   representative=Representative(name="Doe Estate LLC", role="estate", key_id=key_id(keys.estate)))


@pytest.fixture
def context() -> DecisionContext:
    return DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="footage_edit",
                           media="still_image", territory="US", content_flags=frozenset(), project="Blue (2026)")


@pytest.fixture
def snapshot_of():
    def make(subject: Subject, *grants, verifiers=()) -> Snapshot:
        stored = tuple(g if isinstance(g, StoredGrant) else StoredGrant(signed=g) for g in grants)
        return Snapshot(subjects={subject.id: subject}, grants={subject.id: stored}, verifier_key_ids=frozenset(verifiers))

    return make


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'consent.db'}"


@pytest.fixture
def keys_dir(tmp_path):
    """The installation's keys directory (audit key and anchor live here, apart from the database)."""
    return tmp_path / "keys"


@pytest.fixture
def audit_keys(keys_dir):
    from consent.audit import AuditKeys

    return AuditKeys.load_or_create(keys_dir)


@pytest.fixture
def registry(db_url, audit_keys):
    reg = Registry(db_url, audit_keys=audit_keys, busy_timeout_s=2.0)
    yield reg
    reg.close()


@pytest.fixture
def with_jane(registry, person, keys):
    """The registry with Jane (the ``person`` fixture) and her public key."""
    registry.add_subject(person.model_copy(update={"key_ids": ()}), keys=[keys.subject.public_key()])
    return registry

