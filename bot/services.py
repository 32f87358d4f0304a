"""What every listener needs, built once at start-up (the composition root passes it in)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.effects import EffectRunner
from bot.runtime import Runtime
from bot.workspace import Workspace


@dataclass(frozen=True)
class Services:
    runtime: Runtime
    effects: EffectRunner
    workspace: Workspace
