"""Public pages: the published annual list of a year and level, and the verification page a QR opens."""

import io

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from jianfu.org.models import Division
from jianfu.registry.models import Demand
from jianfu.registry.selectors import annual_list, verification_lookup


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
    return render(request, "registry/verify.html", {"result": verification_lookup(code), "code": code})
