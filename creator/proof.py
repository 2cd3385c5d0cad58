"""A self-contained proof that a file was made here with consent, for someone without the studio.

``verify`` answers from the studio's registry, so only the studio can run it. A gallery, a
journalist or a court asks the studio's rights operator for proof they can check themselves
(a walkthrough as a rights operator, session 65: there was no way to hand one over).
:func:`export_proof` writes one JSON document (``consent-studio proof export FILE``) holding:

- what ``verify`` answered when it was exported (``made_with_consent``: made here or a copy of an
  output made here, when, by which account, consent when made, consent now);
- the output's signed ``generation`` entry of the audit log (the decision, its grants' digests,
  the outputs' digests), each grant's ``grant_issued`` entry and any ``grant_revoked`` entry,
  exactly as stored (position, time, kind, payload, previous hash, hash, signature);
- each grant as signed: its terms and every signature with the key that made it (Ed25519 keys
  or passkeys), whose digest the decision names;
- the audit log's public key and a signed head of the log at export time (a checkpoint).

:func:`check_proof` (``consent-studio proof check PROOF [FILE]``) needs nothing of the studio: it
recomputes each entry's hash and checks its signature under the document's audit key, checks
every grant signature over the grant's canonical JSON and the grant's digest against the
decision's, that the decision allowed the request under those grants, that the output is listed
in the entry (and, given the file, that the file is that output byte for byte, or else says it
is not), and the checkpoint's signature. What it cannot say by itself: that the audit key is this
studio's (compare its fingerprint with the one the studio publishes, or with a witness's
checkpoint) and that a key that signed a grant is the person's (the studio's registry says whose
it is; a passkey or key the person holds can show it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "ProofCheck", "check_proof", "export_proof"]

FORMAT = "consent-studio/proof/v1"


def export_proof(path: Path | str, *, settings: Any, registry: Any) -> dict[str, Any]:
    """The proof document of the file at ``path`` (an output made here, or a copy of one);
    raises :class:`creator.errors.InputError` when verify finds it is neither."""
    from consent.records import canonical_json
    from consent.signing import public_key_pem
    from creator.errors import InputError
    from creator.verify import VerificationReport, _read_file, verify_bytes

    path = Path(path)
    data = _read_file(path)  # read once: the digest the proof names is of the bytes verified
    if isinstance(data, VerificationReport):
        raise InputError(f"{path.name}: {'; '.join(data.reasons)}")
    report = verify_bytes(data, path, settings=settings, registry=registry, now=dt.datetime.now(dt.timezone.utc))
    made = report.made_with_consent()
    if made is None:
        raise InputError(f"{path.name}: {report.summary.split(' — ', 1)[-1] if not report.ok else 'no record'}; a proof "
                         "is made only for an output of this studio or a copy its watermark leads to")
    rep = report if report.record is not None else report.recovered
    output_sha = rep.record["sha256"]
    entry = registry.logged_output(sha256=output_sha)
    if entry is None:
        raise InputError(f"{path.name}: the signed generation entry of output {output_sha[:16]}… was not found")
    grants = []
    for gid in rep.record.get("grant_ids") or ():
        stored = registry.get_grant(gid)
        issued = registry.audit_page(limit=5, kind="grant_issued", mentions=(gid,))
        revoked = registry.audit_page(limit=5, kind="grant_revoked", mentions=(gid,))
        grants.append({
            "signed": json.loads(canonical_json(stored.signed)),
            "sha256": stored.sha256,
            "issued_entries": [_entry(e) for e in issued if e.payload.get("grant_id") == gid],
            "revoked_entries": [_entry(e) for e in revoked if e.payload.get("grant_id") == gid],
        })
    keys = registry._keys
    doc = {
        "format": FORMAT,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "file": {"name": path.name, "sha256": hashlib.sha256(data).hexdigest(), "is_the_output": made["copy"] is False},
        "output_sha256": output_sha,
        "made_with_consent": made,
        "generation_entry": _redacted_entry(entry, output_sha),
        "grants": grants,
        "audit_public_key": public_key_pem(keys.public_key),
        "audit_key_id": keys.key_id,
        "checkpoint": registry.checkpoint().to_dict(),
    }
    # the studio's word on the whole document (red team s65 B: the file's digest and the answers
    # were unsigned, so any picture could be given a proof by rewriting them)
    doc["signature"] = keys.sign_proof(_signed_part(doc))
    return doc


def _signed_part(doc: dict[str, Any]) -> bytes:
    from consent.records import canonical_json

    return canonical_json({k: v for k, v in doc.items() if k != "signature"})


def _redacted_entry(e: Any, output_sha: str) -> dict[str, Any]:
    """The generation entry as the proof carries it: the server's file paths, the request's other
    outputs (their digests kept) and why outputs were blocked (the output scan names the
    registered person a blocked face matched, whom the creator was never told of: red team s65 B)
    are withheld. The entry's hash and signature are as stored; the content shown is then vouched
    for by the document's signature, and ``redacted`` says what was withheld."""
    from consent.records import canonical_json

    d = _entry(e)
    p = e.payload
    withheld = []
    outs = []
    for o in p.get("outputs") or ():
        if not isinstance(o, dict):
            continue
        if o.get("sha256") == output_sha:
            if "path" in o:
                withheld.append("the output's file path on the studio's server")
            outs.append({k: v for k, v in o.items() if k != "path"})
        else:
            outs.append({"sha256": o.get("sha256")})
    if len(outs) > 1:
        withheld.append(f"the other {len(outs) - 1} output(s) of the request, but their digests")
    blocked = p.get("blocked_outputs") or []
    if blocked:
        withheld.append(f"why {len(blocked)} output(s) were blocked by the output scan")
    if withheld:
        q = {**p, "outputs": outs, "blocked_outputs": [{"withheld": True} for _ in blocked]}
        d["payload_json"] = canonical_json(q).decode("utf-8")
        d["redacted"] = withheld
    return d


