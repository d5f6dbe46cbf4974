"""Proof of delivery and contracting: émargement, certificat de réalisation, conventions, positionnement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from data.samplegen.builders.common import Built, DossierContext, Formats, Training, hours_text, made_at, of, section
from data.samplegen.identity import Person, spaced_nda, spaced_siret
from data.samplegen.model import Block, Document, Heading, Para, Spacer, Table
from data.samplegen.style import Style

COMPANIES = (
    "Transports Bonnet et Fils",
    "Atelier Mécanique Duval",
    "Cabinet Marchand Expertise",
    "Hôtel des Voyageurs",
    "Pharmacie Centrale",
    "Clinique du Parc",
    "Menuiserie Lemoine",
    "Bâti-Rénov",
    "Imprimerie Masson",
    "Garage de la Gare",
    "Fromagerie Perrin",
    "Logistique Denis",
    "Électricité Gauthier",
    "Agence Horizon Immobilier",
)


def session_days(start: date, count: int) -> list[date]:
    """`count` working days from `start` (weekends skipped)."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


# --- Feuille d'émargement -------------------------------------------------------------------------
def build_attendance_sheet(
    ctx: DossierContext,
    style: Style,
    training: Training,
    *,
    start: date,
    trainees: list[Person],
    companies: list[str],
    absent: tuple[int, int] | None = None,
    days: int | None = None,
    session_label: str = "",
    trainer: Person | None = None,
) -> Built:
    org = ctx.org
    formats = Formats.of(style)
    count = days or max(1, min(training.days or 1, 3))
    dates = session_days(start, count)
    trainer = trainer or ctx.people.trainers[0]
    short = style.pick(["numeric_short", "weekday"])
    header = ["Nom Prénom", "Entreprise"]
    for day in dates:
        label = day.strftime("%d/%m") if short == "numeric_short" else formats.date(day)
        header += [f"{label} matin", f"{label} après-midi"]
    rows: list[tuple[str, ...]] = [tuple(header)]
    signatures: set[tuple[int, int]] = set()
    for r, (person, company) in enumerate(zip(trainees, companies), start=1):
        cells = [person.formal, company]
        for slot in range(2 * len(dates)):
            if absent == (r - 1, slot):
                cells.append("ABSENT")
            else:
                cells.append("")
                signatures.add((r, 2 + slot))
        rows.append(tuple(cells))
    trainer_row = [f"Formateur : {trainer.full}", ""] + [""] * (2 * len(dates))
    rows.append(tuple(trainer_row))
    signatures |= {(len(rows) - 1, 2 + slot) for slot in range(2 * len(dates))}
    hours_per_day = training.hours / training.days if training.days else 7.0
    blocks: list[Block] = [
        Para(f"{org.name} — {org.address}", size=8),
        Para(f"N° de déclaration d'activité : {spaced_nda(org.nda)}", size=8),
        Para(f"Action : {training.title} {session_label}".strip(), bold=True),
        Para(
            f"Dates : du {formats.date(dates[0])} au {formats.date(dates[-1])} — Lieu : {org.place.city} — "
            f"Horaires : 9h00-12h30 / 13h30-17h00 — Formateur : {trainer.full}"
        ),
        Table(
            tuple(rows), col_widths=tuple([1.8, 1.6] + [1.0] * (2 * len(dates))), signature_cells=frozenset(signatures)
        ),
        Para(
            f"Durée journalière : {hours_per_day:g} heures — durée totale : {hours_per_day * len(dates):g} heures",
            size=8,
        ),
        Para(
            "Chaque stagiaire signe par demi-journée de présence. Le formateur atteste l'exactitude des présences.",
            size=8,
        ),
    ]
    document = Document(
        title=style.pick(["FEUILLE D'ÉMARGEMENT", "Feuille d'émargement", "Émargement — feuille de présence"]),
        blocks=blocks,
        landscape=True,
        font="sans",
        base_size=9.0,
        author=org.name,
    )
    return Built(document)


# --- Certificat de réalisation / attestation de fin de formation ----------------------------------
def _nature(nature: str) -> str:
    options = [
        ("AF", "action de formation"),
        ("BC", "bilan de compétences"),
        ("VAE", "action de VAE"),
        ("CFA", "action de formation par apprentissage"),
    ]
    return "   ".join(f"{'■' if key == nature else '□'} {label}" for key, label in options)


