"""Mappers registered by indicator number; an indicator without its own mapper gets the generic one."""

from __future__ import annotations

from collections.abc import Callable

from indicator_mappers.mappers.base import MappingContext
from schemas.contract import IndicatorAssessment

Mapper = Callable[[MappingContext], IndicatorAssessment]

_MAPPERS: dict[int, Mapper] = {}


def register(*numbers: int) -> Callable[[Mapper], Mapper]:
    """Register the decorated function as the mapper of these indicator numbers (every version)."""

    def decorate(mapper: Mapper) -> Mapper:
        for number in numbers:
            if number in _MAPPERS and _MAPPERS[number] is not mapper:
                raise ValueError(f"indicator {number} already has a mapper: {_MAPPERS[number].__name__}")
            _MAPPERS[number] = mapper
        return mapper

    return decorate


def mapper_for(number: int, default: Mapper) -> Mapper:
    return _MAPPERS.get(number, default)


def registered() -> dict[int, Mapper]:
    return dict(_MAPPERS)
