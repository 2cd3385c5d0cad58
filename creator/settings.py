"""Settings of the studio: the consent core's settings plus making and disclosing images."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from consent.settings import Settings

__all__ = ["StudioSettings"]


class StudioSettings(Settings):
    model_config = SettingsConfigDict(env_prefix="CONSENT_STUDIO_", extra="ignore", frozen=True)

    # --- disclosure -------------------------------------------------------------------
    #: Jurisdiction profile for the visible label: "eu", "california" or "china".
    label_profile: str = "eu"
    #: Label text (default: the profile's — "AI-generated", China "AI生成"); the line
    #: "likeness used with consent" is added when a real person is depicted.
    label_text: str | None = None
    #: Font file for the label (needed for characters Pillow's built-in font lacks, e.g. CJK);
    #: unset: the built-in font, or an installed font that covers the text.
    label_font: Path | None = None
    #: Label corner: "bottom-left", "bottom-right", "top-left", "top-right".
    label_position: str = "bottom-left"
    #: Corners a creator may pick per request (comma separated); blank: every corner the
    #: label profile allows. The default position above must be one of them.
    label_positions: str = ""
    #: Provider name written into C2PA / SB 942 latent disclosure fields (and named on the talent pages).
    provider: str = "Consent Studio (self-hosted)"
    #: How a person reaches the studio about their consent (an e-mail address, a phone number),
    #: shown on every talent page beside the provider's name.
    talent_contact: str | None = None
    #: C2PA signing chain and key (PEM). Unset: a local test CA is created under data_dir/c2pa.
    c2pa_cert_chain: Path | None = None
    c2pa_private_key: Path | None = None
    #: Extra PEM trust anchors for verification (the local test CA is always trusted locally).
    c2pa_trust_anchors: Path | None = None
    #: RFC 3161 time-stamp authority (http:// or https:// URL) that countersigns every C2PA
    #: signature, so files keep verifying after the signing certificate expires; its root
    #: must be among the trust anchors. Unset: no time-stamps. When the TSA cannot be
    #: reached, files are signed without one and the manifest records the gap.
    tsa_url: str | None = None
    #: Output file format: "png" or "jpeg".
    output_format: str = "png"
    #: Formats a creator may pick per request (comma separated); blank: every format the
    #: disclosure pipeline signs ("png", "jpeg").
    output_formats: str = ""

    # --- public verify page and API (no sign-in; see README "Public verify") --------------
    #: Largest image the public verify page, its JSON API and the soft-binding lookup by
    #: content accept (bytes).
    public_max_upload_bytes: int = Field(16 * 1024 * 1024, gt=0)
    #: Largest decoded picture they accept (pixels, read from the header before decoding).
    public_max_pixels: int = Field(12_000_000, gt=0)
    #: Requests one client address (IPv6: its /64) may make at once …
    public_rate_burst: int = Field(10, gt=0)
    #: … and the rate its allowance refills at (requests per minute).
    public_rate_per_minute: float = Field(12.0, gt=0)
    #: Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are
    #: believed (comma separated IPs or networks, as uvicorn's ``forwarded_allow_ips``). Blank
    #: (default): no header is believed, from anywhere, loopback included: a client's address
    #: is the connection's, so a forged header cannot buy a fresh rate-limit allowance.
    trusted_proxies: str = ""

    # --- generation ---------------------------------------------------------------------
    #: Default diffusers model for real use: a local folder, a single-file checkpoint, or a
    #: hub id that is already in the local Hugging Face cache.
    diffusion_model: str | None = None
    #: torch threads for CPU inference (0 = torch default).
    torch_threads: int = 0

    # --- the data directory's layout (the only place that names its folders) --------------
    @model_validator(mode="after")
    def _label_says_what_the_profile_requires(self) -> "StudioSettings":
        if self.label_text is not None:
            from creator.disclosure.label import check_label_text
            from creator.errors import DisclosureError

            try:
                check_label_text(self.label_text, self.label_profile)
            except DisclosureError as e:
                raise ValueError(str(e)) from None
        return self

    @property
    def outputs_dir(self) -> Path:
        """Published, signed outputs (named by content hash); the only folder the UI serves."""
        return self.data_dir / "outputs"

    @property
    def staging_dir(self) -> Path:
        """Work folders of generations in progress: beside outputs/ (same filesystem, atomic
        publish) but never served."""
        return self.data_dir / "staging"

    @property
    def c2pa_dir(self) -> Path:
        """The C2PA signing chain and key (a local test CA unless a production chain is set)."""
        return self.data_dir / "c2pa"

    @property
    def users_file(self) -> Path:
        """Studio accounts (scrypt password hashes, roles), mode 0600."""
        return self.data_dir / "users.json"

    @property
    def presence_dir(self) -> Path:
        """Camera frames of a talent-page presence check, kept only when the person opts in (0700)."""
        return self.data_dir / "presence"

    @property
    def model_loads_dir(self) -> Path:
        """Private copies of registered models while an engine loads them (0700; hashed as copied,
        loaded, removed): the bytes checked against the registered digest are the bytes loaded."""
        return self.data_dir / "model-loads"

    @property
    def ui_cache_dir(self) -> Path:
        """The web studio's (Gradio's) copies of uploads and of the files a page shows: inside the
        data directory (0700), not the world-readable ``/tmp/gradio``; files older than a day are
        deleted (``GRADIO_TEMP_DIR``, when set, is used instead)."""
        return self.data_dir / "ui-cache"

    def private_dirs(self) -> tuple[Path, ...]:
        return (*super().private_dirs(), self.outputs_dir, self.staging_dir)

    def sqlite_file(self) -> Path | None:
        """The SQLite database file the registry opens, however the URL spells it ("sqlite:///...",
        "sqlite+pysqlite:///...", a "file:" URI with query, "~"), or None for another database
        (red team 71: only "sqlite:///" was recognised, so a GRADIO_TEMP_DIR over the database's
        folder was accepted with the other spellings)."""
        from sqlalchemy.engine import make_url

        try:
            url = make_url(self.resolved_database_url)
        except Exception:  # noqa: BLE001 - the registry refuses it when it opens it
            return None
        if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
            return None
        name = url.database.removeprefix("file:").split("?", 1)[0]
        return Path(os.path.abspath(Path(name).expanduser()))

    def never_served(self) -> list[Path]:
        """What the web server must never hand out, whatever folder Gradio serves: the keys, the
        C2PA chain and key, the accounts, the database, work folders, kept camera frames, model
        copies, key files named in these settings, and anything else in the data directory but the
        published outputs and the UI cache (red team 69: with ``GRADIO_TEMP_DIR`` at the data
        directory, a signed-in creator downloaded ``users.json`` and every signing key)."""
        paths = [self.resolved_keys_dir, self.c2pa_dir, self.users_file, self.staging_dir, self.presence_dir,
                 self.model_loads_dir]
        paths += [p for p in (self.c2pa_cert_chain, self.c2pa_private_key, self.c2pa_trust_anchors) if p is not None]
        db = self.sqlite_file()
        if db is not None:
            paths += [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))]
        try:
            paths += [p for p in self.data_dir.iterdir() if p.name not in (self.outputs_dir.name, self.ui_cache_dir.name)]
        except OSError:
            pass
        return sorted({Path(os.path.abspath(p.expanduser())) for p in paths})

    @property
    def watermark_key_file(self) -> Path:
        """The installation's watermark secret (32 random bytes, 0600): marks made or read without it mean nothing."""
        return self.resolved_keys_dir / "watermark.key"

    def watermark_key(self, *, create: bool = True) -> bytes:
        """The watermark secret, created on first use; a file of the wrong size or readable by others is
        refused, and so is making a new one where outputs marked with the lost one are published (red
        team 71: `verify` or the public verify page made a new key after a partial restore, and the
        studio then marked with it). ``create=False`` (verify, which only reads marks): a missing key
        raises and nothing is written (``verify --unsafe-no-registry`` in a folder with no studio
        made a keys folder and a key there, which the walkthrough of session 64 found)."""
        from consent.signing import secret_key_file
        from creator.errors import DisclosureError

        if not create and not os.path.lexists(self.watermark_key_file):
            raise DisclosureError(f"no watermark key here ({self.watermark_key_file}): this folder holds no studio, "
                                  "so no mark of one can be read")
        if not os.path.lexists(self.watermark_key_file) and self.has_published_outputs():
            raise DisclosureError(self.lost_secret_message(f"the watermark key {self.watermark_key_file}"))
        return secret_key_file(self.watermark_key_file, "watermark key", DisclosureError)

    def has_published_outputs(self) -> bool:
        """Whether the data directory's outputs folder holds a published output."""
        import re

        try:
            with os.scandir(self.outputs_dir) as entries:
                return any(re.fullmatch(r"[0-9a-f]{64}\.(png|jpg)", e.name) for e in entries)
        except OSError:
            return False

    @staticmethod
    def lost_secret_message(what: str) -> str:
        return (f"{what} is missing, but this studio has already published outputs made with it: restore it "
                "from your backup (a new one would leave every earlier output's marks unreadable and its "
                "signature untrusted); nothing was made")


