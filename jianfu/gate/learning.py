"""Learning from the cases: what the bureau decided about each refusal becomes a labelled example, and
the screening's precision on the bureau's own closed cases is shown on the cases page.

An exported example carries the notice's words, the items the screening named, the outcome and where
the case was handled (the county), never who: the school's name and the names of its teachers are
replaced in the text by 某校 and 某老师, and no school, user or teacher field is written.
"""

import re

from django.db.models import QuerySet

from jianfu.gate.models import CaseState, ViolationCase
from jianfu.org.models import Teacher

UPHELD, NOT_UPHELD = "upheld", "not_upheld"


def decided_cases(cases: QuerySet[ViolationCase]) -> QuerySet[ViolationCase]:
    """Closed cases opened by a refusal whose outcome the bureau recorded."""
    return cases.filter(state=CaseState.CLOSED, refusal__isnull=False, refusal_upheld__isnull=False)


def closed_cases_as_examples(cases: QuerySet[ViolationCase] | None = None) -> list[dict]:
    cases = decided_cases(cases if cases is not None else ViolationCase.objects.all())
    examples = []
    for case in cases.select_related("refusal__school", "division").order_by("pk"):
        refusal = case.refusal
        screened = list(refusal.screening.get("negative_list_items", []))
        examples.append(
            {
                "text": _anonymous(refusal.content, refusal.school),
                # Upheld: the school was right, the notice is a burden of the items the screening named.
                # Not upheld: the bureau found the demand legitimate.
                "items": screened if case.refusal_upheld else [],
                "kind": "burden" if case.refusal_upheld else "legitimate",
                "outcome": UPHELD if case.refusal_upheld else NOT_UPHELD,
                "screened_items": screened,
                "verdict": refusal.screening.get("verdict", ""),
                "source": f"case:{case.division.code}:{case.pk}",
                "date": refusal.received_on.isoformat(),
                "style": "case",
            }
        )
    return examples


def _anonymous(text: str, school) -> str:
    text = text.replace(school.name, "某校")
    names = sorted(set(Teacher.objects.filter(school=school).values_list("name", flat=True)), key=len, reverse=True)
    if names:
        text = re.sub("|".join(re.escape(n) for n in names if n), "某老师", text)
    return text


def screening_precision(cases: QuerySet[ViolationCase]) -> dict:
    """Of the decided cases whose notice the screening flagged, how many refusals the bureau upheld."""
    flagged = upheld = decided = 0
    for screening, was_upheld in decided_cases(cases).values_list("refusal__screening", "refusal_upheld"):
        decided += 1
        if screening.get("negative_list_items"):
            flagged += 1
            upheld += bool(was_upheld)
    return {
        "decided": decided,
        "flagged": flagged,
        "upheld": upheld,
        "precision": round(upheld / flagged, 3) if flagged else None,
    }
