"""Random-weight diffusers pipelines built from configs, offline, for tests and benchmarks.

Nothing here downloads anything. The tiny pipelines run a step in milliseconds on one CPU
thread; their images are noise, which is all a test of plumbing needs. Weights are drawn from
a fixed seed (without disturbing the caller's global RNG), so builds are repeatable.
"""

from __future__ import annotations

from pathlib import Path

import torch
from diffusers import (
    AutoencoderKL,
    DDIMScheduler,
    StableDiffusionInpaintPipeline,
    StableDiffusionPipeline,
    UNet2DConditionModel,
)
from safetensors.torch import save_file
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

__all__ = [
    "make_sd_class_unet_pipeline",
    "make_tiny_embedding",
    "make_tiny_inpaint_pipeline",
    "make_tiny_lora",
    "make_tiny_single_file",
    "make_tiny_sd_pipeline",
    "make_tiny_tokenizer",
]

_TINY_DIM = 32  # text hidden size = UNet cross-attention dim


def _bytes_to_unicode() -> list[str]:
    """CLIP's byte-level alphabet: 256 printable characters, one per byte value."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, extra = [], 0
    for b in range(256):
        if b in keep:
            chars.append(chr(b))
        else:
            chars.append(chr(256 + extra))
            extra += 1
    return chars


def make_tiny_tokenizer() -> CLIPTokenizer:
    """A CLIP tokenizer built offline: every byte as a token (alone and word-final), a few merges.

    Any text tokenizes without unknown tokens; 518 entries in all.
    """
    chars = _bytes_to_unicode()
    vocab: dict[str, int] = {}
    for token in chars + [c + "</w>" for c in chars]:
        vocab[token] = len(vocab)
    merges = [("p", "h"), ("ph", "o"), ("t", "o</w>"), ("a", "n"), ("f", "a")]
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=77)


def _tiny_text_encoder(tokenizer: CLIPTokenizer, hidden: int = _TINY_DIM, layers: int = 2) -> CLIPTextModel:
    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=layers,
        max_position_embeddings=77,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return CLIPTextModel(config).eval()


def _tiny_unet(in_channels: int) -> UNet2DConditionModel:
    return UNet2DConditionModel(
        block_out_channels=(8, 16),
        layers_per_block=1,
        sample_size=16,
        in_channels=in_channels,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=_TINY_DIM,
        attention_head_dim=4,
        norm_num_groups=4,
    )


def _tiny_vae() -> AutoencoderKL:
    return AutoencoderKL(
        block_out_channels=(8, 16),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        norm_num_groups=4,
        sample_size=32,
    )


def _scheduler() -> DDIMScheduler:
    return DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
    )


def _build(in_channels: int, seed: int) -> dict[str, object]:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        tokenizer = make_tiny_tokenizer()
        return {
            "unet": _tiny_unet(in_channels),
            "vae": _tiny_vae(),
            "text_encoder": _tiny_text_encoder(tokenizer),
            "tokenizer": tokenizer,
            "scheduler": _scheduler(),
            "safety_checker": None,
            "feature_extractor": None,
            "requires_safety_checker": False,
        }


def make_tiny_sd_pipeline(folder: str | Path, *, seed: int = 0) -> Path:
    """Save a tiny random-weight ``StableDiffusionPipeline`` (no safety checker) to ``folder``.

    The folder looks like a user's local diffusers model (``model_index.json``, ``unet/``,
    ``vae/``, ``text_encoder/``, ``tokenizer/``, ``scheduler/``). Returns the folder.
    """
    folder = Path(folder)
    StableDiffusionPipeline(**_build(4, seed)).save_pretrained(folder, safe_serialization=True)
    return folder


def make_tiny_inpaint_pipeline(folder: str | Path, *, seed: int = 0) -> Path:
    """Like :func:`make_tiny_sd_pipeline` but a dedicated inpainting model (UNet with 9 input
    channels: latents + mask + masked-image latents), saved as ``StableDiffusionInpaintPipeline``."""
    folder = Path(folder)
    StableDiffusionInpaintPipeline(**_build(9, seed)).save_pretrained(folder, safe_serialization=True)
    return folder


def make_tiny_lora(pipe_folder: str | Path, out_file: str | Path, *, rank: int = 4, seed: int = 1) -> Path:
    """Write a LoRA for the UNet attention projections of the pipeline in ``pipe_folder``.

    Both LoRA matrices are random (the usual zero init of ``B`` would make a LoRA with no
    effect), so applying it visibly changes the output. Saved in the diffusers LoRA format,
    as one safetensors file.
    """
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    out_file = Path(out_file)
    unet = UNet2DConditionModel.from_pretrained(Path(pipe_folder) / "unet")
    config = LoraConfig(
        r=rank,
        lora_alpha=rank,
        target_modules=["to_q", "to_k", "to_v", "to_out.0"],
        init_lora_weights=False,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        unet.add_adapter(config)
    layers = get_peft_model_state_dict(unet)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    StableDiffusionPipeline.save_lora_weights(
        out_file.parent, unet_lora_layers=layers, weight_name=out_file.name, safe_serialization=True
    )
    return out_file


def make_tiny_embedding(out_file: str | Path, token: str, *, dim: int = _TINY_DIM, seed: int = 2) -> Path:
    """Write a textual-inversion embedding ``{token: tensor(dim)}`` as safetensors."""
    out_file = Path(out_file)
    generator = torch.Generator().manual_seed(seed)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    save_file({token: torch.randn(dim, generator=generator) * 5.0}, str(out_file))
    return out_file


def make_sd_class_unet_pipeline(*, dtype: torch.dtype = torch.float32, seed: int = 0) -> StableDiffusionPipeline:
    """An in-memory pipeline with Stable Diffusion 1.5's UNet, VAE and text-encoder shapes and
    random weights (UNet 860 M, VAE 84 M, text encoder 86 M parameters; ~4.1 GB in float32;
    ~13 s to build on one CPU thread), for timing at 512x512.

    Far too slow for tests. Wrap it with ``DiffusionEngine.from_pipeline`` to benchmark.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        tokenizer = make_tiny_tokenizer()
        unet = UNet2DConditionModel(
            sample_size=64,
            in_channels=4,
            out_channels=4,
            block_out_channels=(320, 640, 1280, 1280),
            layers_per_block=2,
            down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
            cross_attention_dim=768,
            attention_head_dim=8,
        )
        vae = AutoencoderKL(
            block_out_channels=(128, 256, 512, 512),
            in_channels=3,
            out_channels=3,
            down_block_types=("DownEncoderBlock2D",) * 4,
            up_block_types=("UpDecoderBlock2D",) * 4,
            latent_channels=4,
            layers_per_block=2,
            sample_size=512,
        )
        config = CLIPTextConfig(
            vocab_size=len(tokenizer),
            hidden_size=768,
            intermediate_size=3072,
            num_attention_heads=12,
            num_hidden_layers=12,
            max_position_embeddings=77,
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
        text_encoder = CLIPTextModel(config).eval()
    pipe = StableDiffusionPipeline(
        unet=unet,
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        scheduler=_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    return pipe if dtype == torch.float32 else pipe.to(dtype=dtype)


# --- single-file checkpoints (the original Stable Diffusion / LDM layout) ----------------------


def _unet_to_ldm(sd: dict[str, torch.Tensor], config: dict) -> dict[str, torch.Tensor]:
    """A diffusers UNet state dict in the original LDM key layout (``model.diffusion_model.*``):
    the inverse of ``convert_ldm_unet_checkpoint`` in diffusers' single-file loader."""
    n = int(config["layers_per_block"])
    levels = len(config["block_out_channels"])
    resnet = (("norm1", "in_layers.0"), ("conv1", "in_layers.2"), ("norm2", "out_layers.0"),
              ("conv2", "out_layers.3"), ("time_emb_proj", "emb_layers.1"), ("conv_shortcut", "skip_connection"))
    fixed = {"time_embedding.linear_1": "time_embed.0", "time_embedding.linear_2": "time_embed.2",
             "conv_in": "input_blocks.0.0", "conv_norm_out": "out.0", "conv_out": "out.2"}
    up_has_attn = {i: any(k.startswith(f"up_blocks.{i}.attentions.") for k in sd) for i in range(levels)}

    def res(rest: str) -> str:
        for new, old in resnet:
            if rest.startswith(new + "."):
                return old + rest[len(new):]
        raise ValueError(f"unexpected resnet key {rest!r}")

    out: dict[str, torch.Tensor] = {}
    for key, value in sd.items():
        parts = key.split(".")
        head = ".".join(parts[:2]) if parts[0] == "time_embedding" else parts[0]
        if head in fixed:
            new = fixed[head] + "." + ".".join(parts[2 if parts[0] == "time_embedding" else 1:])
        elif parts[0] == "down_blocks":
            i, what, j, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
            if what == "downsamplers":
                new = f"input_blocks.{(i + 1) * (n + 1)}.0.op.{rest.removeprefix('conv.')}"
            else:
                block = 1 + i * (n + 1) + j
                new = f"input_blocks.{block}.0.{res(rest)}" if what == "resnets" else f"input_blocks.{block}.1.{rest}"
        elif parts[0] == "mid_block":
            what, j, rest = parts[1], int(parts[2]), ".".join(parts[3:])
            new = f"middle_block.{2 * j}.{res(rest)}" if what == "resnets" else f"middle_block.1.{rest}"
        elif parts[0] == "up_blocks":
            i, what, j, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
            if what == "upsamplers":
                new = f"output_blocks.{i * (n + 1) + n}.{2 if up_has_attn[i] else 1}.{rest}"
            else:
                block = i * (n + 1) + j
                new = f"output_blocks.{block}.0.{res(rest)}" if what == "resnets" else f"output_blocks.{block}.1.{rest}"
        else:
            raise ValueError(f"unexpected UNet key {key!r} (only Stable Diffusion 1.x-style UNets are converted)")
        out["model.diffusion_model." + new] = value
    return out


def _vae_to_ldm(sd: dict[str, torch.Tensor], config: dict) -> dict[str, torch.Tensor]:
    """A diffusers ``AutoencoderKL`` state dict in the LDM layout (``first_stage_model.*``): the
    inverse of ``convert_ldm_vae_checkpoint`` (attention projections back to 1x1 convolutions)."""
    levels = len(config["up_block_types"])
    attn = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out.0": "proj_out"}
    out: dict[str, torch.Tensor] = {}
    for key, value in sd.items():
        side, rest = key.split(".", 1) if key.startswith(("encoder.", "decoder.")) else ("", key)
        new = rest.replace("conv_norm_out.", "norm_out.")
        parts = rest.split(".")
        if parts[0] in ("down_blocks", "up_blocks"):
            i = int(parts[1])
            ldm_i = i if parts[0] == "down_blocks" else levels - 1 - i
            where = "down" if parts[0] == "down_blocks" else "up"
            if parts[2] == "resnets":
                new = f"{where}.{ldm_i}.block.{parts[3]}." + ".".join(parts[4:]).replace("conv_shortcut", "nin_shortcut")
            else:  # downsamplers.0.conv / upsamplers.0.conv
                new = f"{where}.{ldm_i}.{'downsample' if where == 'down' else 'upsample'}." + ".".join(parts[4:])
        elif parts[0] == "mid_block":
            if parts[1] == "resnets":
                new = f"mid.block_{int(parts[2]) + 1}." + ".".join(parts[3:]).replace("conv_shortcut", "nin_shortcut")
            else:
                sub = ".".join(parts[3:])
                for d, o in attn.items():
                    if sub.startswith(d + "."):
                        sub = o + sub[len(d):]
                        break
                new = "mid.attn_1." + sub
                if value.ndim == 2:  # linear → 1x1 convolution, as the LDM autoencoder stores it
                    value = value[:, :, None, None]
        out["first_stage_model." + (f"{side}.{new}" if side else new)] = value
    return out


def make_tiny_single_file(pipe_folder: str | Path, out_file: str | Path) -> Path:
    """Write the pipeline in ``pipe_folder`` (e.g. :func:`make_tiny_sd_pipeline`) as one
    single-file Stable Diffusion checkpoint (``.safetensors``) in the original LDM key layout —
    ``model.diffusion_model.*``, ``first_stage_model.*``, ``cond_stage_model.transformer.*`` —
    the layout ``StableDiffusionPipeline.from_single_file(file, config=pipe_folder)`` reads.

    The conversion is checked by converting back with diffusers' own single-file converters: every
    tensor must come back under its diffusers name, unchanged, or this raises.
    """
    from diffusers.loaders.single_file_utils import convert_ldm_unet_checkpoint, convert_ldm_vae_checkpoint

    pipe_folder, out_file = Path(pipe_folder), Path(out_file)
    unet = UNet2DConditionModel.from_pretrained(pipe_folder / "unet")
    vae = AutoencoderKL.from_pretrained(pipe_folder / "vae")
    text_encoder = CLIPTextModel.from_pretrained(pipe_folder / "text_encoder")
    unet_sd, vae_sd = unet.state_dict(), vae.state_dict()
    checkpoint: dict[str, torch.Tensor] = {}
    checkpoint.update(_unet_to_ldm(unet_sd, dict(unet.config)))
    checkpoint.update(_vae_to_ldm(vae_sd, dict(vae.config)))
    # The original layout names the CLIP text model ``transformer.text_model.*`` (transformers ≥ 5.6
    # flattens CLIPTextModel and drops the ``text_model.`` level; diffusers strips it again on load).
    checkpoint.update({"cond_stage_model.transformer." + ("" if k.startswith("text_model.") else "text_model.") + k: v
                       for k, v in text_encoder.state_dict().items()})
    for name, want, back in (("unet", unet_sd, convert_ldm_unet_checkpoint(checkpoint, dict(unet.config))),
                             ("vae", vae_sd, convert_ldm_vae_checkpoint(checkpoint, dict(vae.config)))):
        if set(back) != set(want) or any(not torch.equal(back[k], want[k]) for k in want):
            missing, extra = sorted(set(want) - set(back))[:5], sorted(set(back) - set(want))[:5]
            raise ValueError(f"{name}: the LDM layout does not convert back (missing {missing}, extra {extra})")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in checkpoint.items()}, str(out_file))
    return out_file
