"""``consent-studio model …``: generators an operator allowed, by content digest."""

from __future__ import annotations

from pathlib import Path

import click

from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown

__all__ = ["model"]


@click.group()
def model() -> None:
    """Registered models: only these run; creators pick them by name."""


@model.command("register")
@click.argument("name")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["diffusers", "checkpoint", "gan"]), required=True,
              help="diffusers: a pipeline folder; checkpoint: one diffusion file; gan: a generator file.")
@click.option("--licence", required=True, help="Terms of the weights, e.g. 'CreativeML OpenRAIL-M'.")
@click.option("--note", default="", help="Anything creators should know (what it is good for).")
@click.option("--config", "config", type=click.Path(path_type=Path), default=None,
              help="For --kind checkpoint (required there, refused otherwise): a local diffusers pipeline folder of the "
                   "same architecture, whose configs and tokenizer the checkpoint loads with; the digest covers its files.")
@click.option("--allow-pickle", is_flag=True,
              help="Allow pickle-based files (.ckpt/.bin/TorchScript), which run code when loaded. Only for files you trust.")
@json_option
@pass_state
def model_register(state: CliState, name: str, path: Path, kind: str, licence: str, note: str, config: Path | None,
                   allow_pickle: bool, as_json: bool) -> None:
    """Register the model at PATH as NAME (the digest covers every file; a changed model is refused).

    A single-file checkpoint (--kind checkpoint) names its pipeline configs with --config DIR."""
    rec = state.ops.register_model(name, path, kind=kind, licence=licence, note=note, allow_pickle=allow_pickle,
                                   config=config)
    emit(rec.to_dict(), as_json, None)
    if not as_json:
        ok(f"model '{rec.name}' ({rec.kind}) registered, sha256 {rec.sha256}")


@model.command("remove")
@click.argument("name")
@click.option("--reason", required=True, help="Why (at least 10 characters; kept in the signed audit log).")
@json_option
@pass_state
def model_remove(state: CliState, name: str, reason: str, as_json: bool) -> None:
    """Retire the registered model NAME: it no longer runs, and NAME can be registered again (for
    changed or moved files). Outputs made with it keep its name and digest in their records."""
    rec = state.ops.remove_model(name, reason)
    emit(rec.to_dict(), as_json, None)
    if not as_json:
        ok(f"model '{rec.name}' ({rec.kind}, sha256 {rec.sha256[:16]}…) retired; register its files again to use them")


@model.command("list")
@json_option
@pass_state
def model_list(state: CliState, as_json: bool) -> None:
    """Registered models, after the built-in GAN every install has (what --engine gan runs without --model)."""
    from creator.engines.gan import BUILTIN_WEIGHTS_SHA256

    ms = state.registry.list_models()
    builtin = (f"(built-in)\tgan\tMIT (the gan-face-generate 1.1.1 wheel)\t{BUILTIN_WEIGHTS_SHA256[:16]}\t"
               "the default of --engine gan: a DCGAN trained on DigiFace-1M, synthetic faces of nobody; no --model "
               "needed")
    emit([m.to_dict() for m in ms], as_json,  # (JSON: registered models only, as before)
         "\n".join([builtin, *(f"{shown(m.name)}\t{shown(m.kind)}\t{shown(m.licence)}\t{shown(m.sha256[:16])}\t"
                               f"{shown(m.note)}" for m in ms)]))
