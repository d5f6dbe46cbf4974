"""Criterion 7 mappers: feedback collected (30) and used (32), learners' own evaluation (33, CFA 2026).

30 and 32 add what the surveys' extracted fields say (answers, satisfaction) to the reason, since a
questionnaire template proves the collection is planned, not that it happened. 33 must rest on a
scheme distinct from the general satisfaction survey: the table excludes satisfaction surveys from
its learner-evaluation element, and this mapper says so when they were the only match. Its other
elements (results shared, improvement, effectiveness) are about that evaluation's results: without
it, a general improvement plan found in the dossier proves nothing for 33.
"""

from __future__ import annotations

from dataclasses import replace

from indicator_mappers.mappers.base import Findings, MappingContext, conclude
from indicator_mappers.mappers.registry import register
from schemas.contract import IndicatorAssessment


def _survey_note(context: MappingContext) -> str | None:
    surveys = context.documents_of(*context.spec.params.get("survey_doc_types", ["satisfaction_survey"]))
    if not surveys:
        return None
    respondents = [
        int(v) for s in surveys if isinstance(v := s.document.record.fields.get("respondents"), (int, float))
    ]
    rates = [
        float(v) for s in surveys if isinstance(v := s.document.record.fields.get("satisfaction_rate"), (int, float))
    ]
    note = f"{len(surveys)} enquête(s) de satisfaction au dossier"
    if respondents:
        note += f", {sum(respondents)} répondant(s) au total"
    if rates:
        note += f", satisfaction moyenne {round(100 * sum(rates) / len(rates))} %"
    if not respondents and not rates:
        note += ", sans résultat chiffré extrait"
    return note + "."


@register(30, 32)
def feedback_used(context: MappingContext) -> IndicatorAssessment:
    findings = Findings(outcomes=context.outcomes())
    if note := _survey_note(context):
        findings.notes_fr.append(note)
    plan_types = context.spec.params.get("plan_doc_types", [])
    if plan_types and not context.documents_of(*plan_types):
        findings.notes_fr.append(
            "Aucun plan d'amélioration (tableau de suivi des actions) n'a été identifié parmi les pièces."
        )
    return conclude(context, findings)


@register(33)
def learner_evaluation(context: MappingContext) -> IndicatorAssessment:
    findings = Findings(outcomes=context.outcomes())
    for outcome in findings.outcomes:
        excluded = outcome.spec.exclude_doc_types
        if outcome.found or not excluded:
            continue
        only_there = [h for h in context.find(outcome.id, honour_doc_types=False) if h.matches.doc_type in excluded]
        if only_there:
            findings.notes_fr.append(
                f"{outcome.spec.label_fr} : seule une enquête de satisfaction en parle ({only_there[0].where_fr()}) ;"
                " l'indicateur 33 exige un dispositif distinct du recueil général de satisfaction."
            )
    core = context.spec.params.get("core_element")
    if core and not any(o.found for o in findings.outcomes if o.id == core):
        if unrelated := [o for o in findings.outcomes if o.id != core and (o.found or o.mentions)]:
            findings.notes_fr.append(
                "Sans évaluation des contenus et des enseignements par les apprenants, les éléments trouvés ("
                + ", ".join(f"{o.spec.label_fr.lower()} : {(o.hits or o.mentions)[0].where_fr()}" for o in unrelated)
                + ") relèvent de la démarche qualité générale, pas de cet indicateur."
            )
            findings.outcomes = [
                replace(o, hits=(), mentions=()) if o.id != core else o for o in findings.outcomes
            ]
    return conclude(context, findings)