def build_completion_certificate(
    ctx: DossierContext,
    style: Style,
    training: Training,
    *,
    trainee: Person,
    company: str | None,
    start: date,
    end: date,
    nature: str = "AF",
    kind: str = "certificat",
    result: str | None = None,
    hours: float | None = None,
) -> Built:
    """`hours`: hours delivered over [start, end] when it is not the whole training (a year of a 2-year CAP)."""
    org = ctx.org
    formats = Formats.of(style)
    director = org.director
    done = hours if hours is not None else training.hours
    hours_label = f"{done:g}".replace(".", ",")
    employer = f", salarié(e) de l'entreprise {company}" if company else ""
    if kind == "certificat":
        blocks: list[Block] = [
            Para(
                f"Je soussigné(e) {director.full}, représentant légal du dispensateur de l'action concourant au "
                f"développement des compétences {org.name}, atteste que :"
            ),
            Para(f"{trainee.full}{employer}", bold=True),
            Para(f"a suivi l'action : {training.title}"),
            Para("Nature de l'action concourant au développement des compétences :"),
            Para(_nature(nature)),
            Para(
                f"qui s'est déroulée du {formats.date(start)} au {formats.date(end)} pour une durée de {hours_label} heures."
            ),
            Spacer(8),
            Para(
                "Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, je m'engage à "
                "conserver l'ensemble des pièces justificatives qui ont permis d'établir le présent certificat pendant "
                "une durée de 3 ans à compter de la fin de l'année du dernier paiement.",
                size=8,
            ),
        ]
        title = "CERTIFICAT DE RÉALISATION"
    else:
        blocks = [
            Para(
                f"{org.name}, organisme de formation (déclaration d'activité n° {spaced_nda(org.nda)}), atteste que "
                f"{trainee.full}{employer} a suivi la formation :"
            ),
            Para(training.title, bold=True, align="center"),
            *section(style, "Objectifs", list(training.objectives)),
            Para(
                f"Nature de l'action : action de formation (article L. 6313-1 du code du travail) — durée : "
                f"{hours_text(style, training.hours, training.days)}, du {formats.date(start)} au {formats.date(end)}."
            ),
            Para(f"Résultats de l'évaluation des acquis : {result or 'objectifs atteints'}."),
        ]
        title = style.pick(
            [
                "ATTESTATION DE FIN DE FORMATION",
                "Attestation de fin de formation",
                "Attestation de formation et d'assiduité",
            ]
        )
    blocks += [
        Spacer(10),
        Para(made_at(style, org, formats.date(end + timedelta(days=style.randint(1, 6)))), align="right"),
        Para(style.word("signature"), align="right"),
        Para(f"{director.full}, {org.director_title.lower()}", align="right"),
    ]
    document = Document(
        title=title, blocks=blocks, header=f"{org.name} — {org.address}", font="sans", base_size=10.5, author=org.name
    )
    return Built(document)


# --- Conventions et contrats ----------------------------------------------------------------------
@dataclass(frozen=True)
class AgreementOptions:
    kind: str  # "convention", "individual", "subcontracting", "bilan", "apprenticeship"
    needs_analysis: bool = True
    quality_clauses: bool = False  # subcontracting: RNQ compliance + how it is checked (2026 indicator 27)


