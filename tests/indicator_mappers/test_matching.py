"""Phrase and token-pattern matching on lemmas and folded forms, with OCR noise and layout variants."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher
from threadpoolctl import threadpool_info

from indicator_mappers import matching
from indicator_mappers.mappers.table import load_evidence_table, pattern_bank
from indicator_mappers.matching import (
    PatternBank,
    PatternSpec,
    analyse,
    clean_page_text,
    fold,
    norm_key,
    normalise_token_pattern,
    required_values,
)
from tests.indicator_mappers.conftest import make_doc


def _found(key: str, text: str, referential_id: str = "rnq-v9") -> list[str]:
    """The texts of `text` that the evidence table's `key` matches."""
    document = make_doc("doc.pdf", "programme", text)
    (analysed,) = analyse([document], pattern_bank(referential_id))
    return [page.text[start:end] for page, start, end in analysed.hits(key)]


def test_fold_strips_case_accents_ligatures_and_curly_apostrophes():
    assert fold("Œuvre d’ÉTÉ à Noël") == "oeuvre d'ete a noel"


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("Délais", "delai"),
        ("DÉLAI", "delai"),
        ("délai", "delai"),
        ("dé1ai", "delai"),  # OCR: 1 for l inside a word
        ("acces", "acce"),
        ("ACCÈS", "acce"),
        ("pré-requis", "prerequi"),
        ("Prérequis", "prerequi"),
        ("15", "15"),
        ("RNCP37682", "rncp37682"),
    ],
)
def test_norm_key_meets_variants_on_one_form(token, key):
    assert norm_key(token) == key


def test_clean_page_text_rejoins_split_words_and_collapses_spaces():
    assert clean_page_text("Délai d’ac-\ncès :\t15\u00a0jours\n\n") == "Délai d'accès : 15 jours"


@pytest.mark.parametrize(
    "text",
    [
        "Délai d'accès : 15 jours",
        "Délais d'accès à la formation : nous consulter",
        "DÉLAIS D'ACCÈS : 2 SEMAINES",
        "delai d acces 3 semaines",
        "Dé1ai d'accès : 10 jours ouvrés",  # OCR
        "Délai d’accès : 48 h",  # curly apostrophe
        "Formation accessible sous 15 jours après votre demande.",
        "Inscription possible jusqu'à 48h avant le début de la session.",
        "Inscriptions au plus tard 10 jours avant le démarrage.",
        "Entrée en formation possible sous 3 semaines après validation du dossier.",
        "Délai moyen de 2 semaines entre la demande et le démarrage.",
        "Entrées et sorties permanentes.",
        "Les inscriptions sont closes 5 jours avant la session.",
    ],
)
def test_access_delay_variants_are_found(text):
    assert _found("access_delay", text)


@pytest.mark.parametrize(
    "text",
    [
        "Délai de rétractation de 14 jours à compter de la signature.",
        "Inscription : bulletin à retourner. Durée : 14 heures.",
        "Règlement des factures à 30 jours.",
        "Annulation sans frais jusqu'à la signature du contrat.",
    ],
)
def test_other_delays_are_not_access_delays(text):
    assert not _found("access_delay", text)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("prerequisites", "PRÉ-REQUIS : AUCUN"),
        ("prerequisites", "Pre requis : maitrise de l'outil informatique"),
        ("objectives", "OBJECTIFS PÉDAGOGIQUES"),
        ("objectives", "Au terme du stage, le participant sera capable de conduire un entretien."),
        ("assessment", "Les stagiaires sont évalués par un QCM."),
        ("accessibility", "Accessibilite aux personnes en situation de handicap"),
        ("contacts", "Renseignements : j.dupont@exemple.fr"),
        ("contacts", "Appelez le 04 72 10 20 30"),
        ("price", "Tarif : 1 200 € HT"),
        ("price", "1200 euros net de taxe"),
        ("duration", "3 jours soit 21 heures"),
        ("duration", "Durée : 7h30"),
    ],
)
def test_indicator_1_elements_match_layout_and_case_variants(key, text):
    assert _found(key, text)


def test_result_values_need_a_figure_next_to_a_result():
    assert _found("result_values", "Taux de satisfaction 2025 : 94 %")
    assert _found("result_values", "96 % des participants se déclarent satisfaits")
    assert _found("result_values", "Note moyenne de satisfaction : 4,6/5")
    assert not _found("result_values", "Taux de satisfaction : consultez notre site")


