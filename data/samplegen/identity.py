"""Synthetic organisations: Luhn-valid SIREN/SIRET, NDA numbers shaped RR DD NNNNN DD, addresses, people.

Any Luhn-valid number may coincide with a real company; these are generated, never copied.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from stdnum import luhn

from data.samplegen.style import Style


@dataclass(frozen=True)
class Place:
    city: str
    postcode: str
    departement: str  # two digits, as used inside an NDA
    region_code: str  # INSEE region code, first two digits of an NDA
    region: str


PLACES: tuple[Place, ...] = (
    Place("Lyon", "69002", "69", "84", "Auvergne-Rhône-Alpes"),
    Place("Villeurbanne", "69100", "69", "84", "Auvergne-Rhône-Alpes"),
    Place("Grenoble", "38000", "38", "84", "Auvergne-Rhône-Alpes"),
    Place("Clermont-Ferrand", "63000", "63", "84", "Auvergne-Rhône-Alpes"),
    Place("Nantes", "44000", "44", "52", "Pays de la Loire"),
    Place("Angers", "49100", "49", "52", "Pays de la Loire"),
    Place("Bordeaux", "33000", "33", "75", "Nouvelle-Aquitaine"),
    Place("Mérignac", "33700", "33", "75", "Nouvelle-Aquitaine"),
    Place("Limoges", "87000", "87", "75", "Nouvelle-Aquitaine"),
    Place("Paris", "75011", "75", "11", "Île-de-France"),
    Place("Nanterre", "92000", "92", "11", "Île-de-France"),
    Place("Montreuil", "93100", "93", "11", "Île-de-France"),
    Place("Lille", "59000", "59", "32", "Hauts-de-France"),
    Place("Amiens", "80000", "80", "32", "Hauts-de-France"),
    Place("Marseille", "13006", "13", "93", "Provence-Alpes-Côte d'Azur"),
    Place("Nice", "06000", "06", "93", "Provence-Alpes-Côte d'Azur"),
    Place("Toulouse", "31000", "31", "76", "Occitanie"),
    Place("Montpellier", "34000", "34", "76", "Occitanie"),
    Place("Rennes", "35000", "35", "53", "Bretagne"),
    Place("Brest", "29200", "29", "53", "Bretagne"),
    Place("Strasbourg", "67000", "67", "44", "Grand Est"),
    Place("Nancy", "54000", "54", "44", "Grand Est"),
    Place("Rouen", "76000", "76", "28", "Normandie"),
    Place("Caen", "14000", "14", "28", "Normandie"),
    Place("Tours", "37000", "37", "24", "Centre-Val de Loire"),
    Place("Orléans", "45000", "45", "24", "Centre-Val de Loire"),
    Place("Dijon", "21000", "21", "27", "Bourgogne-Franche-Comté"),
    Place("Besançon", "25000", "25", "27", "Bourgogne-Franche-Comté"),
)

STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue du Général Leclerc",
    "place de la Gare",
    "rue des Tanneurs",
    "allée des Platanes",
    "rue Pasteur",
    "quai des Chartreux",
    "rue de la Paix",
    "impasse des Artisans",
    "chemin du Moulin",
    "rue Émile Zola",
    "avenue de la Libération",
    "rue Lamartine",
    "cours Gambetta",
    "rue des Écoles",
    "boulevard de l'Europe",
)

FEMALE_FIRST_NAMES = (
    "Camille",
    "Sophie",
    "Claire",
    "Isabelle",
    "Nathalie",
    "Élodie",
    "Aurélie",
    "Laure",
    "Céline",
    "Sandrine",
    "Hélène",
    "Fatima",
    "Anaïs",
    "Chloé",
    "Inès",
)
MALE_FIRST_NAMES = (
    "Julien",
    "Nicolas",
    "Thomas",
    "Mathieu",
    "Karim",
    "Sébastien",
    "Fabrice",
    "Mehdi",
    "Olivier",
    "Yannick",
    "Romain",
    "Grégory",
    "Benoît",
    "Damien",
    "François",
)
FIRST_NAMES = FEMALE_FIRST_NAMES + MALE_FIRST_NAMES
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Benali",
    "Nguyen",
    "Perrin",
    "Chevalier",
    "Gauthier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Lemoine",
)


def siren_with_key(body8: str) -> str:
    return body8 + luhn.calc_check_digit(body8)


def siret_for(siren: str, nic4: str) -> str:
    return siren + nic4 + luhn.calc_check_digit(siren + nic4)


def broken_siren(valid: str) -> str:
    """Same number with the check digit changed: fails Luhn, looks plausible."""
    wrong = (int(valid[-1]) + 3) % 10
    return valid[:-1] + str(wrong)


def spaced_siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}"


def spaced_siret(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def spaced_nda(nda: str) -> str:
    return f"{nda[:2]} {nda[2:4]} {nda[4:9]} {nda[9:]}"


FEMININE_TITLES = {"Président": "Présidente", "Directeur": "Directrice", "Gérant": "Gérante"}


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    @property
    def female(self) -> bool:
        return self.first in FEMALE_FIRST_NAMES

    def agree(self, masculine: str, feminine: str) -> str:
        """The word that agrees with this person's gender (« référent » / « référente »)."""
        return feminine if self.female else masculine

    @property
    def email_local(self) -> str:
        text = unicodedata.normalize("NFKD", f"{self.first}.{self.last}").encode("ascii", "ignore").decode()
        return text.lower().replace(" ", "")

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def formal(self) -> str:
        return f"{self.last.upper()} {self.first}"


