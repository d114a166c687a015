"""Finding demands that are the same or similar (clause 1.1: 内容相同相近事项合并进行).

Candidates come from the database already narrowed to the same year and category, overlapping dates
and an open or registered state, so a new demand is never compared with every demand one by one. They
are also narrowed by place, through the index on (division, year, category, start): a demand naming
counties meets those demands handled by a division above them (a requester names counties of its own
jurisdiction) that name one of them; a demand naming none, or another naming none, is looked for in the
requester's prefecture and above. So the rows read grow with the prefecture, not with the province. Among
them, text likeness is the Jaccard index of character bigrams: Chinese has no spaces, and bigrams
approximate its words without a dictionary, explainably ("both say 食品安全, 专项检查").

A person is shown only the demands they may see anyway (their own unit's, their division's as a
bureau) and those registered, which the public annual list shows to everyone: another county's
submitted demand is nobody else's business until it is registered.
"""

import itertools
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext

from jianfu.org.models import Division
from jianfu.registry.access import demands_for
from jianfu.registry.models import Demand
from jianfu.workflow.demand import State

COMPARABLE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.JOINT_REVIEW, State.APPROVAL, State.REGISTERED)
PUBLIC_STATES = (State.REGISTERED, State.DONE)
THRESHOLD = 0.35
MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class Similar:
    demand: Demand
    score: float
    reason: str


def bigrams(text: str) -> set[str]:
    # Digits (years, numbers) and punctuation say nothing about the topic.
    chars = [c for c in text if not c.isspace() and not c.isdigit() and c not in "年，。、；：（）《》“”\"',.;:()"]
    return {a + b for a, b in itertools.pairwise(chars)}


def text_likeness(a: str, b: str) -> float:
    return jaccard(bigrams(a), bigrams(b))


def jaccard(x: set[str], y: set[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def shared_phrases(a: str, b: str, minimum: int = 2) -> list[str]:
    """The runs of characters two titles have in common, longest first: what a reviewer reads."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    phrases = {a[m.a : m.a + m.size].strip() for m in blocks if m.size >= minimum}
    return sorted((p for p in phrases if len(p) >= minimum), key=len, reverse=True)[:3]


def _ancestor_codes(path: str) -> set[str]:
    return set(path.strip("/").split("/"))


def similar_candidates(demand: Demand):
    """The demands worth comparing with this one, read through the (division, year, category, start)
    index: only the divisions whose demands can reach the same schools are named in the WHERE."""
    division = demand.division
    counties = list(demand.target_counties.values_list("pk", "path"))
    prefecture = "/" + "/".join(division.path.strip("/").split("/")[:2]) + "/"  # "/520000/520400/"
    reaching = _ancestor_codes(division.path).union(*(_ancestor_codes(path) for _pk, path in counties))
    # Read first (a few dozen ids): as literal values they let the planner take the division index.
    near = list(
        Division.objects.filter(Q(code__in=reaching) | Q(path__startswith=prefecture)).values_list("pk", flat=True)
    )
    targets = Demand.target_counties.through.objects.filter(demand_id=OuterRef("pk"))
    if counties:
        named_here = Exists(targets.filter(division_id__in=[pk for pk, _path in counties]))
    else:  # the requester's whole division: any county within it
        named_here = Exists(targets.filter(division__path__startswith=division.path))
    return (
        Demand.objects.filter(
            division__in=near,
            year=demand.year,
            category=demand.category,
            start__lte=demand.end,
            end__gte=demand.start,
            state__in=COMPARABLE_STATES,
        )
        .filter(named_here | ~Exists(targets))
        .exclude(pk=demand.pk)
        .select_related("requester")
    )


def similar_demands(demand: Demand, limit: int = 5, *, viewer=None) -> list[Similar]:
    """The demands most like this one. Pages and the API pass the `viewer`, who is shown only what
    they may see or what is public; without one (the bench, internal checks) every demand counts.

    Candidates are scored from the few columns the score reads (a busy prefecture has hundreds of them);
    only the `limit` best become whole demands."""
    candidates = similar_candidates(demand)
    if viewer is not None:
        candidates = candidates.filter(Q(state__in=PUBLIC_STATES) | Q(pk__in=demands_for(viewer).values("pk")))
    rows = candidates.annotate(opening=Substr("content", 1, 300)).values_list("pk", "title", "opening", "start", "end")
    title, opening = bigrams(demand.title), bigrams(demand.content[:300])
    scored = []
    for pk, other_title, other_opening, start, end in rows[:MAX_CANDIDATES]:
        # The title names the topic; contents share boilerplate, so they count for a quarter.
        likeness = 0.75 * jaccard(title, bigrams(other_title)) + 0.25 * jaccard(opening, bigrams(other_opening))
        overlap = (min(demand.end, end) - max(demand.start, start)).days + 1
        score = 0.7 * likeness + 0.3 * min(1.0, overlap / 30)
        if likeness >= THRESHOLD or score >= THRESHOLD + 0.15:
            scored.append((score, pk, likeness, overlap, other_title))
    best = sorted(scored, key=lambda s: -s[0])[:limit]
    demands = Demand.objects.select_related("requester").in_bulk([pk for _score, pk, *_rest in best])
    return [
        Similar(demands[pk], round(score, 3), _reason(demand.title, other_title, likeness, overlap))
        for score, pk, likeness, overlap, other_title in best
        if pk in demands  # deleted since it was scored
    ]


def _reason(title: str, other_title: str, likeness: float, overlap: int) -> str:
    reason = gettext("同年同类，时间重叠 %(days)s 天，文字相似 %(likeness)s") % {
        "days": overlap,
        "likeness": f"{likeness:.0%}",
    }
    shared = gettext("、").join(shared_phrases(title, other_title))
    if shared:  # the phrases are the titles' own words
        reason += gettext("（共有“%(shared)s”）") % {"shared": shared}
    return reason
