"""A unit name typed in chat: the unit it means without doubt, or the ones it may mean."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.answering import Services
from knowledge.units import Unit, UnitMatch

# A unit is taken without asking when it matches this well and clearly beats the runner-up.
DECISIVE_SCORE = 90.0
DECISIVE_MARGIN = 10.0
SUGGEST_CUTOFF = 60.0


@dataclass(frozen=True)
class UnitLookup:
    """The unit meant, or suggestions to choose from (both empty: nothing close)."""

    unit: Unit | None
    suggestions: tuple[Unit, ...] = ()


def look_up_unit(services: Services, name: str) -> UnitLookup:
    """The unit a typed name means without doubt, or the units it may mean."""
    registry = services.registry
    found = registry.candidates(name, limit=3, cutoff=SUGGEST_CUTOFF)
    best: UnitMatch | None = found[0] if found else registry.resolve(name, cutoff=SUGGEST_CUTOFF)
    if best is not None:
        runner_up = max((m.score for m in found[1:]), default=0.0)
        if best.exact or (
            best.score >= DECISIVE_SCORE and best.score - runner_up >= DECISIVE_MARGIN
        ):
            return UnitLookup(best.unit)
    return UnitLookup(None, tuple(m.unit for m in found))
