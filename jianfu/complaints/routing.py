"""Which unit investigates a complaint, and who helps (clause 6.3, and the rule that no one investigates
a complaint about themselves):

- a county-level department, a township, a school's own county: the county's education bureau;
- the county's education bureau itself, or the county's government, party committee or their offices
  (which the bureau answers to): the city's education bureau, with the city's discipline commission
  assisting, at city level; the county's own people never see the case;
- a city-level department: the city's education bureau, at city level; the city's bureau itself, or the
  city's government or party offices: the city's discipline commission;
- a unit the filer named in their own words: where the complaint happened (the school's county, else
  the city); words that name a county's bureau or government go to the city, as the unit itself would.
"""

from dataclasses import dataclass

from jianfu.complaints.models import Level
from jianfu.org.models import Division, School, Unit, UnitKind

# The units a county bureau answers to, or is: a complaint about them cannot be investigated in the county.
ABOVE_THE_BUREAU = frozenset(
    {
        UnitKind.EDUCATION_BUREAU,
        UnitKind.GOVERNMENT,
        UnitKind.GOVERNMENT_OFFICE,
        UnitKind.PARTY_COMMITTEE,
        UnitKind.PARTY_OFFICE,
    }
)
# Words in a free-text accused that name such a unit of a county.
_BUREAU_WORDS = ("教育局", "教体局", "人民政府", "政府", "县委", "区委", "党委", "工委", "管委会")


@dataclass(frozen=True)
class Route:
    division: Division  # where it happened: the scope's area and the figures' row
    level: str  # Level.COUNTY | Level.CITY
    investigating: Unit | None
    assisting: Unit | None = None


def city_of(division: Division) -> Division:
    """The prefecture-level division at or above `division`."""
    while division.kind != "prefecture" and division.parent_id:
        division = division.parent
    return division


def home_city() -> Division | None:
    """The installation's city: complaints that say nowhere else are its."""
    return Division.objects.filter(kind="prefecture").order_by("path").first()


def _unit(division: Division | None, kind: str) -> Unit | None:
    return Unit.objects.filter(division=division, kind=kind).order_by("code").first() if division else None


def unit_resolved(accused: str) -> Unit | None:
    """The unit the words name: its code, its exact name, or the one unit whose name ends with them."""
    words = "".join(accused.split())
    if not words:
        return None
    found = Unit.objects.filter(code=words).first() or Unit.objects.filter(name=words).first()
    if found:
        return found
    endings = list(Unit.objects.filter(name__endswith=words)[:2]) if len(words) >= 4 else []
    return endings[0] if len(endings) == 1 else None


def route_for(accused_unit: Unit | None, accused_words: str, schools=()) -> Route:
    """The investigating unit (and the assisting one) for a complaint about `accused_unit`, or about the
    unit the filer described in `accused_words` at the `schools` they named."""
    if accused_unit is not None:
        return _route_for_unit(accused_unit)
    school: School | None = next(iter(schools), None)
    division = school.county if school else None
    named = _county_named(accused_words)
    if named is not None and any(word in accused_words for word in _BUREAU_WORDS):
        return _city_route(named, assisted=True)
    division = division or named or home_city()
    if division is None:
        raise LookupError("no division: load the organisation first")
    if division.is_county_level:
        return Route(division, Level.COUNTY, _unit(division, UnitKind.EDUCATION_BUREAU))
    return Route(division, Level.CITY, _unit(division, UnitKind.EDUCATION_BUREAU))


def _route_for_unit(unit: Unit) -> Route:
    division = unit.division
    if division.is_county_level:
        if unit.kind in ABOVE_THE_BUREAU:
            return _city_route(division, assisted=True)
        return Route(division, Level.COUNTY, _unit(division, UnitKind.EDUCATION_BUREAU))
    if unit.kind in ABOVE_THE_BUREAU:
        return Route(division, Level.CITY, _unit(division, UnitKind.DISCIPLINE_COMMISSION))
    return Route(division, Level.CITY, _unit(division, UnitKind.EDUCATION_BUREAU))


def _city_route(county: Division, *, assisted: bool) -> Route:
    city = city_of(county)
    assisting = _unit(city, UnitKind.DISCIPLINE_COMMISSION) if assisted else None
    return Route(county, Level.CITY, _unit(city, UnitKind.EDUCATION_BUREAU), assisting)


def _county_named(words: str) -> Division | None:
    """The county-level division whose name the words hold (the longest such name wins)."""
    found = [d for d in Division.objects.exclude(kind__in=("province", "prefecture")) if d.name and d.name in words]
    return max(found, key=lambda d: len(d.name), default=None)


def reviewing_unit(complaint) -> Unit | None:
    """Who reviews an answer the filer disputes: the education bureau of the level above the
    investigating unit; at the top (no bureau above), the investigating unit's own city discipline
    commission, and failing that the investigating unit itself."""
    unit = complaint.investigating_unit
    if unit is None:
        return None
    parent = unit.division.parent
    above = _unit(parent, UnitKind.EDUCATION_BUREAU) if parent else None
    if above is not None:
        return above
    if unit.kind != UnitKind.DISCIPLINE_COMMISSION:
        return _unit(unit.division, UnitKind.DISCIPLINE_COMMISSION) or unit
    return unit
