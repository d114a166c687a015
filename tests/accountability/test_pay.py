"""Pay parity (6.1): the county bureau enters its county's yearly averages, a county below parity is flagged with
its gap, and only holders of accountability.view_pay read figures, each within their divisions."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model

from jianfu.accountability.models import PayFigure
from jianfu.accountability.pay import (
    PayInvalid,
    below_parity,
    document_add,
    parity_gap,
    pay_enter,
    pay_figures_for,
)
from jianfu.audit.models import AuditEvent
from jianfu.audit.verify import audit_verify
from tests.race import race
from tests.world import committed_world, pay_readers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_2026():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def enter(user, county, year=2025, teacher="98000", civil="102500.50", subsidy=None):
    return pay_enter(
        user,
        county=county,
        year=year,
        teacher_average=teacher,
        civil_servant_average=civil,
        rural_subsidy_average=subsidy,
    )


def test_a_county_below_parity_is_flagged_with_its_gap(world):
    bureau = pay_readers(world.county_officer)
    figure = enter(bureau, world.xixiu, teacher="98000", civil="102500.50", subsidy="3600")
    assert below_parity(figure)
    assert parity_gap(figure) == Decimal("4500.50")
    level = enter(bureau, world.xixiu, year=2024, teacher="99000", civil="99000")
    assert not below_parity(level) and parity_gap(level) == 0


def test_a_correction_keeps_what_it_replaced_in_the_audit(world):
    bureau = pay_readers(world.county_officer)
    first = enter(bureau, world.xixiu, teacher="98000")
    corrected = enter(bureau, world.xixiu, teacher="103000", subsidy="3600")
    assert corrected.pk == first.pk and PayFigure.objects.count() == 1
    assert corrected.teacher_average == Decimal("103000.00") and not below_parity(corrected)
    entered, correction = AuditEvent.objects.filter(object_type="pay_figure").order_by("seq")
    assert (entered.action, entered.before) == ("pay.enter", None)
    assert correction.action == "pay.correct"
    assert correction.before["teacher_average"] == "98000.00"
    assert correction.after["teacher_average"] == "103000.00"
    assert correction.after["rural_subsidy_average"] == "3600.00"
    assert audit_verify().ok


def test_every_wrong_field_is_named_with_its_fix_and_nothing_is_written(world):
    bureau = pay_readers(world.county_officer)
    with pytest.raises(PayInvalid) as refused:
        enter(bureau, world.xixiu, year=2027, teacher="0", civil="12000000", subsidy="12.345")
    errors = refused.value.errors
    assert set(errors) == {"year", "teacher_average", "civil_servant_average", "rural_subsidy_average"}
    assert "年度（year）「2027」无效" in errors["year"] and "2000 至 2026 之间" in errors["year"]
    assert "义务教育教师年平均工资" in errors["teacher_average"] and "大于 0" in errors["teacher_average"]
    assert "9,999,999.99" in errors["civil_servant_average"]
    assert "两位小数" in errors["rural_subsidy_average"]
    with pytest.raises(PayInvalid) as refused:
        enter(bureau, world.xixiu, teacher="九万八", civil="")
    assert "不是金额" in refused.value.errors["teacher_average"]
    assert "请填写当地公务员年平均工资" in refused.value.errors["civil_servant_average"]
    assert not PayFigure.objects.exists()


def test_only_the_countys_own_bureau_enters_its_figures(world):
    county, other, city, inspector = pay_readers(
        world.county_officer, world.other_county_officer, world.city_officer, world.inspector
    )
    for user in (other, city, inspector):
        with pytest.raises(PayInvalid) as refused:
            enter(user, world.xixiu)
        assert "只有本县（区）教育局" in refused.value.errors["county"]
    unpermitted = world.county_officer.__class__.objects.get(pk=world.principal.pk)
    with pytest.raises(PayInvalid):
        enter(unpermitted, world.xixiu)
    assert enter(county, world.xixiu).county == world.xixiu


def test_without_the_permission_nobody_reads_a_figure_and_with_it_only_their_divisions(world):
    xixiu_bureau, pingba_bureau = pay_readers(world.county_officer, world.other_county_officer)
    enter(xixiu_bureau, world.xixiu)
    enter(pingba_bureau, world.pingba, teacher="101000", civil="100000")
    city, inspector = pay_readers(world.city_officer, world.inspector)
    assert {f.county.code for f in pay_figures_for(city)} == {"520402", "520403"}
    assert [f.county.code for f in pay_figures_for(xixiu_bureau)] == ["520402"]
    assert [f.county.code for f in pay_figures_for(inspector)] == ["520402"]  # the county's inspectorate
    assert [f.year for f in pay_figures_for(city, year=2024)] == []
    User = get_user_model()
    for name in ("department_clerk", "principal", "teacher", "outsider"):
        assert not pay_figures_for(User.objects.get(pk=getattr(world, name).pk)).exists()
    # The city bureau's own people without the group: nothing either.
    city_without = User.objects.create_user("city_clerk")
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    role_grant(user=city_without, role=Role.EDUCATION_BUREAU, unit=world.unit("520400-JYJ"))
    assert not pay_figures_for(city_without).exists()


def test_a_source_document_is_checked_by_its_content_and_audited(world):
    bureau = pay_readers(world.county_officer)
    figure = enter(bureau, world.xixiu)
    with pytest.raises(PayInvalid) as refused:
        document_add(bureau, figure, issuer="finance", name="工资表.pdf", data=b"<html><script>")
    assert "工资表.pdf" in refused.value.errors["file"]
    with pytest.raises(PayInvalid) as refused:
        document_add(bureau, figure, issuer="bank", name="工资表.pdf", data=PDF)
    assert "出具单位" in refused.value.errors["issuer"]
    other = pay_readers(world.other_county_officer)
    with pytest.raises(PayInvalid):
        document_add(other, figure, issuer="finance", name="工资表.pdf", data=PDF)
    document = document_add(bureau, figure, issuer="hr", name="人社局统计.pdf", data=PDF)
    assert (document.name, document.kind, document.size) == ("人社局统计.pdf", "pdf", len(PDF))
    assert AuditEvent.objects.filter(action="pay.document_add", object_id=str(figure.pk)).count() == 1


def test_two_people_entering_the_same_year_at_once_make_one_figure(transactional_db):
    world = committed_world()
    bureau = pay_readers(world.county_officer)
    second = get_user_model().objects.create_user("county_officer_2")
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    role_grant(user=second, role=Role.EDUCATION_BUREAU, unit=world.unit("520402-JYJ"))
    second = pay_readers(second)
    outcomes = race(
        lambda: enter(bureau, world.xixiu, teacher="98000"),
        lambda: enter(second, world.xixiu, teacher="99000"),
    )
    assert outcomes == ["won", "won"]
    assert PayFigure.objects.count() == 1
    actions = sorted(AuditEvent.objects.filter(object_type="pay_figure").values_list("action", flat=True))
    assert actions == ["pay.correct", "pay.enter"]
