"""Reads of the registry, scoped to what the person may see."""

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.lookups import Exact
from django.utils.translation import gettext

from jianfu.org.access import get_for_user
from jianfu.org.models import Area, Division, RoleAssignment
from jianfu.packs.active import active_engine
from jianfu.registry.access import ROLE_FOR_UNIT_KIND, demands_for, is_education_bureau_of
from jianfu.registry.models import Demand
from jianfu.workflow.demand import OPEN_STATES, State

PUBLISHED_STATES = (State.REGISTERED, State.DONE)


def demand_get_for_user(*, user, pk: int) -> Demand:
    return get_for_user(demands_for(user).select_related("requester", "division"), pk=pk)


def demand_list_for_user(*, user, state: str = "", year: int | None = None) -> QuerySet[Demand]:
    demands = demands_for(user).select_related("requester", "division")
    if state:
        demands = demands.filter(state=state)
    if year:
        demands = demands.filter(year=year)
    return demands


def review_queue(*, user) -> QuerySet[Demand]:
    """The open demands whose present step waits for a unit this person acts for, oldest first."""
    waiting = Q(pk__in=[])
    for unit_kind, division_id, role in RoleAssignment.objects.filter(user=user, unit__isnull=False).values_list(
        "unit__kind", "unit__division_id", "role"
    ):
        if ROLE_FOR_UNIT_KIND.get(unit_kind) == role:
            waiting |= Q(division_id=division_id, waiting_for__contains=unit_kind)
    return (
        Demand.objects.filter(waiting, state__in=OPEN_STATES)
        .exclude(created_by=user)
        .select_related("requester", "division")
        .order_by("updated_at", "id")
    )


def annual_list(*, year: int, division) -> QuerySet[Demand]:
    """The published list of a year and level: every registered demand handled by that division."""
    return (
        Demand.objects.filter(year=year, division=division, state__in=PUBLISHED_STATES)
        .select_related("requester")
        .order_by("registration_number")
    )


def annual_list_with_scopes(*, year: int, division) -> QuerySet[Demand]:
    """The published list with each demand's scope in its own row (`scope_text_of_row`): one query, and no
    prefetched related managers, whose querysets and instances refer to each other in cycles that only
    the garbage collector frees (about 36 objects a demand, ~10 MiB kept by a worker for a county's list)."""
    return with_scope_names(annual_list(year=year, division=division)).annotate(division_name=F("division__name"))


def demand_list_for_school(*, school, year: int | None = None) -> QuerySet[Demand]:
    """The registered demands that reach a school: named it, or cover its county (or the whole area of
    the handling division), its level and its area.

    Only demands handled by the school's own county or a division above it can reach it (a requester
    targets its own jurisdiction), which narrows the rows before the tests of each demand's targets.
    """
    ancestors = school.county.path.strip("/").split("/")
    named = Exists(Demand.target_schools.through.objects.filter(demand_id=OuterRef("pk"), school_id=school.pk))
    in_county = none_named_or_one_of(Demand.target_counties.through, "division_id", [school.county_id])
    school_levels = [level.pk for level in school.levels.all()]  # prefetched by callers that loop over schools
    at_level = none_named_or_one_of(Demand.target_levels.through, "level_id", school_levels)
    in_area = Q(target_areas__contains=school.area) | Q(target_areas="")
    # The ancestors' ids, read first, as literal values the planner can seek in the (year, division, ...)
    # index. Not a join, which read the year's demands of the whole province; nor a subquery, whose length
    # SQLite cannot see: after an ANALYZE it preferred skipping through the whole index for the term dates,
    # 120 ms for a calendar at four times Guizhou's density where the three divisions' ranges take 24 ms.
    handlers = list(Division.objects.filter(code__in=ancestors).values_list("pk", flat=True))
    demands = Demand.objects.filter(state__in=PUBLISHED_STATES, division_id__in=handlers).filter(
        named | (Q(in_county) & Q(at_level) & in_area)
    )
    if year:
        demands = demands.filter(year=year)
    return demands.select_related("requester").order_by("start", "id")


