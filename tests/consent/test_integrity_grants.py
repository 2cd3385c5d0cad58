"""The signed log's grants of one subject, as a decision checks them against the database."""

from consent.integrity import IntegrityState


def _issue(st: IntegrityState, seq: int, gid: str, sid: str) -> None:
    st.apply(seq, f"{seq:064x}", "grant_issued", {"grant_id": gid, "subject_id": sid, "sha256": "ab" * 32})


def test_a_grant_missing_from_the_database_is_named_for_its_subject_only():
    st = IntegrityState()
    for i in range(50):
        _issue(st, i + 1, f"g{i}", f"s{i % 5}")
    assert st.missing_grants("s1", {f"g{i}" for i in range(50)}) == []
    assert st.missing_grants("s1", {f"g{i}" for i in range(50) if i != 11}) == [
        "grant 'g11' of subject 's1' is missing from the database"]
    assert st.missing_grants("nobody", set()) == []


def test_grants_issued_or_reissued_after_a_check_are_seen_by_the_next_one():
    st = IntegrityState()
    _issue(st, 1, "g1", "alice")
    assert st.missing_grants("alice", {"g1"}) == []
    _issue(st, 2, "g2", "alice")  # after the first check
    assert st.missing_grants("alice", {"g1"}) == ["grant 'g2' of subject 'alice' is missing from the database"]
    _issue(st, 3, "g2", "bob")  # the same id issued again, for someone else
    assert st.missing_grants("alice", {"g1"}) == []
    assert st.missing_grants("bob", set()) == ["grant 'g2' of subject 'bob' is missing from the database"]
    # a state whose grants were filled in directly (as the tables' view is built) is read afresh
    st.grants["g3"] = {"subject_id": "alice", "sha256": "cd" * 32, "revoked_at": None, "revoked_by": None,
                       "reason": None, "usage": 0}
    assert st.missing_grants("alice", {"g1"}) == ["grant 'g3' of subject 'alice' is missing from the database"]
    # and one restored from its saved bytes
    again = IntegrityState.from_bytes(st.to_bytes())
    assert again.missing_grants("bob", set()) == ["grant 'g2' of subject 'bob' is missing from the database"]
