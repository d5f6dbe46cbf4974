"""Bilan pédagogique et financier (Cerfa 10443), frames A to H with the real line labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from data.samplegen.builders.common import Built, DossierContext, Formats
from data.samplegen.identity import spaced_nda, spaced_siret
from data.samplegen.model import Block, Document, Heading, Para, Spacer, Table
from data.samplegen.style import Style

C_LINES_17: list[tuple[str, str]] = [
    ("1", "des entreprises pour la formation de leurs salariés"),
    (
        "2",
        "des organismes gestionnaires des fonds de la formation professionnelle pour des actions dispensées dans le cadre :",
    ),
    ("2a", "des contrats d'apprentissage"),
    ("2b", "des contrats de professionnalisation"),
    ("2c", "de la promotion ou de la reconversion par alternance"),
    ("2d", "des projets de transition professionnelle"),
    ("2e", "du compte personnel de formation"),
    ("2f", "des dispositifs spécifiques pour les personnes en recherche d'emploi"),
    ("2g", "des dispositifs spécifiques pour les travailleurs non-salariés"),
    ("2h", "du plan de développement des compétences ou d'autres dispositifs"),
    ("2t", "Total des produits provenant des organismes gestionnaires des fonds de la formation"),
    (
        "3",
        "des pouvoirs publics pour la formation de leurs agents (État, collectivités territoriales, établissements publics à caractère administratif)",
    ),
    ("p", "des pouvoirs publics pour la formation de publics spécifiques :"),
    ("4", "Instances européennes"),
    ("5", "État"),
    ("6", "Conseils régionaux"),
    ("7", "France travail (ex Pôle emploi)"),
    ("8", "Autres ressources publiques"),
    ("9", "de contrats conclus avec des personnes à titre individuel et à leurs frais"),
    ("10", "de contrats conclus avec d'autres organismes de formation (y compris CFA)"),
    ("11", "Autres produits au titre de la formation professionnelle"),
]
LABELS_16 = {
    "2d": "des congés individuels de formation et des projets de transition professionnelle",
    "7": "Pôle emploi",
}
TOTAL_LABEL = "Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11)"
SHARE_LABEL = "Part du chiffre d'affaires global réalisée dans le domaine de la formation professionnelle (en %)"
F1_LABELS = {
    "a": "a. Salariés d'employeurs privés hors apprentis",
    "b": "b. Apprentis",
    "c": "c. Personnes en recherche d'emploi formées par votre organisme de formation",
    "d": "d. Particuliers à leurs propres frais formés par votre organisme de formation",
    "e": "e. Autres stagiaires",
}
F3_LABELS = {
    "a": "a. Formations visant un diplôme, un titre à finalité professionnelle ou un certificat de qualification "
    "professionnelle enregistré au Répertoire national des certifications professionnelles (RNCP)",
    "a3": "dont de niveau 3",
    "a4": "dont de niveau 4",
    "b": "b. Formations visant une certification (dont CQP) ou une habilitation enregistrée au répertoire spécifique (RS)",
    "c": "c. Formations visant un CQP non enregistré au RNCP ou au RS",
    "d": "d. Autres formations professionnelles",
    "e": "e. Bilans de compétences",
    "f": "f. Actions d'accompagnement à la validation des acquis de l'expérience",
}
LINE_NUMBER = {"2a": "a", "2b": "b", "2c": "c", "2d": "d", "2e": "e", "2f": "f", "2g": "g", "2h": "h"}


@dataclass
class BpfFacts:
    fiscal_start: date
    fiscal_end: date
    products: dict[str, int]  # C lines 1, 2a..2h, 3..11
    share_percent: int
    charges_total: int
    trainer_salaries: int
    purchases: int
    staff_internal: tuple[int, int]  # people, hours delivered
    staff_external: tuple[int, int]
    f1: dict[str, tuple[int, int]]  # trainees, trainee-hours
    f3: dict[str, tuple[int, int]]
    f4: list[tuple[str, str, int, int]]  # NSF code, label, trainees, hours
    f2: tuple[int, int] = (0, 0)
    g: tuple[int, int] = (0, 0)
    remote: bool = False
    remote_trainees: int = 0
    form: str = "10443*17"
    signed_on: date | None = None

    @property
    def total_products(self) -> int:
        return sum(self.products.values())

    @property
    def funds_total(self) -> int:
        return sum(value for key, value in self.products.items() if key.startswith("2"))

    @property
    def trainees(self) -> int:
        return sum(trainees for trainees, _ in self.f1.values())

    @property
    def hours(self) -> int:
        return sum(hours for _, hours in self.f1.values())


def split(total: int, weights: list[float]) -> list[int]:
    """Integer parts proportional to `weights` that add up exactly to `total`."""
    raw = [total * weight / sum(weights) for weight in weights]
    parts = [int(value) for value in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _amount(formats: Formats, value: int, show_zero: str) -> str:
    if value == 0:
        return show_zero
    return formats.number.integer(value) + formats.money.currency.replace("euros", "€").replace("EUR", "€")


def build_bpf(ctx: DossierContext, style: Style, facts: BpfFacts) -> Built:
    org = ctx.org
    formats = Formats.of(style)
    layout = style.pick(["table", "table", "leaders"])
    zero = style.pick(["0", "", "0 €", "-"]) if layout == "table" else ""
    labels = dict(C_LINES_17)
    if facts.form.endswith("16"):
        labels.update(LABELS_16)
    blocks: list[Block] = [
        Para(f"Cerfa N° {facts.form}", align="right", size=8),
        Para("Retraçant l'activité de dispensateur de formation", align="center"),
    ]
    if style.chance(0.5):
        blocks.append(
            Para(f"Exercice {facts.fiscal_end.year} — transmis via Mon Activité Formation", align="center", size=8)
        )

    nda = spaced_nda(org.nda) if style.chance(0.7) else org.nda
    siret = spaced_siret(org.siret) if style.chance(0.6) else org.siret
    blocks += [Heading("A. Identification de l'organisme")]
    a_pairs = [
        ("Numéro de déclaration", nda),
        ("Forme juridique", org.legal_form),
        ("N° SIRET", siret),
        ("Code NAF", org.naf),
        ("Dénomination", org.name.upper()),
        ("Adresse", f"{org.street} {org.place.postcode} {org.place.city.upper()}"),
        ("Acceptez-vous que cette adresse soit rendue publique", "oui"),
        ("Téléphone", org.phone),
        ("Email", org.email(style.pick(["contact", "direction", "admin"]))),
    ]
    if layout == "table":
        blocks.append(Table(tuple(a_pairs), header=False, col_widths=(1.3, 2)))
    else:
        blocks += [Para(f"{label} : {value}") for label, value in a_pairs]

    blocks += [
        Heading("B. Informations générales"),
        Para(
            f"Exercice comptable du {facts.fiscal_start.strftime('%d/%m/%Y')} au {facts.fiscal_end.strftime('%d/%m/%Y')}"
        ),
        Para(
            "Avez-vous mis en œuvre, durant cette période, une ou des actions de formation en tout ou partie à "
            f"distance (classes virtuelles, e-learning, etc.) : {'oui' if facts.remote else 'non'}"
        ),
        Heading("C. Bilan financier hors taxes : origine des produits de l'organisme"),
        Para("Produits provenant :"),
    ]
    rows: list[tuple[str, str]] = []
    for key, label in C_LINES_17:
        label = labels[key]
        if key == "2t":
            rows.append((label, _amount(formats, facts.funds_total, zero or "0")))
        elif key in ("2", "p"):
            number = "2. " if key == "2" else ""
            rows.append((number + label, ""))
        else:
            value = facts.products.get(key, 0)
            if layout == "leaders" and value == 0:
                continue
            prefix = f"   {LINE_NUMBER[key]}. " if key in LINE_NUMBER else f"{key}. "
            rows.append((prefix + label, _amount(formats, value, zero)))
    rows.append((TOTAL_LABEL, _amount(formats, facts.total_products, "0")))
    rows.append((SHARE_LABEL, str(facts.share_percent)))
    if layout == "table":
        blocks.append(Table((("Ligne", "Montant"),) + tuple(rows), col_widths=(4.2, 1)))
    else:
        blocks += [Para(f"{label} {'.' * 8} {value}".rstrip(" .") if value else label) for label, value in rows]

    blocks += [
        Heading("D. Bilan financier hors taxes : charges de l'organisme"),
        *_pairs(
            layout,
            [
                (
                    "Total des charges de l'organisme liées à l'activité de formation",
                    _amount(formats, facts.charges_total, "0"),
                ),
                ("dont Salaires des formateurs", _amount(formats, facts.trainer_salaries, "0")),
                (
                    "dont Achats de prestation de formation et honoraires de formation",
                    _amount(formats, facts.purchases, "0"),
                ),
            ],
        ),
        Heading("E. Personnes dispensant des heures de formation"),
        Table(
            (
                ("", "Nombre", "Nombre d'heures de formation dispensées"),
                (
                    "Personnes de votre organisme dispensant des heures de formation",
                    str(facts.staff_internal[0]),
                    formats.number.integer(facts.staff_internal[1]),
                ),
                (
                    "Personnes extérieures à votre organisme dispensant des heures de formation dans le cadre de contrats "
                    "de sous-traitance",
                    str(facts.staff_external[0]),
                    formats.number.integer(facts.staff_external[1]),
                ),
            ),
            col_widths=(3, 0.8, 1.4),
        ),
        Heading("F. Bilan pédagogique : stagiaires et heures-stagiaires"),
    ]
    head = ("", "Nombre de stagiaires", "Nombre total d'heures de formation suivies")

    def frame(title: str, lines: list[tuple[str, tuple[int, int]]], total_label: str) -> list[Block]:
        table_rows = [head] + [(label, str(n), formats.number.integer(h)) for label, (n, h) in lines]
        n_total = sum(n for label, (n, _) in lines if not label.startswith("dont"))
        h_total = sum(h for label, (_, h) in lines if not label.startswith("dont"))
        table_rows.append((total_label, str(n_total), formats.number.integer(h_total)))
        return [Heading(title, 2), Table(tuple(table_rows), col_widths=(3.4, 1, 1.4))]

    f1_lines = [(F1_LABELS[key], facts.f1.get(key, (0, 0))) for key in "abcde"]
    blocks += frame("F-1. Type de stagiaires de l'organisme", f1_lines, "Total (1)")
    if facts.remote:
        blocks.append(
            Para(f"dont stagiaires ayant suivi une action en tout ou partie à distance : {facts.remote_trainees}")
        )
    blocks += frame(
        "F-2. Dont activité sous-traitée de l'organisme",
        [("Formations confiées par votre organisme à un autre organisme de formation", facts.f2)],
        "Total (2)",
    )
    f3_lines = [(F3_LABELS[key], value) for key, value in facts.f3.items()]
    blocks += frame("F-3. Objectif général des prestations dispensées", f3_lines, "Total (3)")
    f4_lines = [(f"{code} - {label}", (n, h)) for code, label, n, h in facts.f4]
    blocks += frame("F-4. Spécialités de formation", f4_lines, "Total (4)")
    blocks += frame(
        "G. Bilan pédagogique : stagiaires dont la formation a été confiée à votre organisme par un autre organisme "
        "de formation",
        [("Formations confiées à votre organisme par un autre organisme de formation", facts.g)],
        "Total (5)",
    )
    blocks += [
        Heading("H. Personne ayant la qualité de dirigeant"),
        *_pairs(layout, [("Nom et prénom", org.director.formal), ("Qualité", org.director_title)]),
        Spacer(6),
    ]
    if facts.signed_on:
        blocks.append(Para(f"Fait le {facts.signed_on.strftime('%d/%m/%Y')} — signature électronique du dirigeant"))
    document = Document(
        title="BILAN PÉDAGOGIQUE ET FINANCIER",
        blocks=blocks,
        footer=f"{org.name} — BPF {facts.fiscal_end.year}",
        font=style.pick(["sans", "narrow"]),
        base_size=8.5,
        author=org.name,
    )
    fields = {
        "fiscal_year": facts.fiscal_end.year,
        "total_revenue_eur": float(facts.total_products),
        "trainees_total": facts.trainees,
        "training_hours_total": float(facts.hours),
    }
    return Built(document, fields)


def _pairs(layout: str, pairs: list[tuple[str, str]]) -> list[Block]:
    if layout == "table":
        return [Table(tuple(pairs), header=False, col_widths=(3.2, 1.2))]
    return [Para(f"{label} : {value}") for label, value in pairs]


@dataclass(frozen=True)
class Activity:
    """One kind of delivered training over the fiscal year, the unit the BPF frames F aggregate."""

    trainee_type: str  # F-1 key a..e
    objective: str  # F-3 key a, b, c, d, e, f
    nsf: str
    nsf_label: str
    trainees: int
    hours_each: float
    level: str | None = None  # F-3 « dont de niveau N » for RNCP trainings
    subcontracted: bool = False  # F-2: delivered by a subcontractor on the organisation's behalf


def bpf_facts(
    style: Style,
    *,
    fiscal_start: date,
    fiscal_end: date,
    revenue: int,
    product_weights: dict[str, float],
    activities: list[Activity],
    internal_staff: int,
    external_staff: int = 0,
    remote_share: float = 0.0,
    share_percent: int = 100,
    incoming: tuple[int, int] = (0, 0),
    form: str = "10443*17",
) -> BpfFacts:
    """Consistent BPF figures: C lines add up to `revenue`, F-1 = F-3 = F-4 in trainees and hours."""
    keys = list(product_weights)
    products = dict(zip(keys, split(revenue, [product_weights[key] for key in keys])))
    f1: dict[str, tuple[int, int]] = {}
    f3: dict[str, tuple[int, int]] = {}
    f4: dict[str, tuple[str, int, int]] = {}
    f2 = (0, 0)
    for activity in activities:
        hours = int(round(activity.trainees * activity.hours_each))
        n, h = f1.get(activity.trainee_type, (0, 0))
        f1[activity.trainee_type] = (n + activity.trainees, h + hours)
        n, h = f3.get(activity.objective, (0, 0))
        f3[activity.objective] = (n + activity.trainees, h + hours)
        if activity.level:
            n, h = f3.get(f"a{activity.level}", (0, 0))
            f3[f"a{activity.level}"] = (n + activity.trainees, h + hours)
        label, n, h = f4.get(activity.nsf, (activity.nsf_label, 0, 0))
        f4[activity.nsf] = (label, n + activity.trainees, h + hours)
        if activity.subcontracted:
            f2 = (f2[0] + activity.trainees, f2[1] + hours)
    ordered_f3 = {key: f3[key] for key in ("a", "a3", "a4", "b", "c", "d", "e", "f") if key in f3}
    subcontracted_hours = sum(int(round(a.hours_each)) for a in activities if a.subcontracted)
    delivered = sum(int(round(a.hours_each)) * max(1, a.trainees // 10) for a in activities if not a.subcontracted)
    charges = int(revenue * style.rng.uniform(0.62, 0.85))
    purchases = int(charges * (0.25 if external_staff else 0.03))
    return BpfFacts(
        fiscal_start=fiscal_start,
        fiscal_end=fiscal_end,
        products=products,
        share_percent=share_percent,
        charges_total=charges,
        trainer_salaries=int(charges * style.rng.uniform(0.35, 0.55)),
        purchases=purchases,
        staff_internal=(internal_staff, max(delivered, internal_staff * 120)),
        staff_external=(external_staff, subcontracted_hours * 3 if external_staff else 0),
        f1={key: f1[key] for key in "abcde" if key in f1},
        f3=ordered_f3,
        f4=sorted(((code, label, n, h) for code, (label, n, h) in f4.items()), key=lambda row: -row[2]),
        f2=f2,
        g=incoming,
        remote=remote_share > 0,
        remote_trainees=int(sum(n for n, _ in f1.values()) * remote_share),
        form=form,
        signed_on=date(fiscal_end.year + 1, style.randint(2, 4), style.randint(1, 28)),
    )
