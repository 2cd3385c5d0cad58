"""``consent-studio generate``: the CLI face of Studio.generate (nothing else makes images)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from consent.errors import ConsentDenied
from consent.errors import one_line
from creator.cli._common import CliState, out_folder, pass_state, write_whole
from consent.records import CONTENT_FLAGS
from creator.request import EngineName, Mode

__all__ = ["generate", "check"]


def _request_options(f):
    opts = [
        click.option("--engine", type=click.Choice([e.value for e in EngineName]), default=EngineName.GAN.value, show_default=True),
        click.option("--model", default=None, help="A registered model's name (consent-studio model list); blank: the built-in GAN / the configured default."),
        click.option("--mode", type=click.Choice([m.value for m in Mode]), default=Mode.TEXT2IMG.value, show_default=True),
        click.option("--prompt", default="", help="Text prompt (names in it are checked against consent)."),
        click.option("--negative-prompt", default=""),
        click.option("--subject", "subjects", multiple=True, help="Registered subject id depicted (repeatable)."),
        click.option("--adapter", "adapters", multiple=True, type=click.Path(exists=True, dir_okay=False), help="LoRA/embedding file bound to a subject."),
        click.option("--purpose", required=True, help="One of: film_reshoot, advertising, virtual_influencer, art, "
                     "editorial, education, personal, research (as the grant names it)."),
        click.option("--territory", required=True, help="ISO 3166 alpha-2 code where the output will be used, e.g. US."),
        click.option("--media", default="still_image", show_default=True),
        click.option("--grantee", required=True, help="Who is generating (as named in grants)."),
        click.option("--project", default=None, help="The project named in the grant; needed when a real person is depicted."),
        click.option("--content", "content_flags", multiple=True,
                     help=f"Declared content flags (repeatable): {', '.join(sorted(CONTENT_FLAGS))}."),
        click.option("--source", type=click.Path(exists=True, dir_okay=False), default=None),
        click.option("--mask", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Inpaint mask, the size of --source: white = repaint; on a transparent layer, whatever is painted."),
        click.option("--reference", "references", multiple=True, type=click.Path(exists=True, dir_okay=False)),
        click.option("--width", type=int, default=512, show_default=True),
        click.option("--height", type=int, default=512, show_default=True),
        click.option("--steps", type=int, default=20, show_default=True),
        click.option("--guidance", type=float, default=7.5, show_default=True),
        click.option("--strength", type=float, default=0.75, show_default=True),
        click.option("--seed", type=int, default=None),
        click.option("-n", "--num-images", type=int, default=1, show_default=True),
        click.option("--label-position", default=None,
                     help="Label corner (bottom-left, bottom-right, top-left, top-right) within what the profile allows."),
        click.option("--output-format", default=None, help="png or jpeg, within what the studio allows."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


#: A request's fields as this CLI's options: its messages name the fields as its callers type them
#: (a fresh user's walkthrough, session 64: "FAIL: `output_format` 'webp' is not allowed")
_FIELD_OPTIONS = {"output_format": "--output-format", "label_position": "--label-position", "num_images": "-n/--num-images",
                  "negative_prompt": "--negative-prompt", "content_flags": "--content", "subjects": "--subject",
                  "adapters": "--adapter", "references": "--reference", **{f: f"--{f}" for f in (
                      "model", "engine", "mode", "prompt", "purpose", "territory", "media", "grantee", "project", "source",
                      "mask", "width", "height", "steps", "guidance", "strength", "seed")}}
_FIELD_RE = re.compile(r"`(" + "|".join(sorted(_FIELD_OPTIONS, key=len, reverse=True)) + r")`|^content_flags\b")


def in_option_words(message: str) -> str:
    """``message`` with a request's field names (```output_format```) as the options that set them."""
    return _FIELD_RE.sub(lambda m: _FIELD_OPTIONS[m.group(1) or "content_flags"], message)


def option_words(fn):
    """A request command whose errors name the request's fields as its options (:func:`in_option_words`)."""
    import functools

    from consent.errors import ConsentError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ConsentError as e:
            if len(e.args) == 1 and isinstance(e.args[0], str):
                e.args = (in_option_words(e.args[0]),)
            raise

    return wrapper


