"""The data-driven mapper: each required element of the evidence table, searched in the dossier."""

from __future__ import annotations

from indicator_mappers.mappers.base import Findings, MappingContext, conclude
from indicator_mappers.mappers.registry import GENERIC, register
from schemas.contract import IndicatorAssessment


@register(GENERIC)
def generic_mapper(context: MappingContext) -> IndicatorAssessment:
    return conclude(context, Findings(outcomes=context.outcomes()))
