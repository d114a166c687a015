"""The survey's API.

- `POST /api/v1/survey/answer` (no account, like the complaints' public API): a teacher's anonymous answer
  with the single-use code the school handed out. The request loses its address and agent before it reaches
  this function (jianfu.complaints.privacy blinds /api/v1/survey as it does the complaint paths); nothing
  comes back that could name the answer.
- `GET /api/v1/monitoring/results?year=&county=&wave=` and `/api/v1/monitoring/gap?year=&county=`: for
  officials (a token or a session). A county's figures for those whose jurisdiction covers the county; the
  whole city's for those covering every county with sites. Anything else is 404, missing or forbidden alike.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from jianfu.monitoring import gap as gap_module
from jianfu.monitoring import results as results_module
from jianfu.monitoring.models import ACTIVITIES, MonitoringSite
from jianfu.monitoring.survey import SurveyInvalid, answer
from jianfu.monitoring.survey_limits import TOO_MANY_ANSWERS, answer_allowed
from jianfu.org.access import scope_for
from jianfu.web.api_messages import ErrorOut

public_router = Router(tags=["监测问卷（无需登录）"])
router = Router(tags=["减负监测"])


class AnswerIn(Schema):
    code: str = Field(description="学校发放的问卷码（10 位字母和数字，只能使用一次）")
    hours: dict[str, float | int | str | None] = Field(
        description="最近完整一周各项活动的小时数：" + "、".join(ACTIVITIES) + "；每项 0–80，合计不超过 112"
    )
    demands: str = Field("", description="这一周收到的事项（可不填）")
    comment: str = Field("", description="意见和建议（可不填）")


class AnsweredOut(Schema):
    detail: str


@public_router.post(
    "/answer",
    auth=None,
    response={201: AnsweredOut, 422: ErrorOut, 429: ErrorOut},
    summary="提交一份匿名问卷（凭问卷码，不需要账号）",
)
def survey_answer(request: HttpRequest, payload: AnswerIn):
    if not answer_allowed(request):  # the same limit as the form's (survey_limits)
        return Status(429, {"detail": _(TOO_MANY_ANSWERS)})
    try:
        answer(payload.code, hours=payload.hours, demands=payload.demands, comment=payload.comment)
    except SurveyInvalid as refused:
        return Status(422, {"detail": str(refused), "field": refused.field})
    return Status(201, {"detail": _("问卷已提交，谢谢。平台不保存您的身份，问卷码已作废。")})


def county_for(user, year: int, county: str) -> str | None:
    """The county whose figures the user asked for and may read, or None for the whole city; 404 otherwise.
    A user covering one county only gets that county's figures when asking for none."""
    scope = scope_for(user)
    counties = {
        code: path
        for code, path in MonitoringSite.objects.filter(year=year)
        .values_list("county__code", "county__path")
        .distinct()
    }

    def covered(path: str) -> bool:
        return scope.everything or any(path.startswith(home) for home in scope.home_paths)

    visible = [code for code, path in counties.items() if covered(path)]
    if county:
        if county not in visible:
            raise Http404
        return county
    if len(visible) == len(counties):  # every county with sites (or none has any yet)
        return None
    if len(visible) == 1:
        return visible[0]
    raise Http404


@router.get("/results", summary="问卷结果：各监测点、县区和全市的回收率与每周各项工时（少于 5 份不单独显示）")
def monitoring_results(request: HttpRequest, year: int, county: str = "", wave: str = ""):
    return results_module.results(year, county=county_for(request.user, year, county), wave=wave or None)


@router.get("/gap", summary="预计与实测：各监测点每学期登记事项预计工时与教师报告的外部工时之差")
def monitoring_gap(request: HttpRequest, year: int, county: str = ""):
    return gap_module.gap(year, county=county_for(request.user, year, county))
