"""Organisation-wide documents: CGV, règlement intérieur, livret d'accueil, réclamations, amélioration continue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from data.samplegen.builders.common import Built, DossierContext, Formats, legal_line, nda_sentence, of, section
from data.samplegen.model import Block, Document, Heading, Para, Table
from data.samplegen.style import Style


def article_pattern(style: Style) -> str:
    return style.pick(["Article {n} – {t}", "ARTICLE {n} : {T}", "{n}. {t}", "Art. {n} - {t}"])


def _numbered(style: Style, articles: list[tuple[str, str | list[str]]], pattern: str, start: int = 1) -> list[Block]:
    """Articles numbered in one house style (`pattern` is fixed for the whole document)."""
    blocks: list[Block] = []
    for number, (title, body) in enumerate(articles, start=start):
        blocks += section(style, pattern.format(n=number, t=title, T=title.upper()), body)
    return blocks


# --- CGV ------------------------------------------------------------------------------------------
def build_terms_of_sale(
    ctx: DossierContext,
    style: Style,
    *,
    individuals: bool = True,
    subcontracting_clause: bool = False,
    complaints_article: bool = True,
) -> Built:
    org = ctx.org
    formats = Formats.of(style)
    vat = (
        style.pick(
            [
                "Prix nets de taxe : TVA non applicable, art. 261-4-4° a du CGI.",
                "Les tarifs sont exprimés en euros net de taxe (exonération de TVA, article 261-4-4° a du CGI).",
            ]
        )
        if ctx.vat_exempt
        else style.pick(
            [
                "Nos prix sont indiqués hors taxes ; la TVA au taux en vigueur s'y ajoute.",
                "Tous nos prix sont exprimés en euros hors taxes (HT), TVA en sus au taux légal.",
            ]
        )
    )
    articles: list[tuple[str, str | list[str]]] = [
        (
            "Objet et champ d'application",
            f"Les présentes conditions générales de vente s'appliquent à toutes les "
            f"prestations de formation proposées par {org.name}, en inter-entreprises, en intra-entreprise ou à distance. "
            "Toute commande implique l'acceptation sans réserve des présentes CGV.",
        ),
        (
            "Inscription",
            "L'inscription est ferme à réception du bulletin d'inscription ou de la convention de formation "
            "signée. Une convocation précisant les horaires, le lieu et les modalités d'accès est adressée à chaque "
            "participant au moins 7 jours avant la session.",
        ),
        (
            "Prix et facturation",
            f"{vat} Les prix comprennent les supports pédagogiques. Les frais de repas, "
            "d'hébergement et de déplacement restent à la charge du client. La facture est émise à l'issue de la formation.",
        ),
        (
            "Modalités de paiement",
            style.pick(
                [
                    "Le règlement s'effectue à réception de facture, par virement ou chèque, à 30 jours. En cas de prise en "
                    "charge par un OPCO, le client effectue la demande avant le début de la formation et l'indique lors de "
                    "l'inscription ; à défaut d'accord de prise en charge, le coût reste dû par le client.",
                    "Paiement à 30 jours date de facture. Tout retard entraîne des pénalités égales à trois fois le taux "
                    "d'intérêt légal et une indemnité forfaitaire de 40 € pour frais de recouvrement.",
                ]
            ),
        ),
        (
            "Annulation, report et abandon",
            [
                "Toute annulation doit être notifiée par écrit.",
                "Le tableau ci-dessous précise les frais retenus selon la date d'annulation.",
                "En cas d'abandon en cours de formation, seules les heures réalisées sont facturées, sauf cas de force majeure.",
                f"{org.name} se réserve le droit de reporter une session si le nombre de participants est insuffisant ; "
                "les participants sont prévenus au moins 10 jours avant.",
            ],
        ),
    ]
    pattern = article_pattern(style)
    blocks: list[Block] = [Para(legal_line(style, org), size=8, align="center")]
    blocks += _numbered(style, articles, pattern)
    fee = formats.money
    blocks.append(
        Table(
            (
                ("Date de l'annulation", "Frais retenus"),
                ("Plus de 15 jours avant le début", "Aucun frais"),
                ("Entre 15 et 7 jours avant le début", f"30 % du prix (minimum {fee(150)})"),
                ("Moins de 7 jours avant le début", "50 % du prix"),
                ("Absence non signalée le jour de la formation", "100 % du prix"),
            ),
            col_widths=(2, 1.6),
        )
    )
    more: list[tuple[str, str | list[str]]] = []
    if individuals:
        more.append(
            (
                "Dispositions particulières aux personnes physiques finançant elles-mêmes leur formation",
                [
                    "Un contrat de formation est conclu conformément aux articles L. 6353-3 à L. 6353-7 du code du travail.",
                    "Dans le délai de dix jours à compter de la signature du contrat, le stagiaire peut se rétracter par "
                    "lettre recommandée avec avis de réception.",
                    "Aucune somme ne peut être exigée avant l'expiration de ce délai ; il ne peut être payé à cette date une "
                    "somme supérieure à 30 % du prix convenu, le solde étant échelonné au fur et à mesure du déroulement de la "
                    "formation.",
                ],
            )
        )
    if subcontracting_clause:
        more.append(
            (
                "Sous-traitance",
                "Certaines actions peuvent être confiées à des organismes partenaires "
                "sélectionnés par nos soins ; ils s'engagent contractuellement à respecter notre démarche qualité.",
            )
        )
    more += [
        (
            "Force majeure",
            "Aucune des parties ne peut être tenue responsable d'un manquement dû à un cas de force "
            "majeure au sens de l'article 1218 du code civil.",
        ),
        (
            "Propriété intellectuelle",
            "Les supports remis restent la propriété de l'organisme ; toute reproduction ou "
            "diffusion sans autorisation écrite est interdite.",
        ),
        (
            "Données personnelles",
            f"Les données recueillies sont traitées par {org.name} pour la gestion des "
            f"formations, conformément au RGPD. Droit d'accès et de rectification : {org.email('rgpd')}.",
        ),
    ]
    if complaints_article:
        more.append(
            (
                "Réclamations",
                f"Toute réclamation peut être adressée par écrit à {org.email('qualite')} ; elle "
                "fait l'objet d'un accusé de réception et d'une réponse motivée.",
            )
        )
    more += [
        ("Litiges", f"À défaut de règlement amiable, tout litige relève des tribunaux {of(org.place.city)}."),
    ]
    blocks += _numbered(style, more, pattern, start=len(articles) + 1)
    blocks.append(Para(nda_sentence(style, org), size=8))
    year = ctx.reference_day.year
    document = Document(
        title=style.pick(
            [
                "CONDITIONS GÉNÉRALES DE VENTE",
                f"Conditions générales de vente {year}",
                "Conditions Générales de Vente (CGV)",
            ]
        ),
        blocks=blocks,
        header=f"{org.name} — CGV en vigueur au {formats.date(ctx.dated(date(year, 1, 1)))}",
        footer=f"{org.name} · {org.website}",
        font=style.pick(["sans", "serif"]),
        base_size=9.0,
        author=org.name,
    )
    return Built(document)


# --- Règlement intérieur --------------------------------------------------------------------------
@dataclass(frozen=True)
class RulesOptions:
    violence_procedure: bool = False  # 2026 indicator 12 (and 15 for CFAs)
    engagement_measures: bool = True  # indicator 12: follow-up of absences, drop-out prevention
    apprentices: bool = False  # CFA: apprentices' rights and duties (indicator 15)
    representation: bool = False  # trainings > 500 h


def build_internal_rules(ctx: DossierContext, style: Style, options: RulesOptions) -> Built:
    org, people = ctx.org, ctx.people
    learner = "apprenti" if options.apprentices else style.pick(["stagiaire", "stagiaire", "apprenant"])
    to_learner = f"à l'{learner}" if learner[0] in "aeiou" else f"au {learner}"
    articles: list[tuple[str, str | list[str]]] = [
        (
            "Objet et champ d'application",
            style.pick(
                [
                    "Le présent règlement est établi conformément aux dispositions des articles L. 6352-3 et L. 6352-4 et "
                    f"R. 6352-1 à R. 6352-15 du code du travail. Il s'applique à toute personne inscrite à une action de "
                    f"formation organisée par {org.name}, pour toute la durée de la formation.",
                    f"En application des articles L.6352-3, L.6352-4 et R.6352-1 et suivants du code du travail, le présent "
                    f"règlement intérieur définit les règles applicables aux {learner}s {of(org.name)}.",
                ]
            ),
        ),
        (
            "Hygiène et sécurité",
            [
                f"Chaque {learner} veille à sa sécurité et à celle des autres en respectant les consignes générales et "
                "particulières de sécurité et d'hygiène en vigueur sur le lieu de formation.",
                "Lorsque la formation se déroule dans une entreprise déjà dotée d'un règlement intérieur, les mesures de "
                "santé et de sécurité applicables sont celles de ce dernier règlement.",
                "Les consignes d'incendie et le plan d'évacuation sont affichés dans les locaux ; chacun doit en prendre "
                "connaissance.",
                "Il est interdit d'introduire des boissons alcoolisées ou des substances illicites, et de fumer ou vapoter "
                "dans les locaux.",
            ],
        ),
        (
            "Horaires, absences et retards",
            [
                f"Les horaires sont communiqués avec la convocation. Les {learner}s signent la feuille d'émargement par "
                "demi-journée (matin et après-midi).",
                "Toute absence ou tout retard doit être signalé et justifié ; l'organisme informe l'employeur ou le "
                "financeur des absences.",
            ],
        ),
        (
            "Comportement et utilisation du matériel",
            f"Chaque {learner} adopte un comportement respectueux envers les "
            "autres participants et l'équipe, et utilise le matériel conformément à son objet.",
        ),
    ]
    if options.engagement_measures:
        articles.append(
            (
                "Assiduité et prévention des abandons",
                [
                    "Le formateur suit l'assiduité à chaque demi-journée ; toute absence non justifiée donne lieu à un appel "
                    "de l'équipe pédagogique le jour même.",
                    "En cas de difficulté ou de risque d'abandon, un entretien individuel est proposé avec le référent "
                    f"pédagogique ({people.pedagogical_referent.full}) pour rechercher une solution (adaptation du rythme, "
                    "report, accompagnement).",
                ],
            )
        )
    if options.apprentices:
        articles.append(
            (
                "Droits et devoirs de l'apprenti",
                [
                    "L'apprenti est un salarié : il bénéficie des dispositions du code du travail et de la convention "
                    "collective de son entreprise (rémunération, congés payés, protection sociale).",
                    "Le temps passé au CFA est du temps de travail ; la présence aux cours est obligatoire et les absences "
                    "sont signalées à l'employeur.",
                    "L'apprenti respecte les règles de santé et de sécurité au travail de l'entreprise et du CFA, porte les "
                    "équipements de protection individuelle en atelier et sur chantier.",
                    "Les apprentis mineurs ne peuvent être affectés à des travaux dangereux qu'après déclaration de "
                    "dérogation par l'employeur.",
                ],
            )
        )
    if options.violence_procedure:
        articles.append(
            (
                "Prévention et traitement des violences, du harcèlement et des discriminations",
                [
                    "Tout propos ou comportement sexiste, toute violence sexuelle, tout harcèlement moral ou sexuel et toute "
                    "discrimination sont interdits et passibles de sanctions.",
                    f"Toute personne victime ou témoin peut le signaler, y compris de façon confidentielle, à la personne "
                    f"référente désignée, {people.quality_manager.full} ({org.email('signalement')}), ou à tout membre de "
                    "l'équipe.",
                    "Chaque signalement est enregistré dans un registre confidentiel ; la victime est reçue sous 48 heures, "
                    "des mesures de protection sont prises immédiatement et une enquête est conduite avant toute sanction.",
                    "Les numéros d'écoute nationaux (3919, 119, Défenseur des droits au 3928) sont affichés dans les locaux.",
                ],
            )
        )
    articles += [
        (
            "Sanctions",
            [
                "Tout manquement au présent règlement peut faire l'objet d'une sanction, selon l'échelle suivante : "
                "avertissement écrit, blâme, exclusion temporaire, exclusion définitive.",
                "Les amendes ou autres sanctions pécuniaires sont interdites.",
            ],
        ),
        (
            "Procédure disciplinaire et droits de la défense",
            [
                f"Aucune sanction ne peut être infligée {to_learner} sans qu'il ait été informé au préalable des griefs "
                "retenus contre lui.",
                "Il est convoqué par écrit à un entretien ; il peut s'y faire assister par une personne de son choix.",
                "La sanction, motivée et notifiée par écrit, ne peut intervenir moins d'un jour franc ni plus de quinze "
                "jours après l'entretien. L'employeur et le financeur en sont informés.",
            ],
        ),
    ]
    if options.representation:
        articles.append(
            (
                "Représentation des stagiaires",
                "Pour les formations d'une durée supérieure à 500 heures, "
                "un délégué titulaire et un délégué suppléant sont élus au scrutin uninominal à deux tours, "
                "au plus tôt 20 heures et au plus tard 40 heures après le début de la formation.",
            )
        )
    articles.append(
        (
            "Publicité",
            "Le présent règlement est remis à chaque participant avant son entrée en formation "
            "et affiché dans les locaux.",
        )
    )
    blocks: list[Block] = _numbered(style, articles, article_pattern(style))
    formats = Formats.of(style)
    blocks.append(
        Para(
            f"{style.word('updated_on')} {formats.date(ctx.dated(date(ctx.reference_day.year - 1, 9, 1)))} — "
            f"{org.director.full}, {org.director_title.lower()}",
            align="right",
        )
    )
    title = style.pick(
        [
            "RÈGLEMENT INTÉRIEUR",
            "Règlement intérieur applicable aux stagiaires",
            "Règlement intérieur de l'organisme de formation",
        ]
    )
    if options.apprentices:
        title = style.pick(["Règlement intérieur du CFA", "RÈGLEMENT INTÉRIEUR — Apprentis et stagiaires"])
    document = Document(
        title=title,
        blocks=blocks,
        header=org.name,
        footer=legal_line(style, org),
        font=style.pick(["sans", "serif"]),
        base_size=9.5,
        author=org.name,
    )
    return Built(document)


# --- Livret d'accueil -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BookletOptions:
    cfa: bool = False
    qualiopi_certified: bool = True
    disability_network: bool = True  # indicator 26
    resources: bool = True  # indicator 19
    complaints_info: bool = True
    violence_contact: bool = False  # 2026 indicators 12/15
    mediator: bool = False  # 2026 indicator 15 (CFA)
    rupture_procedure: bool = False  # 2026 indicator 14 (CFA)
    certificate_number: str | None = None  # the number of the certificate the dossier holds, when it holds one


def build_welcome_booklet(ctx: DossierContext, style: Style, options: BookletOptions) -> Built:
    org, people = ctx.org, ctx.people
    learner = "apprenti" if options.cfa else style.pick(["stagiaire", "participant"])
    blocks: list[Block] = [
        Para(
            style.pick(
                [
                    f"Bienvenue chez {org.name} !",
                    "Bienvenue !",
                    f"Toute l'équipe {of(org.name)} vous souhaite " "la bienvenue.",
                ]
            ),
            bold=True,
            size=12,
        ),
        Para(
            "Ce livret rassemble les informations utiles au bon déroulement de votre formation. Conservez-le et "
            "n'hésitez pas à solliciter l'équipe."
        ),
    ]
    presentation = [f"{org.name} ({org.legal_form}) — {org.address}", nda_sentence(style, org)]
    if options.qualiopi_certified:
        presentation.append(
            f"Certifié Qualiopi au titre de la catégorie {'actions de formation par apprentissage' if options.cfa else 'actions de formation'} "
            f"(certificat n° {options.certificate_number or f'{style.digits(4)}-Q-{ctx.reference_day.year - 2}'})."
        )
    blocks += section(
        style, style.pick(["Qui sommes-nous ?", "Présentation de l'organisme", "Notre organisme"]), presentation
    )
    pedagogy, handicap_ref = people.pedagogical_referent, people.handicap_referent
    team = [
        f"{pedagogy.agree('Référent', 'Référente')} pédagogique : {pedagogy.full} — {org.email('pedagogie')}",
        f"Contact administratif : {people.admin_contact.full} — {org.phone}",
        f"{handicap_ref.agree('Référent', 'Référente')} handicap : {handicap_ref.full} — {org.email('handicap')}",
    ]
    if options.cfa:
        mobility = people.quality_manager
        team.append(
            f"{mobility.agree('Référent', 'Référente')} mobilité nationale et internationale : {mobility.full} — "
            f"{org.email('mobilite')}"
        )
        team.append(f"{org.director_title} : {org.director.full}")
    blocks += section(style, style.pick(["Vos interlocuteurs", "L'équipe et les référents", "Qui contacter ?"]), team)
    practical = [
        f"Adresse : {org.address} (plan d'accès joint en dernière page)",
        style.pick(["Horaires : 9h00 – 12h30 / 13h30 – 17h00", "Horaires habituels : 8h30-12h00 et 13h00-16h30"]),
        style.pick(
            [
                f"Accès : tramway et bus à 200 m (arrêt « {org.place.city} Centre ») ; parking gratuit",
                "Transports en commun à proximité ; parking visiteurs devant le bâtiment",
            ]
        ),
        style.pick(
            [
                "Restauration : plusieurs restaurants à proximité ; espace repas avec réfrigérateur et micro-ondes",
                (
                    "Restauration : self du CFA ouvert de 11h45 à 13h15 (tarif apprenti)"
                    if options.cfa
                    else "Repas : salle de pause équipée ; liste des restaurants partenaires à l'accueil"
                ),
            ]
        ),
        "Hébergement : liste d'hôtels et de résidences partenaires disponible sur demande",
    ]
    blocks += section(
        style, style.pick(["Informations pratiques", "Votre venue", "Plan d'accès, horaires, restauration"]), practical
    )
    progress = [
        "Une convocation vous est adressée avant la formation avec le programme et le règlement intérieur.",
        "Vous signez la feuille d'émargement chaque demi-journée.",
        "Une évaluation des acquis est réalisée en fin de formation ; un questionnaire de satisfaction vous est "
        "proposé à chaud, puis à froid quelques semaines plus tard.",
    ]
    blocks += section(
        style, style.pick(["Le déroulement de votre formation", "Pendant la formation", "Votre parcours"]), progress
    )
    if options.resources:
        blocks += section(
            style,
            style.pick(["Ressources pédagogiques", "Vos supports et outils", "Centre de ressources"]),
            [
                "Les supports de cours sont remis sous format numérique sur notre plateforme en ligne (identifiants "
                "envoyés par courriel).",
                "Un tutoriel de connexion et une assistance technique (hotline du lundi au vendredi) sont à votre disposition.",
                "Un centre de documentation (ouvrages, revues professionnelles) est accessible aux heures d'ouverture.",
            ],
        )
    handicap = [
        f"Nos locaux sont accessibles aux personnes à mobilité réduite. "
        f"{handicap_ref.agree('Notre référent', 'Notre référente')} handicap, {handicap_ref.full}, étudie avec vous les aménagements nécessaires (rythme, supports, matériel, "
        "aménagement des examens).",
    ]
    if options.disability_network:
        handicap.append(
            "Nous travaillons avec un réseau de partenaires : Agefiph, Cap emploi, MDPH, Ressource Handicap "
            "Formation (RHF) de notre région, et des prestataires d'appui spécifique (interprétariat LSF, "
            "transcription)."
        )
    blocks += section(
        style,
        style.pick(["Accessibilité et handicap", "Situation de handicap", "Personnes en situation " "de handicap"]),
        handicap,
    )
    if options.cfa:
        blocks += section(
            style,
            style.pick(["Accompagnement des apprentis", "Un accompagnement au quotidien"]),
            [
                "Accompagnement socio-professionnel : aide au logement, à la mobilité (aide au permis de conduire), aides "
                "financières, orientation vers l'assistante sociale partenaire.",
                "Activités éducatives et citoyennes : association sportive, sorties culturelles, sensibilisation à "
                "l'égalité filles-garçons et à la prévention des addictions.",
                "Suivi en entreprise : deux visites par an du formateur référent et un livret d'apprentissage partagé avec "
                "le maître d'apprentissage.",
            ],
        )
        blocks += section(
            style,
            "Vos droits et devoirs d'apprenti",
            [
                "Vous êtes salarié de votre entreprise : contrat de travail, rémunération, congés payés, sécurité sociale.",
                "Vous devez suivre les cours du CFA, respecter le règlement intérieur et les consignes de sécurité "
                "(équipements de protection individuelle).",
                "Une réunion d'information collective sur la santé et la sécurité au travail est organisée à la rentrée.",
            ],
        )
        blocks += section(
            style,
            "Insertion et poursuite de parcours",
            [
                "Job dating avec les entreprises partenaires du bâtiment chaque printemps.",
                "Ateliers CV et lettre de motivation ; participation aux Olympiades des métiers (WorldSkills).",
                "Information sur les poursuites de formation au CFA.",
            ],
        )
        blocks += section(
            style,
            "Conseil de perfectionnement",
            "Le conseil de perfectionnement réunit deux fois par an "
            "des représentants des apprentis, des formateurs et des entreprises ; il examine les "
            "résultats du CFA et propose des améliorations. Le compte rendu est affiché.",
        )
    if options.violence_contact:
        blocks += section(
            style,
            "Violences, harcèlement, discriminations : vous n'êtes pas seul(e)",
            [
                f"{people.quality_manager.agree('Référent', 'Référente')} : {people.quality_manager.full} — "
                f"{org.email('signalement')} (signalement confidentiel).",
                "Procédure : accueil de la victime sous 48 h, mesures de protection, enquête, information de "
                "l'employeur et, si besoin, de l'inspection du travail.",
            ],
        )
    if options.mediator:
        blocks += section(
            style,
            "Médiateur de l'apprentissage",
            "En cas de différend avec votre employeur : médiateur consulaire de la chambre de métiers.",
        )
    if options.complaints_info:
        blocks += section(
            style,
            style.pick(["Une réclamation ?", "Réclamations et suggestions", "Vous souhaitez faire " "une réclamation"]),
            f"Adressez-la par écrit à {org.email('qualite')} ou "
            "via le formulaire disponible à l'accueil : nous accusons réception sous 48 heures et "
            "répondons sous 15 jours.",
        )
    blocks += section(
        style, "Contacts", [f"Standard : {org.phone}", f"Courriel : {org.email('contact')}", f"Site : {org.website}"]
    )
    title = style.pick(
        [
            "LIVRET D'ACCUEIL",
            f"Livret d'accueil du {learner}",
            "Livret d'accueil",
            f"Livret d'accueil {ctx.reference_day.year - 1}-{ctx.reference_day.year}",
        ]
    )
    document = Document(
        title=title,
        blocks=blocks,
        header=org.name,
        footer=org.website,
        font=style.pick(["sans", "serif"]),
        base_size=10.0,
        author=org.name,
    )
    return Built(document)


# --- Réclamations ---------------------------------------------------------------------------------
def build_complaints_procedure(ctx: DossierContext, style: Style, *, with_log: bool = True) -> Built:
    org, people = ctx.org, ctx.people
    formats = Formats.of(style)
    delay_ack = style.pick(["48 heures", "2 jours ouvrés", "5 jours"])
    delay_answer = style.pick(["15 jours", "un mois", "10 jours ouvrés"])
    steps = [
        (
            "Objet",
            "Cette procédure décrit le traitement des réclamations, des difficultés rencontrées et des aléas "
            "survenant en cours de prestation, quelle que soit la partie prenante (stagiaire, entreprise, financeur, "
            "formateur). Une réclamation est une demande écrite visant à faire valoir un droit ou à obtenir ce qui est dû.",
        ),
        (
            "Réception",
            [
                f"Par courriel à {org.email('qualite')}",
                "Par courrier ou via le formulaire de réclamation",
                "Une réclamation orale est retranscrite par l'équipe sur le formulaire",
            ],
        ),
        (
            "Accusé de réception",
            f"{people.quality_manager.agree('Le responsable', 'La responsable')} qualité, "
            f"{people.quality_manager.full}, accuse réception sous "
            f"{delay_ack} et enregistre la réclamation dans le registre de suivi.",
        ),
        (
            "Analyse et réponse",
            f"La réclamation est analysée avec les personnes concernées ; une réponse écrite et "
            f"motivée est apportée dans un délai de {delay_answer}.",
        ),
        (
            "Clôture et amélioration",
            "La réclamation est clôturée lorsque la solution est mise en œuvre ; les causes "
            "sont analysées en revue qualité et alimentent le plan d'amélioration continue.",
        ),
        (
            "Aléas",
            [
                "Absence du formateur : remplacement par un formateur de même compétence ou report de la session",
                "Salle indisponible : solution de repli ou bascule en classe virtuelle",
                "Panne technique : matériel de secours et assistance téléphonique",
            ],
        ),
    ]
    numbered = style.chance(0.5)
    blocks: list[Block] = []
    for index, (title, body) in enumerate(steps, start=1):
        blocks += section(style, f"{index}. {title}" if numbered else title, body)
    if with_log:
        start = ctx.reference_day - timedelta(days=300)
        rows = [("N°", "Date", "Origine", "Objet", "Réponse / action", "Clôture")]
        entries = [
            ("Stagiaire", "Support de cours reçu en retard", "Envoi du support ; envoi systématique J-2 désormais"),
            ("Entreprise", "Facture adressée au mauvais service", "Facture rééditée ; fiche client mise à jour"),
            ("Stagiaire", "Salle trop froide (session de janvier)", "Intervention du bailleur ; salle changée"),
        ]
        for index, (who, what, action) in enumerate(entries, start=1):
            day = start + timedelta(days=70 * index)
            rows.append(
                (
                    f"R{day.year}-{index:02d}",
                    formats.date(day),
                    who,
                    what,
                    action,
                    formats.date(day + timedelta(days=9)),
                )
            )
        blocks += [
            Heading(style.pick(["Registre des réclamations (extrait)", "Suivi des réclamations"])),
            Table(tuple(rows), col_widths=(0.7, 1, 1, 2, 2.4, 1)),
        ]
    document = Document(
        title=style.pick(
            [
                "Procédure de traitement des réclamations",
                "PROCÉDURE RÉCLAMATIONS ET ALÉAS",
                "Gestion des réclamations, difficultés et aléas",
            ]
        ),
        blocks=blocks,
        header=f"{org.name} — Système qualité",
        footer=f"PR-QUA-0{style.randint(2, 6)} — version 3",
        font=style.pick(["sans", "narrow"]),
        base_size=9.5,
        author=people.quality_manager.full,
    )
    return Built(document)


# --- Amélioration continue ------------------------------------------------------------------------
def build_improvement_plan(ctx: DossierContext, style: Style, *, risk_analysis: bool) -> Built:
    org, people = ctx.org, ctx.people
    formats = Formats.of(style)
    year = ctx.reference_day.year
    actions = [
        (
            "Questionnaire à froid des entreprises clientes",
            "Ajout d'un point d'étape avec le manager à mi-parcours",
            people.pedagogical_referent.full,
            date(year - 1, 5, 31),
            "Réalisé",
            "Satisfaction entreprises 4,5/5",
        ),
        (
            "Réunion pédagogique des formateurs",
            "Harmonisation des grilles d'évaluation finale",
            people.quality_manager.full,
            date(year - 1, 10, 15),
            "Réalisé",
            "Grilles communes utilisées",
        ),
        (
            "Questionnaires à chaud (note supports 3,1/5)",
            f"Refonte des supports « {ctx.trainings[0].title} »",
            people.pedagogical_referent.full,
            date(year - 1, 6, 30),
            "Réalisé",
            "Note supports 4,3/5 au S2",
        ),
        (
            "Réclamation R-02 (facturation)",
            "Vérification des coordonnées de facturation à l'inscription",
            people.admin_contact.full,
            date(year - 1, 4, 15),
            "Réalisé",
            "Aucune nouvelle réclamation",
        ),
        (
            f"Abandons (2 en {year - 1})",
            "Appel systématique après une absence non justifiée",
            people.pedagogical_referent.full,
            date(year - 1, 9, 1),
            "Réalisé",
            "0 abandon au S2",
        ),
        (
            "Retour financeur (OPCO)",
            "Envoi des certificats de réalisation sous 5 jours",
            people.admin_contact.full,
            date(year, 1, 31),
            "En cours",
            "À mesurer",
        ),
        (
            "Veille réglementaire",
            "Mise à jour des CGV (rétractation, médiation de la consommation)",
            org.director.full,
            date(year, 3, 31),
            "En cours",
            "—",
        ),
    ]
    rows = [("Origine", "Action", "Responsable", "Échéance", "État", "Efficacité")]
    rows += [(o, a, r, formats.date(d), s, e) for o, a, r, d, s, e in actions]
    blocks: list[Block] = [
        Para(
            style.pick(
                [
                    "Ce plan recense les actions d'amélioration décidées à partir de l'analyse des appréciations des parties "
                    "prenantes, des réclamations, des abandons et des aléas. Il est revu en revue qualité trimestrielle.",
                    "Démarche d'amélioration continue : chaque source (enquêtes, réclamations, incidents, retours des "
                    "financeurs et des formateurs) est analysée ; les actions retenues sont suivies ci-dessous jusqu'à la "
                    "mesure de leur efficacité.",
                ]
            )
        ),
        Heading(
            style.pick(["Actions d'amélioration", "Plan d'actions", "Suivi des actions correctives et préventives"])
        ),
        Table(tuple(rows), col_widths=(1.6, 2.2, 1.2, 0.9, 0.8, 1.3)),
    ]
    if risk_analysis:
        risks = [
            ("Risque", "Probabilité", "Impact", "Mesure de prévention", "Pilote", "Revue"),
            (
                "Indisponibilité d'un formateur",
                "Moyenne",
                "Fort",
                "Vivier de 2 formateurs par thème",
                people.pedagogical_referent.full,
                formats.date(date(year, 6, 30)),
            ),
            (
                "Inadéquation du niveau des stagiaires",
                "Moyenne",
                "Moyen",
                "Test de positionnement systématique",
                people.pedagogical_referent.full,
                formats.date(date(year, 6, 30)),
            ),
            (
                "Décrochage en formation",
                "Faible",
                "Fort",
                "Suivi de l'assiduité et entretien individuel",
                people.quality_manager.full,
                formats.date(date(year, 9, 30)),
            ),
            (
                "Obsolescence des contenus",
                "Moyenne",
                "Moyen",
                "Revue annuelle des programmes et veille métiers",
                org.director.full,
                formats.date(date(year, 12, 31)),
            ),
        ]
        blocks += [
            Heading(
                style.pick(["Analyse des risques sur la qualité des formations", "Cartographie des risques qualité"])
            ),
            Para(
                "Les risques pouvant affecter la qualité des formations délivrées sont cotés (probabilité × impact) "
                "et revus chaque semestre."
            ),
            Table(tuple(risks), col_widths=(1.8, 0.9, 0.7, 2.2, 1.3, 0.9)),
        ]
    document = Document(
        title=style.pick(
            [
                f"Plan d'amélioration continue {year - 1}-{year}",
                "PLAN D'AMÉLIORATION CONTINUE",
                "Amélioration continue — plan d'actions",
            ]
        ),
        blocks=blocks,
        header=org.name,
        footer=f"Mis à jour par {people.quality_manager.full}",
        font=style.pick(["sans", "narrow"]),
        base_size=9.0,
        landscape=style.chance(0.5),
        author=org.name,
    )
    return Built(document)
