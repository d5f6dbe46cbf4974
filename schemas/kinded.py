"""What the assessment says as structure: a kind (its template's key in `reports/labels_fr.yaml`) and the
facts its sentence names. A check's phrases (`schemas/checks.py`) and an excerpt's summary
(`schemas/evidence.py`) are kinds of it, each with its own enumeration."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Kinded(BaseModel):
    model_config = ConfigDict(frozen=True)

    params: dict[str, Any] = Field(default_factory=dict)
