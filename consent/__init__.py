"""Consent core: who may be depicted, for what, and the record of every decision."""

from consent.audit import ChainReport, verify_chain
from consent.errors import (
    AuditChainBroken,
    ConsentDenied,
    ConsentError,
    LikenessError,
    NotFound,
    RecordInvalid,
    RegistryError,
    SignatureInvalid,
)
from consent.policy import Decision, DecisionContext, Finding, GrantUse, Snapshot, decide
from consent.records import (
    ConsentGrant,
    Evidence,
    Representative,
    Revocation,
    Signature,
    SignedGrant,
    StoredGrant,
    Subject,
    canonical_json,
    check_grant_for_subject,
    grant_digest,
)
from consent.registry import OutputRecord, Registry
from consent.settings import Settings
from consent.types import FaceBox, Likeness, LikenessSource

__all__ = [
    "AuditChainBroken", "ChainReport", "ConsentDenied", "ConsentError", "ConsentGrant", "Decision",
    "DecisionContext", "Evidence", "FaceBox", "Finding", "GrantUse", "Likeness", "LikenessError",
    "LikenessSource", "NotFound", "OutputRecord", "RecordInvalid", "Registry", "RegistryError",
    "Representative", "Revocation", "Settings", "Signature", "SignatureInvalid", "SignedGrant",
    "Snapshot", "StoredGrant", "Subject", "canonical_json", "check_grant_for_subject", "decide",
    "grant_digest", "verify_chain",
]