#: Environment names read outside the settings classes (the talent page's origin, the settings file,
#: the test suite's PostgreSQL binaries).
_OTHER_ENV = frozenset({"SETTINGS_FILE", "TALENT_ORIGIN", "PG_BINDIR"})


def unknown_settings() -> list[str]:
    """Each ``CONSENT_STUDIO_*`` environment variable and each key of the settings file that no
    setting reads, in words, with the nearest name (a self-hosting admin's walkthrough, session 66:
    ``CONSENT_STUDIO_TALENT_ORGIN`` and ``talent_orgin`` were ignored without a word)."""
    import json

    def near(word: str, among) -> list[str]:
        import difflib  # (only for a name that is no setting)

        return difflib.get_close_matches(word, sorted(among), n=1)

    env_known = {f.upper() for f in StudioSettings.model_fields} | _OTHER_ENV
    odd = [n for n in sorted(os.environ) if n.startswith("CONSENT_STUDIO_") and n.removeprefix("CONSENT_STUDIO_") not in env_known]
    if odd:  # the job service's settings, read only then (a GAN generate loads nothing of the jobs)
        from creator.jobs.config import JobSettings

        env_known |= {f.upper() for f in JobSettings.model_fields}
    out = []
    for name in odd:
        if name.removeprefix("CONSENT_STUDIO_") not in env_known:
            close = near(name.removeprefix("CONSENT_STUDIO_"), env_known)
            out.append(f"{name} is not a setting{f' (did you mean CONSENT_STUDIO_{close[0]}?)' if close else ''}; it is ignored")
    path = os.environ.get("CONSENT_STUDIO_SETTINGS_FILE")
    if path and Path(path).expanduser().is_file():
        p = Path(path).expanduser()
        try:
            text = p.read_text("utf-8")
            if p.suffix.lower() == ".json":
                keys = json.loads(text)
            elif p.suffix.lower() == ".toml":
                import tomllib

                keys = tomllib.loads(text)
            else:
                import yaml

                keys = yaml.safe_load(text)
        except Exception:  # noqa: BLE001 - an unreadable file is refused where it is read, with its reason
            keys = {}
        from creator.jobs.config import JobSettings  # (it reads the same file: red team s66 B)

        file_known = set(StudioSettings.model_fields) | set(JobSettings.model_fields)
        for key in sorted(keys or {}, key=str) if isinstance(keys, dict) else ():
            if str(key) not in file_known:
                close = near(str(key), file_known)
                out.append(f"{key!r} in the settings file {p.name} is not a setting"
                           f"{f' (did you mean {close[0]!r}?)' if close else ''}; it is ignored")
    return out
