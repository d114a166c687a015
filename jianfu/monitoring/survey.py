"""The burden survey (7.4): single-use codes a site's school hands out, and the anonymous answers they admit.

A code is shown once, when it is issued, and kept only as a keyed digest (HMAC of the code under a key
derived from SECRET_KEY). An answer is stored in the same transaction that marks its code used, by a
conditional UPDATE (`used=False` → `used=True`): of two submissions of one code only one row is changed,
so only one answer lands. The answer keeps the site, the wave and the day — never the code, an account,
an address or a time of day.
"""

import hashlib
import hmac
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.monitoring.models import ACTIVITIES, MonitoringSite, SurveyAnswer, SurveyCode, Wave
from jianfu.org.models import Role, RoleAssignment

# Letters and digits no one misreads on paper (no 0/O, 1/I/L): ten of them, about 49 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_CODES_PER_ISSUE = 500  # more teachers than the largest school has
MAX_HOURS_PER_ACTIVITY = Decimal(80)
MAX_HOURS_PER_WEEK = Decimal(112)  # 16 waking hours a day, seven days
MAX_TEXT = 2000

CODE_UNKNOWN = gettext_lazy("问卷码不正确；请核对学校发给您的问卷码（10 位字母和数字）后重新提交")
CODE_USED = gettext_lazy("这个问卷码已经用过，每个问卷码只能提交一次；如未亲自提交，请向学校另领一个")
WAVE_NOT_OPEN = gettext_lazy("本轮问卷（%(wave)s）的填写时间为 %(opens)s 至 %(closes)s；请在此期间提交")
COUNT_INVALID = gettext_lazy("问卷码数量应为 1 至 %(max)s 之间的整数，而不是「%(count)s」；请按本校教师人数填写")
WAVE_NOT_OF_YEAR = gettext_lazy("所选问卷轮次（%(wave)s）不属于监测点的 %(year)s 年度；请选择该年度的轮次")
HOURS_NOT_NUMBER = gettext_lazy("「%(activity)s」的时数应为数字（可带一位小数），而不是「%(value)s」；请重新填写")
HOURS_OUT_OF_RANGE = gettext_lazy("「%(activity)s」的时数应在 0 至 80 小时之间，而不是 %(value)s；请按最近完整一周填写")
HOURS_TOO_MANY = gettext_lazy("各项时数合计 %(total)s 小时，超过一周 112 小时的上限；请核对各项时数后重新提交")
HOURS_UNKNOWN_ACTIVITY = gettext_lazy("问卷没有「%(activity)s」这一项；请只填写问卷列出的活动")
HOURS_EMPTY = gettext_lazy("请至少填写一项活动的时数（最近完整一周，单位：小时）")
TEXT_TOO_LONG = gettext_lazy("「%(field)s」不能超过 2000 字；请精简后重新提交")


class SurveyInvalid(ValueError):
    """A refusal a teacher or a school can act on; `field` names what to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def code_digest(code: str) -> str:
    """The keyed digest kept in place of a code (the same code typed with spaces, dashes or lower case
    gives the same digest)."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"jianfu:monitoring:survey-code", hashlib.sha256).digest()
    return hmac.new(key, normalised(code).encode(), hashlib.sha256).hexdigest()


