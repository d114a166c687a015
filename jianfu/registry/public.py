"""Public pages: the published annual list of a year and level, and the verification page a QR opens."""

import io

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from jianfu.org.models import Division
from jianfu.registry.models import Demand
from jianfu.registry.selectors import PUBLISHED_STATES, annual_list


def qr_svg(request, demand: Demand) -> str:
    """The verification QR as inline SVG (no image files, nothing fetched from outside)."""
    url = request.build_absolute_uri(reverse("registry:verify", args=[demand.verification_code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=3, xmldecl=False, svgns=True, border=2)
    return buffer.getvalue().decode()


def annual_list_page(request, year: int, division: str):
    try:
        division_obj = Division.objects.get(code=division)
    except Division.DoesNotExist:
        raise Http404 from None
    demands = list(annual_list(year=year, division=division_obj))
    return render(
        request,
        "registry/annual_list.html",
        {
            "year": year,
            "division": division_obj,
            "demands": demands,
            "qr": {d.pk: qr_svg(request, d) for d in demands},
        },
    )


def verify_page(request, code: str):
    """The same page, in the same shape, for a valid code and for an unknown one."""
    code = code.strip().upper()
    demand = (
        Demand.objects.filter(verification_code=code, state__in=PUBLISHED_STATES).select_related("requester").first()
        if code.isalnum() and len(code) <= 16
        else None
    )
    return render(request, "registry/verify.html", {"demand": demand, "code": code})
