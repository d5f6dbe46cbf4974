"""Programme de formation / fiche formation: the carrier of indicator 1 items and of certification facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from data.samplegen.builders.common import (
    Built,
    DossierContext,
    Formats,
    Training,
    hours_text,
    key_values,
    nda_sentence,
    section,
)
from data.samplegen.identity import Person
from data.samplegen.model import Block, Bullets, Document, Heading, Para
from data.samplegen.style import Style


@dataclass(frozen=True)
class ProgrammeOptions:
    omit: frozenset[str] = frozenset()
    results: str | None = "with_method"  # "with_method", "bare" or None
    funding_and_recognition: bool = True  # 2026 indicator 1 additions
    remote_modules: str | None = None  # "tracked", "untracked" or None
    certification: bool = False
    further_studies: bool = True  # 2026 indicator 3 addition, for certifying offers
    apprenticeship: bool = False
    bilan: bool = False  # a bilan de compétences is not a training: other wording for methods and outcome
    updated: date | None = None
    satisfaction: tuple[float, int] = (0.93, 96)  # published rate, respondents
    extra_lines: tuple[str, ...] = field(default_factory=tuple)
    # `omit` holds ids of rnq.yaml indicator-1 required_elements: access_delay, accessibility, price,
    # contacts, access_modalities.


def _price_text(
    ctx: DossierContext, style: Style, formats: Formats, training: Training, bilan: bool
) -> tuple[str, float | None]:
    if training.price is None:
        return "Sur devis", None
    suffix = ctx.price_suffix(style)
    per = "" if bilan else style.pick([" par participant", " / personne", "", " par stagiaire"])
    text = formats.money(training.price, suffix) + per
    if suffix == "HT" and style.chance(0.3):
        text += f" ({formats.money(training.price * 1.2, 'TTC')})"
    if suffix in ("net de taxe", "nets de taxe") and style.chance(0.5):
        text += " — TVA non applicable, art. 261-4-4° a du CGI"
    if not bilan and style.chance(0.4):
        text += ". Intra-entreprise : sur devis"
    return text, float(training.price)


def build_programme(
    ctx: DossierContext, style: Style, training: Training, options: ProgrammeOptions, trainer: Person | None = None
) -> Built:
    org, people = ctx.org, ctx.people
    formats = Formats.of(style)
    contact = people.admin_contact
    referent = people.handicap_referent
    trainer = trainer or people.trainers[0]
    extra = training.extra
    sections: dict[str, list[Block]] = {}

    sections["audience"] = section(style, style.word("prog_audience"), training.audience + ".")
    sections["prerequisites"] = section(style, style.word("prog_prerequisites"), training.prerequisites + ".")
    objectives = [
        Para(style.word("prog_objectives_lead")),
        Bullets(tuple(o[0].upper() + o[1:] for o in training.objectives), marker=style.pick(["•", "-", "■"])),
    ]
    sections["objectives"] = [Heading(style.word("prog_objectives"))] + objectives

    if options.apprenticeship:
        years = extra["years"]
        duration = style.pick(
            [
                f"{training.hours:g} heures en centre de formation sur {years} ans, en alternance avec l'entreprise",
                f"{years} ans — {training.hours:g} h de formation au CFA (rythme : 1 semaine au CFA / 2 semaines en entreprise)",
            ]
        )
    else:
        duration = hours_text(style, training.hours, training.days)
        if options.remote_modules:
            duration += style.pick([", dont 4 heures de modules à distance", " (dont 4 h en e-learning)"])
    practical: list[tuple[str, str]] = [(style.word("prog_duration"), duration)]
    if options.apprenticeship:
        practical.append((style.word("prog_dates"), "Rentrée en septembre ; entrées possibles jusqu'en décembre"))
    elif options.bilan:
        practical.append(
            (
                style.word("prog_dates"),
                f"Démarrage tout au long de l'année, à {org.place.city} ou à "
                f"distance ; rendez-vous fixés avec {trainer.agree('le consultant', 'la consultante')}",
            )
        )
    else:
        practical.append(
            (
                style.word("prog_dates"),
                style.pick(
                    [
                        f"Sessions inter-entreprises à {org.place.city} ; calendrier sur notre site {org.website}",
                        f"Voir le calendrier des sessions ({org.website}) ou en intra sur demande",
                        f"{org.place.city} et en intra-entreprise — dates sur demande",
                    ]
                ),
            )
        )
    if "access_modalities" not in options.omit:
        practical.append(
            (
                style.word("prog_access"),
                (
                    style.pick(
                        [
                            "Inscription via le bulletin d'inscription en ligne ou par courriel, après un entretien téléphonique "
                            "de recueil des besoins",
                            "Sur demande auprès de notre service formation ; un questionnaire d'analyse du besoin est adressé à chaque "
                            "inscrit avant la session",
                            "Inscription sur dossier puis entretien préalable avec le formateur référent",
                        ]
                    )
                    if not options.apprenticeship
                    else "Candidature sur dossier et entretien de motivation ; signature d'un contrat d'apprentissage avec une "
                    "entreprise (le CFA accompagne la recherche d'employeur)"
                ),
            )
        )
    if "access_delay" not in options.omit:
        practical.append(
            (
                style.word("prog_delay"),
                (
                    style.pick(
                        [
                            "Inscription possible jusqu'à 15 jours avant le début de la session",
                            "Entrée en formation sous 2 à 4 semaines après validation du financement",
                            "Délai moyen de 10 jours ouvrés entre la demande et le démarrage (hors délai de prise en charge du financeur)",
                        ]
                    )
                    if not options.apprenticeship
                    else "Entrée possible de septembre à décembre, dans un délai de 3 mois après la signature du contrat"
                ),
            )
        )
    if "price" not in options.omit:
        if options.apprenticeship:
            price_text, price = (
                "Formation gratuite pour l'apprenti : le coût est pris en charge par l'OPCO de "
                "l'entreprise selon le niveau de prise en charge du diplôme"
            ), None
        else:
            price_text, price = _price_text(ctx, style, formats, training, options.bilan)
        practical.append((style.word("prog_price"), price_text))
    else:
        price = None
    if options.funding_and_recognition and options.bilan:
        practical.append(
            (
                style.word("prog_funding"),
                "Éligible au CPF ; plan de développement des compétences ; " "financement personnel",
            )
        )
    elif options.funding_and_recognition and not options.apprenticeship:
        practical.append(
            (
                style.word("prog_funding"),
                style.pick(
                    [
                        "Plan de développement des compétences (prise en charge OPCO possible), financement personnel. "
                        "Formation non éligible au CPF",
                        "Entreprise, OPCO, France Travail (aide individuelle à la formation) ou autofinancement ; non éligible au CPF",
                    ]
                ),
            )
        )
    as_table = style.chance(0.5)
    if as_table:
        sections["practical"] = [Heading(style.pick(["En bref", "Informations pratiques", "Modalités", "L'essentiel"]))]
        sections["practical"] += key_values(style, practical, as_table=True)
    else:
        sections["practical"] = [block for label, value in practical for block in section(style, label, value + ".")]

    modules: list[Block] = [Heading(style.word("prog_content"))]
    for index, (title, items) in enumerate(training.modules, start=1):
        label = style.pick([f"Module {index} — {title}", f"{index}. {title}", f"Séquence {index} : {title}", title])
        modules += [Para(label, bold=True), Bullets(items, marker=style.pick(["-", "•", "›"]))]
    sections["content"] = modules

    methods = style.pick(
        [
            "Formation en présentiel, en groupe de 4 à 10 participants. Alternance d'apports théoriques, d'études de cas "
            "et de mises en situation. Support pédagogique remis à chaque participant.",
            "Pédagogie active : exercices pratiques, travaux en sous-groupes, jeux de rôle et retours d'expérience. "
            "Salle équipée (vidéoprojecteur, paperboard, wifi) ; supports de cours remis en fin de session.",
            "Exposés courts, démonstrations et travaux pratiques sur des cas issus de votre activité ; documentation "
            "remise sous format numérique.",
        ]
    )
    if options.apprenticeship:
        methods = (
            "Alternance entre le CFA (cours, atelier, plateau technique) et l'entreprise d'accueil ; suivi par un "
            "formateur référent et un maître d'apprentissage ; livret d'apprentissage numérique."
        )
    if options.bilan:
        methods = (
            f"Entretiens individuels avec {trainer.agree('un consultant dédié', 'une consultante dédiée')}, "
            "en face à face ou à distance ; tests d'intérêts "
            "et de personnalité ; enquêtes métiers et travail personnel entre les rendez-vous."
        )
    if options.remote_modules == "tracked":
        methods += (
            " Les modules à distance sont accessibles sur notre plateforme LMS : le formateur consulte les "
            "rapports de progression (temps de connexion, quiz réussis) et relance les participants inactifs."
        )
    elif options.remote_modules == "untracked":
        methods += " Des modules de remise à niveau en ligne sont mis à disposition sur la plateforme du CFA."
    sections["methods"] = section(style, style.word("prog_methods"), methods)
    if options.bilan:
        trainer_text = (
            f"{trainer.full}, {trainer.agree('psychologue du travail et consultant', 'psychologue du travail et consultante')} "
            "en bilan de compétences."
        )
    else:
        trainer_text = style.pick(
            [
                f"{trainer.full}, {trainer.agree('formateur consultant', 'formatrice consultante')}, 15 ans d'expérience "
                "dans le domaine.",
                f"{trainer.agree('Formateur expert', 'Formatrice experte')} du domaine ({trainer.full}), "
                f"{trainer.agree('sélectionné et évalué', 'sélectionnée et évaluée')} par {org.name}.",
                "Formateurs professionnels du secteur, titulaires d'un diplôme de niveau 5 minimum et d'une expérience "
                "terrain de plus de 5 ans.",
            ]
        )
    sections["trainer"] = section(style, style.word("prog_trainer"), trainer_text)
    if options.bilan:
        assessment = [
            f"Bilan à mi-parcours avec {trainer.agree('le consultant', 'la consultante')}",
            "Validation du projet et du plan d'action en phase de conclusion",
            "Questionnaire de satisfaction en fin de bilan puis à 6 mois",
        ]
    elif options.apprenticeship:
        assessment = [
            "Contrôle en cours de formation (CCF) et épreuves ponctuelles selon le règlement d'examen",
            "Évaluations formatives au CFA et en entreprise, consignées dans le livret d'apprentissage",
            "Examens blancs avant les épreuves finales",
        ]
    else:
        assessment = style.pick(
            [
                [
                    "Positionnement en amont (questionnaire)",
                    "Évaluation des acquis en fin de formation par QCM et mise en situation",
                    "Questionnaire de satisfaction à chaud, puis à froid à 3 mois",
                ],
                [
                    "Test de positionnement à l'entrée",
                    "Exercices pratiques corrigés tout au long de la formation",
                    "Évaluation finale (quiz) et bilan oral individuel",
                ],
                [
                    "Auto-positionnement avant la session",
                    "Cas pratique final évalué par le formateur",
                    "Évaluation de la satisfaction en fin de session",
                ],
            ]
        )
    sections["assessment"] = section(style, style.word("prog_assessment"), assessment)
    if options.bilan:
        recognition = (
            "Document de synthèse remis au seul bénéficiaire à l'issue de la phase de conclusion ; "
            "entretien de suivi à 6 mois."
        )
    elif options.certification:
        recognition = "Certification (voir ci-dessous) et attestation de fin de formation."
    elif options.funding_and_recognition:
        recognition = style.pick(
            [
                "Attestation de fin de formation mentionnant les objectifs, la nature, la durée et les résultats de "
                "l'évaluation des acquis. Formation non certifiante.",
                "Formation non certifiante : remise d'une attestation de fin de formation et d'un certificat de réalisation.",
            ]
        )
    else:
        recognition = "Attestation de fin de formation."
    sections["sanction"] = section(style, style.word("prog_sanction"), recognition)

    if options.certification:
        sections["certification"] = _certification_blocks(style, formats, training, options)
    if "accessibility" not in options.omit:
        sections["accessibility"] = section(
            style,
            style.word("prog_accessibility"),
            style.pick(
                [
                    f"Nos locaux sont accessibles aux personnes à mobilité réduite. Pour toute situation de handicap, "
                    f"contactez {referent.agree('notre référent', 'notre référente')} handicap, {referent.full} "
                    f"({org.email('handicap')}), afin d'étudier les adaptations possibles (rythme, supports, matériel).",
                    f"Formation accessible aux personnes en situation de handicap : un entretien avec "
                    f"{referent.agree('notre référent', 'notre référente')} handicap ({referent.full}, {org.phone}) permet de "
                    "définir les aménagements nécessaires, avec l'appui de l'Agefiph si besoin. Salle de plain-pied.",
                    f"Accessibilité PSH : locaux PMR, supports adaptables (gros caractères, version numérique). Référent "
                    f"handicap : {referent.full} — {org.email('referent.handicap')}.",
                ]
            ),
        )
    if options.results:
        rate, respondents = options.satisfaction
        result = style.pick(
            [
                f"Taux de satisfaction {ctx.reference_day.year - 1} : {style.percent(rate, 0)} ({respondents} répondants)",
                f"{style.percent(rate, 0)} de stagiaires satisfaits ou très satisfaits en {ctx.reference_day.year - 1}",
                f"Satisfaction globale : {style.percent(rate, 0)} — {respondents} stagiaires formés et évalués",
            ]
        )
        body = [result]
        if options.apprenticeship:
            body.append("Taux de rupture des contrats : 11 % — taux d'insertion à 6 mois : 78 %")
        if options.results == "with_method":
            body.append(
                style.pick(
                    [
                        "Mode de calcul : part des réponses « satisfait » ou « très satisfait » à la question de satisfaction "
                        f"globale, sur l'ensemble des questionnaires à chaud recueillis du 1er janvier au 31 décembre "
                        f"{ctx.reference_day.year - 1} (taux de retour : 88 %).",
                        "Méthode : nombre de stagiaires ayant répondu 4 ou 5 sur 5 à la question « Êtes-vous satisfait de la "
                        "formation ? » divisé par le nombre total de répondants, sur l'année civile écoulée ; mise à jour "
                        "semestrielle.",
                    ]
                )
            )
        sections["results"] = section(style, style.word("prog_results"), body)
    if "contacts" not in options.omit:
        sections["contact"] = section(
            style,
            style.word("prog_contact"),
            style.pick(
                [
                    f"{contact.full}, {contact.agree('chargé', 'chargée')} de formation — {org.phone} — {org.email('formation')}",
                    [
                        f"Administratif : {contact.full} ({org.email('contact')})",
                        f"Téléphone : {org.phone}",
                        f"Pédagogie : {ctx.people.pedagogical_referent.full}",
                    ],
                    f"Contactez-nous au {org.phone} ou par courriel à {org.email('inscriptions')} ({contact.full}).",
                ]
            ),
        )

    order = _order(style, sections)
    updated = ctx.dated(options.updated or date(ctx.reference_day.year, 1, 5))
    kind = (
        style.pick(["Présentation de la prestation", "BILAN DE COMPÉTENCES — notre offre"])
        if options.bilan
        else style.pick(["PROGRAMME DE FORMATION", "Fiche programme", "Programme détaillé", "FICHE FORMATION"])
    )
    reference = re.sub(r"[^A-Z]", "", training.key.upper())[:4]
    head: list[Block] = [
        Para(kind, bold=True, align="center"),
        Para(
            f"{style.word('updated_on')} {formats.date(updated)} — Réf. {reference}-{style.randint(10, 99)}",
            align="right",
            size=8,
        ),
    ]
    for line in options.extra_lines:
        head.append(Para(line))
    blocks = head + [block for key in order for block in sections[key]]
    blocks.append(Para(nda_sentence(style, org), size=7.5, align="center"))
    document = Document(
        title=training.title,
        blocks=blocks,
        header=org.name,
        footer=f"{org.address} — {org.phone}",
        columns=1,
        font=style.pick(["sans", "serif", "narrow"]),
        base_size=style.pick([9.0, 9.5, 10.0]),
        author=org.name,
    )
    fields = {"title": training.title, "duration_hours": float(training.hours)}
    if price is not None:
        fields["price_eur"] = price
    extra_truth = {"omitted_elements": sorted(options.omit), "section_order": order}
    return Built(document, fields, extra=extra_truth)


def _order(style: Style, sections: dict[str, list[Block]]) -> list[str]:
    intro = style.pick(
        [
            ["audience", "prerequisites", "objectives"],
            ["objectives", "audience", "prerequisites"],
            ["audience", "objectives", "prerequisites"],
        ]
    )
    teaching = ["content", "methods", "trainer", "assessment", "sanction", "certification"]
    closing = style.shuffled(["accessibility", "results", "contact"])
    if style.chance(0.5):
        order = intro + ["practical"] + teaching + closing
    else:
        order = ["practical"] + intro + teaching + closing
    return [key for key in order if key in sections]


def _certification_blocks(style: Style, formats: Formats, training: Training, options: ProgrammeOptions) -> list[Block]:
    extra = training.extra
    code = extra["code"]
    rate = extra["success_rate"]
    presented = extra["presented"]
    certified = round(rate * presented)
    lines = []
    if code.startswith("RNCP"):
        lines.append(
            f"{training.title.split(' en ')[0]} — diplôme de niveau {extra['level']}, enregistré au RNCP "
            f"sous le n° {code} ; certificateur : {extra['certifier']}"
        )
    else:
        lines.append(
            f"Certification « {extra['cert_title']} » enregistrée au Répertoire spécifique sous le n° {code} "
            f"le {extra['registered']} ; certificateur : {extra['certifier']}"
        )
    lines.append(
        style.pick(
            [
                f"Taux de réussite à la certification ({presented} candidats présentés) : {style.percent(rate, 0)}",
                f"Taux d'obtention : {style.percent(rate, 0)} — {certified} certifiés sur {presented} présentés à l'examen",
            ]
        )
    )
    lines.append(f"Blocs de compétences : {extra['blocks']}")
    if "bridges" in extra:
        lines.append(f"Équivalences et passerelles : {extra['bridges']}")
    else:
        lines.append(
            "Équivalences et passerelles : aucune équivalence ; passerelle possible vers les autres "
            "certifications du même certificateur (nous consulter)"
        )
    lines.append(f"Débouchés : {extra['outcomes']}")
    if options.further_studies:
        lines.append(
            style.pick(
                [
                    "Suite de parcours et poursuite d'études : préparation d'un titre de niveau supérieur, notamment en "
                    "alternance",
                    "Poursuites d'études possibles : titre professionnel de niveau 5 ou BTS en alternance",
                ]
            )
        )
    lines.append(
        style.pick(
            [
                "Modalités de certification : épreuve écrite et étude de cas, organisées par le certificateur ; inscription à "
                "la session d'examen effectuée par nos soins",
                "L'inscription à l'examen est réalisée par l'organisme selon le règlement du certificateur ; aménagements "
                "d'épreuves possibles pour les candidats en situation de handicap",
            ]
        )
    )
    return section(style, style.word("prog_certification"), lines)
