"""What a self-hosting admin met in session 66: backups that restore (`consent-studio backup`; the
copies made by hand restored as "audit log truncated"), and account and key changes on record."""

from __future__ import annotations

import json
import shutil
import sqlite3

from click.testing import CliRunner

from consent.registry import Registry
from creator.cli import cli
from creator.cli._common import CliState
from creator.settings import StudioSettings
from creator.verify import verify


def test_a_backup_of_a_running_studio_restores_with_its_log_outputs_and_grants(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    made = w.studio().generate(w.request(prompt="a harbour", subjects=("jane",)))
    out = tmp_path / "backup"
    # the studio's registry stays open (its last writes may sit in the database's write-ahead log)
    result = CliRunner().invoke(cli, ["backup", str(out), "--json"], obj=CliState(settings=w.settings, _registry=w.registry))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["audit_entries"] > 0 and summary["files"]["outputs"] >= 1

    restored_dir = tmp_path / "new-server" / "data"  # restore: the copy as another machine's data dir
    shutil.copytree(out, restored_dir)
    restored = StudioSettings(data_dir=restored_dir)
    with Registry.from_settings(restored) as reg:
        assert reg.verify_audit().ok
        assert reg.get_grant("g-jane-1").grant.subject_id == "jane"
        report = verify(restored_dir / "outputs" / made.outputs[0].path.name, settings=restored, registry=reg)
        assert report.ok and report.c2pa_state == "Trusted", report.reasons


def test_a_backup_into_a_folder_that_holds_files_is_refused_and_writes_nothing(stub_world, tmp_path):
    out = tmp_path / "old"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["backup", str(out)], obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert result.exit_code != 0 and "exists and is not an empty folder" in result.output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_database_restored_older_than_its_keys_says_how_to_restore(stub_world, tmp_path):
    """The admin's hand-made copy: the database from before the latest entries, the keys (and their
    anchor) from after. The refusal said "truncated" only, which reads as tampering."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    db = w.settings.sqlite_file()
    old = tmp_path / "old.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(old)
    src.backup(dst)
    src.close()
    dst.close()
    w.issue_grant("jane", "g-jane-1")  # the log (and the anchor in keys/) moves on
    w.registry.close()
    shutil.copyfile(old, db)
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "audit", "verify"])
    assert result.exit_code != 0
    assert "audit log truncated" in result.output and "restore both from one `consent-studio backup`" in result.output
    # the server does not start on it (it started, logged a traceback and kept running)
    served = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "serve", "--port", "1"])
    assert served.exit_code == 1 and "the studio does not start: its records do not check" in served.output
    assert "Consent Studio on http" not in served.output


def test_account_changes_and_a_c2pa_rotation_are_in_the_audit_log(tmp_path):
    """An auditor asks who had access and who changed the keys (a self-hosting admin's walkthrough,
    session 66): adding, changing and removing an account, and rotating the C2PA key, left no entry."""
    data = tmp_path / "data"

    def run(*args, input=None):
        result = CliRunner().invoke(cli, ["--data-dir", str(data), *args], input=input)
        assert result.exit_code == 0, result.output
        return result

    run("users", "add", "olga", "--role", "operator", "--password-stdin", input="olga-operator-pw1\n")
    run("users", "add", "cam", "--role", "creator", "--password-stdin", input="cam-creator-pw1\n")
    run("users", "password", "cam", "--password-stdin", input="cam-creator-pw2\n")
    run("users", "grantees", "cam", "Bright Agency")
    run("users", "remove", "cam")
    run("c2pa", "rotate")
    with Registry.from_settings(StudioSettings(data_dir=data)) as reg:
        entries = [e for e in reg.audit_entries() if e.kind.startswith(("account_", "c2pa_"))]
    assert [(e.kind, e.payload.get("user")) for e in entries] == [
        ("account_added", "olga"), ("account_added", "cam"), ("account_password_changed", "cam"),
        ("account_grantees_changed", "cam"), ("account_removed", "cam"), ("c2pa_rotated", None)]
    assert entries[3].payload["grantees"] == ["Bright Agency"]
    assert all("password" not in e.payload_json.replace("password_changed", "") for e in entries)  # never a secret
    listed = run("audit", "list", "--kind", "account_removed").output
    assert "Account “cam” (creator) removed." in listed, listed


def test_an_auditor_lists_one_days_entries_whole(stub_world):
    """`audit list` had no --since/--until, and --limit stopped at 1000: one day meant paging by hand."""
    from datetime import datetime, timedelta, timezone

    w = stub_world
    state = CliState(settings=w.settings, _registry=w.registry)
    for i in range(3):
        w.add_person(f"p{i}", f"Person Number{i}")
    today = datetime.now(timezone.utc).date()
    run = lambda *a: CliRunner().invoke(cli, ["audit", "list", *a], obj=state)  # noqa: E731
    whole = json.loads(run("--since", today.isoformat(), "--until", (today + timedelta(days=1)).isoformat(),
                           "--all", "--json").stdout)
    assert [e["seq"] for e in whole] == sorted(e["seq"] for e in whole) and len(whole) == len(w.registry.audit_entries())
    assert json.loads(run("--until", today.isoformat(), "--json").stdout) == []  # nothing before today
    later = json.loads(run("--since", whole[-1]["at"], "--json").stdout)
    assert [e["seq"] for e in later] == [whole[-1]["seq"]]  # the boundary itself is in (on or after)
    refused = run("--since", "last tuesday")
    assert refused.exit_code != 0 and "--since 'last tuesday' is not a date or time" in refused.output


def test_draft_links_say_when_their_address_is_one_a_person_cannot_reach(stub_world, monkeypatch):
    """`grant draft` without an address made localhost:7860 links without a word, and a plain-http
    address no passkey works on was not warned of."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    monkeypatch.delenv("CONSENT_STUDIO_TALENT_ORIGIN", raising=False)
    terms = ["grant", "draft", "--subject", "jane", "--grantee", "ACME Films", "--project", "Blue", "--description",
             "Reshoot of scene 12: the character at the harbour", "--purpose", "film_reshoot", "--operation",
             "likeness_generation", "--medium", "still_image", "--territory", "US", "--valid-until", "2030-01-01",
             "--evidence", "signed_release:" + "ab" * 32]
    state = CliState(settings=w.settings, _registry=w.registry)
    default = CliRunner().invoke(cli, terms, obj=state)
    assert default.exit_code == 0 and "Note: the links use http://localhost:7860 (neither --base-url nor" in default.stderr
    plain = CliRunner().invoke(cli, [*terms, "--base-url", "http://studio.example"], obj=state)
    assert plain.exit_code == 0 and "is plain http: passkeys work over https only" in plain.stderr
    named = CliRunner().invoke(cli, [*terms, "--base-url", "https://studio.example"], obj=state)
    assert named.exit_code == 0 and "plain http" not in named.stderr and "Note: the links" not in named.stderr


def test_a_misspelt_setting_is_said_not_silently_ignored(tmp_path, monkeypatch):
    settings_file = tmp_path / "studio.yaml"
    settings_file.write_text("talent_orgin: https://studio.example\nprovider: Bright Agency\n")
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(settings_file))
    monkeypatch.setenv("CONSENT_STUDIO_TALENT_ORGN", "https://studio.example")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "users", "list"])
    assert result.exit_code == 0, result.output
    assert ("Warning: CONSENT_STUDIO_TALENT_ORGN is not a setting (did you mean CONSENT_STUDIO_TALENT_ORIGIN?); "
            "it is ignored") in result.stderr
    assert "'talent_orgin' in the settings file studio.yaml is not a setting" in result.stderr
    assert "provider" not in result.stderr  # a real setting is not named


