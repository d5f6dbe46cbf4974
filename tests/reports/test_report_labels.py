"""French labels and number formats."""

from reports import labels
from schemas.labels_fr import label_table

NNBSP = "\u202f"
NBSP = "\u00a0"


def test_french_number_formats():
    assert labels.format_money(182340.0) == f"182{NNBSP}340{NBSP}€"
    assert labels.format_money(890.5) == f"890,50{NBSP}€"
    assert labels.format_decimal(1.5) == "1,5"
    assert labels.format_decimal(3120.0) == f"3{NNBSP}120"
    assert labels.format_rate(0.925) == f"92,5{NBSP}%"
    assert labels.format_days(1.5) == f"1,5{NBSP}jour"
    assert labels.format_days(2) == f"2{NBSP}jours"
    assert labels.format_date("2019-03-14") == "14/03/2019"
    assert labels.format_datetime("2026-11-23T09:41:07+00:00") == "23/11/2026 à 09:41 UTC"


def test_fields_are_formatted_by_their_kind():
    assert labels.format_field("fiscal_year", 2025) == "2025"
    assert labels.format_field("trainees_total", 1214) == f"1{NNBSP}214"
    assert labels.format_field("training_hours_total", 3120.0) == f"3{NNBSP}120{NBSP}h"
    assert labels.format_field("satisfaction_rate", 0.9) == f"90{NBSP}%"
    assert labels.format_field("declaration_date", "2019-03-14") == "14/03/2019"
    assert labels.format_field("nda_number", "84691234569") == "84691234569"
    assert labels.format_field("unexpected_flag", True) == "Oui"
    assert labels.format_field("price_eur", None) == "—"
    assert labels.format_field("valid_until", "2027-04-11") == "11/04/2027"
    assert labels.format_field("categories", ["AF", "CFA"]) == (
        "Actions de formation (AF), Actions de formation par apprentissage (CFA)"
    )
    assert labels.format_field("arithmetic_revenue_lines", "failed") == "contredit"
    assert labels.field_label("arithmetic_trainee_lines") == "Total F-1 = somme des lignes a à e"
    # A value of the wrong type is shown as it is, never an exception.
    assert labels.format_field("total_revenue_eur", "non lisible") == "non lisible"


def test_every_contract_identifier_has_a_french_label():
    from schemas.contract import DOC_TYPES

    for doc_type in DOC_TYPES:
        assert labels.doc_type_label(doc_type) != labels.humanise(doc_type)
    for field in (
        "nda_number",
        "siren",
        "organization_name",
        "declaration_date",
        "fiscal_year",
        "total_revenue_eur",
        "trainees_total",
        "training_hours_total",
        "respondents",
        "satisfaction_rate",
        "title",
        "duration_hours",
        "price_eur",
        "certificate_number",
        "certifier",
        "valid_from",
        "valid_until",
        "categories",
    ):
        assert labels.field_label(field) != labels.humanise(field)
    assert [labels.status_label(s) for s in ("covered", "partial", "missing", "not_applicable")] == [
        "Couvert",
        "Partiel",
        "Manquant",
        "Non applicable",
    ]


def test_every_check_id_has_a_label_and_every_check_label_an_id():
    # The enumeration is the one list of checks: no label for a check no code writes, no check unlabelled.
    from schemas.contract import CheckId

    assert set(label_table()["checks"]) == {check.value for check in CheckId}


def test_unknown_identifiers_are_humanised_not_dropped():
    assert labels.element_label("brand_new_element") == "Brand new element"
    assert labels.criterion_short_title(9, "Un critère futur") == "Un critère futur"
    assert labels.criterion_short_title(9) == "Critère 9"


def test_element_labels_come_from_the_referential_evidence_table():
    from indicator_mappers.mappers.table import load_evidence_table

    table = load_evidence_table("rnq-2026")
    element_id, spec = next(iter(table.elements.items()))
    assert labels.element_label(element_id, "rnq-2026") == spec.label_fr
    assert labels.element_label(element_id, "rnq-unknown") == spec.label_fr
    assert labels.element_label("brand_new_element", "rnq-2026") == "Brand new element"


def test_the_assessments_phrases_name_every_category_flag_and_condition():
    # Reasons written before the reports take their words from labels_fr.yaml too.
    from typing import get_args

    from indicator_mappers.referential import Condition
    from indicator_mappers.scope import FLAGS
    from schemas.contract import CATEGORIES

    table = label_table()
    assert set(table["category_phrases"]) == set(CATEGORIES)
    assert set(table["scope_flag_phrases"]) == {*FLAGS, "new_entrant"}
    assert set(table["condition_phrases"]) == set(get_args(Condition))


def test_the_report_template_writes_no_word_of_its_own():
    # Every French word of the HTML report is a label of labels_fr.yaml's `html` section: what is
    # left of the template without its Jinja expressions, statements and tags holds no letter.
    import re
    from pathlib import Path

    import reports

    template = (Path(reports.__file__).parent / "templates" / "gap_report.html.j2").read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", "", template, flags=re.S)
    assert not re.findall(r"[^\W\d_]+", text)
    used = set(re.findall(r"\bt\.(\w+)", template))
    assert used <= set(label_table()["html"]), used - set(label_table()["html"])


def test_the_officer_has_one_name_in_every_text_an_officer_reads():
    # The reference says « officer »: « officier » everywhere, never « instructeur ».
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    texts = [root / "reports" / "labels_fr.yaml", *sorted((root / "indicator_mappers" / "data").glob("*.yaml"))]
    assert not [path.name for path in texts if "instructeur" in path.read_text(encoding="utf-8").lower()]
    assert "officier" in label_table()["html"]["review_by_officer"]
