"""An evidence excerpt that does not quote the document is written by the report from what it cites: one
template per cited kind in labels_fr.yaml, golden renderings of a summary and of a field's value, and the
gap report filling the contract's `excerpt` (a quote left as the document wrote it)."""

from __future__ import annotations

import string

from indicator_mappers.excerpts import EXCERPT_CHARS, field_cited, summary_cited
from reports.evidence import TEXT, cited_fr
from reports.gap_report import written_indicators
from reports.reasons import sentence_fr
from schemas.contract import Evidence, IndicatorAssessment
from schemas.evidence import CitedKind, cited
from schemas.reasons import Reason, ReasonKind
from tests.indicator_mappers.conftest import attendance_sheet, make_doc

SUFFIX = " (synthèse, aucune donnée nominative reproduite)"


def test_every_cited_kind_has_its_template_and_every_template_its_kind():
    assert {key.removesuffix("_many") for key in TEXT} == {kind.value for kind in CitedKind}


def test_every_template_names_its_params_with_a_known_spec():
    from reports.checks import _SPECS

    for key, template in TEXT.items():
        for _, name, spec, _ in string.Formatter().parse(template):
            assert name is None or not spec or spec in _SPECS or spec == "g" or spec.startswith("label="), key


def test_an_attendance_sheet_reads_as_a_summary():
    assert cited_fr(summary_cited(attendance_sheet())) == (
        "Feuille d'émargement ; 2 pages ; 2 dates du 03/03/2026 au 04/03/2026 ; 2 lignes d'émargement" + SUFFIX
    )


def test_a_survey_reads_with_grouped_counts_and_rates_in_percent():
    survey = make_doc(
        "enquete.pdf",
        "satisfaction_survey",
        "Réponse de Marie Curie, le 5 mai 2026",
        fields={"respondents": 1250, "satisfaction_rate": 0.884, "response_rate": 0.5},
    )
    assert cited_fr(summary_cited(survey)) == (
        "Enquête de satisfaction ; 1 page ; 1\u202f250 répondants ; taux de satisfaction 88,4 % ; taux de réponse 50 %"
        " ; daté du 05/05/2026" + SUFFIX
    )


def test_a_certificate_reads_its_nature_hours_and_outcome():
    cerfa = make_doc(
        "certificat.pdf",
        "completion_certificate",
        "CERTIFICAT DE RÉALISATION\natteste que Lucie Martin a suivi l'action : Titre pro\n"
        "☐ action de formation ☒ bilan de compétences □ action de VAE\n"
        "du 1er mars 2026 au mardi 14 avril 2026 pour une durée de 24,5 heures. Certification RNCP obtenue."
        " Compétences acquises.",
    )
    assert cited_fr(summary_cited(cerfa)) == (
        "Certificat de réalisation ; bilan de compétences ; durée 24,5 h ; compétences acquises ; certification obtenue"
        " ; 1 page ; 2 dates du 01/03/2026 au 14/04/2026" + SUFFIX
    )


def test_a_long_summary_is_cut_to_an_excerpt_and_still_says_it_names_nobody():
    summary = cited(CitedKind.SUMMARY, facts=[cited(CitedKind.TITLE, text="Excel " * 13)] * 5)
    written = cited_fr(summary)
    assert len(written) == EXCERPT_CHARS and written.endswith(SUFFIX)


def test_fields_read_as_values_extracted_from_the_document():
    cases = {
        ("duration_hours", 7.5): "durée 7.5 h",
        ("price_eur", 1200): "tarif 1200 €",
        ("respondents", 1): "1 répondant",
        ("start_date", "2026-01-02"): "du 02/01/2026",
        ("document_date", "mars 2026"): "daté du mars 2026",
        ("title", "Excel"): "« Excel »",
        ("siret", 12345): "siret = 12345",
        ("x", None): "x = None",
    }
    for (name, value), shown in cases.items():
        assert cited_fr(field_cited(name, value)) == f"Valeur extraite du document : {shown}", name


def test_the_gap_report_writes_the_excerpts_and_leaves_quotes_as_they_are():
    quote = Evidence(path="programme.pdf", page=2, excerpt="Prérequis : aucun")
    field = Evidence(path="programme.pdf", page=None, excerpt="", cited=field_cited("duration_hours", 14))
    assessment = IndicatorAssessment(number=1, criterion=1, status="covered", evidence=[quote, field])
    written = written_indicators([assessment])[0]
    assert [e.excerpt for e in written.evidence] == ["Prérequis : aucun", "Valeur extraite du document : durée 14 h"]
    assert "cited" not in written.model_dump(mode="json")["evidence"][1]


def test_results_kept_internally_are_named_by_their_summary():
    survey = make_doc("enquete.pdf", "satisfaction_survey", "", fields={"respondents": 25})
    reason = Reason(
        kind=ReasonKind.RESULTS_NOT_PUBLISHED, params={"summary": summary_cited(survey), "path": "enquete.pdf"}
    )
    assert sentence_fr(reason) == (
        "Des résultats existent (Enquête de satisfaction ; 1 page ; 25 répondants, enquete.pdf) mais aucune pièce"
        " ne montre leur diffusion au public (site, catalogue, programme)."
    )