def test_violence_prevention_needs_a_scheme_not_a_legal_reminder():
    assert _found(
        "violence_prevention",
        "Procédure de signalement : toute situation de harcèlement est traitée par la référente.",
        "rnq-2026",
    )
    assert _found("violence_prevention", "Prévention des violences sexistes et sexuelles", "rnq-2026")
    assert not _found(
        "violence_prevention", "Les agissements de harcèlement sont passibles de sanctions disciplinaires.", "rnq-2026"
    )


EVERYDAY_FRENCH = (
    "Il ne faut pas oublier que les gens de la ville vont au marché le samedi matin pour acheter du pain, des"
    " fruits et des légumes. Ensuite, ils se promènent au bord de la rivière s'il fait beau, puis rentrent déjeuner"
    " en famille. Le soir, on regarde un film ou on lit un roman policier avant de dormir."
)


@pytest.mark.parametrize("referential_id", ["rnq-v9", "rnq-2026"])
def test_everyday_french_matches_no_element(referential_id):
    (analysed,) = analyse([make_doc("a.pdf", "unknown", EVERYDAY_FRENCH)], pattern_bank(referential_id))
    assert {key: [analysed.pages[0].text[s:e] for s, e in spans] for key, spans in analysed.pages[0].hits.items()} == {}


def test_a_bank_matches_its_own_phrases_and_patterns_on_both_keys():
    bank = PatternBank(
        {
            "risk": PatternSpec(phrases=("analyse des risques",)),
            "ratio": PatternSpec(patterns=(({"NORM": "taux"}, {"LIKE_NUM": True}, {"NORM": "%"}),)),
        }
    )
    (analysed,) = analyse([make_doc("a.pdf", "unknown", "ANALYSE DES RISQUES ; taux 12 % ; analyses de risque")], bank)
    assert [page.text[s:e] for page, s, e in analysed.hits("risk")] == ["ANALYSE DES RISQUES", "analyses de risque"]
    assert [page.text[s:e] for page, s, e in analysed.hits("ratio")] == ["taux 12 %"]


def test_required_values_are_the_mandatory_words_of_a_pattern():
    pattern = [
        {"NORM": {"IN": ["taux", "note"]}},
        {"NORM": {"NOT_IN": [".", ";"]}, "OP": "{,4}"},
        {"NORM": ":", "OP": "?"},
        {"LIKE_NUM": True},
        {"NORM": "%"},
        {"LEMMA": "évaluer", "OP": "{1,3}"},
        {"LEMMA": "noter", "OP": "*"},
    ]
    assert required_values(pattern) == {
        ("NORM", frozenset({"taux", "note"})),
        ("NORM", frozenset({"%"})),
        ("LEMMA", frozenset({"évaluer"})),
    }
    assert required_values([{"NORM": {"REGEX": "^rncp\\d+$"}}]) == frozenset()


VARIED_EVIDENCE = (
    "Délai d'accès : 15 jours ; inscription possible jusqu'à 48h avant le démarrage. Durée : 14 heures (2 jours), "
    "soit 7h30 par jour. Tarif : 1 200 € HT, 490€ la journée. Contact : accueil@of-exemple.fr, 01 23 45 67 89. "
    "Certification RNCP37682, code RS : 5431. Taux de satisfaction : 92 % ; 87 % de réussite à l'examen ; note "
    "moyenne : 4,5/5. Nous adaptons le rythme et les outils au profil de chaque stagiaire ; les objectifs sont "
    "définis à partir de l'analyse du besoin. Restauration : self du centre. Administratif : Mme Durand. En cas "
    "d'absence, le formateur contacte le stagiaire. Règles d'hygiène et de sécurité. Modules de remise à niveau "
    "en ligne. Nous analysons les besoins et recueillons les attentes. " + EVERYDAY_FRENCH
)


@pytest.mark.parametrize("referential_id", ["rnq-v9", "rnq-2026"])
def test_token_patterns_run_on_the_pages_that_hold_their_words_find_what_one_matcher_finds(referential_id):
    specs = {key: PatternSpec(patterns=spec.patterns) for key, spec in load_evidence_table(referential_id).pattern_specs().items()}
    (analysed,) = analyse([make_doc("a.pdf", "unknown", VARIED_EVIDENCE, EVERYDAY_FRENCH)], PatternBank(specs))
    one_matcher = Matcher(matching.load_nlp().vocab)
    for key, spec in specs.items():
        if spec.patterns:
            one_matcher.add(key, [normalise_token_pattern(pattern) for pattern in spec.patterns])
    expected = []
    for number, (text, doc) in enumerate(matching.lemmatise([analysed.document])[0], start=1):
        strings = doc.vocab.strings
        expected += sorted({(number, strings[key], doc[s:e].start_char, doc[s:e].end_char) for key, s, e in one_matcher(doc)})
    found = [(page.number, key, s, e) for page in analysed.pages for key in sorted(page.hits) for s, e in page.hits[key]]
    assert len(expected) >= 15
    assert sorted(found) == sorted(expected)


