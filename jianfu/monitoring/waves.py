"""Survey waves (7.4): the rounds of the burden survey a monitoring year has, as the pack's
`monitoring_waves` limit lays them out (Anshun: one a term, opening and closing on month-day pairs).

A wave is made from the pack, never typed in: `waves_for(year)` creates the year's waves the first time it
is asked and returns the same rows after, so the demo, the survey and the report all read one schedule.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.monitoring.models import Wave
from jianfu.packs.active import active_engine

LIMIT = "monitoring_waves"
NO_WAVES = gettext_lazy(
    "政策包在 %(year)s 年没有问卷轮次（限值 monitoring_waves）；请在政策包的 limits/monitoring_waves.yaml 中写明各学期的开放和截止日期"
)
WAVE_SHAPE = gettext_lazy(
    "政策包的问卷轮次第 %(n)s 项应写明 term、label、opens、closes（开放与截止为月-日，如 05-10），且截止不早于开放；请改正 limits/monitoring_waves.yaml"
)


class WavesMissing(LookupError):
    """The pack gives the year no waves, or gives them in a shape that cannot be read; the message names the fix."""


def waves_for(year: int, *, pack=None) -> list[Wave]:
    """The year's waves, in the order they open; created from the pack the first time they are asked for."""
    planned = waves_planned(year, pack=pack or active_engine().pack)
    with transaction.atomic():
        waves = []
        for term, label, opens_on, closes_on in planned:
            wave, created = Wave.objects.get_or_create(
                term=term, defaults={"year": year, "label": label, "opens_on": opens_on, "closes_on": closes_on}
            )
            if created:
                audit_record(
                    acting_user=None,
                    action="monitoring.wave_create",
                    object_type="monitoring_wave",
                    object_id=wave.pk,
                    after={"term": term, "opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()},
                )
            waves.append(wave)
    return sorted(waves, key=lambda wave: wave.opens_on)


def waves_planned(year: int, *, pack) -> list[tuple[str, str, date, date]]:
    """(term, label, opens on, closes on) for each wave the pack gives `year` (the value in force at the
    year's end, as for the year's other dates)."""
    limit = pack.limits.get(LIMIT)
    dated = limit.at(date(year, 12, 31)) if limit else None
    if dated is None or not dated.value:
        raise WavesMissing(NO_WAVES % {"year": year})
    return [_planned(year, n, entry) for n, entry in enumerate(dated.value, start=1)]


def _planned(year: int, n: int, entry) -> tuple[str, str, date, date]:
    try:
        opens_on, closes_on = (_month_day(year, entry[key]) for key in ("opens", "closes"))
        term, label = f"{year}-{entry['term']}", f"{year}年{entry['label']}"
    except (KeyError, TypeError, ValueError):
        raise WavesMissing(WAVE_SHAPE % {"n": n}) from None
    if closes_on < opens_on:
        raise WavesMissing(WAVE_SHAPE % {"n": n})
    return term, label, opens_on, closes_on


def _month_day(year: int, text) -> date:
    month, day = (int(part) for part in str(text).split("-"))
    return date(year, month, day)


def wave_open_on(day: date) -> Wave | None:
    """The wave taking answers on `day`, if any."""
    return Wave.objects.filter(opens_on__lte=day, closes_on__gte=day).first()
