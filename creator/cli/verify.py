"""``consent-studio verify FILE…``: disclosure, C2PA signature and consent of each file."""

from __future__ import annotations

from pathlib import Path

import click

from creator.cli._common import CliState, emit, pass_state, shown

__all__ = ["verify"]


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the list of reports as JSON.")
@click.option("--unsafe-no-registry", is_flag=True,
              help="Check signatures and metadata only, without the registry. The verdict is UNSAFE, never OK: "
                   "nothing then says the file was made here or that its consent is in force.")
@pass_state
@click.pass_context
def verify(ctx: click.Context, state: CliState, files: tuple[Path, ...], as_json: bool, unsafe_no_registry: bool) -> None:
    """Verify that FILES were made here under a recorded decision whose consent is in force (exit 1 if any is not OK)."""
    from creator.errors import InputError
    from creator.verify import verify as verify_file

    for f in files:  # a mistyped name is an input error (exit 2), not a file that failed its check (exit 1)
        if not f.exists():
            raise InputError(f"{shown(str(f))}: no such file")
        if not f.is_file():
            raise InputError(f"{shown(str(f))}: not a regular file; expected an image to verify")
    if not unsafe_no_registry and not state.settings.database_url \
            and not (state.settings.data_dir / "consent.db").exists():
        # (a fresh user's walkthrough, session 64) verify answers from a studio's records: run where
        # there are none, it made a whole installation (database, audit and watermark keys) first
        raise InputError(f"no studio here: {shown(str(state.settings.data_dir))} holds no consent database, and verify "
                         "answers from the records of the studio that made the file. Run it with that studio's "
                         "--data-dir (or --database-url), use that studio's public verify page, or check the file's "
                         "credentials alone with --unsafe-no-registry; nothing was created")
    registry = None if unsafe_no_registry else state.registry
    reports = [verify_file(f, settings=state.settings, registry=registry, unsafe_no_registry=unsafe_no_registry)
               for f in files]
    if as_json:
        emit([r.to_dict() for r in reports], True)
    else:
        for r in reports:
            click.echo(shown(r.summary))  # reasons quote the file (its XMP, manifest): one line, escaped
            if r.signer:
                # who signed it, always: an installation still on its local test certificate says
                # so here, not only in --json (a fresh user's walkthrough, session 63)
                click.echo(f"  signed by: {shown(r.signer)}")
            if r.generation:
                from creator.disclosure.context import GenerationSettings

                click.echo(f"  generation settings (signed): {shown(GenerationSettings.from_dict(r.generation).summary)}")
            for g in r.grants:
                if g.ok:
                    click.echo(f"  {shown(g.message)}")
            _echo_made_with_consent(r)
            if not r.ok and r.c2pa_state == "NoManifest" and r.watermark_read is None and r.recovered is None:
                # (a walkthrough, session 65) nothing said the watermark was looked for
                click.echo("  watermark: none of this studio's in the pixels (never made here, or a copy cropped, "
                           "redrawn or changed so much that the mark is gone)")
    if not all(r.ok for r in reports):
        ctx.exit(1)


def _echo_made_with_consent(report) -> None:
    """Who made the file here and when, whether its consent was in force then and is now: the two
    answers a rights operator gives (a walkthrough as one, session 65: only "now" was said, and the
    maker only in --json)."""
    from creator.verify import _parse_when, _when

    m = report.made_with_consent()
    if m is None:
        return
    made = _parse_when(m["made_at"])
    when = _when(made) if made is not None else str(m["made_at"])
    by = f" by {m['made_by']}" if m["made_by"] else ""
    what = "a copy of an image made here" if m["copy"] else "made here"
    click.echo("  " + shown(f"{what} on {when}{by} (decision {m['decision_id']})"))
    grants = ", ".join(m["grant_ids"])
    click.echo("  " + shown({"yes": f"consent when made: in force (grant {grants}); the recorded decision allowed it",
                             "no likeness": "consent when made: none needed (made under no grant: no registered "
                                            "person's likeness was used)",
                             }.get(m["consent_when_made"], "consent when made: cannot be said (see the reasons above)")))
    if m["consent_now"] != "in force":
        click.echo("  consent now: NOT in force; publishing or using it further is not covered")