def test_invalid_token_pattern_is_a_typed_error():
    with pytest.raises(matching.PatternError):
        PatternBank({"bad": PatternSpec(patterns=(({"NORM": {"NOPE": ["x"]}},),))})


def test_pages_are_lemmatised_once_per_document_within_a_run():
    document = make_doc("cached.pdf", "programme", "Objectifs de la formation", "Durée : 7 heures")
    first = matching.lemmatise([document])
    second = matching.lemmatise([document])
    assert first[0][0][1] is second[0][0][1]
    changed = document.model_copy(update={"pages": [document.pages[0].model_copy(update={"text": "Autre texte"})]})
    assert matching.lemmatise([changed])[0][0][1] is not first[0][0][1]


def test_unreadable_documents_and_tables_only_pages():
    broken = make_doc("broken.pdf", "programme", "Objectifs")
    broken = broken.model_copy(update={"record": broken.record.model_copy(update={"status": "error"})})
    sheet = make_doc("prix.xlsx", "programme", "", tables=[[["Formation", "Tarif"], ["Excel", "490 € HT"]]])
    analysed = analyse([broken, sheet], pattern_bank("rnq-v9"))
    assert [d.path for d in analysed] == ["prix.xlsx"]
    assert analysed[0].hits("price")


def test_documents_of_unsearched_types_are_kept_but_neither_lemmatised_nor_matched(monkeypatch):
    lemmatised = []
    real_lemmatise = matching.lemmatise
    monkeypatch.setattr(matching, "lemmatise", lambda docs: lemmatised.extend(docs) or real_lemmatise(docs))
    form = make_doc("bpf.pdf", "bpf", "Formations à distance : oui. Taux de satisfaction : 95 %")
    programme = make_doc("programme.pdf", "programme", "Taux de satisfaction : 95 %")
    analysed = analyse([form, programme], pattern_bank("rnq-v9"), unsearched_doc_types={"bpf"})
    assert [d.path for d in analysed] == ["bpf.pdf", "programme.pdf"]
    assert analysed[0].pages[0].text.startswith("Formations à distance") and not analysed[0].pages[0].hits
    assert analysed[1].hits("result_indicators")
    assert [d.record.path for d in lemmatised] == ["programme.pdf"]


def test_model_is_loaded_once_without_parser_and_ner():
    nlp = matching.load_nlp()
    assert matching.load_nlp() is nlp
    assert "parser" not in nlp.pipe_names and "ner" not in nlp.pipe_names


def test_known_lemmas_are_looked_up_in_sets_with_the_same_results(monkeypatch: pytest.MonkeyPatch):
    nlp = matching.load_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(lemmas, frozenset) for lemmas in index.values())
    doc = nlp("Les formatrices évaluent les acquis ; nous adaptons les parcours des stagiaires aux entretiens réalisés.")

    def lemmas() -> list[list[str]]:
        lemmatizer.cache.clear()  # every word goes through the rules again
        return [lemmatizer.rule_lemmatize(token) for token in doc]

    with_sets = lemmas()
    for part_of_speech, known in list(index.items()):
        monkeypatch.setitem(index, part_of_speech, sorted(known))  # the model's own form: lists
    assert lemmas() == with_sets
    assert {"formateur", "évaluer", "adapter", "stagiaire", "entretien", "réaliser"} <= {forms[0] for forms in with_sets}


def test_model_multiplies_matrices_with_numpy_blas_on_one_thread():
    nlp = matching.load_nlp()
    assert [nlp.get_pipe(name).model.ops.use_blis for name in ("tok2vec", "morphologizer")] == [False, False]
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_norm_key_folds_like_every_other_stage():
    # The one folding drops invisible characters and unifies typographic dashes: a soft hyphen a PDF
    # left inside a word no longer hides it from the matcher.
    assert norm_key("for\u00admation") == "formation"
    assert norm_key("mise\u2011à\u2011jour") == norm_key("mise-à-jour")
