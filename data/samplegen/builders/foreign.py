"""A training organisation established outside France and its French representative (Code du travail,
art. R. 6351-3): the representation mandate, and the documents such an organisation writes in English.

The French identity (SIREN, NDA, French address) is the representative's, `DossierContext.org`; the
foreign company keeps its own registration (a UK company number and VAT number), printed beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from data.samplegen.builders.common import Built, DossierContext, Formats, Training, section
from data.samplegen.identity import Person, spaced_nda, spaced_siren
from data.samplegen.model import Block, Bullets, Document, Heading, Para, Spacer, Table
from data.samplegen.style import Style


@dataclass(frozen=True)
class ForeignOrganisation:
    name: str
    company_number: str  # Companies House, England and Wales: 8 digits
    vat: str  # GB + 9 digits, the last two a mod-97 check
    street: str
    city: str
    postcode: str
    director: Person
    email_domain: str

    @property
    def address(self) -> str:
        return f"{self.street}, {self.city} {self.postcode}, United Kingdom"

    @property
    def registration(self) -> str:
        return f"Registered in England and Wales, company number {self.company_number}"

    def email(self, local: str) -> str:
        return f"{local}@{self.email_domain}"


UK_PLACES = (
    ("London", "EC2A 4LU", "Tabernacle Street"),
    ("Manchester", "M1 3BE", "Portland Street"),
    ("Bristol", "BS1 4DJ", "Queen Square"),
    ("Leeds", "LS1 2HT", "Park Row"),
)


def uk_vat(style: Style) -> str:
    """A UK VAT number whose check digits hold (weights 8..2 over the first seven digits, total ≡ 0 mod 97)."""
    body = style.pick("123456789") + style.digits(6)
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1)))
    return f"GB{body}{(-total) % 97:02d}"


def foreign_organisation(style: Style, *, name: str, director: Person, email_domain: str) -> ForeignOrganisation:
    city, postcode, street = style.pick(UK_PLACES)
    return ForeignOrganisation(
        name=name,
        company_number=f"{style.randint(10, 15)}{style.digits(6)}",
        vat=uk_vat(style),
        street=f"{style.randint(2, 120)} {street}",
        city=city,
        postcode=postcode,
        director=director,
        email_domain=email_domain,
    )


def _represented(ctx: DossierContext) -> str:
    rep = ctx.org
    return (
        f"Training delivered in France through our representative {rep.name}, {rep.address} (SIREN "
        f"{spaced_siren(rep.siren)}), declaration of activity no. {spaced_nda(rep.nda)} registered with the préfet de "
        f"région {rep.place.region}. Cet enregistrement ne vaut pas agrément de l'État."
    )


def _long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


# --- Mandat de représentation ---------------------------------------------------------------------
def build_representation_mandate(
    ctx: DossierContext, style: Style, foreign: ForeignOrganisation, *, signed: date, bilingual: bool
) -> Built:
    """The agreement naming the representative, its French address and SIREN, and the foreign organisation."""
    rep = ctx.org
    formats = Formats.of(style)
    parties: list[Block] = [
        Para("ENTRE LES SOUSSIGNÉS" if style.chance(0.5) else "Entre :", bold=True),
        Para(
            f"{foreign.name}, private limited company de droit anglais immatriculée au registre des sociétés "
            f"d'Angleterre et du pays de Galles sous le numéro {foreign.company_number}, TVA intracommunautaire "
            f"{foreign.vat}, dont le siège est situé {foreign.address}, représentée par {foreign.director.full}, "
            "director, ci-après « le Mandant »,"
        ),
        Para("ET", bold=True),
        Para(
            f"{rep.name}, {rep.legal_form}, SIREN {spaced_siren(rep.siren)}, dont le siège est situé {rep.address} "
            f"(France), déclaration d'activité enregistrée sous le numéro {spaced_nda(rep.nda)} auprès du préfet de "
            f"région {rep.place.region}, représentée par {rep.director.full}, {rep.director_title.lower()}, ci-après "
            "« le Représentant »,"
        ),
    ]
    articles: list[tuple[str, str, str]] = [
        (
            "Objet",
            "Le Mandant, établi hors de France, désigne le Représentant comme son représentant domicilié en France au "
            "sens de l'article R. 6351-3 du code du travail, pour les actions de formation qu'il réalise en France.",
            "The Principal, established outside France, appoints the Representative as its representative domiciled in "
            "France (art. R. 6351-3 of the French Labour Code) for the training it delivers in France.",
        ),
        (
            "Étendue du mandat",
            "Le Représentant accomplit au nom du Mandant la déclaration d'activité et le bilan pédagogique et "
            "financier annuel, répond aux demandes des services de contrôle et du certificateur qualité, et reçoit "
            "les correspondances administratives à son adresse en France.",
            "The Representative files the declaration of activity and the annual BPF on the Principal's behalf, answers "
            "the control services and the quality certifier, and receives official mail at its French address.",
        ),
        (
            "Obligations du Mandant",
            "Le Mandant transmet au Représentant, à première demande, les preuves relatives aux indicateurs du "
            "référentiel national qualité (programmes, contrats, émargements, évaluations, réclamations).",
            "The Principal provides the Representative, on request, with the evidence for the national quality "
            "framework indicators (programmes, contracts, attendance, assessments, complaints).",
        ),
        (
            "Durée",
            f"Le présent mandat prend effet le {formats.date(signed)} pour une durée d'un an renouvelable tacitement ; "
            "il peut être dénoncé par lettre recommandée avec un préavis de trois mois.",
            f"This mandate takes effect on {_long_date(signed)} for one year, renewed tacitly; either party may end it "
            "with three months' notice by registered letter.",
        ),
    ]
    pattern = style.pick(["Article {n} – {t}", "ARTICLE {n} : {T}"])
    body: list[Block] = []
    for number, (title, french, english) in enumerate(articles, start=1):
        body += [Heading(pattern.format(n=number, t=title, T=title.upper()), 2), Para(french)]
        if bilingual:
            body.append(Para(english, size=8.5))
    body += [
        Spacer(8),
        Para(f"Fait en deux exemplaires à {rep.place.city}, le {formats.date(signed)}"),
        Table(
            (
                ("Pour le Mandant / For the Principal", "Pour le Représentant"),
                (f"{foreign.director.full}, Director", f"{rep.director.full}, {rep.director_title}"),
                ("", ""),
            ),
            header=True,
            col_widths=(1, 1),
            signature_cells=frozenset({(2, 0), (2, 1)}),
        ),
    ]
    title = style.pick(
        [
            "MANDAT DE REPRÉSENTATION EN FRANCE",
            "Contrat de représentation — Representation agreement",
            "Lettre de désignation d'un représentant domicilié en France",
        ]
    )
    document = Document(title=title, blocks=parties + body, font=style.pick(["serif", "sans"]), base_size=10.0)
    extra = {
        "representative": {"name": rep.name, "siren": rep.siren, "nda": rep.nda, "address": rep.address},
        "foreign_organisation": {"name": foreign.name, "company_number": foreign.company_number, "vat": foreign.vat},
        "bilingual": bilingual,
    }
    return Built(document, extra=extra)


# --- Course outline (programme in English) --------------------------------------------------------
def build_programme_en(ctx: DossierContext, style: Style, training: Training, foreign: ForeignOrganisation) -> Built:
    """Every item of indicator 1, the published satisfaction rate and how it is computed, in English."""
    people = ctx.people
    formats = Formats.of(style)
    trainer, referent, contact = people.trainers[0], people.handicap_referent, people.admin_contact
    year = ctx.reference_day.year - 1
    price = float(training.price or 0)
    facts = [
        ("Duration", f"{training.hours:g} hours ({training.days} days)"),
        ("Dates and venue", f"Inter-company sessions in {ctx.org.place.city}; in-house on request"),
        ("How to enrol", "Online booking form or e-mail, followed by a needs-analysis call with the trainer"),
        ("Lead time", "Enrolment open until 15 days before the session starts"),
        ("Fee", f"€{price:,.0f} excl. VAT per participant; in-house: quotation on request"),
        ("Funding", "Company training plan (OPCO funding possible) or self-funded; not eligible for CPF"),
    ]
    blocks: list[Block] = [
        Para(style.pick(["COURSE OUTLINE", "Training programme", "Course information sheet"]), bold=True),
        Para(f"Last updated: {formats.date(ctx.dated(date(ctx.reference_day.year, 1, 5)))}", size=8, align="right"),
        *section(style, style.pick(["Who is it for?", "Target audience"]), training.audience + "."),
        *section(style, "Prerequisites", training.prerequisites + "."),
        Heading(style.pick(["Learning outcomes", "Course objectives"])),
        Para("By the end of the course, participants will be able to:"),
        Bullets(tuple(o[0].upper() + o[1:] for o in training.objectives), marker="•"),
        Heading(style.pick(["Key facts", "Practical information"])),
        Table(tuple(facts), header=False, col_widths=(1, 2.6)),
        Heading(style.pick(["Course content", "Programme"])),
    ]
    for index, (title, items) in enumerate(training.modules, start=1):
        blocks += [Para(f"Module {index} — {title}", bold=True), Bullets(items, marker="-")]
    blocks += [
        *section(
            style,
            "Teaching methods",
            "Face-to-face workshop for 4 to 12 participants: short inputs, case studies from the participants' own "
            "projects, role plays and peer feedback. Course materials are given to each participant.",
        ),
        *section(style, "Trainer", f"{trainer.full}, senior trainer and practitioner with 15 years' experience."),
        *section(
            style,
            "Assessment",
            [
                "Entry positioning questionnaire sent before the course",
                "Practical exercises reviewed throughout the course",
                "Final quiz and individual feedback; end-of-course satisfaction questionnaire",
            ],
        ),
        *section(
            style,
            "Certificate",
            "Certificate of completion (attestation de fin de formation) stating the objectives, nature, duration and "
            "assessment results. This course does not lead to a qualification.",
        ),
        *section(
            style,
            "Accessibility",
            f"Our venues are accessible to people with reduced mobility. Participants with a disability can contact our "
            f"disability officer, {referent.full} ({foreign.email('access')}), to arrange adjustments (pace, materials, "
            "equipment).",
        ),
        *section(
            style,
            "Our results",
            [
                f"Satisfaction rate {year}: 94 % (61 respondents)",
                "Method: share of 'satisfied' or 'very satisfied' answers to the overall satisfaction question, over all "
                f"end-of-course questionnaires collected from 1 January to 31 December {year} (response rate 87 %).",
            ],
        ),
        *section(style, "Contact", f"{contact.full}, training coordinator — {foreign.email('training')}"),
        Para(f"{foreign.name} — {foreign.address} — {foreign.registration} — VAT {foreign.vat}", size=7.5),
        Para(_represented(ctx), size=7.5),
    ]
    document = Document(
        title=training.title,
        blocks=blocks,
        header=foreign.name,
        font=style.pick(["sans", "narrow"]),
        base_size=style.pick([9.5, 10.0]),
        author=foreign.name,
    )
    fields = {"title": training.title, "duration_hours": float(training.hours), "price_eur": price}
    return Built(document, fields, extra={"omitted_elements": [], "language": "en"})


# --- Trainer CV in English ------------------------------------------------------------------------
def build_trainer_cv_en(
    ctx: DossierContext, style: Style, trainer: Person, training: Training, foreign: ForeignOrganisation
) -> Built:
    formats = Formats.of(style)
    year = ctx.reference_day.year
    blocks: list[Block] = [
        Para(trainer.full.upper(), bold=True, size=14),
        Para(f"Senior trainer — {training.title}"),
        Para(f"E-mail: {trainer.email_local}@{foreign.email_domain}", size=8),
        *section(
            style,
            style.pick(["Professional experience", "Work experience"]),
            [
                f"Since {year - 8}: lead trainer, {foreign.name}",
                f"{year - 18}-{year - 8}: project manager then programme director in the software industry",
                f"Over 2,000 hours of training delivered on « {training.title} »",
            ],
        ),
        *section(
            style,
            style.pick(["Education and qualifications", "Qualifications"]),
            ["MSc Project Management, University of Manchester", "Certified Scrum Trainer; PRINCE2 Practitioner"],
        ),
        *section(
            style,
            style.pick(["Continuing professional development", "Recent training"]),
            [
                f"{formats.date(date(year - 1, 2, 9))}: facilitating online workshops (14 h)",
                f"{formats.date(date(year - 1, 9, 21))}: disability awareness for trainers (7 h)",
                f"{formats.date(date(year - 2, 5, 12))}: assessing adult learners (14 h)",
            ],
        ),
    ]
    document = Document(title="CURRICULUM VITAE", blocks=blocks, font="sans", base_size=10.0, author=trainer.full)
    return Built(document, extra={"language": "en"})


# --- Complaints procedure in English --------------------------------------------------------------
def build_complaints_procedure_en(ctx: DossierContext, style: Style, foreign: ForeignOrganisation) -> Built:
    """Channels, acknowledgement, analysis, answer, closure, incidents and the complaints log."""
    formats = Formats.of(style)
    manager = ctx.people.quality_manager
    steps: list[tuple[str, str | list[str]]] = [
        (
            "Purpose",
            "This procedure sets out how we handle complaints, difficulties and incidents arising during a training "
            "service, whoever raises them (learner, client company, funder, trainer). A complaint is a written request "
            "to assert a right or obtain what is due.",
        ),
        (
            "How to complain",
            [
                f"By e-mail to {foreign.email('quality')}",
                "By post or with the complaint form given in the welcome pack",
                "A complaint made orally is written down by our team on the complaint form",
            ],
        ),
        (
            "Acknowledgement",
            f"The quality manager, {manager.full}, acknowledges receipt within 2 working days and records the complaint "
            "in the complaints log.",
        ),
        (
            "Investigation and response",
            "The complaint is investigated with the people concerned; a written, reasoned answer is sent within 15 days.",
        ),
        (
            "Closure and improvement",
            "A complaint is closed once the solution is in place; root causes are reviewed at the quarterly quality "
            "review and feed our continuous improvement plan.",
        ),
        (
            "Incidents",
            [
                "Trainer unavailable: replacement by an equally qualified trainer or new date agreed with the client",
                "Room unavailable: back-up venue or switch to a virtual classroom",
                "Technical failure: spare equipment and telephone support",
            ],
        ),
    ]
    blocks: list[Block] = []
    for index, (title, body) in enumerate(steps, start=1):
        blocks += section(style, f"{index}. {title}", body)
    start = ctx.reference_day - timedelta(days=280)
    rows = [("Ref.", "Date", "Raised by", "Subject", "Response / action", "Closed")]
    entries = [
        ("Learner", "Course materials sent late", "Materials sent; now sent 2 days before every session"),
        ("Client company", "Invoice sent to the wrong department", "Invoice reissued; client record updated"),
    ]
    for index, (who, what, action) in enumerate(entries, start=1):
        day = start + timedelta(days=90 * index)
        rows.append((f"C{day.year}-{index:02d}", formats.date(day), who, what, action, formats.date(day + timedelta(days=8))))
    blocks += [Heading("Complaints log (extract)"), Table(tuple(rows), col_widths=(0.7, 1, 1, 2, 2.4, 1))]
    document = Document(
        title=style.pick(["Complaints and Incidents Procedure", "COMPLAINTS HANDLING PROCEDURE"]),
        blocks=blocks,
        header=f"{foreign.name} — Quality system",
        footer=f"QP-{style.randint(2, 6):02d} — issue {style.randint(2, 4)}",
        font="sans",
        base_size=9.5,
        author=manager.full,
    )
    return Built(document, extra={"language": "en"})


def short_name(name: str) -> str:
    """« Northbridge Learning Ltd » → « Northbridge »: how file names shorten a company."""
    return re.split(r"\s+", name.strip())[0]