def _build(kw: dict):
    from creator.request import GenerationRequest

    kw = dict(kw)
    kw["content_flags"] = frozenset(kw.pop("content_flags"))
    kw["subjects"] = tuple(kw["subjects"])
    kw["adapters"] = tuple(kw["adapters"])
    kw["references"] = tuple(kw["references"])
    return GenerationRequest.build(**kw)


def _note_gan_prompt(request) -> None:
    """(a fresh user's walkthrough, session 64) the GAN draws from the seed alone: a prompt given
    to it changes nothing in the picture, yet its names are checked and their grants used."""
    if request.engine == "gan" and request.prompt.strip():
        click.echo("Note: the GAN engine ignores the prompt; it draws a face of nobody from the seed. Names in the "
                   "prompt are still checked for consent (a grant they need is used). For a picture the prompt "
                   "describes, use --engine diffusion --model NAME.", err=True)


def _print_decision(decision, as_json: bool) -> None:
    """``check``'s verdict, every finding: its output, on stdout (a script reading the command's
    output gets all of it; a fresh user's walkthrough, session 63: the NO lines went to stderr)."""
    if as_json:
        return
    misses = {}
    if not decision.allowed:
        from creator.ui.render import grant_misses  # (only after a denial: creator.ui stays unloaded)

        misses = grant_misses(decision.findings)
    shown: set[str] = set()
    for f in decision.findings:
        miss = misses.get(f.subject_id or "") if f.grant_id else None
        if miss is not None and f.grant_id != miss.closest:
            # a person's grants that are not the closest: a line each (session 65's walkthrough: five
            # grants printed fifty lines); `--json` has every check of every grant
            if f.grant_id not in shown:
                shown.add(f.grant_id)
                failed = ", ".join(c.removeprefix("scope:") for c in dict(miss.grants)[f.grant_id])
                click.echo(f"  NO  {'grant':<22} {one_line(f'grant {f.grant_id}: does not cover this request either (fails: {failed})')}")
            continue
        mark = "ok " if f.passed else "NO "
        click.echo(f"  {mark} {f.check:<22} {one_line(f.message)}")


#: The request's fields in the next steps, as this command's options (creator.ui.render.FieldWords,
#: whose defaults are the page's labels; made only after a denial: creator.ui stays unloaded).
_OPTION_WORDS = {"subjects": "with --subject", "subject_spelling": "of --subject", "project": "with --project",
                 "text_to_image": "--mode text2img"}


def _print_next_steps(decision, *, err: bool = True) -> None:
    """After a denial, what the person can do, in the words the studio's page uses
    (:func:`creator.ui.render.problems`) with this command's options for its fields, and the
    request an operator can answer, as a command that names this decision (``requests file
    --decision``)."""
    import shlex

    from consent.errors import one_line
    from creator.ui.render import FieldWords, problems

    steps = problems(decision, operator=False, words=FieldWords(**_OPTION_WORDS))
    if not steps:
        return
    click.echo("What to do:", err=err)
    asked: set[tuple[str, str]] = set()
    for p in steps:
        # what the registry holds (a grant's project) and what the prompt typed (a name) reach the
        # terminal escaped, as the findings above do (red team of session 56, F3)
        # what is wrong, then the step (session 66: "Use the grant's project name" did not say which grant)
        click.echo(f"  - {one_line(p.who)} {one_line(p.what)}\n    {one_line(p.next_step)}", err=err)
        about = _as_subject(p.ask_about) if p.ask in ("exception", "grant") and p.ask_about else ""
        if about and (p.ask, about) not in asked:  # (the same request once, after its first problem)
            asked.add((p.ask, about))
            click.echo(f"    consent-studio requests file --kind {p.ask} --subject {shlex.quote(about)} "
                       f"--decision {decision.decision_id} --message 'what the image is for'", err=err)


def _as_subject(name: str) -> str:
    """A name from a denial as ``requests file --subject`` takes it: whitespace as single spaces,
    control and format characters (a zero-width space, a bidi override) left out, as the name
    check reads it; the command printed is then one that is shown as written and is accepted."""
    text = " ".join(str(name).split())
    return "".join(ch for ch in text if ch.isprintable()).strip()  # Cc and Cf are not printable