def test_a_model_is_retired_and_its_name_registered_again(stub_world, tiny_models):
    """A changed model told creators to "ask an operator to re-register it", and `model register`
    then refused its name; nothing retired a broken model."""
    w = stub_world
    state = CliState(settings=w.settings, _registry=w.registry)
    run = lambda *a: CliRunner().invoke(cli, list(a), obj=state)  # noqa: E731
    assert run("model", "register", "house", str(tiny_models.sd), "--kind", "diffusers", "--licence", "test").exit_code == 0
    again = run("model", "register", "house", str(tiny_models.sd), "--kind", "diffusers", "--licence", "test")
    assert again.exit_code != 0 and "consent-studio model remove house --reason" in again.output
    assert run("model", "remove", "house", "--reason", "short").exit_code != 0  # a reason is needed
    gone = run("model", "remove", "house", "--reason", "files replaced by the v2 weights")
    assert gone.exit_code == 0 and "model 'house' (diffusers" in gone.output
    assert w.registry.get_model("house") is None
    (entry,) = w.registry.audit_entries(kind="model_removed")
    assert entry.payload["name"] == "house" and entry.payload["reason"] == "files replaced by the v2 weights"
    assert run("model", "register", "house", str(tiny_models.sd), "--kind", "diffusers", "--licence", "test").exit_code == 0
    assert w.registry.verify_audit().ok  # the signed log and the table agree after both


