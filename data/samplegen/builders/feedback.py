"""Surveys, watch logs, trainer CVs and minutes: the evidence of criteria 5, 6 and 7."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data.samplegen.builders.common import Built, DossierContext, Formats, Training, of, section
from data.samplegen.identity import Person
from data.samplegen.model import Block, Document, Heading, Para, Sheet, Table, Workbook
from data.samplegen.style import Style, wording

# --- Questionnaires de satisfaction ---------------------------------------------------------------
# The truth of a raw-answers survey follows the one definition the extractor documents in
# extractors/fields/field_rules.yaml (survey): an answer is satisfied in the top 2 boxes of its scale;
# the rate is over every non-blank rating cell; respondents are the answer rows; a workbook holding
# several answer sheets (end of bilan and 6-month follow-up) is one survey, rows and answers pooled.
ITEMS = (
    "Organisation et accueil",
    "Contenu de la formation",
    "Qualité de l'animation",
    "Supports remis",
    "Atteinte de vos objectifs",
)
COMMENTS = (
    "",
    "",
    "",
    "Très bonne formation, formateur à l'écoute.",
    "Un peu dense sur la fin.",
    "Exercices très concrets.",
    "Salle un peu petite.",
    "Je recommande.",
    "Aurait mérité une journée de plus.",
    "Merci pour les supports.",
    "Rythme soutenu mais efficace.",
)
# The questionnaire of an organisation that works in English (same items, same rate definition).
ITEMS_EN = ("Organisation and welcome", "Course content", "Trainer", "Course materials", "Meeting your objectives")
COMMENTS_EN = ("", "", "", "Very practical, great trainer.", "A lot to take in on day 3.", "Would recommend.")


@dataclass(frozen=True)
class SurveyOptions:
    scale: str = "5"  # "5", "10" or "labels"
    respondents: int = 24
    cold: bool = False  # « à froid » (or 6-month follow-up for BC)
    bilan: bool = False
    period: tuple[date, date] | None = None  # when the answers came in; default: the year before the reference day
    english: bool = False  # a questionnaire written in English (labels scale: « Very satisfied … »)


def _answer(style: Style, scale: str) -> int:
    """Skewed towards satisfied, like real surveys; index 0 is the best label for the 'labels' scale."""
    roll = style.rng.random()
    if scale == "10":
        return (
            10 if roll < 0.3 else 9 if roll < 0.55 else 8 if roll < 0.75 else 7 if roll < 0.85 else style.randint(3, 6)
        )
    if scale == "labels":
        return 0 if roll < 0.5 else 1 if roll < 0.85 else 2 if roll < 0.96 else 3
    return 5 if roll < 0.45 else 4 if roll < 0.8 else 3 if roll < 0.93 else style.randint(1, 2)


def _satisfied(value: int, scale: str) -> bool:
    if scale == "10":
        return value >= 7
    if scale == "labels":
        return value <= 1
    return value >= 4


@dataclass(frozen=True)
class _SurveyWording:
    """What a questionnaire says, in one language; the order of the random choices is the same in each."""

    scales: str  # key of the labels scales in wording.yaml
    items: tuple[str, ...]
    cold_item: str
    suffixes: dict[str, str]
    timestamp: tuple[str, ...]
    session: tuple[str, ...]
    recommend: str
    answers: tuple[str, ...]  # to the recommendation question, numeric scales
    label_answers: tuple[str, ...]  # the same, labels scale
    comment: tuple[str, ...]
    comments: tuple[str, ...]
    titles: tuple[str, ...]
    cold_title: str
    sheet: str


FRENCH = _SurveyWording(
    scales="satisfaction_scales",
    items=ITEMS,
    cold_item="Mise en pratique dans votre poste",
    suffixes={"5": " (1 à 5)", "10": " (note sur 10)", "labels": ""},
    timestamp=("Horodatage", "Date de réponse", "Date"),
    session=("Session", "Formation", "Action"),
    recommend="Recommanderiez-vous cette formation ?",
    answers=("Oui", "Oui", "Oui", "Non"),
    label_answers=("Oui", "Oui", "Plutôt oui", "Non"),
    comment=("Commentaires", "Remarques et suggestions", "Expression libre"),
    comments=COMMENTS,
    titles=("Questionnaire de satisfaction à chaud", "Enquête de satisfaction stagiaires", "Évaluation à chaud — réponses"),
    cold_title="Questionnaire à froid (3 mois)",
    sheet="Réponses",
)
ENGLISH = _SurveyWording(
    scales="satisfaction_scales_en",
    items=ITEMS_EN,
    cold_item="Applying what you learnt in your job",
    suffixes={"5": " (1 to 5)", "10": " (out of 10)", "labels": ""},
    timestamp=("Date", "Date submitted"),
    session=("Course", "Session"),
    recommend="Would you recommend this course?",
    answers=("Yes", "Yes", "Yes", "No"),
    label_answers=("Yes", "Yes", "Probably", "No"),
    comment=("Comments", "Any other feedback"),
    comments=COMMENTS_EN,
    titles=("End-of-course feedback", "Course evaluation — responses"),
    cold_title="Follow-up questionnaire (3 months)",
    sheet="Responses",
)
BILAN_ITEMS = (
    "Accueil et écoute du consultant",
    "Outils et tests proposés",
    "Clarté du document de synthèse",
    "Utilité du bilan pour votre projet",
    "Respect de la confidentialité",
)


def build_satisfaction_workbook(
    ctx: DossierContext, style: Style, training_titles: list[str], options: SurveyOptions
) -> Built:
    """Raw answers as exported from a form tool, one row per respondent; the truth is computed from them."""
    words = ENGLISH if options.english else FRENCH
    labels = list(style.pick(wording()[words.scales]))
    items = list(words.items) if not options.bilan else list(BILAN_ITEMS)
    if options.cold:
        items = items[:3] + [words.cold_item if not options.bilan else "Avancement de votre projet"]
    suffix = words.suffixes[options.scale]
    header = [style.pick(words.timestamp), style.pick(words.session)]
    header += [f"{item}{suffix}" for item in items]
    header += [
        words.recommend if not options.bilan else "Recommanderiez-vous ce bilan ?",
        style.pick(words.comment),
    ]
    rows: list[list[object]] = []
    satisfied = answered = 0
    first, last = options.period or (ctx.reference_day - timedelta(days=330), ctx.reference_day - timedelta(days=5))
    span = max(1, (last - first).days)
    moments = sorted(
        datetime.combine(first + timedelta(days=style.randint(0, span)), datetime.min.time())
        + timedelta(hours=16, minutes=style.randint(30, 110))
        for _ in range(options.respondents)
    )
    for moment in moments:
        row: list[object] = [moment.strftime("%d/%m/%Y %H:%M"), style.pick(training_titles)]
        for _ in items:
            if style.chance(0.03):
                row.append(None)  # item left blank: excluded from the rate
                continue
            value = _answer(style, options.scale)
            answered += 1
            satisfied += _satisfied(value, options.scale)
            row.append(labels[value] if options.scale == "labels" else value)
        row.append(style.pick(words.answers) if options.scale != "labels" else style.pick(words.label_answers))
        row.append(style.pick(words.comments))
        rows.append(row)
    title = style.pick(words.titles)
    if options.cold:
        title = words.cold_title if not options.bilan else "Questionnaire de suivi à 6 mois"
    elif options.bilan:
        title = "Questionnaire de satisfaction fin de bilan"
    sheet = Sheet(
        name=words.sheet,
        rows=[[title], []] + [header] + rows,
        header_row=2,
        col_widths=[18, 34] + [16] * len(items) + [14, 40],
    )
    fields = {"respondents": options.respondents, "satisfaction_rate": round(satisfied / answered, 4)}
    extra = {
        "satisfaction_rate_basis": "share of top-2-box answers over every non-blank rating cell",
        "scale": options.scale,
        "rating_cells": answered,
        "satisfied_cells": satisfied,
    }
    return Built(Workbook(title=title, sheets=[sheet], author=ctx.org.name), fields, extra)


def survey_sheet_for_bilan(
    ctx: DossierContext, style: Style, titles: list[str], respondents: int, follow_up: int
) -> Built:
    """BC workbook: end-of-bilan sheet plus a 6-month follow-up sheet (the guide asks for both)."""
    end = build_satisfaction_workbook(
        ctx, style.fork("end"), titles, SurveyOptions(scale="10", respondents=respondents, bilan=True)
    )
    later = build_satisfaction_workbook(
        ctx, style.fork("later"), titles, SurveyOptions(scale="10", respondents=follow_up, bilan=True, cold=True)
    )
    book = end.content
    assert isinstance(book, Workbook) and isinstance(later.content, Workbook)
    follow = later.content.sheets[0]
    book.sheets.append(
        Sheet(name="Suivi 6 mois", rows=follow.rows, header_row=follow.header_row, col_widths=follow.col_widths)
    )
    cells = end.extra["rating_cells"] + later.extra["rating_cells"]
    satisfied = end.extra["satisfied_cells"] + later.extra["satisfied_cells"]
    fields = {"respondents": respondents + follow_up, "satisfaction_rate": round(satisfied / cells, 4)}
    extra = {
        "satisfaction_rate_basis": "share of answers >= 7/10 over every non-blank rating cell of both sheets",
        "scale": "10",
        "rating_cells": cells,
        "satisfied_cells": satisfied,
        "per_sheet": {"fin de bilan": end.fields, "suivi 6 mois": later.fields},
    }
    return Built(book, fields, extra)


def build_satisfaction_summary(
    ctx: DossierContext, style: Style, titles: list[str], *, respondents: int, sessions: int
) -> Built:
    """A one-page synthesis with the explicit rate, as organisations publish it (no raw answers)."""
    formats = Formats.of(style)
    satisfied = round(respondents * style.rng.uniform(0.86, 0.97))
    rate = satisfied / respondents
    year = ctx.reference_day.year - 1
    blocks: list[Block] = [
        Para(
            f"Période : du {formats.date(date(year, 1, 1))} au {formats.date(date(year, 12, 31))} — {sessions} sessions"
        ),
        Table(
            (
                ("Indicateur", "Valeur"),
                ("Nombre de répondants", str(respondents)),
                ("Taux de retour des questionnaires", style.percent(min(0.99, respondents / (respondents + 4)), 0)),
                ("Taux de satisfaction (satisfaits + très satisfaits)", style.percent(rate, 0)),
                ("Note moyenne", f"{3.6 + rate:.1f}/5".replace(".", ",")),
            ),
            col_widths=(3, 1),
        ),
        *section(style, "Formations concernées", titles),
        *section(
            style,
            "Principaux commentaires",
            [
                "Formateurs disponibles et pédagogues",
                "Exercices pratiques appréciés",
                "Quelques salles jugées bruyantes",
            ],
        ),
    ]
    document = Document(
        title=style.pick(["Bilan des questionnaires de satisfaction", "Synthèse des évaluations à chaud"]),
        blocks=blocks,
        header=ctx.org.name,
        font="sans",
        base_size=10,
        author=ctx.org.name,
    )
    fields = {"respondents": respondents, "satisfaction_rate": round(satisfied / respondents, 4)}
    return Built(document, fields, {"satisfaction_rate_basis": "explicit satisfied respondents / respondents"})


# --- Veille ---------------------------------------------------------------------------------------
WATCH_ENTRIES: dict[str, list[tuple[str, str, str, str]]] = {
    # type -> (source, topic, summary, exploitation)
    "Légale et réglementaire": [
        (
            "Centre Inffo — Quotidien de la formation",
            "Décret n° 2026-728 : nouveau référentiel national qualité",
            "33 indicateurs à compter du 1er novembre 2026",
            "Plan d'action qualité mis à jour ; réunion d'équipe le 15/09",
        ),
        (
            "travail-emploi.gouv.fr",
            "Participation forfaitaire au CPF",
            "Reste à charge du titulaire sur les achats CPF",
            "Mention ajoutée aux fiches programmes et aux CGV",
        ),
        (
            "Légifrance",
            "Contrat de formation des particuliers (L. 6353-3 et s.)",
            "Rappel des mentions obligatoires",
            "Modèle de contrat individuel révisé",
        ),
    ],
    "Métiers et compétences": [
        (
            "France Travail — Besoins en main-d'œuvre",
            "Métiers en tension de la région",
            "Hausse des besoins en managers " "de proximité et en gestion administrative",
            "Ouverture d'une session supplémentaire au second semestre",
        ),
        (
            "Observatoire de branche (OPCO)",
            "Évolution des compétences attendues",
            "Montée des compétences numériques",
            "Ajout d'un module outils collaboratifs dans deux programmes",
        ),
    ],
    "Innovations pédagogiques et technologiques": [
        (
            "Webinaire Learning Show",
            "Classes virtuelles interactives",
            "Outils de sondage et de quiz en direct",
            "Test de l'outil de quiz en session ; adopté pour l'évaluation finale",
        ),
        (
            "Revue Management & Formation",
            "Intelligence artificielle en formation",
            "Usages et limites des assistants IA",
            "Charte d'usage rédigée pour les formateurs",
        ),
    ],
    "Handicap": [
        (
            "Ressource Handicap Formation (Agefiph)",
            "Aménagements pédagogiques",
            "Fiches pratiques par type de handicap",
            "Fiches diffusées aux formateurs ; référent handicap formé",
        ),
    ],
}
PRE_2026_LEGAL = (
    "Légale et réglementaire",
    "Portail de l'alternance",
    "Aide à l'embauche des apprentis",
    "Montants de l'aide exceptionnelle pour les contrats signés en 2025",
    "Information des entreprises partenaires lors des réunions de rentrée",
)
BTP_TOPICS = [
    (
        "Métiers et compétences",
        "Fédération du bâtiment — note de conjoncture",
        "Réglementation environnementale RE2020",
        "Nouvelles compétences attendues en isolation",
        "Module RE2020 intégré au programme de 2e année",
    ),
    (
        "Innovations pédagogiques et technologiques",
        "Salon Batimat",
        "Réalité virtuelle pour la sécurité sur chantier",
        "Démonstration de casques VR",
        "Étude de faisabilité pour le plateau technique",
    ),
]


DECREE_PUBLISHED = date(2026, 8, 4)


def watch_rows(ctx: DossierContext, style: Style, *, exploited: bool, sector: str = "tertiaire") -> list[list[str]]:
    """Entries over the year before the dossier's reference day; none cites a text published after that day."""
    formats = Formats.of(style)
    entries = [(kind, *entry) for kind, values in WATCH_ENTRIES.items() for entry in values]
    if sector == "btp":
        entries = [entry for entry in entries if entry[0] != "Métiers et compétences"] + BTP_TOPICS
    if ctx.reference_day < DECREE_PUBLISHED:
        entries = [entry for entry in entries if "2026-728" not in entry[2]] + [PRE_2026_LEGAL]
    start = ctx.reference_day - timedelta(days=340)
    dated = []
    for index, (kind, source, topic, summary, action) in enumerate(entries):
        day = start + timedelta(days=index * 300 // len(entries) + style.randint(0, 10))
        if "2026-728" in topic:
            day = max(day, DECREE_PUBLISHED + timedelta(days=style.randint(3, 20)))
        who = style.pick(["Équipe", "Formateurs", "Direction", "Tous"])
        dated.append(
            (
                day,
                [
                    formats.date(day),
                    kind,
                    source,
                    topic,
                    summary,
                    action if exploited else "",
                    who if exploited else "",
                ],
            )
        )
    return [row for _, row in sorted(dated, key=lambda item: item[0])]


def build_watch_workbook(
    ctx: DossierContext, style: Style, *, exploited: bool = True, sector: str = "tertiaire"
) -> Built:
    header = [
        "Date",
        style.pick(["Type de veille", "Domaine", "Catégorie"]),
        "Source",
        style.pick(["Sujet", "Thème", "Information"]),
        style.pick(["Synthèse", "Résumé", "Contenu"]),
        style.pick(["Exploitation / impact", "Impact et actions", "Exploitation"]),
        style.pick(["Diffusion", "Personnes informées", "Communiqué à"]),
    ]
    rows = watch_rows(ctx, style, exploited=exploited, sector=sector)
    title = style.pick(
        ["Tableau de veille", "Registre de veille", f"Veille {ctx.reference_day.year - 1}-{ctx.reference_day.year}"]
    )
    sheet = Sheet(
        name="Veille",
        rows=[[f"{title} — {ctx.org.name}"], []] + [header] + rows,
        header_row=2,
        col_widths=[12, 24, 30, 36, 40, 44, 14],
    )
    return Built(Workbook(title=title, sheets=[sheet], author=ctx.org.name))


def build_watch_document(ctx: DossierContext, style: Style, *, exploited: bool = True) -> Built:
    rows = watch_rows(ctx, style, exploited=exploited)
    blocks: list[Block] = [
        Para(
            style.pick(
                [
                    "Journal de veille tenu par la direction.",
                    "Veille réglementaire, métiers et pédagogique — notes de suivi.",
                ]
            )
        )
    ]
    for date_text, kind, source, topic, summary, action, who in rows:
        blocks.append(Heading(f"{date_text} — {kind}", 2))
        lines = [f"Source : {source}", f"Sujet : {topic}", f"Synthèse : {summary}"]
        if action:
            lines.append(f"Impact / action : {action} (diffusé à : {who})")
        blocks += [Para(line) for line in lines]
    document = Document(
        title=style.pick(["VEILLE", "Journal de veille", "Notes de veille"]), blocks=blocks, author=ctx.org.name
    )
    return Built(document)


# --- CV formateur ---------------------------------------------------------------------------------
BTP_TRADES = (
    ("maçonnerie — gros œuvre", "chef d'équipe gros œuvre", "Brevet professionnel Maçon"),
    ("menuiserie", "menuisier poseur puis chef d'atelier", "Brevet professionnel Menuisier"),
    ("électricité", "électricien du bâtiment puis chef de chantier", "Brevet professionnel Électricien"),
)


def _cv_profile(
    ctx: DossierContext, person: Person, training: Training, profile: str, index: int
) -> tuple[str, list[str], list[str]]:
    """Headline, experience and diplomas of one contributor."""
    year = ctx.reference_day.year
    org = ctx.org
    trainer_word = person.agree("formateur", "formatrice")
    if profile == "psychologist":
        return (
            f"Psychologue du travail — {person.agree('consultant', 'consultante')} en bilan de compétences",
            [
                f"Depuis {year - 9} : {person.agree('consultant', 'consultante')} bilan de compétences, {org.name}",
                f"{year - 15}-{year - 9} : {person.agree('conseiller', 'conseillère')} en évolution professionnelle, "
                "cabinet RH",
                "Plus de 300 bilans de compétences réalisés",
            ],
            [
                "Master 2 Psychologie du travail et des organisations (n° ADELI enregistré)",
                "Habilitation à l'utilisation des inventaires de personnalité et d'intérêts professionnels",
            ],
        )
    if profile == "btp":
        trade, job, diploma = BTP_TRADES[index % len(BTP_TRADES)]
        where = org.name if org.name.upper().startswith("CFA") else f"l'organisme {org.name}"
        return (
            f"{trainer_word.capitalize()} {trade}",
            [
                f"Depuis {year - 7 - index} : {trainer_word} au {where}",
                f"{year - 22}-{year - 7 - index} : {job} en entreprise du bâtiment",
                f"{person.agree('Maître', 'Maîtresse')} d'apprentissage pendant 6 ans",
            ],
            [diploma, "Titre professionnel Formateur professionnel d'adultes (FPA)"],
        )
    if profile == "founder":
        return (
            f"{person.agree('Fondateur', 'Fondatrice')} et {trainer_word} — {training.title}",
            [
                f"Depuis {ctx.founded.year} : {person.agree('fondateur', 'fondatrice')} {of(org.name)}",
                f"{year - 9}-{ctx.founded.year} : {person.agree('développeur', 'développeuse')} puis lead technique "
                "en agence web",
                f"{year - 12}-{year - 9} : {trainer_word} vacataire en école du numérique (120 h par an)",
            ],
            ["Diplôme d'ingénieur en informatique", "Titre professionnel Formateur professionnel d'adultes (FPA)"],
        )
    return (
        f"{person.agree('Formateur consultant', 'Formatrice consultante')} — {training.title}",
        [
            f"Depuis {year - 11} : {trainer_word} {person.agree('indépendant', 'indépendante')} puis "
            f"{trainer_word} {person.agree('permanent', 'permanente')} chez {org.name}",
            f"{year - 20}-{year - 11} : responsable d'équipe dans le secteur des services",
            f"Plus de 2 500 heures de formation animées sur le thème « {training.title} »",
        ],
        ["Master Management des organisations", "Certificat de formateur d'adultes"],
    )


def build_trainer_cv(
    ctx: DossierContext,
    style: Style,
    trainer: Person,
    training: Training,
    *,
    profile: str = "trainer",
    second: Person | None = None,
) -> Built:
    formats = Formats.of(style)
    year = ctx.reference_day.year
    blocks: list[Block] = []
    for index, person in enumerate([trainer] + ([second] if second else [])):
        p_style = style.fork(person.full)
        headline, experience, diplomas = _cv_profile(ctx, person, training, profile, index)
        continuing = [
            f"{formats.date(date(year - 1, 3, 14))} : classe virtuelle et outils collaboratifs (14 h)",
            f"{formats.date(date(year - 1, 10, 2))} : sensibilisation à l'accueil des personnes en situation de handicap (7 h)",
            f"{formats.date(date(year - 2, 6, 20))} : évaluer les acquis des apprenants (14 h)",
        ]
        blocks += [
            Para(person.full.upper(), bold=True, size=14),
            Para(headline),
            Para(f"Courriel : {person.email_local}@{ctx.org.email_domain}", size=8),
            *section(p_style, p_style.pick(["Expérience professionnelle", "Parcours professionnel"]), experience),
            *section(p_style, p_style.pick(["Diplômes et certifications", "Formation initiale", "Diplômes"]), diplomas),
            *section(
                p_style,
                p_style.pick(["Formations suivies", "Développement des compétences", "Formation continue"]),
                continuing,
            ),
        ]
        if second and person is trainer:
            blocks.append(Heading("—", 2))
    document = Document(
        title=style.pick(["CURRICULUM VITAE", "CV", ""]),
        blocks=blocks,
        font=style.pick(["sans", "serif"]),
        base_size=10.0,
        author=trainer.full,
    )
    return Built(document)


# --- Conseil de perfectionnement (no contract doc_type: kept as `unknown`) ------------------------
def build_council_minutes(ctx: DossierContext, style: Style, *, members: list[Person]) -> Built:
    formats = Formats.of(style)
    director, referent = ctx.org.director, ctx.people.handicap_referent
    meeting = date(ctx.reference_day.year - 1, 6, 24)
    blocks: list[Block] = [
        Para(f"Réunion du {formats.date(meeting)} — {ctx.org.address}"),
        *section(
            style,
            "Présents",
            [
                f"{director.full}, {ctx.org.director_title.lower()} du CFA ({director.agree('président', 'présidente')} "
                "de séance)",
                f"{members[0].full} et {members[1].full}, représentants des apprentis",
                f"{members[2].full}, {members[2].agree('formateur', 'formatrice')} maçonnerie ; {members[3].full}, "
                f"{members[3].agree('formateur', 'formatrice')} enseignement général",
                f"{members[4].full} (Bâti-Rénov) et {members[5].full} (Menuiserie Lemoine), représentants des entreprises",
                f"{referent.full}, {referent.agree('référent', 'référente')} handicap",
            ],
        ),
        *section(
            style,
            "Ordre du jour",
            [
                "Résultats aux examens et taux de rupture",
                "Retours des apprentis et des entreprises",
                "Projets de l'année",
            ],
        ),
        *section(
            style,
            "Relevé de décisions",
            [
                "Taux de réussite CAP : 81 % ; 4 ruptures de contrat analysées (causes : orientation, éloignement).",
                "Création d'un atelier de remise à niveau en mathématiques le mercredi après-midi.",
                "Renforcement des visites en entreprise au premier trimestre pour les apprentis mineurs.",
                "Mobilité : deux apprentis en stage Erasmus+ en Espagne (accompagnement par "
                f"{ctx.people.quality_manager.agree('le référent', 'la référente')} mobilité).",
            ],
        ),
        Para(f"Prochaine réunion : {formats.date(date(meeting.year, 12, 9))}"),
    ]
    document = Document(
        title=style.pick(["Compte rendu du conseil de perfectionnement", "CONSEIL DE PERFECTIONNEMENT"]),
        blocks=blocks,
        header=ctx.org.name,
        font="serif",
        base_size=10,
        author=ctx.org.director.full,
    )
    return Built(document)
