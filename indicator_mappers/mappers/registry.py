"""Mappers registered by name, each with the pydantic model of its parameters.

The evidence table names an indicator's mapper (`mapper: offers_per_programme`) and gives its
`params`; the table validates them against the mapper's model when it loads, so a wrong parameter is
an `EvidenceTableError` before any dossier is read, and a renumbered indicator keeps its mapper
because the table, not the code, binds them. An indicator naming no mapper gets `generic`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict

from schemas.contract import IndicatorAssessment

if TYPE_CHECKING:  # the mappers' context imports the evidence table, which validates against this registry
    from indicator_mappers.mappers.base import MappingContext

GENERIC = "generic"

Mapper = Callable[["MappingContext"], IndicatorAssessment]


class MapperParams(BaseModel):
    """Base of every mapper's parameters: frozen, and an unknown key is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    # Fields naming elements of the table (a string, a list, or a mapping's values): the table checks
    # they exist when it loads, since a misspelt id would silently match nothing.
    element_fields: ClassVar[tuple[str, ...]] = ()

    def element_ids(self) -> set[str]:
        ids: set[str] = set()
        for name in self.element_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                ids.add(value)
            elif isinstance(value, dict):
                ids.update(value.values())
            elif value is not None:
                ids.update(value)
        return ids


class NoParams(MapperParams):
    """A mapper that takes no parameters."""


@dataclass(frozen=True)
class RegisteredMapper:
    name: str
    function: Mapper
    params: type[MapperParams]


_MAPPERS: dict[str, RegisteredMapper] = {}


def register(name: str, params: type[MapperParams] = NoParams) -> Callable[[Mapper], Mapper]:
    """Register the decorated function as the mapper called `name` in the evidence tables."""

    def decorate(mapper: Mapper) -> Mapper:
        if name in _MAPPERS and _MAPPERS[name].function is not mapper:
            raise ValueError(f"a mapper is already registered as {name!r}: {_MAPPERS[name].function.__name__}")
        _MAPPERS[name] = RegisteredMapper(name, mapper, params)
        return mapper

    return decorate


def mapper_named(name: str) -> RegisteredMapper:
    try:
        return _MAPPERS[name]
    except KeyError:
        raise ValueError(f"mapper inconnu : {name} (connus : {', '.join(sorted(_MAPPERS))})") from None


def registered() -> dict[str, RegisteredMapper]:
    return dict(_MAPPERS)
