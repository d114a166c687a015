"""The 28 measures of the pack (clauses 1.1–7.4) with their lead and responsible units as the organisation's
units, and the periods of their progress reports ("2026-H1", due 10 July; "2026-H2", due 10 January next).

`measures()` reads the active pack's clauses and measures.yaml (checked: a name of the clauses the file does
not map is a PackError naming the clause and the name) and the units in one query."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.accountability.measures_file import MeasuresFile, PeriodRule, UnitTarget, measures_file, unknown_names
from jianfu.org.models import Unit
from jianfu.packs.active import active_engine
from jianfu.policy.model import Pack
from jianfu.policy.source import PackError

_CHECKED: dict[int, tuple[Pack, MeasuresFile]] = {}


def measures_config(pack: Pack | None = None) -> MeasuresFile:
    """The pack's measures.yaml, checked once per loaded pack (with every clause's unit names mapped)."""
    pack = pack or active_engine().pack
    cached = _CHECKED.get(id(pack))
    if cached and cached[0] is pack:  # the pack is held, so its id is not another's
        return cached[1]
    found = measures_file(pack)
    problems = unknown_names(pack, found)
    if problems:
        raise PackError(problems)
    _CHECKED[id(pack)] = (pack, found)
    return found


# --- Periods ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One period of the cycle in one year: "2026-H1", its days and its due date."""

    year: int
    rule: PeriodRule

    @property
    def id(self) -> str:
        return f"{self.year}-{self.rule.id}"

    @property
    def starts(self) -> date:
        return self.rule.dates(self.year)[0]

    @property
    def ends(self) -> date:
        return self.rule.dates(self.year)[1]

    @property
    def due(self) -> date:
        return self.rule.dates(self.year)[2]

    def __str__(self) -> str:
        return self.id


def period_parse(text: str) -> Period:
    """ "2026-H1" as a Period; ValueError with a Chinese sentence naming the forms that exist otherwise."""
    rules = measures_config().cycle.periods
    year, _dash, rule_id = (text or "").strip().partition("-")
    rule = next((r for r in rules if r.id == rule_id), None)
    if not (year.isdigit() and len(year) == 4 and rule):
        forms = _("、").join(f"2026-{r.id}" for r in rules)
        raise ValueError(_("报告期「%(text)s」无效；请写成 %(forms)s 这样的形式") % {"text": text[:20], "forms": forms})
    return Period(int(year), rule)


def periods_of_year(year: int) -> list[Period]:
    return [Period(year, rule) for rule in measures_config().cycle.periods]


def period_containing(day: date) -> Period:
    """The period whose days include `day` (the one in progress)."""
    return next(p for p in periods_of_year(day.year) if p.starts <= day <= p.ends)


def reporting_period(today: date | None = None) -> Period:
    """The current reporting period: the latest that has ended, whose reports are due now or overdue."""
    today = today or timezone.localdate()
    ended = [p for year in (today.year - 1, today.year) for p in periods_of_year(year) if p.ends < today]
    return max(ended, key=lambda p: p.ends)


def periods_owed_on(today: date) -> list[Period]:
    """The periods begun and not yet past their due date: their reports are owed now."""
    return [p for year in (today.year - 1, today.year) for p in periods_of_year(year) if p.starts <= today <= p.due]


# --- Measures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    lead_names: tuple[str, ...]
    responsible_names: tuple[str, ...]
    lead_units: tuple[Unit, ...] = ()
    responsible_units: tuple[Unit, ...] = ()
    unregistered: tuple[str, ...] = field(default=())  # names whose unit the organisation does not have

    @property
    def units(self) -> tuple[Unit, ...]:
        """Every unit that reports on this measure: the lead units first, each once."""
        return tuple({u.pk: u for u in (*self.lead_units, *self.responsible_units)}.values())


def _level_of(unit: Unit, jurisdiction: str) -> str:
    return "city" if unit.division.code == jurisdiction else "county"


def _units_named(target: UnitTarget, by_level_kind: dict) -> tuple[Unit, ...]:
    units = by_level_kind.get((target.level, target.kind), ())
    return tuple(u for u in units if not target.code or u.code == f"{u.division.code}-{target.code}")


def measures() -> list[Measure]:
    """Each measure of the pack (a clause naming a lead unit), in clause order, with its units."""
    pack = active_engine().pack
    config = measures_config(pack)
    in_reach = Q(division__code=pack.jurisdiction) | Q(division__parent__code=pack.jurisdiction)
    units = list(Unit.objects.filter(in_reach).select_related("division__parent"))
    units.sort(key=lambda u: (u.division.path, u.code))
    by_level_kind: dict[tuple[str, str], list[Unit]] = {}
    for unit in units:
        by_level_kind.setdefault((_level_of(unit, pack.jurisdiction), unit.kind), []).append(unit)
    found = []
    for clause in pack.clauses.values():
        if not clause.lead_unit:
            continue
        lead_names, responsible_names = (clause.lead_unit,), tuple(clause.responsible_units)
        named = {n: _units_named(config.units[n], by_level_kind) for n in (*lead_names, *responsible_names)}
        lead = tuple(u for n in lead_names for u in named[n])
        lead_ids = {u.pk for u in lead}
        responsible = tuple({u.pk: u for n in responsible_names for u in named[n] if u.pk not in lead_ids}.values())
        unregistered = tuple(n for n, found_units in named.items() if not found_units)
        found.append(Measure(clause.id, clause.title, lead_names, responsible_names, lead, responsible, unregistered))
    return found


def measure_get(measure_id: str) -> Measure | None:
    return next((m for m in measures() if m.id == measure_id), None)


def measures_of(unit: Unit) -> list[Measure]:
    """The measures this unit leads or answers for."""
    return [m for m in measures() if any(u.pk == unit.pk for u in m.units)]
