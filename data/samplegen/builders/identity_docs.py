"""Récépissé de déclaration d'activité (NDA receipt)."""

from __future__ import annotations

from datetime import date

from data.samplegen.builders.common import Built, DossierContext, Formats
from data.samplegen.identity import spaced_nda, spaced_siren, spaced_siret
from data.samplegen.model import Block, Document, Heading, Para, Spacer, Table
from data.samplegen.style import Style

REGION_CAPITALS = {
    "Auvergne-Rhône-Alpes": "Lyon",
    "Pays de la Loire": "Nantes",
    "Nouvelle-Aquitaine": "Bordeaux",
    "Île-de-France": "Paris",
    "Hauts-de-France": "Lille",
    "Provence-Alpes-Côte d'Azur": "Marseille",
    "Occitanie": "Toulouse",
    "Bretagne": "Rennes",
    "Grand Est": "Strasbourg",
    "Normandie": "Rouen",
    "Centre-Val de Loire": "Orléans",
    "Bourgogne-Franche-Comté": "Dijon",
}


def build_nda_receipt(
    ctx: DossierContext, style: Style, *, received: date, registered: date, siren_shown: str | None = None
) -> Built:
    """`siren_shown` lets a dossier carry a receipt whose SIREN is not the one it declares."""
    org = ctx.org
    siren = siren_shown or org.siren
    siret = siren + org.siret[9:] if siren_shown else org.siret
    formats = Formats.of(style)
    region = org.place.region
    capital = REGION_CAPITALS.get(region, org.place.city)
    nda = spaced_nda(org.nda)
    variant = style.pick(["skeleton", "letter", "form"])
    authority = [
        Para(
            style.pick([f"PRÉFET DE LA RÉGION {region.upper()}", f"PRÉFECTURE DE LA RÉGION {region.upper()}"]),
            bold=True,
        ),
        Para("Direction régionale de l'économie, de l'emploi, du travail et des solidarités"),
        Para(
            style.pick(
                [
                    "Service régional de contrôle de la formation professionnelle",
                    "Pôle Entreprises, Emploi, Économie — Service régional de contrôle",
                ]
            )
        ),
        Spacer(10),
    ]
    if variant == "skeleton":
        body: list[Block] = [
            Heading("RÉCÉPISSÉ DE DÉCLARATION D'ACTIVITÉ D'UN PRESTATAIRE DE FORMATION"),
            Para("Vu le code du travail, notamment ses articles L. 6351-1 à L. 6351-8 et R. 6351-1 à R. 6351-7,"),
            Para(f"La déclaration d'activité de : {org.name.upper()} ({org.legal_form})"),
            Para(f"SIRET : {spaced_siret(siret)}"),
            Para(f"{org.street} {org.place.postcode} {org.place.city.upper()}"),
            Para(f"reçue le {formats.date(received)}, est enregistrée sous le numéro : {nda}"),
            Para(f"auprès du préfet de la région {region}."),
            Para("Cet enregistrement ne vaut pas agrément de l'État."),
            Spacer(8),
            Para(f"Fait à {capital}, le {formats.date(registered)}", align="right"),
            Para("Pour le préfet et par délégation, le responsable du service régional de contrôle", align="right"),
        ]
    elif variant == "letter":
        body = [
            Para(f"{org.name}\n{org.street}\n{org.place.postcode} {org.place.city}", align="right"),
            Para(f"{capital}, le {formats.date(registered)}", align="right"),
            Heading("Objet : récépissé de déclaration d'activité"),
            Para(
                f"Le préfet de la région {region} donne récépissé à {org.name} ({org.legal_form}), SIREN "
                f"{spaced_siren(siren)}, de la déclaration d'activité de prestataire de formation déposée le "
                f"{formats.date(received)} en application des articles L. 6351-1 et R. 6351-1 et suivants du code "
                "du travail."
            ),
            Para(
                f"Cette déclaration est enregistrée sous le numéro {nda}. A l'exception de la première convention, "
                "ce numéro doit figurer sur les conventions et contrats de formation que vous concluez, sous la "
                f"forme : « déclaration d'activité enregistrée sous le numéro {nda} auprès du préfet de région "
                f"{region} »."
            ),
            Para("Cet enregistrement ne vaut pas agrément de l'État."),
            Para(
                "Le bilan pédagogique et financier de votre activité est à transmettre chaque année avant le 30 avril."
            ),
            Spacer(8),
            Para(
                "Pour le préfet de région et par délégation,\nla cheffe du service régional de contrôle", align="right"
            ),
        ]
    else:
        body = [
            Heading("Récépissé de déclaration d'activité d'un prestataire de formation"),
            Table(
                (
                    ("Dénomination", org.name),
                    ("Forme juridique", org.legal_form),
                    ("N° SIREN", spaced_siren(siren)),
                    ("Adresse", f"{org.street}, {org.place.postcode} {org.place.city}"),
                    ("Date de réception de la déclaration", formats.date(received)),
                    ("Numéro d'enregistrement", nda),
                    ("Date d'enregistrement", formats.date(registered)),
                ),
                header=False,
                col_widths=(1.4, 2.2),
            ),
            Para(
                "Déclaration enregistrée auprès du préfet de la région " + region + " (articles L. 6351-1 à "
                "L. 6351-8 du code du travail). Cet enregistrement ne vaut pas agrément de l'État."
            ),
            Para(f"Fait à {capital}, le {formats.date(registered)}"),
        ]
    document = Document(
        title="",
        blocks=authority + body,
        font=style.pick(["serif", "sans"]),
        base_size=10.5,
        footer=style.pick([None, f"DREETS {region}"]),
    )
    fields = {
        "nda_number": org.nda,
        "siren": siren,
        "organization_name": org.name,
    } | _printed_dates(variant, received, registered)
    return Built(document, fields, extra={"received_on": received.isoformat(), "layout": variant})


def _printed_dates(variant: str, received: date, registered: date) -> dict[str, str]:
    """The form prints its registration date; the other layouts print the filing day and their own."""
    if variant == "form":
        return {"declaration_date": registered.isoformat()}
    return {"declaration_filed_date": received.isoformat(), "receipt_date": registered.isoformat()}