def test_a_busy_database_exits_3_not_1_like_a_denial(tmp_path, monkeypatch):
    data = tmp_path / "data"
    run = lambda *a: CliRunner().invoke(cli, ["--data-dir", str(data), *a])  # noqa: E731
    assert run("subject", "add", "--id", "jane", "--name", "Jane Doe").exit_code == 0
    monkeypatch.setenv("CONSENT_STUDIO_DB_BUSY_TIMEOUT_S", "0.2")
    held = sqlite3.connect(data / "consent.db", isolation_level=None)
    held.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        result = run("subject", "opt-out", "jane")
    finally:
        held.execute("ROLLBACK")
        held.close()
    assert result.exit_code == 3, result.output
    assert "nothing was changed: try again" in result.output


def test_an_auditor_checks_an_exported_log_without_the_studio(stub_world, tmp_path):
    """There was no export of the log anyone could check outside the installation."""
    w = stub_world
    state = CliState(settings=w.settings, _registry=w.registry)
    for i in range(3):
        w.add_person(f"p{i}", f"Person Number{i}")
    out = tmp_path / "audit.json"
    made = CliRunner().invoke(cli, ["audit", "export", "--out", str(out)], obj=state)
    assert made.exit_code == 0, made.output
    nowhere = tmp_path / "elsewhere"  # the auditor's machine: no studio, no keys
    check = lambda f: CliRunner().invoke(cli, ["--data-dir", str(nowhere), "audit", "check-export", str(f)])  # noqa: E731
    good = check(out)
    assert good.exit_code == 0 and "OK: the export checks" in good.output, good.output
    assert not (nowhere / "keys").exists()  # nothing of a studio made there

    doc = json.loads(out.read_text())
    edited = json.loads(json.dumps(doc))
    edited["entries"][2]["payload_json"] = edited["entries"][2]["payload_json"].replace("Person", "Persona")
    (tmp_path / "edited.json").write_text(json.dumps(edited))
    r = check(tmp_path / "edited.json")
    assert r.exit_code == 1 and "does not hash to its recorded hash: altered" in r.output
    dropped = json.loads(json.dumps(doc))
    del dropped["entries"][1]
    (tmp_path / "dropped.json").write_text(json.dumps(dropped))
    r = check(tmp_path / "dropped.json")
    assert r.exit_code == 1 and "does not follow entry" in r.output
    cut = json.loads(json.dumps(doc))
    cut["entries"].pop()
    (tmp_path / "cut.json").write_text(json.dumps(cut))
    r = check(tmp_path / "cut.json")
    assert r.exit_code == 1 and "but the signed checkpoint says the log had" in r.output
    from datetime import datetime, timezone

    part = tmp_path / "today.json"
    today = datetime.now(timezone.utc).date().isoformat()
    assert CliRunner().invoke(cli, ["audit", "export", "--out", str(part), "--since", today], obj=state).exit_code == 0
    r = check(part)
    assert r.exit_code == 0 and "this export is the part recorded from" in r.output, r.output


def test_a_service_s_first_start_keeps_the_admin_password_out_of_its_log(tmp_path, capsys):
    """(an admin's walkthrough, session 66; done in session 67) started as a service, the first
    admin password went to stdout, i.e. into the journal for good. Off a terminal it is written to a
    file only the studio's account reads, and changing that password deletes the file."""
    import os
    import stat

    from creator.auth import FIRST_PASSWORD_FILE, UserStore
    from creator.cli.serve import _tell_first_password

    store = UserStore(tmp_path / "users.json")
    password = store.ensure_admin()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    (tmp_path / FIRST_PASSWORD_FILE).symlink_to(elsewhere)  # a link left there is not written through
    _tell_first_password(store, password)
    out = capsys.readouterr().out
    path = tmp_path / FIRST_PASSWORD_FILE
    assert password not in out and f"its password is in {path} " in out
    assert not path.is_symlink() and path.read_text().strip() == password and elsewhere.read_text() == "keep me"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert store.authenticate("admin", path.read_text().strip())
    store.set_password("admin", "a new long password")
    assert not path.exists()
