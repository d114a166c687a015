"""The pay demo: the group 工资数据查看 for the city bureau, the inspectorates and the county bureaus; three years
per county, 平坝区 below parity this year with its two statements attached."""

from datetime import date

from django.contrib.auth import get_user_model

from jianfu.accountability.demo_pay import pay_demo_is_loaded, pay_demo_load
from jianfu.accountability.pay import below_parity, pay_figures_for
from jianfu.documents.uploads import sniff

TODAY = date(2026, 3, 2)


def test_the_demo_gives_the_permission_and_three_years_per_county_one_below_parity(world):
    assert not pay_demo_is_loaded()
    assert pay_demo_load(TODAY) == 6
    assert pay_demo_is_loaded()
    User = get_user_model()
    readers = {u.username for u in User.objects.all() if u.has_perm("accountability.view_pay")}
    assert readers == {"city_officer", "county_officer", "other_county_officer", "inspector"}
    city = User.objects.get(username="city_officer")
    figures = list(pay_figures_for(city))
    assert sorted({(f.county.code, f.year) for f in figures}) == [
        (code, year) for code in ("520402", "520403") for year in (2024, 2025, 2026)
    ]
    assert [(f.county.code, f.year) for f in figures if below_parity(f)] == [("520403", 2026)]
    (documented,) = [f for f in figures if f.documents.exists()]
    assert (documented.county.code, documented.year) == ("520403", 2026)
    assert sorted(d.issuer for d in documented.documents.all()) == ["finance", "hr"]
    assert all(sniff(d.file.read()) == "pdf" for d in documented.documents.all())
