"""Indicators 23-25: a watch is exploited when its entries were acted on, each watch on its own.

A watch log's column header names the follow-up (« Impact et actions ») whether or not any entry
fills it; a follow-up in a table row counts for the watch its row names; an action whose state cell
says it is not done only announces an exploitation."""

from __future__ import annotations

import pytest

from indicator_mappers.mappers import assess_indicators
from indicator_mappers.mappers.table import pattern_bank
from indicator_mappers.matching import analyse
from indicator_mappers.table_rows import table_rows, without_blank_column_labels
from reports.reasons import reason_fr
from schemas.extraction import PageText
from tests.indicator_mappers.conftest import assessment_of, make_doc

HEADER = ["Date", "Type de veille", "Source", "Sujet", "Impact et actions", "Diffusion"]
ENTRIES = [
    ["12/01/2026", "Réglementaire", "Légifrance", "Décret sur le contrat de formation"],
    ["03/03/2026", "Métiers", "Observatoire de branche", "Évolution des compétences numériques"],
    ["20/04/2026", "Pédagogie", "Salon", "Classe inversée et outils numériques"],
]
FOLLOW_UPS = [
    ["Programme modifié : mentions du contrat", "Diffusé à l'équipe le 15/01/2026"],
    ["Module numérique intégré dans le programme", "Réunion formateurs"],
    ["Support adapté, classe inversée testée", "Formateurs informés"],
]


def sheet(rows: list[list[str]]) -> str:
    return "Veille 2026\n" + "\n".join("\t".join(cell for cell in row if cell) for row in rows)


def watch_log(filled: bool):
    entries = [entry + (follow_up if filled else []) for entry, follow_up in zip(ENTRIES, FOLLOW_UPS)]
    rows = [["Veille 2026"], HEADER, *entries]
    return make_doc("veille.xlsx", "watch_log", sheet(rows[1:]), tables=[rows])


def statuses(referential, scope, documents, numbers=(23, 24, 25)):
    assessments = assess_indicators(referential, scope, documents)
    return {n: assessment_of(assessments, n) for n in numbers}


def test_a_log_whose_follow_up_columns_are_empty_is_kept_not_exploited(r2026, af_scope):
    for number, assessment in statuses(r2026, af_scope, [watch_log(filled=False)]).items():
        assert assessment.status == "partial", (number, reason_fr(assessment.reasons))
        assert assessment.missing_elements == ["watch_exploitation"]


def test_a_log_whose_entries_were_acted_on_is_exploited(r2026, af_scope):
    for number, assessment in statuses(r2026, af_scope, [watch_log(filled=True)]).items():
        assert assessment.status == "covered", (number, reason_fr(assessment.reasons))


def test_an_empty_columns_header_is_no_match_but_a_filled_columns_is(r2026, af_scope):
    def followups(filled: bool) -> list[str]:
        (document,) = without_blank_column_labels(analyse([watch_log(filled)], pattern_bank(r2026.id)))
        page = document.pages[0]
        # The element's phrases and its scoped ones (« watch_exploitation~1 »: words counted in some types only).
        return [
            page.text[s:e]
            for key, spans in page.hits.items()
            if key.split("~")[0] == "watch_exploitation"
            for s, e in spans
        ]

    assert followups(filled=False) == []
    assert "Impact" in followups(filled=True)


def plan(state: str):
    rows = [
        ["Origine", "Action", "Responsable", "Échéance", "État"],
        ["Veille réglementaire", "Mise à jour des CGV (droit de rétractation)", "J. Roy", "31/03/2026", state],
    ]
    text = "Plan d'amélioration\nMis à jour par J. Roy\n" + "\n".join(" ".join(row) for row in rows)
    return make_doc("plan.pdf", "improvement_plan", text, tables=[rows])


def test_a_done_action_of_the_legal_watch_exploits_that_watch_only(r2026, af_scope):
    found = statuses(r2026, af_scope, [watch_log(filled=False), plan("Réalisé")])
    assert found[23].status == "covered", reason_fr(found[23].reasons)
    assert [found[24].status, found[25].status] == ["partial", "partial"]
    assert "watch_exploitation" in found[24].missing_elements


@pytest.mark.parametrize("state", ["En cours", "À faire", "Planifiée"])
def test_an_action_not_done_only_announces_the_exploitation(r2026, af_scope, state):
    found = statuses(r2026, af_scope, [watch_log(filled=False), plan(state)], numbers=(23,))[23]
    assert found.status == "partial" and found.missing_elements == ["watch_exploitation"]
    assert "seulement annoncés" in reason_fr(found.reasons) and "plan.pdf" in {e.path for e in found.evidence}


def test_a_revision_stamp_is_no_follow_up(r2026, af_scope):
    stamp = make_doc("plan.pdf", "improvement_plan", "Plan — mis à jour par J. Roy — dernière mise à jour : 02/02/2026")
    found = statuses(r2026, af_scope, [watch_log(filled=False), stamp], numbers=(23,))[23]
    assert found.status == "partial" and found.missing_elements == ["watch_exploitation"]


def test_rows_are_located_only_where_their_cells_follow_one_another():
    rows = [["Nom", "Rôle"], ["Alice Martin", "Formatrice"], ["Bob", "Référent"]]
    page = PageText(number=1, text="", tables=[rows])
    located = table_rows(page, "Équipe Nom Rôle Alice Martin Formatrice Référent Bob")
    assert [row is not None for row in located[0]] == [True, True, False]
    assert located[0][1].cells == ("Alice Martin", "Formatrice")


def test_a_watchs_sources_and_subjects_cited_outside_a_watch_log_prove_no_watch(r2026, af_scope):
    # An accountant's attestation (unclassified) lists OPCO funding, its « produits d'exploitation » and
    # the Qualiopi audit; an improvement plan cites a funder (OPCO) and a decree: no watch in either.
    attestation = make_doc(
        "attestation.pdf",
        "unknown",
        "Attestation de l'expert-comptable\nLes produits d'exploitation de l'activité de formation se répartissent "
        "ainsi : entreprises / OPCO 12 400 €, particuliers 3 100 €. Informations issues de la comptabilité, "
        "sans audit ; utiles au dossier Qualiopi (décret du 24 juillet 2019).",
    )
    improvement = make_doc(
        "plan.pdf",
        "improvement_plan",
        "Plan d'amélioration\nRetour financeur (OPCO) : délais de facturation. Action menée : relances mensuelles. "
        "Réalisé.\nMise en conformité avec le décret sur le contrat de formation : Réalisé.",
    )
    found = statuses(r2026, af_scope, [attestation, improvement], numbers=(23, 24, 25))
    assert all(found[n].status != "covered" for n in found)
    assert ["legal_watch", "skills_watch"] == [
        element for n in (23, 24) for element in found[n].missing_elements if element.endswith("_watch")
    ]
