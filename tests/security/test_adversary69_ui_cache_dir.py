"""Red team 69: ``GRADIO_TEMP_DIR``, the folder Gradio serves to every signed-in user.

An operator who set ``GRADIO_TEMP_DIR`` to the data directory (to keep Gradio's copies private,
inside a 0700 folder) let any signed-in creator download ``users.json`` (every account's password
hash), the database, the watermark key and the C2PA signing key through ``/gradio_api/file=``: with
them she can stamp "made here, with consent" on any picture. The studio now refuses to start with
such a folder, and the server blocks those files whatever folder Gradio serves. With
``GRADIO_TEMP_DIR`` set elsewhere, the Verify tab wrote its reports where Gradio would not serve
them, and every verify failed with an error naming server paths.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.errors import SettingsInvalid
from creator.settings import StudioSettings
from creator.ui.handlers import ui_cache_root


@pytest.fixture
def settings(tmp_path):
    s = StudioSettings(data_dir=tmp_path / "studio" / "data", keys_dir=tmp_path / "secrets")
    s.ensure_dirs()
    return s


@pytest.mark.parametrize("where", ["data", "above data", "keys", "inside keys", "c2pa", "staging",
                                   "inside data, not the UI cache"])
def test_a_gradio_folder_over_the_keys_accounts_or_database_is_refused(settings, monkeypatch, where):
    folder = {"data": settings.data_dir, "above data": settings.data_dir.parent, "keys": settings.resolved_keys_dir,
              "inside keys": settings.resolved_keys_dir / "tmp", "c2pa": settings.c2pa_dir,
              "staging": settings.staging_dir, "inside data, not the UI cache": settings.data_dir / "gradio"}[where]
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(folder))
    with pytest.raises(SettingsInvalid, match="hands out every file under GRADIO_TEMP_DIR"):
        ui_cache_root(settings)


def test_a_gradio_folder_of_its_own_is_used(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio-cache"))
    assert ui_cache_root(settings) == (tmp_path / "gradio-cache").resolve()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(settings.ui_cache_dir / "sub"))
    assert ui_cache_root(settings) == (settings.ui_cache_dir / "sub").resolve()
    monkeypatch.delenv("GRADIO_TEMP_DIR")
    assert ui_cache_root(settings) == settings.ui_cache_dir


def test_serve_refuses_to_start_with_the_data_directory_as_gradios_folder(settings, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(settings.data_dir))
    monkeypatch.setenv("CONSENT_STUDIO_KEYS_DIR", str(settings.resolved_keys_dir))
    r = CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "serve", "--port", "1"])
    assert r.exit_code == 2, r.output
    assert "hands out every file under GRADIO_TEMP_DIR" in r.output
    assert "Created operator account" not in r.output and not settings.users_file.exists()  # nothing made


def test_the_server_never_hands_out_the_keys_accounts_or_database(settings):
    settings.users_file.write_text("{}")
    (settings.data_dir / "consent.db").write_bytes(b"")
    never = settings.never_served()
    for p in (settings.resolved_keys_dir, settings.c2pa_dir, settings.users_file, settings.data_dir / "consent.db",
              settings.data_dir / "consent.db-wal", settings.staging_dir, settings.presence_dir):
        assert p.resolve() in [q.resolve() for q in never], p
    assert settings.outputs_dir.resolve() not in [q.resolve() for q in never]  # served, to their owner
    assert settings.ui_cache_dir.resolve() not in [q.resolve() for q in never]


def test_verify_reports_go_where_gradio_serves_from(settings, monkeypatch, tmp_path):
    from creator.ui.handlers import StudioApp

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio-cache"))
    assert (tmp_path / "gradio-cache").resolve() in StudioApp(settings)._reports_dir().resolve().parents


@pytest.mark.parametrize("spelling", ["sqlite+pysqlite:///{db}", "sqlite:///file:{db}?uri=true"])
def test_a_gradio_folder_over_the_database_is_refused_however_its_url_is_spelt(tmp_path, monkeypatch, spelling):
    """Red team 71: only "sqlite:///" URLs were recognised as the database's file."""
    db = tmp_path / "db-folder" / "consent.db"
    db.parent.mkdir()
    s = StudioSettings(data_dir=tmp_path / "data", database_url=spelling.format(db=db))
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(db.parent))
    with pytest.raises(SettingsInvalid, match="overlaps"):
        ui_cache_root(s)


def test_gradios_examples_cache_over_the_data_directory_is_refused_too(settings, monkeypatch):
    """Red team 71: Gradio serves every file under GRADIO_EXAMPLES_CACHE as well."""
    monkeypatch.setenv("GRADIO_EXAMPLES_CACHE", str(settings.data_dir))
    with pytest.raises(SettingsInvalid, match="GRADIO_EXAMPLES_CACHE .* overlaps"):
        ui_cache_root(settings)