def _entry(e: Any) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at, "kind": e.kind, "payload_json": e.payload_json, "prev_hash": e.prev_hash,
            "hash": e.hash, "sig": e.sig}


@dataclass
class ProofCheck:
    """What :func:`check_proof` found: ``ok`` when every check held; ``lines``, each check in words."""

    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def good(self, text: str) -> None:
        self.lines.append(f"ok   {text}")

    def bad(self, text: str) -> None:
        self.ok = False
        self.lines.append(f"FAIL {text}")


def document_audit_keys(doc: Any, fmt: str, what: str, out: ProofCheck) -> Any:
    """The audit key a signed document (a proof, an audit export) of format ``fmt`` names, its id
    checked against the key itself; None (said in ``out``) when it is not such a document."""
    from consent.audit import AuditKeys
    from consent.signing import public_key_from_pem

    if not isinstance(doc, dict) or doc.get("format") != fmt:
        out.bad(f"not {what} of format {fmt}")
        return None
    keys = AuditKeys(public_key_from_pem(doc["audit_public_key"], "audit public key"), None, None)
    if keys.key_id != doc.get("audit_key_id"):
        out.bad(f"the audit key is {keys.key_id}, not the {doc.get('audit_key_id')} the document names")
        return None
    out.good(f"audit key {keys.key_id}: compare it with the key the studio publishes at /public/audit-key (or a witness's checkpoint)")
    return keys


def check_proof(doc: Any, file_bytes: bytes | None = None) -> ProofCheck:
    """Check a proof document offline (see the module text); never raises for a bad document."""
    out = ProofCheck()
    try:
        _check(doc, file_bytes, out)
    except Exception as e:  # noqa: BLE001 - a malformed document is a failed check, said plainly
        out.bad(f"the document cannot be read as a proof ({type(e).__name__}: {e})")
    return out


