"""One validated settings object for the consent core.

Built once at start-up from ``CONSENT_STUDIO_*`` environment variables (or explicit
arguments) and passed down; library code never reads ``os.environ`` itself.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
