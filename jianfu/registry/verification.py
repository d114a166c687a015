"""Verifying a registration number or code: the school gate's first question (SPEC M4).

Every answer has the same shape and costs the same single read of a stored answer (`stored_answers.py`,
built by `answer_query.py` and kept by every change that alters it), found or not, so that answers do
not tell an enumerator which guesses came close; requests are rate-limited per address as well.

The answer is a record as much as a reply: a school's refusal keeps it, its letter quotes it, the API
and `jianfu verify` print it. So it is worded in Chinese, the platform's official language; only the
public page asks for it in its reader's language (`in_reader_language=True`).
"""

from contextlib import nullcontext
from enum import StrEnum
from functools import lru_cache

from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from jianfu.documents.language import official_language
from jianfu.org.access import scope_for
from jianfu.org.models import School
from jianfu.registry.answer_query import AnswerRow
from jianfu.registry.facts import FINDING
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.selectors import ITEM, KEY, demand_list_for_school, scope_text_of_row
from jianfu.registry.stored_answers import stored_answer
from jianfu.web import throttle
from jianfu.workflow.demand import State

REQUESTS_PER_MINUTE = 30
MESSAGES = {
    "valid": gettext_noop("有效：此事项已登记备案，可以按登记的范围和时间开展。"),
    "expired": gettext_noop("已过期：此事项的登记时间已结束，学校可以拒绝继续开展。"),
    "revoked": gettext_noop("已撤销：此事项的登记已被教育行政部门撤销，学校有权拒绝。"),
    "unknown": gettext_noop("查无此备案：没有对应的已登记事项。未登记的事项，学校有权拒绝。"),
}


class Status(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


def verify(key: str, *, user=None, today=None, in_reader_language: bool = False) -> dict:
    return verification(key, user=user, today=today, in_reader_language=in_reader_language)[0]


def verification(key: str, *, user=None, today=None, in_reader_language: bool = False) -> tuple[dict, AnswerRow | None]:
    """The answer, and the stored row it was made from (None for an unknown key)."""
    with nullcontext() if in_reader_language else official_language():
        return _verify(key, user=user, today=today)


def _verify(key: str, *, user, today) -> tuple[dict, AnswerRow | None]:
    key = key.strip()
    today = today or timezone.localdate()
    usable = 0 < len(key) <= 64 and all(c.isalnum() or c in "〔〕-号" for c in key)
    # One read, found or not: an unusable key asks for the empty key, which no answer has.
    demand = stored_answer(key.upper(), key) if usable else stored_answer("", "")
    if demand is None:
        return _answer_now(Status.UNKNOWN), None
    return _answer_now(_status(demand, today), demand, _school_in_scope(user, demand)), demand


def _status(demand: AnswerRow, today) -> Status:
    if demand.state == State.REVOKED:
        return Status.REVOKED
    return Status.EXPIRED if demand.end < today else Status.VALID


def _answer_now(status: Status, demand: AnswerRow | None = None, school_in_scope: bool | None = None) -> dict:
    """`_answer` in the active language. An answer is a pure function of the stored row (immutable, read
    on every look-up), its status and the language, so a process keeps the last ones made: a changed
    row is a different key, never a stale answer."""
    return dict(_remembered_answer(status, demand, school_in_scope, translation.get_language()))


@lru_cache(maxsize=512)
def _remembered_answer(status: Status, demand: AnswerRow | None, school_in_scope: bool | None, language) -> dict:
    return _answer(status, demand, school_in_scope)


def _answer(status: Status, demand: AnswerRow | None = None, school_in_scope: bool | None = None) -> dict:
    return {
        "status": status.value,
        "valid": status == Status.VALID,
        "message": gettext(MESSAGES[status]),
        "number": demand and demand.registration_number,
        "title": demand and demand.title,
        "requester": demand and demand.requester_name,
        "start": demand and demand.start.isoformat(),
        "end": demand and demand.end.isoformat(),
        "scope": demand and scope_text_of_row(demand),
        "school_in_scope": school_in_scope,
        # What the screening of its words found and the reviewing bureau dismissed, with the reason:
        # a school reading the page sees the clause was looked at, not overlooked.
        "dismissed": dismissed_of_row(demand) if demand else [],
    }


def dismissed_of_row(demand: AnswerRow) -> list[dict]:
    """`dismissed_on_review` of an answer's row, in the order they were decided."""
    items = [item.split(KEY, 2) for item in (demand.dismissed_joined or "").split(ITEM) if item]
    return [{"clause": clause, "reason": reason} for _, clause, reason in sorted(items, key=lambda i: int(i[0]))]


def _school_in_scope(user, demand: AnswerRow) -> bool | None:
    """For a logged-in school: does the demand reach it? None for everyone else."""
    if user is None or not user.is_authenticated:
        return None
    school_ids = scope_for(user).school_ids
    if not school_ids:
        return None
    return any(
        demand_list_for_school(school=school).filter(pk=demand.pk).exists()
        for school in School.objects.filter(pk__in=school_ids)
    )


def over_the_limit(address: str) -> bool:
    """A fixed one-minute window per client address, with no database write (jianfu/web/throttle.py:
    Redis shared by every worker, or each worker its share of the limit; RATE_LIMIT_BACKEND=database
    counts in the database instead).

    Callers pass `request.META["REMOTE_ADDR"]`, which `jianfu.web.addresses.ClientAddressMiddleware`
    has already made the client address (X-Forwarded-For only from a trusted proxy)."""
    return throttle.over("verify", address, limit=REQUESTS_PER_MINUTE, seconds=60)


def dismissed_on_review(demand: Demand) -> list[dict]:
    latest = {}
    for decision in demand.review_decisions.filter(subject__startswith=FINDING).order_by("at", "id"):
        latest[decision.subject] = decision
    return [
        {"clause": d.clause, "reason": d.reason}
        for d in latest.values()
        if d.verdict == ReviewDecision.Verdict.DISMISSED
    ]


def approvals_shown(demand: Demand) -> list[str]:
    """Clause 3.2, as the verification page and the certificate show it: the statistics bureau's approval
    number and validity, the education bureau's consent to a teacher survey."""
    from jianfu.collection.approvals import approvals_of  # the collection app builds on the registry

    return [approval.as_text() for approval in approvals_of(demand)]


def approvals_of_row(demand: AnswerRow | None) -> list[str]:
    """What the verification page shows of clause 3.2: read only for a demand that can have approvals
    (a research survey, or one with a statistics approval), which the stored answer says."""
    if demand is None or not demand.approvals_possible:
        return []
    found = Demand.objects.filter(pk=demand.pk).first()
    return approvals_shown(found) if found else []
