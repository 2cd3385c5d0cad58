"""One validated settings object for the consent core.

Built once at start-up and passed down; library code never reads ``os.environ`` itself.
Sources, highest first: explicit arguments, ``CONSENT_STUDIO_*`` environment variables,
then a settings file named by ``CONSENT_STUDIO_SETTINGS_FILE`` (YAML, TOML or JSON, keys
as the field names: ``data_dir: /srv/studio``). A named file that is missing or malformed
is an error, never silently ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    JsonConfigSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
    YamlConfigSettingsSource,
)

from consent.errors import ConsentError

SETTINGS_FILE_ENV = "CONSENT_STUDIO_SETTINGS_FILE"

__all__ = ["Settings", "default_data_dir"]


def default_data_dir() -> Path:
    return Path.home() / ".consent-studio"


class Settings(BaseSettings):
    """Where the studio keeps its state.

    ``data_dir`` holds the SQLite database (unless ``database_url`` points elsewhere),
    keys (0600), outputs (named by content hash) and the manifest store.
    """

    model_config = SettingsConfigDict(env_prefix="CONSENT_STUDIO_", extra="ignore", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    #: Directory for Ed25519 grant-signing keys created by ``consent-studio keys generate``.
    keys_dir: Path | None = None
    #: Seconds a writer waits for a locked SQLite database before failing with a clear error.
    db_busy_timeout_s: float = 10.0
    #: Where ``consent-studio audit checkpoint`` also POSTs the signed audit head (an outside witness).
    audit_witness_url: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: tuple[PydanticBaseSettingsSource, ...] = (init_settings, env_settings)
        name = os.environ.get(SETTINGS_FILE_ENV)
        if name:
            path = Path(name).expanduser()
            if not path.is_file():
                raise ConsentError(f"{SETTINGS_FILE_ENV} names {str(path)!r}, which is not a file")
            loaders = {".yaml": YamlConfigSettingsSource, ".yml": YamlConfigSettingsSource,
                       ".toml": TomlConfigSettingsSource, ".json": JsonConfigSettingsSource}
            loader = loaders.get(path.suffix.lower())
            if loader is None:
                raise ConsentError(f"settings file {path.name!r}: expected a .yaml, .yml, .toml or .json file")
            key = {"yaml_file": path} if loader is YamlConfigSettingsSource else (
                {"toml_file": path} if loader is TomlConfigSettingsSource else {"json_file": path})
            try:
                sources += (loader(settings_cls, **key),)
            except Exception as e:  # a malformed file: say which and why
                raise ConsentError(f"settings file {str(path)!r} could not be read: {e}") from None
        return sources

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'consent.db').as_posix()}"

    @property
    def resolved_keys_dir(self) -> Path:
        return (self.keys_dir or self.data_dir / "keys").expanduser()

    def audit_keys(self):
        """The installation's audit signing key and anchor (keys dir; created 0600 on first use)."""
        from consent.audit import AuditKeys

        return AuditKeys.load_or_create(self.resolved_keys_dir)

    def private_dirs(self) -> tuple[Path, ...]:
        """Every folder of the data directory this settings object owns (created 0700)."""
        return (self.data_dir, self.resolved_keys_dir)

    def ensure_dirs(self) -> None:
        """Create every folder of the data directory (owner-only permissions); idempotent."""
        for d in self.private_dirs():
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
