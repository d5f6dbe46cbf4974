"""The Qualiopi certificate a certification body issues: number, holder (SIREN, NDA), categories, validity.

Three layouts seen on certificates in circulation: a body that « atteste » with a validity start and end, a
« nous certifions » letter dated at issue with an end of validity, and a compact sheet giving « valide du … au
… » with the first issue date. Certification bodies are invented; the accreditation body is the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from data.samplegen.builders.common import Built, DossierContext, Formats
from data.samplegen.identity import spaced_nda, spaced_siren, spaced_siret
from data.samplegen.model import Block, Bullets, Document, Para, Spacer, Table
from data.samplegen.style import Style


@dataclass(frozen=True)
class Certifier:
    name: str
    address: str
    accreditation: str  # Cofrac number, « 5-NNNN »
    website: str
    signatory: str


CERTIFIERS = (
    Certifier("Certiqual Formation", "8 rue des Arts, 31000 Toulouse", "5-0712", "certiqual-formation.fr", "la présidente"),
    Certifier("Évalia Certification", "45 avenue Foch, 69006 Lyon", "5-0684", "evalia-certification.fr", "le directeur"),
    Certifier("Qualicert Compétences", "3 place Royale, 44000 Nantes", "5-0731", "qualicert-competences.fr", "le gérant"),
    Certifier("Norma Audit Qualité", "17 boulevard Carnot, 59000 Lille", "5-0659", "norma-audit.fr", "la directrice"),
)

# Category codes of the contract and how certificates print them (L. 6313-1 numbering).
CATEGORY_LINES = {
    "AF": ("L. 6313-1 – 1°", "Actions de formation"),
    "BC": ("L. 6313-1 – 2°", "Bilans de compétences"),
    "VAE": ("L. 6313-1 – 3°", "Actions permettant de faire valider les acquis de l'expérience"),
    "CFA": ("L. 6313-1 – 4°", "Actions de formation par apprentissage"),
}


@dataclass(frozen=True)
class CertificateFacts:
    number: str
    certifier: Certifier
    valid_from: date
    valid_until: date
    categories: tuple[str, ...]
    first_issued: date  # the first certificate of the organisation (earlier cycles included)


def certificate_facts(
    style: Style, *, valid_from: date, categories: tuple[str, ...], first_issued: date | None = None
) -> CertificateFacts:
    """A 3-year certificate from `valid_from` (the day before its anniversary is the last valid day)."""
    certifier = style.pick(CERTIFIERS)
    prefix = style.pick(["RNQ", "QUA", "CQ", ""])
    number = f"{prefix}{'-' if prefix and style.chance(0.5) else ''}{style.digits(5)}"
    if style.chance(0.4):
        number += f"/r{style.randint(1, 3)}"
    anniversary = date(valid_from.year + 3, valid_from.month, min(valid_from.day, 28 if valid_from.month == 2 else 31))
    until = anniversary - timedelta(days=1)
    return CertificateFacts(number, certifier, valid_from, until, categories, first_issued or valid_from)


def _category_blocks(style: Style, facts: CertificateFacts) -> list[Block]:
    lines = [f"{CATEGORY_LINES[c][0]} : {CATEGORY_LINES[c][1]}" for c in facts.categories]
    if style.chance(0.5):
        return [Para(line, bold=True) for line in lines]
    return [Bullets(tuple(lines), marker="-")]


def build_qualiopi_certificate(ctx: DossierContext, style: Style, facts: CertificateFacts) -> Built:
    org, certifier = ctx.org, facts.certifier
    formats = Formats.of(style)
    layout = style.pick(["attests", "letter", "compact"])
    decrees = (
        "Vu les décrets n° 2019-564 et n° 2019-565 du 6 juin 2019 relatifs à la qualité des actions de la formation "
        "professionnelle et au référentiel national qualité, l'arrêté du 6 juin 2019 relatif aux modalités d'audit "
        "et l'arrêté du 31 mai 2023 portant diverses mesures en matière de certification qualité."
    )
    accreditation = f"Accréditation Cofrac n° {certifier.accreditation} — portée disponible sur www.cofrac.fr"
    if layout == "attests":
        blocks: list[Block] = [
            Para(f"Certificat n° {facts.number}", bold=True, size=13),
            Para(f"Édité le {formats.date(facts.valid_from)}", size=8),
            Para(accreditation, size=8, align="right"),
            Spacer(8),
            Para(f"{certifier.name.upper()} atteste que les prestations de l'organisme"),
            Para(org.name, bold=True, align="center", size=12),
            Para(f"SIREN n° {spaced_siren(org.siren) if style.chance(0.5) else org.siren}"),
            Para(f"enregistré sous le numéro de déclaration d'activité {org.nda}"),
            Para(f"Siège social : {org.address}"),
            Para(
                "ont été évaluées et jugées conformes aux exigences du référentiel national qualité mentionné à "
                "l'article L. 6316-3 du code du travail. La certification qualité est délivrée au titre de la ou des "
                "catégories d'actions suivantes :"
            ),
            *_category_blocks(style, facts),
            Para(decrees, size=8),
            Table(
                (
                    ("Début de validité", formats.date(facts.valid_from)),
                    ("Fin de validité*", formats.date(facts.valid_until)),
                ),
                header=False,
                col_widths=(1.2, 1.6),
            ),
            Para(f"Pour {certifier.name}, {certifier.signatory}", align="right"),
            Para("* Sous réserve du maintien de la certification à l'issue de l'audit de surveillance.", size=7.5),
        ]
    elif layout == "letter":
        blocks = [
            Para("CERTIFICAT", bold=True, align="center", size=16),
            Para(f"N° {facts.number}", bold=True, align="center"),
            Spacer(6),
            Para("Nous certifions par la présente que l'organisme :"),
            Para(f"{org.name}\n{org.street}\n{org.place.postcode} {org.place.city}", bold=True),
            Para(f"Numéro d'enregistrement de la déclaration d'activité : {spaced_nda(org.nda)}"),
            Para(f"SIRET : {spaced_siret(org.siret)}"),
            Para(
                "satisfait aux exigences du référentiel national qualité (article L. 6316-1 du code du travail) et du "
                f"programme de certification de {certifier.name} dans leur version en vigueur, pour les activités :"
            ),
            *_category_blocks(style, facts),
            Para(decrees, size=8),
            Para(f"Date de certification initiale : {formats.date(facts.first_issued)}"),
            Spacer(6),
            Para(
                f"Fait à {certifier.address.rsplit(' ', 1)[-1]}, le {formats.date(facts.valid_from)}"
                f" — Date de fin de validité : {formats.date(facts.valid_until)}"
            ),
            Para(f"Pour {certifier.name}, {certifier.signatory}", align="right"),
            Para(
                f"Ce certificat reste la propriété de {certifier.name} ; il demeure valable sous réserve des audits de "
                "surveillance prévus au cycle de certification.",
                size=7.5,
            ),
        ]
    else:
        categories = " ; ".join(CATEGORY_LINES[c][1] for c in facts.categories)
        blocks = [
            Para(f"CERTIFICAT {facts.number}", bold=True, align="center", size=15),
            Para("Certification qualité des prestataires d'actions concourant au développement des compétences"),
            Spacer(6),
            Para(f"{org.director.full} — {org.name}", bold=True, align="center"),
            Para(f"NDA {org.nda} — SIREN {org.siren}", align="center"),
            Para(org.address, align="center"),
            Spacer(6),
            Para(f"Catégorie(s) d'actions certifiée(s) : {categories}"),
            Para(
                f"Valide du {formats.date(facts.valid_from)} au {formats.date(facts.valid_until)} — "
                f"Première émission le {formats.date(facts.first_issued)}"
            ),
            Para(accreditation, size=8),
            Para(f"Vérifier la validité de ce certificat : www.{certifier.website}", size=8),
        ]
    blocks.append(Para(f"{certifier.name} — {certifier.address}", size=7.5, align="center"))
    document = Document(
        title="",
        blocks=blocks,
        header=style.pick([None, "Marque de certification Qualiopi — processus certifié"]),
        landscape=style.chance(0.4),
        font=style.pick(["serif", "sans"]),
        base_size=10.5,
        author=certifier.name,
    )
    fields = {
        "certificate_number": facts.number,
        "certifier": certifier.name,
        "valid_from": facts.valid_from.isoformat(),
        "valid_until": facts.valid_until.isoformat(),
        "categories": list(facts.categories),
        "siren": org.siren,
        "nda_number": org.nda,
    }
    return Built(document, fields, extra={"layout": layout, "first_issued": facts.first_issued.isoformat()})


@dataclass(frozen=True)
class AuditFinding:
    """A non-conformity the certifier raised at an audit."""

    indicator: int
    grade: str  # "minor" or "major"
    finding: str


# A grade as a table cell, then as running text writes it.
GRADE_WORDS = {
    "minor": ("Mineure", "NC mineure", "non-conformité mineure"),
    "major": ("Majeure", "NC majeure", "non-conformité majeure"),
}


def build_audit_report(
    ctx: DossierContext, style: Style, facts: CertificateFacts, audit_day: date, findings: tuple[AuditFinding, ...]
) -> Built:
    """The certifier's report of the initial audit: its conclusion and the NCs raised, as a table (indicator,
    grade, finding, deadline) or as running text (« Indicateur 23 : non-conformité mineure — … »)."""
    org, certifier = ctx.org, facts.certifier
    formats = Formats.of(style)
    deadline = formats.date(audit_day + timedelta(days=182))
    layout = style.pick(["table", "prose"])
    blocks: list[Block] = [
        Para(certifier.name, bold=True),
        Para("RAPPORT D'AUDIT INITIAL", bold=True, align="center", size=14),
        Table(
            (
                ("Organisme audité", org.name),
                ("SIREN", org.siren),
                ("Date de l'audit", formats.date(audit_day)),
                ("Référentiel", "Référentiel national qualité (décret n° 2019-565), guide de lecture V9"),
                ("Catégorie d'actions", " ; ".join(CATEGORY_LINES[c][1] for c in facts.categories)),
            ),
            header=False,
            col_widths=(1.2, 2.6),
        ),
        Para(
            "Conclusion de l'auditeur : avis favorable à la certification. Les écarts relevés ci-dessous font l'objet "
            "d'un plan d'action à transmettre ; leur correction sera vérifiée lors de l'audit de surveillance."
        ),
    ]
    if layout == "table":
        header = style.pick(
            [
                ("Indicateur", "Type", "Constat", "Échéance"),
                ("N° indicateur", "Gravité", "Description de l'écart", "Délai"),
            ]
        )
        rows = [header] + [(str(f.indicator), GRADE_WORDS[f.grade][0], f.finding, deadline) for f in findings]
        blocks += [Para("Synthèse des non-conformités", bold=True), Table(tuple(rows), col_widths=(0.9, 0.9, 3.2, 0.9))]
    else:
        blocks.append(Para("Écarts relevés :", bold=True))
        blocks += [
            Para(
                f"Indicateur {f.indicator} : {GRADE_WORDS[f.grade][style.randint(1, 2)]} — {f.finding}"
                f" Échéance : {deadline}."
            )
            for f in findings
        ]
    blocks.append(Para(f"{certifier.name} — {certifier.address}", size=7.5, align="center"))
    document = Document(
        title="", blocks=blocks, font=style.pick(["serif", "sans"]), base_size=10.0, author=certifier.name
    )
    details = {"layout": layout, "findings": [{"indicator": f.indicator, "grade": f.grade} for f in findings]}
    return Built(document, extra=details)