def normalised(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_new() -> str:
    """A fresh code, printed in two groups for reading aloud: ABCDE-FGHJK."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def can_issue_codes(user, site: MonitoringSite) -> bool:
    """The site school's principal, or an education bureau of the site's county."""
    if not user.is_authenticated:
        return False
    assignments = RoleAssignment.objects.filter(user=user)
    return (
        user.is_superuser
        or assignments.filter(role=Role.PRINCIPAL, school_id=site.school_id).exists()
        or assignments.filter(role=Role.EDUCATION_BUREAU, unit__division_id=site.county_id).exists()
    )


def codes_issue(site_id: int, user, *, wave_id: int, count: int, on: date | None = None) -> list[str]:
    """`count` new single-use codes for the site's teachers in a wave; returned once, stored as digests.
    404 when the site or the wave does not exist or the user may not issue codes for the site."""
    site = MonitoringSite.objects.filter(pk=site_id).first()
    if site is None or not can_issue_codes(user, site):
        raise Http404
    wave = Wave.objects.filter(pk=wave_id).first()
    if wave is None:
        raise Http404
    if wave.year != site.year:
        raise SurveyInvalid("wave_id", _(WAVE_NOT_OF_YEAR) % {"wave": wave.label, "year": site.year})
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise SurveyInvalid("count", _(COUNT_INVALID) % {"max": MAX_CODES_PER_ISSUE, "count": count})
    day = on or timezone.localdate()
    codes = [code_new() for _ in range(count)]
    with transaction.atomic():
        SurveyCode.objects.bulk_create(
            SurveyCode(site=site, wave=wave, digest=code_digest(code), issued_on=day) for code in codes
        )
        audit_record(
            acting_user=user,
            action="survey_codes_issue",
            object_type="monitoring_site",
            object_id=site.pk,
            after={"wave": wave.term, "count": count},  # how many, never which
        )
    return codes


def hours_checked(hours: dict) -> dict[str, float]:
    """The answer's hours per activity, each 0–80 with one decimal, together at most 112."""
    if not isinstance(hours, dict):
        raise SurveyInvalid("hours", _(HOURS_EMPTY))
    checked: dict[str, Decimal] = {}
    for activity, value in hours.items():
        if activity not in ACTIVITIES:
            raise SurveyInvalid("hours", _(HOURS_UNKNOWN_ACTIVITY) % {"activity": str(activity)[:40]})
        label = str(ACTIVITIES[activity])
        if value is None or value == "":
            continue
        try:
            number = Decimal(str(value)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise SurveyInvalid(activity, _(HOURS_NOT_NUMBER) % {"activity": label, "value": str(value)[:20]}) from None
        if not Decimal(0) <= number <= MAX_HOURS_PER_ACTIVITY:
            raise SurveyInvalid(activity, _(HOURS_OUT_OF_RANGE) % {"activity": label, "value": number})
        checked[activity] = number
    if not checked:
        raise SurveyInvalid("hours", _(HOURS_EMPTY))
    total = sum(checked.values(), Decimal(0))
    if total > MAX_HOURS_PER_WEEK:
        raise SurveyInvalid("hours", _(HOURS_TOO_MANY) % {"total": total})
    return {activity: float(number) for activity, number in checked.items()}


def _text(field: str, label, value: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise SurveyInvalid(field, _(TEXT_TOO_LONG) % {"field": label})
    return text


def answer(code: str, *, hours: dict, demands: str = "", comment: str = "", on: date | None = None) -> None:
    """Stores one anonymous answer for the code's site and wave and uses the code up, together or not at all.
    Returns nothing: not even the answer's id may tie it to the person holding the code."""
    checked = hours_checked(hours)
    demands_text = _text("demands", _("收到的事项"), demands)
    comment_text = _text("comment", _("意见和建议"), comment)
    day = on or timezone.localdate()
    with transaction.atomic():
        issued = SurveyCode.objects.select_related("wave").filter(digest=code_digest(code)).first()
        if issued is None:
            raise SurveyInvalid("code", _(CODE_UNKNOWN))
        wave = issued.wave
        if not wave.opens_on <= day <= wave.closes_on:
            raise SurveyInvalid(
                "code", _(WAVE_NOT_OPEN) % {"wave": wave.label, "opens": wave.opens_on, "closes": wave.closes_on}
            )
        # The conditional UPDATE is the lock: a second submission of the same code changes no row.
        if SurveyCode.objects.filter(pk=issued.pk, used=False).update(used=True) != 1:
            raise SurveyInvalid("code", _(CODE_USED))
        SurveyAnswer.objects.create(
            site_id=issued.site_id,
            wave=wave,
            hours=checked,
            demands=demands_text,
            comment=comment_text,
            answered_on=day,
        )