def _check(doc: Any, file_bytes: bytes | None, out: ProofCheck) -> None:
    from consent.audit import Anchor, AuditEntry
    from consent.errors import SignatureInvalid
    from consent.records import SignedGrant, canonical_json
    from consent.signing import verify_signed_grant

    keys = document_audit_keys(doc, FORMAT, "a proof", out)
    if keys is None:
        return
    if not keys.proof_signed(_signed_part(doc), doc.get("signature")):
        out.bad("the document's signature does not verify under the audit key: it was changed after export "
                "(or never signed), so none of its statements is the studio's")
        return
    out.good("the document is signed as a whole by the audit key (its answers and the file's digest are the studio's)")

    def entry_ok(d: dict[str, Any], what: str) -> AuditEntry | None:
        e = AuditEntry(int(d["seq"]), str(d["at"]), str(d["kind"]), str(d["payload_json"]), str(d["prev_hash"]),
                       str(d["hash"]), d.get("sig"))
        if d.get("redacted"):
            # the studio withheld part of it (``_redacted_entry``): its stored hash and signature are
            # checked, the content shown rests on the document's signature, verified above
            if not keys.entry_signed(e.hash, e.sig):
                out.bad(f"{what} (audit entry {e.seq}): its signature does not verify under the audit key")
                return None
            out.good(f"{what}: audit entry {e.seq} of {e.at}, signed by the audit key; withheld from this copy by "
                     f"the studio: {'; '.join(map(str, d['redacted']))}")
            return e
        if not e.content_hashes_to_its_hash:
            out.bad(f"{what} (audit entry {e.seq}): its content does not hash to its recorded hash: altered")
            return None
        if not keys.entry_signed(e.hash, e.sig):
            out.bad(f"{what} (audit entry {e.seq}): its signature does not verify under the audit key")
            return None
        out.good(f"{what}: audit entry {e.seq} of {e.at}, signed by the audit key")
        return e

    gen = entry_ok(doc["generation_entry"], "the generation")
    if gen is None or gen.kind != "generation":
        if gen is not None:
            out.bad(f"audit entry {gen.seq} is a {gen.kind!r} entry, not a generation")
        return
    p = gen.payload
    decision = p.get("decision") or {}
    outputs = {o.get("sha256") for o in p.get("outputs") or ()}
    if doc["output_sha256"] in outputs:
        out.good(f"output {doc['output_sha256'][:16]}… is one the generation published")
    else:
        out.bad(f"output {doc['output_sha256'][:16]}… is not among the generation's outputs")
    if decision.get("allowed") is True:
        out.good(f"decision {decision.get('decision_id')} allowed the request (purpose "
                 f"{(decision.get('context') or {}).get('purpose')}, grantee {(decision.get('context') or {}).get('grantee')})")
    else:
        out.bad(f"decision {decision.get('decision_id')} did not allow the request")
    used = {g.get("grant_id"): g.get("sha256") for g in decision.get("grants_used") or () if isinstance(g, dict)}
    given = {}
    for g in doc.get("grants") or ():
        signed = SignedGrant.model_validate(g["signed"])
        gid = signed.grant.id
        digest = hashlib.sha256(canonical_json(signed.grant)).hexdigest()
        given[gid] = digest
        try:
            verify_signed_grant(signed)
            who = ", ".join(f"{s.role.value} ({s.key_id})" for s in signed.signatures)
            out.good(f"grant {gid} for {signed.grant.subject_id}: every signature verifies over its terms ({who})")
        except SignatureInvalid as e:
            out.bad(f"grant {gid}: {e}")
        if used.get(gid) != digest:
            out.bad(f"grant {gid}: its digest {digest[:16]}… is not the one the decision used "
                    f"({str(used.get(gid))[:16]}…)")
        else:
            out.good(f"grant {gid}: the decision used exactly these terms (digest {digest[:16]}…)")
        for d in g.get("issued_entries") or ():
            e = entry_ok(d, f"grant {gid} issued")
            if e is not None and e.payload.get("sha256") != digest:
                out.bad(f"grant {gid}: the issuing entry names another digest")
        for d in g.get("revoked_entries") or ():
            e = entry_ok(d, f"grant {gid} revoked")
            if e is not None:
                when = str(e.payload.get("revoked_at") or e.at)
                if _time(when) > _time(gen.at):
                    out.good(f"grant {gid} was revoked at {when}, after the generation ({gen.at}): consent was in "
                             "force when the output was made, and is not now")
                else:
                    out.bad(f"grant {gid} was revoked at {when}, before the generation ({gen.at})")
    made = doc.get("made_with_consent") or {}
    revoked = any(g.get("revoked_entries") for g in doc.get("grants") or ())
    if revoked and made.get("consent_now") == "in force":
        out.bad("the document says consent is in force now, but a grant it holds was revoked")
    missing = sorted(set(used) - set(given))
    if missing:
        out.bad(f"the decision used grants the document does not hold: {', '.join(missing)}")
    if not used:
        out.good("the decision used no grant: no registered person's likeness")
    cp = doc.get("checkpoint")
    if not isinstance(cp, dict):
        out.bad("the document holds no checkpoint of the audit log")
    else:
        anchor = Anchor(int(cp["seq"]), str(cp["hash"]), str(cp["at"]), str(cp["key_id"]), str(cp["sig"]))
        if keys.anchor_valid(anchor) and anchor.seq >= gen.seq:
            out.good(f"checkpoint: the log had {anchor.seq} entries at {anchor.at} (signed head {anchor.hash[:16]}…); "
                     "a witness holding a later checkpoint can confirm the log still reaches it")
        else:
            out.bad("the checkpoint's signature does not verify, or it is older than the generation")
    if file_bytes is not None:
        sha = hashlib.sha256(file_bytes).hexdigest()
        if sha == doc["output_sha256"]:
            out.good("the file given is the output, byte for byte")
        elif sha == (doc.get("file") or {}).get("sha256"):
            out.good("the file given is the copy the proof was exported for; the studio traced it to the output by "
                     "its watermark (not re-checked here: that needs the studio's watermark key)")
        else:
            out.bad("the file given is neither the output nor the copy the proof was exported for")


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
