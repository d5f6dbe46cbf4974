"""The renderers against the referential versions shipped in `indicator_mappers/data` (when present)."""

from __future__ import annotations

from io import BytesIO
from itertools import cycle

import pytest
from openpyxl import load_workbook

from indicator_mappers.referential import Referential, load_referentials
from reports.grid import render_grid
from reports.html import render_html
from reports.reasons import reason_fr
from schemas import IndicatorAssessment, ReferentialRef
from schemas.reasons import Reason, ReasonKind
from tests.reports.builders import build_report

STATUSES = ("covered", "partial", "missing", "not_applicable")


def _shipped() -> list[Referential]:
    return list(load_referentials())


@pytest.mark.parametrize("referential", _shipped(), ids=lambda r: r.id)
def test_every_indicator_of_a_shipped_version_renders(referential: Referential):
    report = build_report(referential.id)
    report.referential = ReferentialRef(
        id=referential.id, effective_from=referential.effective_from, indicator_count=len(referential.indicators)
    )
    statuses = cycle(STATUSES)
    report.indicators = [
        IndicatorAssessment(
            number=i.number,
            criterion=i.criterion,
            status=next(statuses),
            reason="Motif d'essai.",
            missing_elements=["objectives"],
        )
        for i in referential.indicators
    ]
    html = render_html(report).decode("utf-8")  # the referential comes from the loader, by id
    assert "version inconnue" not in html
    for indicator in referential.indicators:
        assert f'id="indicateur-{indicator.number}"' in html
    grid = load_workbook(BytesIO(render_grid(report)))["Grille"]
    rows = list(grid.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(1 for i in report.indicators if i.status != "not_applicable")
    assert all(row[3] for row in rows)  # every applicable indicator has its official wording


def test_review_notes_shown_are_those_of_the_dossier_scope():
    from indicator_mappers.referential import referential_by_id
    from reports.view import indicator_view
    from schemas import Scope

    v9 = referential_by_id("rnq-v9")
    assessment = IndicatorAssessment(number=3, criterion=1, status="partial", reason="Motif d'essai.", needs_review=True)
    af_certifying = Scope(categories=["AF"], certifying=True, source="manifest")
    with_vae = Scope(categories=["AF", "VAE"], certifying=True, source="manifest")
    assert not any("VAE" in note for note in indicator_view(assessment, v9, af_certifying).review_notes)
    assert any("VAE" in note for note in indicator_view(assessment, v9, with_vae).review_notes)


def test_a_missing_indicator_does_not_repeat_what_its_expectation_box_shows():
    referential = next(r for r in _shipped() if r.id == "rnq-2026")
    indicator = next(i for i in referential.indicators if i.expected_level_fr and i.evidence_examples_fr)
    reasons = [
        Reason(kind=ReasonKind.NO_EVIDENCE),
        Reason(kind=ReasonKind.EXPECTED, params={"expected": indicator.expected_level_fr, "from_referential": True}),
        Reason(kind=ReasonKind.EXAMPLES, params={"examples": indicator.evidence_examples_fr[:3]}),
    ]
    # The JSON's reason reads on its own: it quotes both.
    reason = reason_fr(reasons)
    assert reason == (
        "Aucune preuve trouvée dans les pièces du dossier."
        f" Attendu : {indicator.expected_level_fr.rstrip('.')}."
        " Exemples de preuves : " + " ; ".join(indicator.evidence_examples_fr[:3]) + "."
    )
    report = build_report(referential.id)
    report.referential = ReferentialRef(
        id=referential.id, effective_from=referential.effective_from, indicator_count=len(referential.indicators)
    )
    report.indicators = [
        IndicatorAssessment(
            number=indicator.number, criterion=indicator.criterion, status="missing", reason=reason, reasons=reasons
        )
    ]
    html = render_html(report).decode("utf-8")
    constat = html.split("Constat :</span>", 1)[1].split("</p>", 1)[0]
    assert constat.strip() == "Aucune preuve trouvée dans les pièces du dossier."
    assert "Preuve attendue" in html and "Exemples de preuves" in html