@dataclass(frozen=True)
class Organisation:
    name: str
    legal_form: str
    siren: str
    nic: str
    nda: str
    street: str
    place: Place
    phone: str
    email_domain: str
    director: Person
    director_title: str
    naf: str

    @property
    def siret(self) -> str:
        return siret_for(self.siren, self.nic)

    @property
    def address(self) -> str:
        return f"{self.street}, {self.place.postcode} {self.place.city}"

    def email(self, local: str) -> str:
        return f"{local}@{self.email_domain}"

    @property
    def website(self) -> str:
        return f"www.{self.email_domain}"


def person(style: Style) -> Person:
    return Person(style.pick(FIRST_NAMES), style.pick(LAST_NAMES))


PHONE_PREFIX_BY_REGION = {
    "11": "01",
    "24": "02",
    "28": "02",
    "52": "02",
    "53": "02",
    "27": "03",
    "32": "03",
    "44": "03",
    "84": "04",
    "93": "04",
    "76": "05",
    "75": "05",
}


def phone(style: Style, region_code: str) -> str:
    prefix = PHONE_PREFIX_BY_REGION.get(region_code, "09")
    return f"{prefix} {style.digits(2)} {style.digits(2)} {style.digits(2)} {style.digits(2)}"


def nda_for(style: Style, place: Place) -> str:
    return f"{place.region_code}{place.departement}{style.digits(5)}{place.departement}"


def make_organisation(
    style: Style,
    *,
    name: str,
    legal_form: str,
    place: Place,
    email_domain: str,
    naf: str = "8559A",
    director_title: str = "Président",
) -> Organisation:
    first_digit = style.pick("3456789")
    director = person(style)
    return Organisation(
        name=name,
        legal_form=legal_form,
        siren=siren_with_key(first_digit + style.digits(7)),
        nic=f"000{style.randint(1, 4)}",
        nda=nda_for(style, place),
        street=f"{style.randint(2, 148)} {style.pick(STREETS)}",
        place=place,
        phone=phone(style, place.region_code),
        email_domain=email_domain,
        director=director,
        director_title=FEMININE_TITLES.get(director_title, director_title) if director.female else director_title,
        naf=naf,
    )
