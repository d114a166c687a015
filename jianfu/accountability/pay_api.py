"""Pay parity (6.1) in the REST API: the figures a person may read, by year. Only for holders of the permission
accountability.view_pay, scoped like the pages; everyone else gets the same 404 as for a path that is not there."""

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.accountability.pay import below_parity, parity_gap, pay_counties, pay_figures_for, year_asked

router = Router(tags=["工资待遇（第 6.1 条）"])


class PayDocumentOut(Schema):
    id: int
    issuer: str  # finance | hr | other
    name: str
    kind: str


class PayFigureOut(Schema):
    county: str  # the division code
    county_name: str
    year: int
    teacher_average: Decimal  # yuan a year
    civil_servant_average: Decimal
    gap: Decimal  # how much less teachers are paid; 0 at or above parity
    below_parity: bool
    rural_subsidy_average: Decimal | None
    entered_on: date
    documents: list[PayDocumentOut]


@router.get("/pay", response=list[PayFigureOut], summary="各县（区）教师与公务员年平均工资（需工资数据查看权限）")
def pay_list(request: HttpRequest, year: str = ""):
    if not pay_counties(request.user).exists():
        raise Http404
    asked, error = year_asked(year, None)
    if error:
        raise HttpError(400, error)
    return [
        {
            "county": figure.county.code,
            "county_name": figure.county.name,
            "year": figure.year,
            "teacher_average": figure.teacher_average,
            "civil_servant_average": figure.civil_servant_average,
            "gap": parity_gap(figure),
            "below_parity": below_parity(figure),
            "rural_subsidy_average": figure.rural_subsidy_average,
            "entered_on": figure.entered_on,
            "documents": [
                {"id": d.pk, "issuer": d.issuer, "name": d.name, "kind": d.kind} for d in figure.documents.all()
            ],
        }
        for figure in pay_figures_for(request.user, year=asked)
    ]