def build_training_agreement(
    ctx: DossierContext,
    style: Style,
    training: Training,
    options: AgreementOptions,
    *,
    client: str,
    learner: Person | None,
    start: date,
    end: date,
    partner=None,
) -> Built:
    org = ctx.org
    formats = Formats.of(style)
    money = formats.money
    price = training.price or 0
    pattern = style.pick(["Article {n} – {t}", "ARTICLE {n} - {T}", "Art. {n}. {t}"])
    articles: list[tuple[str, str | list[str]]] = []
    parties: list[Block]
    org_party = (
        f"{org.name}, {org.legal_form}, {org.address}, SIRET {spaced_siret(org.siret)}, "
        f"déclaration d'activité enregistrée sous le numéro {spaced_nda(org.nda)} auprès du préfet de région "
        f"{org.place.region}, représenté par {org.director.full}"
    )
    if options.kind == "subcontracting":
        sub = partner
        title = style.pick(["CONTRAT DE SOUS-TRAITANCE", "Contrat de sous-traitance de prestations de formation"])
        parties = [
            Para("Entre les soussignés :"),
            Para(f"{org_party}, ci-après « le donneur d'ordre »,"),
            Para(
                f"et {sub.name}, {sub.legal_form}, {sub.address}, SIRET {spaced_siret(sub.siret)}, "
                f"déclaration d'activité n° {spaced_nda(sub.nda)}, représenté par {sub.director.full}, "
                "ci-après « le sous-traitant »."
            ),
        ]
        articles += [
            (
                "Objet",
                f"Le donneur d'ordre confie au sous-traitant l'animation de sessions de la formation "
                f"« {training.title} » pour le compte de ses clients.",
            ),
            (
                "Missions confiées",
                [
                    "Animation des séquences en présentiel selon le programme annexé",
                    "Évaluation des acquis en fin de formation et transmission des résultats",
                    "Émargement des stagiaires par demi-journée et remontée des feuilles sous 5 jours",
                    "Les missions d'information du public, d'inscription et de recueil de la satisfaction "
                    "restent assurées par le donneur d'ordre",
                ],
            ),
            (
                "Contenu, moyens et sanction",
                f"Le contenu, les objectifs et la sanction (attestation de fin de formation "
                f"et présentation à la certification {training.extra.get('code', '')}) sont ceux du programme annexé. "
                "Le sous-traitant fournit les supports ; le donneur d'ordre met à disposition les salles équipées.",
            ),
            (
                "Durée, période et montant",
                f"{hours_text(style, training.hours, training.days)} par session, du "
                f"{formats.date(start)} au {formats.date(end)}. Rémunération : {money(65, 'HT')} de l'heure, sur facture "
                "mensuelle.",
            ),
        ]
        if options.quality_clauses:
            articles.append(
                (
                    "Conformité au référentiel national qualité",
                    [
                        "Le sous-traitant s'engage à respecter les exigences du référentiel national qualité (Qualiopi) pour "
                        "les missions confiées.",
                        "Il transmet avant la première session son CV, ses justificatifs de compétences et de formation "
                        "continue, et accepte un audit annuel de ses interventions par le donneur d'ordre.",
                        "Les contrôles réalisés (observation de séance, revue des évaluations et des émargements) sont "
                        "tracés dans une grille de suivi annexée au présent contrat.",
                    ],
                )
            )
        else:
            articles.append(
                (
                    "Engagement qualité",
                    "Le sous-traitant s'engage à respecter la démarche qualité du "
                    "donneur d'ordre et transmet son CV à jour.",
                )
            )
    elif options.kind == "bilan":
        title = style.pick(["CONVENTION DE BILAN DE COMPÉTENCES", "Convention tripartite de bilan de compétences"])
        parties = [
            Para("Entre :"),
            Para(f"le bénéficiaire, {learner.full},"),
            Para(f"l'employeur ou le financeur : {client},"),
            Para(f"et le prestataire : {org_party}."),
        ]
        articles += [
            (
                "Objet",
                "Réalisation d'un bilan de compétences au sens des articles L. 6313-1 et L. 6313-4 du code du "
                "travail, permettant au bénéficiaire d'analyser ses compétences, aptitudes et motivations afin de "
                "définir un projet professionnel.",
            ),
            (
                "Déroulement",
                [
                    "Phase préliminaire : analyse de la demande et du besoin, information sur les conditions du bilan",
                    "Phase d'investigation : tests d'intérêts et de personnalité, enquêtes métiers, entretiens",
                    "Phase de conclusion : document de synthèse remis au seul bénéficiaire",
                    "Entretien de suivi à 6 mois",
                ],
            ),
            (
                "Durée et calendrier",
                f"{training.hours:g} heures réparties sur 8 semaines, du {formats.date(start)} au "
                f"{formats.date(end)}, dont 18 heures d'entretiens individuels.",
            ),
            (
                "Confidentialité",
                "Le bilan ne peut être réalisé qu'avec le consentement du bénéficiaire. Les résultats "
                "ne peuvent être communiqués à un tiers qu'avec son accord ; les documents sont détruits à l'issue du bilan.",
            ),
            (
                "Prix et modalités de règlement",
                f"{money(price, ctx.price_suffix(style))}, facturé à l'issue de la phase de " "conclusion.",
            ),
        ]
    elif options.kind == "apprenticeship":
        title = style.pick(["CONVENTION DE FORMATION PAR APPRENTISSAGE", "Convention de formation CFA - Entreprise"])
        parties = [
            Para("Entre :"),
            Para(f"{org_party}, ci-après « le CFA »,"),
            Para(f"et l'entreprise {client}, employeur de l'apprenti {learner.full}."),
        ]
        tutor = ctx.people.trainers[-1]
        articles += [
            (
                "Objet",
                f"La présente convention définit les conditions de formation de l'apprenti préparant le "
                f"{training.title.split(' en ')[0]} ({training.extra['code']}) dans le cadre d'un contrat d'apprentissage.",
            ),
            (
                "Durée et calendrier",
                f"{training.hours:g} heures en centre de formation du {formats.date(start)} au "
                f"{formats.date(end)} ; le calendrier d'alternance (1 semaine CFA / 2 semaines entreprise) est annexé.",
            ),
            (
                "Coordination CFA - entreprise",
                [
                    f"Le formateur référent ({tutor.full}) et le maître d'apprentissage définissent ensemble, dès la "
                    "signature du contrat, les missions confiées à l'apprenti à court, moyen et long terme.",
                    "Un livret d'apprentissage permet de suivre la progression des apprentissages au CFA et en entreprise.",
                    "Deux visites en entreprise sont réalisées chaque année ; un entretien tripartite a lieu dans les deux "
                    "premiers mois.",
                ],
            ),
            (
                "Prix",
                f"Le coût de la formation correspond au niveau de prise en charge fixé par la branche, soit "
                f"{money(7400)} par an, financé par l'OPCO de l'entreprise.",
            ),
        ]
    else:
        individual = options.kind == "individual"
        title = (
            "CONTRAT DE FORMATION PROFESSIONNELLE"
            if individual
            else style.pick(
                ["CONVENTION DE FORMATION PROFESSIONNELLE", "Convention de formation professionnelle continue"]
            )
        )
        subtitle = (
            "(articles L. 6353-3 à L. 6353-7 du code du travail)"
            if individual
            else "(articles L. 6353-1 et suivants du code du travail)"
        )
        second = (
            f"et {learner.full}, ci-après « le stagiaire »."
            if individual
            else f"et l'entreprise {client}, ci-après « le bénéficiaire »."
        )
        parties = [Para(subtitle, align="center"), Para("Entre les soussignés :"), Para(f"{org_party},"), Para(second)]
        headcount = 1 if individual else style.randint(2, 6)
        articles += [
            ("Objet", f"Le prestataire s'engage à organiser l'action de formation intitulée « {training.title} »."),
            (
                "Nature et caractéristiques de l'action",
                [
                    "Action de formation au sens de l'article L. 6313-1 du code du travail",
                    "Objectifs : " + " ; ".join(training.objectives),
                    "Contenu : voir programme annexé",
                    f"Durée : {hours_text(style, training.hours, training.days)}, du {formats.date(start)} au {formats.date(end)}",
                    f"Lieu : {ctx.org.place.city} — effectif : {headcount} participant{'s' if headcount > 1 else ''}",
                    "Moyens : salle équipée, supports remis aux participants, formateur expert",
                    "Suivi : feuilles d'émargement par demi-journée ; sanction : attestation de fin de formation",
                ],
            ),
        ]
        if options.needs_analysis:
            articles.append(
                (
                    "Analyse du besoin",
                    "Les objectifs ont été définis à partir de l'analyse du besoin "
                    "réalisée avec le bénéficiaire (questionnaire préalable et entretien téléphonique) et du "
                    "test de positionnement.",
                )
            )
        if individual:
            articles += [
                ("Niveau de connaissances préalables", training.prerequisites + "."),
                (
                    "Délai de rétractation",
                    "Dans le délai de dix jours à compter de la signature du présent contrat, le "
                    "stagiaire peut se rétracter par lettre recommandée avec avis de réception.",
                ),
                (
                    "Dispositions financières",
                    f"Prix : {money(price, ctx.price_suffix(style))}. Aucune somme ne peut être exigée "
                    "avant l'expiration du délai de rétractation ; un acompte de 30 % maximum est ensuite versé, le solde "
                    "étant échelonné au fur et à mesure du déroulement de la formation.",
                ),
                (
                    "Interruption",
                    "En cas de cessation anticipée pour force majeure dûment reconnue, seules les "
                    "prestations effectivement dispensées sont dues au prorata temporis.",
                ),
            ]
        else:
            articles += [
                (
                    "Dispositions financières",
                    f"Coût de la formation : {money(price * headcount, ctx.price_suffix(style))} "
                    f"pour {headcount} participants ; "
                    "règlement à 30 jours à réception de facture, ou par l'OPCO en cas de subrogation.",
                ),
                (
                    "Dédit et abandon",
                    "En cas de renoncement moins de 7 jours avant le début, 50 % du coût reste dû à "
                    "titre de dédit ; cette somme ne peut être imputée sur la contribution formation.",
                ),
            ]
        articles.append(("Différends", f"À défaut d'accord amiable, le tribunal {of(org.place.city)} est compétent."))
    blocks: list[Block] = list(parties)
    for number, (heading, body) in enumerate(articles, start=1):
        blocks += section(style, pattern.format(n=number, t=heading, T=heading.upper()), body)
    if options.kind == "subcontracting":
        counterpart = ("Pour le sous-traitant", f"{partner.director.full}, {partner.name}")
    elif options.kind == "apprenticeship":
        counterpart = ("Pour l'employeur", f"{client} — le maître d'apprentissage")
    elif options.kind in ("individual", "bilan"):
        counterpart = ("Le bénéficiaire" if options.kind == "bilan" else "Le stagiaire", learner.full)
    else:
        counterpart = ("Pour l'entreprise", client)
    blocks += [
        Spacer(8),
        Para(
            made_at(style, org, formats.date(start - timedelta(days=style.randint(10, 30)))) + ", en deux exemplaires."
        ),
        Table(
            (
                ("Pour l'organisme", counterpart[0]),
                (f"{org.director.full}, {org.director_title.lower()}", counterpart[1]),
            ),
            header=True,
        ),
    ]
    document = Document(
        title=title,
        blocks=blocks,
        header=org.name,
        footer="Paraphes : ____ / ____",
        font=style.pick(["serif", "sans"]),
        base_size=9.5,
        author=org.name,
    )
    return Built(document)


