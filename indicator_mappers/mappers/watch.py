"""A watch kept and its lessons acted on, each watch on its own (`watch_exploited`; indicators 23-25).

The follow-up element is shared by the three watches (legal, skills, innovation). Found in a table
row (a watch log's entry, an improvement plan's action), it is read with its row: it counts for the
watch that row names, not for a row naming only another watch, and a row whose state cell says the
action is not done (`pending_states`) only announces it. Found in prose, it counts as found.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import Field

from extractors.text_normalize import fold
from indicator_mappers.mappers.base import ElementOutcome, Findings, Hit, MappingContext, conclude
from indicator_mappers.mappers.registry import MapperParams, register
from indicator_mappers.table_rows import TableRow, row_of, table_rows
from schemas.contract import IndicatorAssessment


def _names(row: TableRow, hit: Hit, context: MappingContext, element_id: str) -> bool:
    assert hit.page is not None
    clauses = context.table.clauses(element_id)
    spans = [span for clause in clauses for span in hit.page.hits.get(clause.key, ())]
    return any(row.holds(start, end) for start, end in spans)


def _row(hit: Hit, located: dict[tuple[str, int], list[list[TableRow | None]]]) -> TableRow | None:
    if hit.page is None:
        return None
    key = (hit.path, hit.page.number)
    if key not in located:
        page = next((p for p in hit.matches.document.pages if p.number == hit.page.number), None)
        located[key] = table_rows(page, hit.page.text) if page else []
    return row_of(located[key], hit.start, hit.end)


class WatchParams(MapperParams):
    element_fields = ("topic", "followup", "topics")
    topic: str = Field(description="The element of this indicator's watch.")
    followup: str = Field(description="The follow-up element the watches share.")
    topics: list[str] = Field(description="Every watch's element: a row naming only another watch is not this one's.")
    pending_states: list[str] = Field(
        default_factory=list, description="A row's state cell saying the action is not done: it only announces it."
    )


def _followup(context: MappingContext, outcome: ElementOutcome) -> ElementOutcome:
    params = context.params(WatchParams)
    others = [t for t in params.topics if t != params.topic]
    pending = {fold(state) for state in params.pending_states}
    proven: list[Hit] = []
    announced: list[Hit] = []
    located: dict[tuple[str, int], list[list[TableRow | None]]] = {}
    for hit in outcome.hits:
        row = _row(hit, located)
        if row is None:
            proven.append(hit)
        elif _names(row, hit, context, params.topic) or not any(
            _names(row, hit, context, other) for other in others
        ):
            (announced if any(fold(cell).strip(" .-—") in pending for cell in row.cells) else proven).append(hit)
    if proven or not outcome.hits:
        return replace(outcome, hits=tuple(proven))
    return replace(outcome, hits=(), mentions=(*announced, *context.mentions(outcome.id)))


@register("watch_exploited", WatchParams)
def watch_exploited(context: MappingContext) -> IndicatorAssessment:
    followup = context.params(WatchParams).followup
    outcomes = [
        _followup(context, outcome) if outcome.id == followup else outcome for outcome in context.outcomes()
    ]
    return conclude(context, Findings(outcomes=outcomes))
