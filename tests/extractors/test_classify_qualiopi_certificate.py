"""The organisation's Qualiopi certificate is recognised from what a certificate carries, whatever the
certifier's layout (the layouts and the documents citing Qualiopi that keep their type are in the
classification corpus); what a look-alike lacks keeps it out."""

from __future__ import annotations

from extractors.classify import classify
from schemas.extraction import PageText
from tests.extractors.certificate_layouts import FORM, HABILITATION, STATEMENT


def doc_type(text: str) -> str:
    # A neutral file name: the content alone must decide.
    return classify([PageText(number=1, text=text)], "scan_0042.pdf").doc_type


def test_the_certificate_is_recognised_when_its_title_zone_is_debris():
    # A rotated margin read one character per line fills the first lines of the page.
    debris = "\n".join("Certiboréal Certification – 3 rue du Port")
    assert doc_type(debris + "\n" + STATEMENT) == "qualiopi_certificate"


def test_a_trainer_habilitation_is_not_a_qualiopi_certificate():
    assert doc_type(HABILITATION) != "qualiopi_certificate"


def test_the_qualiopi_mention_alone_does_not_make_a_certificate():
    footer = (
        "Qualiopi – processus certifié. La certification qualité a été délivrée au titre de la catégorie d'actions"
        " suivante : actions de formation (L. 6313-1). Référentiel national qualité."
    )
    assert doc_type("Nos engagements\n" + footer) != "qualiopi_certificate"


def test_the_reason_names_the_certificate_structure():
    reason = classify([PageText(number=1, text=FORM)], "scan_0042.pdf").reason
    assert "certificat Qualiopi" in reason and "décret 2019-564 / 2019-565" in reason


def test_a_photographed_certificate_stating_conformity_is_not_a_completion_certificate():
    # The number on the line below the title, a code with letters and dashes; the statement « atteste
    # que » as a completion certificate would print it, but about conformity to the requirements.
    text = (
        "Norma Formation\nCERTIFICAT\nN° QF-2024-01187\nNorma Formation atteste que l'organisme\n"
        "SÉCURITÉ PRÉVENTION FORMATION\n112 boulevard National — 13003 Marseille\n"
        "a été évalué et jugé conforme aux exigences du référentiel"
    )
    assert doc_type(text) == "qualiopi_certificate"


def test_a_renewed_certificate_titled_certificate_of_conformity_is_a_qualiopi_certificate():
    text = (
        "Ouest Certification\n12 rue du Port\nCertificat de conformité Qualiopi — renouvellement\n"
        "Le présent certificat n° OC-QUA-24-0187 est délivré à l'issue de l'audit de renouvellement.\n"
        "Titulaire : Forma Sud — SIRET 904 123 783 00014\nCatégories certifiées :\n- Actions de formation\n"
        "Période de validité : du 12 janvier 2025 au 11 janvier 2028."
    )
    assert doc_type(text) == "qualiopi_certificate"