@click.command("check")
@_request_options
@click.option("--json", "as_json", is_flag=True)
@pass_state
@click.pass_context
@option_words
def check(ctx: click.Context, state: CliState, as_json: bool, **kw) -> None:
    """Show the consent decision a request would get now (no image is made)."""
    from creator.studio import Studio

    request = _build(kw)
    if not as_json:
        _note_gan_prompt(request)
    decision = Studio(state.settings, registry=state.registry).check(request)
    if as_json:
        click.echo(json.dumps(decision.to_dict(), indent=2, sort_keys=True, default=str))
    else:
        click.echo(("ALLOWED" if decision.allowed else "DENIED") + f" (decision {decision.decision_id})")
        _print_decision(decision, False)
        if not decision.allowed:
            _print_next_steps(decision, err=False)  # (the verdict is this command's output)
    if not decision.allowed:
        ctx.exit(1)


@click.command("generate")
@_request_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also copy the signed files here (byte for byte).")
@click.option("--json", "as_json", is_flag=True)
@pass_state
@click.pass_context
@option_words
def generate(ctx: click.Context, state: CliState, out_dir: Path | None, as_json: bool, **kw) -> None:
    """Generate under a consent decision; every output is labelled, watermarked and signed."""
    from tqdm import tqdm

    from creator.studio import Studio

    request = _build(kw)
    if not as_json:
        _note_gan_prompt(request)
    out_folder(out_dir)  # before anything is generated: a folder that cannot be made loses nothing
    bar = None if as_json or not sys.stderr.isatty() else tqdm(total=1, file=sys.stderr, leave=False)

    def progress(stage: str, done: int, total: int) -> None:
        if bar is None:
            return
        bar.set_description(f"{stage:<9}")
        bar.total = max(total, 1)
        bar.n = done
        bar.refresh()

    studio = Studio(state.settings, registry=state.registry)
    try:
        result = studio.generate(request, progress=progress)
    except ConsentDenied as e:
        if bar is not None:
            bar.close()
        # A denied decision lists its reasons; an allowed one can still end denied (every
        # output blocked by the output face scan, a usage cap used up meanwhile): say why.
        decision = e.decision
        reasons = decision.reasons() if decision is not None and not decision.allowed else [str(e)]
        if as_json:
            click.echo(json.dumps({"allowed": False, "reasons": reasons,
                                   "decision": decision.to_dict() if decision is not None else None},
                                  indent=2, default=str))
        else:
            # the decision's id: what `requests file --decision` names when asking the operators
            click.echo(f"DENIED (decision {decision.decision_id}):" if decision is not None else "DENIED:", err=True)
            for r in reasons:
                click.echo(f"  - {one_line(r)}", err=True)
            if decision is not None and not decision.allowed:
                _print_next_steps(decision)
            elif "output face scan" in str(e):
                # (a fresh user's walkthrough, session 63) the decision allowed the request; what the
                # model made shows someone it does not cover: the way out
                click.echo("What to do:", err=True)
                click.echo(f"  - The picture made shows a registered person this request does not cover. If you "
                           f"hold a grant for them, name them {_OPTION_WORDS['subjects']} and enter the grant's "
                           f"project {_OPTION_WORDS['project']}; otherwise change the prompt or the seed (another "
                           "seed makes another picture). Nothing was written.", err=True)
        ctx.exit(1)
    if bar is not None:
        bar.close()
    paths = []
    for o in result.outputs:
        p = o.path
        if out_dir is not None:
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                write_whole(out_dir / o.path.name, o.data)  # the signed bytes, whole or not at all
                p = out_dir / o.path.name
            except OSError as e:  # the signed output is stored and recorded: say where it is
                click.echo(f"WARNING: could not copy {o.path.name} into {out_dir} ({e.strerror or e}); "
                           f"it is stored at {o.path}", err=True)
        paths.append(p)
    if as_json:
        click.echo(json.dumps({
            "allowed": True,
            "decision": result.decision.to_dict(),
            "outputs": [{"path": str(p), "sha256": o.sha256, "watermark": o.watermark_payload,
                         "width": o.width, "height": o.height, "format": o.format}
                        for p, o in zip(paths, result.outputs)],
            "blocked": [{"index": b.index, "reasons": list(b.reasons)} for b in result.blocked],
        }, indent=2, default=str))
    else:
        for p in paths:
            click.echo(f"OK: {p}")
        for b in result.blocked:
            click.echo(f"BLOCKED: {one_line('; '.join(b.reasons))}", err=True)  # each reason names its output