def none_named_or_one_of(through, column: str, wanted: list) -> Exact:
    """The demand names none of a kind of target (so it reaches them all) or names one of `wanted`, in ONE
    probe of the demand's rows in `through`: the largest of "this row is wanted" (1 or 0), none when no
    row is named.

    Not `EXISTS (wanted) OR NOT EXISTS (any)`: PostgreSQL turns those into hashed subplans that read the
    whole table, every demand of the province, on each request; a school calendar at four times Guizhou
    spent 67 ms there where the probes take 9 ms."""
    wanted_row = Case(When(**{f"{column}__in": wanted}, then=Value(1)), default=Value(0))
    rows = through.objects.filter(demand_id=OuterRef("pk")).order_by().values("demand_id")
    largest = Subquery(rows.annotate(wanted=Max(wanted_row)).values("wanted"), output_field=IntegerField())
    return Exact(Coalesce(largest, Value(1)), 1)


def term_of(day) -> str:
    """Chinese school terms: spring from February to July, autumn from August to January; named in the
    reader's language."""
    if 2 <= day.month <= 7:
        return gettext("%(year)s年春季学期") % {"year": day.year}
    return gettext("%(year)s年秋季学期") % {"year": day.year if day.month >= 8 else day.year - 1}


def scope_text(demand: Demand) -> str:
    """The target scope in words: counties, levels, areas and named schools, in the active language
    (documents ask under `official_language()`, and split on the Chinese "、" they get)."""
    return scope_words(
        counties=[c.name for c in demand.target_counties.all()],
        levels=[lv.name for lv in demand.target_levels.all()],
        areas=demand.target_areas,
        schools=[s.name for s in demand.target_schools.all()],
        division_name=demand.division.name,
    )


def scope_words(*, counties: list[str], levels: list[str], areas: str, schools: list[str], division_name: str) -> str:
    area_names = dict(Area.choices)
    parts = counties + levels + [str(area_names.get(a, a)) for a in areas.split(",") if a]
    parts += schools
    return gettext("、").join(parts) or gettext("%(division)s全部学校") % {"division": division_name}


# Scope names fetched in the demand's own query (verification promises one query per answer): each
# list is one string aggregated by a subquery, an item a sort key and a name. SQLite before 3.44 cannot
# order inside an aggregate, so the items carry the key they sort by (the models' Meta.ordering) and
# Python sorts them. Control characters cannot be typed into a name, so they separate safely.
KEY, ITEM = "\x1f", "\x1e"
_SCOPE_LISTS = {
    "scope_counties": (Demand.target_counties.through, ("division__path",), "division__name"),
    "scope_levels": (Demand.target_levels.through, ("level__order",), "level__name"),
    "scope_schools": (Demand.target_schools.through, ("school__county__path", "school__code"), "school__name"),
}


def with_scope_names(demands: QuerySet[Demand]) -> QuerySet[Demand]:
    """The demands with their scope's names as columns, for `scope_text_of_row` (no query of its own)."""
    return demands.annotate(**{name: joined_subquery(*spec) for name, spec in _SCOPE_LISTS.items()})


def joined_subquery(through, keys: tuple[str, ...], name: str) -> Subquery:
    parts = [item for key in keys for item in (Cast(key, CharField()), Value(KEY))] + [F(name)]
    rows = through.objects.filter(demand_id=OuterRef("pk")).order_by().values("demand_id")
    joined = rows.annotate(joined=StringAgg(Concat(*parts, output_field=CharField()), Value(ITEM)))
    return Subquery(joined.values("joined"), output_field=CharField())


def scope_text_of_row(demand) -> str:
    """`scope_text` of a row read through `with_scope_names`, with its division's name as `division_name`."""
    return scope_words(
        counties=split_sorted(demand.scope_counties),
        levels=split_sorted(demand.scope_levels, numeric=True),
        areas=demand.target_areas,
        schools=split_sorted(demand.scope_schools),
        division_name=demand.division_name,
    )


def split_sorted(joined: str | None, *, numeric: bool = False) -> list[str]:
    """The names of one aggregated list, in the order of their sort keys (the last field is the name)."""
    items = [item.split(KEY) for item in (joined or "").split(ITEM) if item]
    items.sort(key=lambda fields: (int(fields[0]), *fields[1:]) if numeric else fields)
    return [fields[-1] for fields in items]


def category_labels() -> dict[str, str]:
    return {code: category.label for code, category in active_engine().pack.categories.items()}


def may_review(user, demand: Demand) -> bool:
    """The reviewing bureau, while the demand is under review and not its own: it upholds or dismisses
    the text findings and confirms or corrects the requester's declarations."""
    return demand.state in OPEN_STATES and demand.created_by_id != user.pk and is_education_bureau_of(user, demand)
