"""Document types read from a table's shape (a survey export) and from other wordings of a needs analysis."""

from __future__ import annotations

from extractors.classify import classify
from extractors.fields.survey import has_raw_answers_table
from schemas.extraction import PageText

# An export whose questions mention the course content and objectives, but never « satisfaction ».
EXPORT_HEADER = [
    "Heure de fin",
    "Module suivi",
    "Intérêt du contenu de la formation (sur 10)",
    "Clarté des objectifs (sur 10)",
    "Rythme des séances (sur 10)",
    "Un mot pour conclure",
]
EXPORT_ROWS = [
    ["14/10/2026 12:01", "Bureautique", "8", "9", "7", "RAS"],
    ["14/10/2026 12:03", "Bureautique", "10", "9", "9", ""],
    ["15/10/2026 17:40", "Paie", "6", "", "8", "Trop court"],
    ["15/10/2026 17:44", "Paie", "9", "8", "10", ""],
    ["16/10/2026 11:58", "Paie", "7", "7", "5", "Bien"],
    ["16/10/2026 12:10", "Bureautique", "9", "10", "9", ""],
]


def export_page() -> PageText:
    rows = [EXPORT_HEADER, *EXPORT_ROWS]
    return PageText(number=1, text="\n".join("\t".join(row) for row in rows), tables=[rows])


def test_a_table_of_rated_answers_is_a_satisfaction_survey_whatever_its_headers_say():
    found = classify([export_page()], "export_forms_oct.csv")
    assert found.doc_type == "satisfaction_survey"
    assert "réponses individuelles" in found.reason


def test_table_shape_detector_ignores_tables_that_are_not_rated_answers():
    schedule = [["Jour", "Horaires", "Contenu"], ["Lundi", "9h-12h", "Accueil"], ["Mardi", "9h-12h", "Excel"]]
    bpf_frame = [["Type de stagiaires", "Nombre de stagiaires", "Nombre d'heures"], ["a. Salariés", "12", "84"]] * 4
    counts = [["Question", "Très satisfait", "Satisfait", "Peu satisfait"]]
    counts += [[f"Q{i}", "12", "5", "1"] for i in range(6)]
    for table in (schedule, bpf_frame, counts):
        assert not has_raw_answers_table([PageText(number=1, text="", tables=[table])])
    assert has_raw_answers_table([export_page()])


def test_a_programme_with_a_schedule_table_stays_a_programme():
    text = (
        "Programme de formation\nExcel intermédiaire\nPublic visé : assistants\nPrérequis : bases d'Excel\n"
        "Objectifs pédagogiques : automatiser ses tableaux\nDurée : 2 jours"
    )
    schedule = [["Jour", "Séquence", "Durée (h)"], ["1", "Formules", "3"], ["1", "TCD", "4"], ["2", "Macros", "7"]]
    assert classify([PageText(number=1, text=text, tables=[schedule])], "x.pdf").doc_type == "programme"


def test_needs_analysis_of_a_bilan_de_competences_is_a_positioning_document():
    text = (
        "Recueil de la demande – phase préliminaire\n"
        "Bénéficiaire : ....................\n"
        "Origine de la demande : démarche personnelle / employeur\n"
        "Attentes vis-à-vis de l'accompagnement\n"
        "Besoins identifiés et contraintes\n"
        "Suite donnée : démarrage ou réorientation"
    )
    assert classify([PageText(number=1, text=text)], "doc3.pdf").doc_type == "positioning_test"
