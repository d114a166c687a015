"""Monitoring sites and a wave on the small world, built directly (the sites' own services are tested in
test_sites.py): what the survey, results and gap tests stand on."""

from datetime import date

from jianfu.monitoring.models import MonitoringSite, Wave

YEAR = 2026


def site_make(world, school, *, area: str, level: str, year: int = YEAR) -> MonitoringSite:
    return MonitoringSite.objects.create(
        year=year,
        county=school.county,
        school=school,
        area=area,
        level=level,
        named_by=world.county_officer,
        named_on=date(year, 3, 1),
    )


def sites_make(world, year: int = YEAR) -> tuple[MonitoringSite, MonitoringSite, MonitoringSite]:
    """西秀区's two schools and 平坝区's one, each a site of its real cell."""
    return (
        site_make(world, world.xixiu_school, area="urban", level="primary", year=year),
        site_make(world, world.xixiu_other_school, area="township", level="secondary", year=year),
        site_make(world, world.pingba_school, area="township", level="primary", year=year),
    )


def wave_make(year: int = YEAR, season: str = "autumn") -> Wave:
    if season == "spring":
        return Wave.objects.create(
            year=year,
            term=f"{year}-spring",
            label=f"{year}年春季学期",
            opens_on=date(year, 5, 1),
            closes_on=date(year, 6, 30),
        )
    return Wave.objects.create(
        year=year,
        term=f"{year}-autumn",
        label=f"{year}年秋季学期",
        opens_on=date(year, 11, 1),
        closes_on=date(year, 12, 31),
    )


WEEK = {"teaching": 16, "preparation": 8, "marking": 6, "external_registered": 2, "external_unregistered": 3}
