"""A foreign organisation in the officers' report: its French identity (the representative) and its own
registrations beside it; the undeclared case shown as possible, to confirm."""

from __future__ import annotations

import re

import lxml.html

from reports.html import render_html
from schemas.contract import ForeignRegistration, Representative


def _facts(report, referential) -> str:
    """The « Organisme » panel as « term value » lines."""
    tree = lxml.html.fromstring(render_html(report, referential).decode("utf-8"))
    panel = tree.xpath("//dl[contains(@class, 'facts')]")[0]
    return "\n".join(
        re.sub(r"\s+", " ", f"{dt.text_content()} {dt.getnext().text_content()}").strip() for dt in panel.xpath("dt")
    )


def test_the_representative_and_the_foreign_registration_appear_beside_the_french_identity(report, referential):
    report.organization.foreign = True
    report.organization.representative = Representative(name="Conseil Formation Rhône", siren="904123783", nda="84691234569")
    report.organization.foreign_registrations = [
        ForeignRegistration(kind="gb_company", value="04567890", country="GB", source="terms.pdf"),
        ForeignRegistration(kind="gb_company", value="04567890", country="GB", source="mandate.pdf"),
    ]
    facts = _facts(report, referential)
    assert "Établi hors de France oui (déclaré dans dossier.yaml)" in facts
    assert "Représentant en France Conseil Formation Rhône — SIREN 904123783, NDA 84691234569" in facts
    assert "N° de société britannique (Companies House) 04567890 (terms.pdf, mandate.pdf)" in facts


def test_a_possibly_foreign_organisation_is_shown_for_the_officer_to_confirm(report, referential):
    report.organization.possibly_foreign = True
    report.organization.foreign_registrations = [
        ForeignRegistration(kind="vat", value="DE136695976", country="DE", source="cgv.pdf")
    ]
    facts = _facts(report, referential)
    assert "Établi hors de France possiblement : à confirmer" in facts
    assert "N° de TVA étranger DE DE136695976 (cgv.pdf)" in facts


def test_a_french_organisation_shows_no_foreign_line(report, referential):
    assert "hors de France" not in _facts(report, referential)
