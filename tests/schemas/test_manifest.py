from datetime import date

from extractors.manifest import parse_manifest


def test_a_valid_manifest_is_read_whole():
    manifest, problems = parse_manifest(
        "dossier_id: D-1\norganization: {name: Rhône Conseil, siren: '842917338'}\n"
        "categories: [AF, BC]\ncertifying: true\naudit_date: 2026-12-15\n".encode()
    )
    assert problems == []
    assert manifest.categories == ["AF", "BC"]
    assert manifest.audit_date == date(2026, 12, 15)
    assert manifest.organization.name == "Rhône Conseil"


def test_bad_yaml_gives_a_french_message_and_defaults():
    manifest, problems = parse_manifest(b"categories: [AF\n  certifying: : :")
    assert manifest is None
    assert "YAML valide" in problems[0]


def test_an_unknown_category_drops_only_the_categories():
    manifest, problems = parse_manifest(b"categories: [AF, FORMATION]\nnew_entrant: true\n")
    assert manifest.categories is None and manifest.new_entrant is True
    assert any("FORMATION" in problem for problem in problems)


def test_wrong_types_and_unknown_keys_are_reported_and_dropped():
    manifest, problems = parse_manifest(b"certifying: peut-etre\ndeclared_revenue_eur: beaucoup\ncolour: blue\n")
    assert manifest.certifying is None and manifest.declared_revenue_eur is None
    assert len(problems) == 3
    assert any("colour" in problem for problem in problems)


def test_unquoted_identifiers_keep_their_leading_zeros():
    manifest, _ = parse_manifest(b"organization: {siren: 012345678, nda: 1175123456}\n")
    assert manifest.organization.siren == "012345678"
    assert manifest.organization.nda == "01175123456"


def test_a_manifest_that_is_not_a_mapping_is_ignored():
    manifest, problems = parse_manifest(b"- AF\n- BC\n")
    assert manifest is None and problems


def test_escaped_utf16_halves_become_the_character_they_spell():
    # « \ud83c\udf93 » is how JSON writers escape 🎓; YAML reads each half alone.
    manifest, problems = parse_manifest(b'dossier_id: "formation \\ud83c\\udf93 \\ud83c"\n')
    assert manifest is not None and problems == []
    assert manifest.dossier_id == "formation \U0001f393 \ufffd"
    manifest.dossier_id.encode("utf-8")  # a report can carry it