# --- Test de positionnement -----------------------------------------------------------------------
def build_positioning_test(ctx: DossierContext, style: Style, training: Training, *, kind: str = "quiz") -> Built:
    org = ctx.org
    blocks: list[Block] = [
        Para(
            "Nom : ........................   Prénom : ........................   Entreprise : ........................"
        ),
        Para("Date : ....../....../............   Formation visée : " + training.title),
    ]
    if kind == "bilan":
        title = style.pick(
            [
                "Entretien préliminaire — grille d'analyse de la demande",
                "ANALYSE DU BESOIN — phase préliminaire du bilan",
            ]
        )
        blocks += section(
            style,
            "Votre situation",
            [
                "Parcours et situation professionnelle actuelle",
                "Origine de la demande (initiative personnelle, employeur, conseiller)",
                "Attentes vis-à-vis du bilan",
            ],
        )
        blocks += section(
            style,
            "Analyse partagée",
            [
                "Besoins identifiés",
                "Points d'appui et freins",
                "Besoins d'aménagement (situation de handicap, disponibilités)",
            ],
        )
        blocks += section(
            style,
            "Conclusion de l'entretien",
            "Programme personnalisé co-construit avec le bénéficiaire ; " "démarrage validé ou réorientation proposée.",
        )
    else:
        title = style.pick(
            [
                f"Test de positionnement — {training.title}",
                "QUESTIONNAIRE DE POSITIONNEMENT",
                "Évaluation des acquis à l'entrée en formation",
            ]
        )
        blocks += section(
            style,
            style.pick(["1. Votre contexte et vos attentes", "Analyse du besoin"]),
            [
                "Quelle est votre fonction ? ............................................",
                "Pourquoi suivez-vous cette formation ? Quelles situations concrètes souhaitez-vous améliorer ?",
                "Avez-vous besoin d'un aménagement particulier (situation de handicap, horaires) ?  □ oui  □ non",
            ],
        )
        rows = [("Compétence visée", "Je ne sais pas faire", "Je fais avec aide", "Je maîtrise")]
        rows += [(objective[0].upper() + objective[1:], "□", "□", "□") for objective in training.objectives]
        blocks += [
            Heading(style.pick(["2. Auto-positionnement", "Auto-évaluation"])),
            Table(tuple(rows), col_widths=(3, 1, 1, 1)),
        ]
        blocks += [Heading(style.pick(["3. Quiz d'entrée", "Questions de positionnement"]))]
        for index, (module, items) in enumerate(training.modules[:3], start=1):
            blocks.append(
                Para(f"Q{index}. Que savez-vous de : {module.lower()} ? □ rien  □ les notions  □ la pratique")
            )
        blocks += section(
            style,
            "Décision (à remplir par le formateur)",
            [
                "Prérequis vérifiés : □ oui  □ non — orientation vers une autre formation si non",
                "Adaptations prévues (contenus, rythme, durée) : ..................................",
            ],
        )
    document = Document(
        title=title,
        blocks=blocks,
        header=org.name,
        footer=f"{org.name} — document interne",
        font=style.pick(["sans", "narrow"]),
        base_size=9.5,
        author=org.name,
    )
    return Built(document)
