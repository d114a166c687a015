"""The burden survey's demo: in every wave of the current year that has opened, each site's county bureau
issues codes (up to CODES_PER_SITE, fewer where the school has fewer teachers) and most of them are answered
through the same service a teacher's answer takes, with plausible hours. One site per year answers only three
times, so the results show a group kept back ("少于 5 份，不单独显示").
"""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from jianfu.monitoring.models import MonitoringSite, SurveyAnswer
from jianfu.monitoring.survey import answer, codes_issue
from jianfu.monitoring.waves import waves_for
from jianfu.org.demo.load import bureau_person

CODES_PER_SITE = 12  # enough for rates and means; the demo stays quick to load
SMALL_SITE_ANSWERS = 3  # under five: the results must keep this site back
# Plausible weekly hours (low, high) per activity for a teacher in Anshun.
HOURS = {
    "teaching": (12, 18),
    "preparation": (6, 10),
    "marking": (5, 9),
    "pupil_care": (3, 7),
    "parents": (1, 3),
    "administration": (2, 5),
    "development": (1, 3),
    "external_registered": (0.5, 3),
    "external_unregistered": (0, 5),
    "other": (0, 2),
}
DEMANDS = ("填报学生资助信息表", "参加安全教育平台督学", "社区创建文明城市值勤", "")
COMMENTS = ("各类报表仍然较多，希望统一由学校一次性填报。", "本周没有临时通知，感觉轻松一些。", "", "")


def survey_demo_is_loaded() -> bool:
    return SurveyAnswer.objects.filter(site__year=timezone.localdate().year).exists()


def survey_demo_load(*, year: int | None = None, seed: int = 75) -> int:
    """Answers at every site of `year` (the current year) in each wave opened by today; returns how many."""
    today = timezone.localdate()
    year = year or today.year
    rng = random.Random(seed)
    waves = [wave for wave in waves_for(year) if wave.opens_on <= today]
    sites = list(
        MonitoringSite.objects.filter(year=year).select_related("school", "county").order_by("county__path", "pk")
    )
    small_site = sites[len(sites) // 2].pk if sites else None
    stored = 0
    with transaction.atomic():
        for site in sites:
            bureau = bureau_person(site.county)
            if bureau is None:
                continue
            for wave in waves:
                count = max(SMALL_SITE_ANSWERS, min(CODES_PER_SITE, site.school.teachers.count()))
                codes = codes_issue(site.pk, bureau, wave_id=wave.pk, count=count, on=wave.opens_on)
                answering = (
                    SMALL_SITE_ANSWERS if site.pk == small_site else max(5, round(count * rng.uniform(0.6, 0.95)))
                )
                for code in codes[:answering]:
                    answer(code, on=_answered_on(rng, wave, today), **_one_answer(rng))
                    stored += 1
    return stored


def _answered_on(rng: random.Random, wave, today: date) -> date:
    last = min(wave.closes_on, today)
    return wave.opens_on + (last - wave.opens_on) * rng.random()


def _one_answer(rng: random.Random) -> dict:
    hours = {activity: round(rng.uniform(low, high) * 2) / 2 for activity, (low, high) in HOURS.items()}
    return {"hours": hours, "demands": rng.choice(DEMANDS), "comment": rng.choice(COMMENTS)}
