"""Settings come from arguments, CONSENT_STUDIO_* env, then a settings file; a named file
that is missing or malformed is a clear error."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consent.errors import ConsentError
from creator.settings import StudioSettings


def test_settings_file_fills_what_env_does_not(tmp_path, monkeypatch):
    f = tmp_path / "studio.yaml"
    f.write_text(f"data_dir: {tmp_path / 'from-file'}\nlabel_profile: china\noutput_format: jpeg\n")
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(f))
    monkeypatch.setenv("CONSENT_STUDIO_OUTPUT_FORMAT", "png")
    s = StudioSettings()
    assert s.data_dir == tmp_path / "from-file"
    assert s.label_profile == "china"
    assert s.output_format == "png"  # env wins over the file
    assert StudioSettings(label_profile="eu").label_profile == "eu"  # arguments win over both


def test_toml_settings_file(tmp_path, monkeypatch):
    f = tmp_path / "studio.toml"
    f.write_text('provider = "ACME Films studio"\n')
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(f))
    assert StudioSettings().provider == "ACME Films studio"


def test_missing_settings_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(tmp_path / "nope.yaml"))
    with pytest.raises(ConsentError, match="which is not a file"):
        StudioSettings()


def test_malformed_settings_file_is_an_error(tmp_path, monkeypatch):
    f = tmp_path / "studio.yaml"
    f.write_text("data_dir: [unclosed\n")
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(f))
    with pytest.raises(ConsentError, match="could not be read"):
        StudioSettings()


def test_unknown_field_value_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSENT_STUDIO_DB_BUSY_TIMEOUT_S", "soon")
    with pytest.raises(ValidationError, match="db_busy_timeout_s"):
        StudioSettings()
