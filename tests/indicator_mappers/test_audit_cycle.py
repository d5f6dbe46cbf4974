"""The certification cycle: audit type (declared or inferred from the certificate), the checks each type
adds, the indicators a surveillance or extension audit reviews, and the duration of each audit."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.manifest import parse_manifest
from indicator_mappers.applicability import decide_applicability
from indicator_mappers.assess import assess_dossier
from indicator_mappers.audit_cycle import (
    AuditTypeDecision,
    CycleContext,
    add_months,
    check_certificate_valid,
    check_extension_service_done,
    check_service_since_last_audit,
    current_certificate,
    cycle_checks,
    decide_audit_type,
    former_new_entrant,
    reviewed_indicators,
)
from indicator_mappers.audit_duration import estimate_audit
from indicator_mappers.referential import referential_by_id
from schemas import DossierManifest, ManifestOrganization, Scope
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import facts, kinds, the

SIREN = "904123783"  # Luhn-valid, synthetic
OTHER_SIREN = "552100554"  # Luhn-valid, another legal person
NDA = "84691234569"
CERTIFIED = date(2025, 1, 10)
IN_WINDOW = date(2026, 6, 15)  # 17th month
AFTER_WINDOW = date(2027, 6, 1)  # 29th month, before expiry
AF = Scope(categories=["AF"])


def certificate(valid_from=CERTIFIED, valid_until=date(2028, 1, 9), categories=("AF",), **fields):
    values = {
        "certificate_number": "CERT-123",
        "certifier": "Certificateur",
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "categories": list(categories) if categories is not None else None,
        "siren": SIREN,
        "nda_number": NDA,
    } | fields
    return doc("certificat_qualiopi.pdf", "qualiopi_certificate", "Certificat Qualiopi", **values)


def receipt(**fields):
    values = {"nda_number": NDA, "siren": SIREN, "declaration_date": "2020-03-01"} | fields
    return doc("recepisse.pdf", "nda_receipt", "Récépissé de déclaration d'activité", **values)


def manifest(**values):
    return DossierManifest(organization=ManifestOrganization(siren=SIREN, nda=NDA), **values)


def context(documents, decision_type="surveillance", on=IN_WINDOW, scope=AF, extension=()):
    decision = AuditTypeDecision(
        type=decision_type, source="manifest", reasons=[], extension_categories=list(extension)
    )
    return CycleContext(documents=documents, manifest=manifest(), scope=scope, decision=decision, on=on)


# --- dossier.yaml -------------------------------------------------------------------------------


def test_the_manifest_declares_the_audit_type_and_the_added_categories():
    parsed, problems = parse_manifest(b"audit_type: extension\nextension_categories: [BC]\n")
    assert problems == []
    assert parsed.audit_type == "extension" and parsed.extension_categories == ["BC"]


def test_an_unknown_audit_type_is_reported_and_dropped():
    parsed, problems = parse_manifest(b"audit_type: annuel\ncategories: [AF]\n")
    assert parsed.audit_type is None and parsed.categories == ["AF"]
    assert any("audit_type" in p for p in problems)


# --- audit type ---------------------------------------------------------------------------------


def test_no_certificate_means_an_initial_audit():
    decision = decide_audit_type([receipt()], manifest(audit_date=IN_WINDOW), AF, IN_WINDOW)
    assert (decision.type, decision.source, decision.question) == ("initial", "inferred", None)
    assert kinds(decision.reasons[0]) == [P.NO_CERTIFICATE_INITIAL]


@pytest.mark.parametrize(
    ("on", "expected"),
    [(IN_WINDOW, "surveillance"), (AFTER_WINDOW, "renewal")],
)
def test_the_certificate_dates_give_surveillance_or_renewal(on, expected):
    decision = decide_audit_type([certificate()], manifest(audit_date=on), AF, on)
    assert (decision.type, decision.source, decision.question) == (expected, "inferred", None)
    kind = P.IN_WINDOW if expected == "surveillance" else P.AFTER_WINDOW
    assert decision.reasons[0].kind is kind
    assert the(decision.reasons[0], kind)["start"] == date(2026, 3, 10)  # the window opens 14 months after


def test_a_certificate_issued_before_2021_has_the_longer_window():
    old = certificate(valid_from=date(2020, 6, 1), valid_until=date(2024, 5, 31))
    on = date(2022, 6, 1)  # 24th month: renewal for a 3-year certificate, surveillance for a 4-year one
    assert decide_audit_type([old], manifest(audit_date=on), AF, on).type == "surveillance"


def test_a_date_before_the_surveillance_window_is_a_question():
    on = date(2025, 8, 1)
    decision = decide_audit_type([certificate()], manifest(audit_date=on), AF, on)
    assert decision.type == "surveillance" and decision.question.kind is P.ASK_BEFORE_WINDOW
    checks = cycle_checks(CycleContext(documents=[certificate()], manifest=manifest(), scope=AF, decision=decision, on=on))
    assert [c.status for c in checks if c.id == "audit_type"] == ["warning"]


def test_an_expired_certificate_gives_an_initial_audit_to_confirm():
    on = date(2028, 3, 1)
    decision = decide_audit_type([certificate()], manifest(audit_date=on), AF, on)
    assert decision.type == "initial" and the(decision.question, P.ASK_EXPIRED) == {"valid_until": date(2028, 1, 9)}


def test_a_category_the_certificate_lacks_makes_an_extension():
    scope = Scope(categories=["AF", "BC"])
    decision = decide_audit_type([certificate()], manifest(audit_date=IN_WINDOW), scope, IN_WINDOW)
    assert decision.type == "extension" and decision.extension_categories == ["BC"]


def test_a_declared_type_the_dates_contradict_is_a_question():
    decision = decide_audit_type([certificate()], manifest(audit_date=AFTER_WINDOW, audit_type="surveillance"), AF, AFTER_WINDOW)
    assert (decision.type, decision.source) == ("surveillance", "manifest")
    assert the(decision.question, P.ASK_DOCUMENTS_SAY)["audit_type"] == "renewal"


def test_without_an_audit_date_the_inferred_type_is_to_confirm():
    decision = decide_audit_type([certificate()], None, AF, IN_WINDOW)
    assert decision.type == "surveillance" and decision.question.kind is P.ASK_NO_AUDIT_DATE


# --- certificate_valid --------------------------------------------------------------------------


def test_a_valid_certificate_passes():
    check = check_certificate_valid(context([certificate(), receipt()]))
    assert check.status == "pass" and the(check, P.CERTIFICATE_VALID) == {
        "path": "certificat_qualiopi.pdf", "on": IN_WINDOW, "categories": ["AF"]
    }


def test_a_missing_certificate_blocks():
    check = check_certificate_valid(context([receipt()]))
    assert check.status == "fail" and the(check, P.CERTIFICATE_ABSENT) == {"audit_type": "surveillance"}


def test_a_certificate_not_valid_on_the_audit_date_blocks():
    check = check_certificate_valid(context([certificate(), receipt()], on=date(2028, 2, 1)))
    assert check.status == "fail" and the(check, P.CERTIFICATE_EXPIRED_ON)["on"] == date(2028, 2, 1)


def test_another_siren_is_a_new_legal_person_and_blocks():
    check = check_certificate_valid(context([certificate(siren=OTHER_SIREN), receipt()]))
    assert check.status == "fail" and the(check, P.CERTIFICATE_OTHER_SIREN) == {
        "siren": OTHER_SIREN, "values": {SIREN: ["dossier.yaml", "recepisse.pdf"]}
    }


def test_a_misread_siren_is_a_doubt_not_a_new_legal_person():
    check = check_certificate_valid(context([certificate(siren="904123784"), receipt()]))
    assert check.status == "warning" and the(check, P.CERTIFICATE_SIREN_INVALID)["siren"] == "904123784"


def test_another_nda_is_to_check():
    check = check_certificate_valid(context([certificate(nda_number="11751234575"), receipt()]))
    assert check.status == "warning" and the(check, P.CERTIFICATE_OTHER_NDA)["nda"] == "11751234575"


def test_an_audited_category_the_certificate_does_not_cover_blocks():
    check = check_certificate_valid(context([certificate(), receipt()], scope=Scope(categories=["AF", "VAE"])))
    assert check.status == "fail" and the(check, P.CERTIFICATE_UNCOVERED) == {"categories": ["VAE"]}


def test_an_extension_s_added_category_need_not_be_on_the_certificate():
    scope = Scope(categories=["AF", "BC"])
    check = check_certificate_valid(context([certificate(), receipt()], "extension", scope=scope, extension=["BC"]))
    assert check.status == "pass"


def test_unread_certificate_fields_are_to_check_by_hand():
    check = check_certificate_valid(context([certificate(valid_from=None, categories=None), receipt()]))
    assert check.status == "warning"
    assert kinds(check) == [P.CERTIFICATE_DOUBTFUL, P.CERTIFICATE_DATES_NOT_READ, P.CERTIFICATE_CATEGORIES_NOT_READ]


def test_certificate_categories_may_be_read_as_text():
    as_text = doc("c.pdf", "qualiopi_certificate", valid_from="2025-01-10", valid_until="2028-01-09", categories="AF, BC")
    assert current_certificate([as_text], IN_WINDOW).categories == ["AF", "BC"]


# --- service_since_last_audit -------------------------------------------------------------------


def completion(day: date, path="attestation.pdf"):
    return doc(path, "completion_certificate", "Certificat de réalisation", end_date=day.isoformat())


def test_a_service_after_the_surveillance_window_passes():
    check = check_service_since_last_audit(context([certificate(), completion(date(2027, 2, 1))], "renewal", AFTER_WINDOW))
    assert check.status == "pass" and the(check, P.SERVICE_ON) == {"path": "attestation.pdf", "day": date(2027, 2, 1)}


def test_a_service_inside_the_window_may_precede_the_surveillance_audit():
    check = check_service_since_last_audit(context([certificate(), completion(date(2026, 8, 1))], "renewal", AFTER_WINDOW))
    assert check.status == "warning"


def test_no_service_since_the_window_blocks_a_renewal():
    documents = [certificate(), completion(date(2025, 3, 1))]
    check = check_service_since_last_audit(context(documents, "renewal", AFTER_WINDOW))
    assert check.status == "fail" and the(check, P.SERVICE_ON) == {"path": "attestation.pdf", "day": date(2025, 3, 1)}


def test_a_bpf_year_after_the_window_dates_a_service():
    bpf = doc("bpf_2027.pdf", "bpf", "BPF", fiscal_year=2027, trainees_total=12)
    idle = doc("bpf_2026.pdf", "bpf", "BPF", fiscal_year=2026, trainees_total=0)
    on = date(2027, 12, 1)
    assert check_service_since_last_audit(context([certificate(), bpf], "renewal", on)).status == "pass"
    assert check_service_since_last_audit(context([certificate(), idle], "renewal", on)).status == "fail"


# --- extension_service_done ---------------------------------------------------------------------


def test_a_service_in_the_added_category_passes():
    scope = Scope(categories=["AF", "BC"])
    bilan = doc("attestation_bilan.pdf", "completion_certificate", "Attestation de fin de bilan de compétences")
    check = check_extension_service_done(context([bilan], "extension", scope=scope, extension=["BC"]))
    assert check.status == "pass" and the(check, P.CATEGORY_PROOFS)["category"] == "BC"
    assert "attestation_bilan.pdf" in facts(check)


def test_a_proof_naming_no_category_does_not_prove_the_added_one():
    scope = Scope(categories=["AF", "BC"])
    check = check_extension_service_done(context([completion(IN_WINDOW)], "extension", scope=scope, extension=["BC"]))
    assert check.status == "fail" and the(check, P.EXTENSION_SERVICE_MISSING) == {"categories": ["BC"]}


def test_checks_follow_the_audit_type():
    documents = [certificate(), receipt(), completion(date(2027, 2, 1))]
    ids = {t: [c.id for c in cycle_checks(context(documents, t, AFTER_WINDOW))] for t in ("initial", "surveillance", "renewal")}
    assert ids == {
        "initial": [],
        "surveillance": ["certificate_valid"],
        "renewal": ["certificate_valid", "service_since_last_audit"],
    }


# --- surveillance of a former new entrant -------------------------------------------------------


def test_a_former_new_entrant_is_known_from_the_declaration_date():
    recent = receipt(declaration_date="2024-06-01")  # less than a year before the certificate
    assert former_new_entrant([recent], AF, current_certificate([certificate()], IN_WINDOW))
    assert not former_new_entrant([receipt()], AF, current_certificate([certificate()], IN_WINDOW))


def test_after_the_initial_audit_deferred_indicators_need_implementation():
    indicator = referential_by_id("rnq-v9").indicator(2)  # formalisation only for a new entrant
    scope = Scope(categories=["AF"], new_entrant=True)
    assert decide_applicability(indicator, scope).formalisation_only
    later = decide_applicability(indicator, scope, initial_audit=False)
    assert later.applies and not later.formalisation_only


def test_the_surveillance_minimum_set():
    v9 = referential_by_id("rnq-v9")
    decision = AuditTypeDecision(type="surveillance", source="inferred", reasons=[])
    numbers, note = reviewed_indicators(v9, AF, decision, former_entrant=False)
    major_only = {i.number for i in v9.indicators if i.nc_grading == "major_only" and decide_applicability(i, AF).applies}
    assert {1, 17, 19} <= set(numbers) and major_only <= set(numbers)
    assert 3 not in numbers  # not certifying: indicator 3 does not apply
    assert 2 not in numbers and "non-conformité au dernier audit" in note.params["unknown_parts"]
    every, _ = reviewed_indicators(v9, AF, decision, former_entrant=True)
    assert every == [i.number for i in v9.indicators if decide_applicability(i, AF).applies]


def test_an_extension_reviews_the_added_categories_indicators():
    v9 = referential_by_id("rnq-v9")
    decision = AuditTypeDecision(type="extension", source="manifest", reasons=[], extension_categories=["CFA"])
    numbers, _ = reviewed_indicators(v9, Scope(categories=["AF", "CFA"]), decision, former_entrant=False)
    assert 13 in numbers and len(numbers) == sum(decide_applicability(i, Scope(categories=["CFA"])).applies for i in v9.indicators)


# --- durations ----------------------------------------------------------------------------------


def bpf_of(amount: float):
    return doc("bpf.pdf", "bpf", "BPF", fiscal_year=2025, total_revenue_eur=amount)


@pytest.mark.parametrize(
    ("audit_type", "amount", "former", "days"),
    [
        ("surveillance", 90_000, False, 0.5),
        ("surveillance", 90_000, True, 1.0),
        ("surveillance", 300_000, False, None),
        ("renewal", 300_000, False, 1.5),
        ("extension", 90_000, False, None),
        ("initial", 300_000, False, 1.5),
    ],
)
def test_only_sourced_durations_become_numbers(audit_type, amount, former, days):
    duration = estimate_audit([bpf_of(amount)], None, AF, audit_type, former)
    assert duration.estimate.type == audit_type and duration.estimate.days == days
    unsourced = {P.DAYS_SURVEILLANCE_UNSOURCED, P.DAYS_EXTENSION, P.DAYS_RENEWAL_UNSOURCED, P.DAYS_SEVERAL_CATEGORIES}
    assert (days is None) == (duration.days_note.kind in unsourced)


def test_a_surveillance_dossier_end_to_end():
    documents = [certificate(), receipt(), completion(date(2026, 5, 1)), bpf_of(90_000)]
    result = assess_dossier(documents, manifest(audit_date=IN_WINDOW, categories=["AF"]), [], IN_WINDOW)
    assert (result.audit.type, result.audit.type_source, result.audit.days) == ("surveillance", "inferred", 0.5)
    assert result.audit.reviewed_indicators and result.audit_phrases.type_reasons[0].kind is P.IN_WINDOW
    assert "certificate_valid" in [c.id for c in result.admissibility.checks]
    assert result.nc_projection.major == sum(1 for i in result.indicators if i.proposed_nc == "major")


def test_months_are_calendar_months():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 10), 14) == date(2027, 1, 10)


def test_the_surveillance_minimum_set_holds_the_previous_audits_nc_indicators():
    v9 = referential_by_id("rnq-v9")
    decision = AuditTypeDecision(type="surveillance", source="inferred", reasons=[])
    numbers, note = reviewed_indicators(v9, AF, decision, former_entrant=False, previous_nc={2, 23})
    assert {2, 23, 1, 17, 19} <= set(numbers) and numbers == sorted(numbers)
    assert the(note, P.REVIEWED_PREVIOUS_NC) == {"indicators": [2, 23]}
