"""Generation engines: they turn a validated :class:`EngineCall` into RGB PIL images.

Engines never write files and never disclose; only ``creator.studio`` calls them, under a
consent decision, and discloses what they return. ``GanEngine`` (built-in, offline) and
``DiffusionEngine`` (diffusers) are imported lazily so that importing the contract does not
import diffusers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from creator.engines.base import AdapterKind, AdapterSpec, Engine, EngineCall, Mode, ProgressCallback

if TYPE_CHECKING:
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.gan import GanEngine

__all__ = [
    "AdapterKind",
    "AdapterSpec",
    "DiffusionEngine",
    "Engine",
    "EngineCall",
    "GanEngine",
    "Mode",
    "ProgressCallback",
]


def __getattr__(name: str) -> Any:
    if name == "GanEngine":
        from creator.engines.gan import GanEngine

        return GanEngine
    if name == "DiffusionEngine":
        from creator.engines.diffusion import DiffusionEngine

        return DiffusionEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
