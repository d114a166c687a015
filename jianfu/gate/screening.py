"""Screening a notice at the school gate: the pure screening, then its registration numbers verified
against the registry (which only this Django layer can read).

- a valid registration whose scope reaches the school (or a reader who is not a school) covers the items
  of its own category (categories.yaml: vetted_items): they are not refusable, and the verdict says the
  notice is registered, with title, requester and scope. Items of other kinds stay: a registered
  inspection that also demands app installs still gets item 7;
- an expired, revoked or unknown (forged) number, or one whose scope leaves this school out, is said
  plainly, and the notice is refusable: the finding cites 1.1;
- with no registry to ask (no migrated database: `jianfu screen FILE` on any machine) numbers stay
  未核验, as the pure screening reports them.
"""

from collections.abc import Callable
from dataclasses import replace

from django.db import DatabaseError, connection
from django.utils import timezone

from jianfu.packs.active import active_engine
from jianfu.policy.model import Finding, Pack, Severity
from jianfu.policy.screening.engine import (
    NEEDS_REGISTRATION,
    NO_FINDING,
    REFUSABLE,
    UNCERTAIN,
    Screening,
    screen,
    without_items,
)
from jianfu.registry.models import Demand

REGISTERED = "registered"
OUT_OF_SCOPE = "out_of_scope"
OUT_OF_SCOPE_MESSAGE = "不在登记范围：此事项已登记，但登记的范围不包括本校；学校有权拒绝。"
NO_STATISTICS_APPROVAL = "no_statistics_approval"
NO_STATISTICS_APPROVAL_MESSAGE = "无有效统计审批：此统计调查没有在有效期内的统计审批文号；学校有权拒绝（第 3.2 条）。"


def notice_screening(text: str, *, user=None, registry: Callable[[], bool] | None = None) -> Screening:
    """The screening of a notice as the gate gives it: numbers verified when there is a registry (asked
    only when the notice holds a number; a caller screening many notices may pass a cached question)."""
    return verified(screen(text, active_engine().pack), user=user, registry=registry)


def verified(result: Screening, *, user=None, registry: Callable[[], bool] | None = None) -> Screening:
    """A pure screening with its registration numbers verified against the registry, if there is one."""
    if not result.numbers or not (registry or registry_available)():
        return result
    answers = [_answer(seen, user) for seen in result.numbers]
    return with_registrations(result, active_engine().pack, answers)


def registry_available() -> bool:
    """Is there a migrated database to verify numbers against? (Not on a machine that only screens files.)"""
    try:
        return Demand._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False


def _answer(seen, user) -> dict:
    # Imported at the first number to verify: `jianfu screen` over notices without one never loads the
    # registry's services (and what they import).
    from jianfu.collection.approvals import valid_statistics_approval
    from jianfu.registry.verification import verify

    answer = verify(seen.number, user=user)
    answer |= {"number": seen.number, "start": seen.start, "end": seen.end, "covered_items": []}
    if answer["status"] == "valid" and answer.get("school_in_scope") is False:
        answer |= {"status": OUT_OF_SCOPE, "valid": False, "message": OUT_OF_SCOPE_MESSAGE}
    if answer["status"] == "valid":
        demand = Demand.objects.only("category").get(registration_number=answer["number"])
        answer["category"] = demand.category
        if demand.category == "statistical_survey" and not valid_statistics_approval(demand, timezone.localdate()):
            answer |= {"status": NO_STATISTICS_APPROVAL, "valid": False, "message": NO_STATISTICS_APPROVAL_MESSAGE}
            answer |= {"clause": "3.2"}
    return answer


def with_registrations(result: Screening, pack: Pack, answers: list[dict]) -> Screening:
    covered: set[int] = set()
    for answer in answers:
        if answer["status"] == "valid":
            answer["covered_items"] = sorted(_items_of_category(pack, answer.pop("category", "")))
            covered |= set(answer["covered_items"])
    screened = without_items(result, pack, covered) if any(a["status"] == "valid" for a in answers) else result
    refused = [a for a in answers if a["status"] != "valid"]
    verdict, findings = screened.verdict, screened.findings
    if refused and not screened.negative_list_items:
        verdict = REFUSABLE
        findings = (*[f for f in findings if f.rule.startswith("negative_list.")], *map(_refused_finding, refused))
    elif refused:
        findings = (*findings, *map(_refused_finding, refused))
    elif verdict == UNCERTAIN and set(screened.possible_items) <= covered:
        verdict, findings = REGISTERED, ()  # what was in doubt is what the registration covers
    elif verdict in (NO_FINDING, NEEDS_REGISTRATION):
        verdict = REGISTERED
    possible = () if verdict == REGISTERED else tuple(no for no in screened.possible_items if no not in covered)
    return replace(
        screened, verdict=verdict, findings=tuple(findings), registrations=tuple(answers), possible_items=possible
    )


def _items_of_category(pack: Pack, category: str) -> set[int]:
    vetted = pack.categories[category].vetted_items if category in pack.categories else ()
    return {item.no for item in pack.negative_list if item.clause in vetted}


def _refused_finding(answer: dict) -> Finding:
    return Finding(
        rule=f"registration_{answer['status']}",
        clause=answer.get("clause", "1.1"),
        severity=Severity.BLOCK,
        message=f"通知所引备案号 {answer['number']}：{answer['message']}",
        evidence=(f"{answer['number']}@{answer['start']}-{answer['end']}",),
    )
