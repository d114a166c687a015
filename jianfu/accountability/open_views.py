"""The open figures' page and data (public, no account): `/open/?year=Y`, `/open/<year>/`, `/open/<year>.csv`,
`/open/<year>.json`. Each county's figures of the year (jianfu/accountability/open_figures.py), linking to
the public annual lists. A bad year answers 400 naming the parameter; a year outside 2000 to this one, 404."""

import csv
from io import StringIO

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jianfu.accountability.open_figures import COLUMNS, LICENCE, LICENCE_URL, SCHEMA, open_figures
from jianfu.monitoring.page_params import year_asked
from jianfu.web.params import FIRST_YEAR


def _known(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _page(request, year: int) -> HttpResponse:
    context = {
        "year": year,
        "rows": open_figures(year),
        "schema": SCHEMA,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "columns": COLUMNS,
    }
    return render(request, "accountability/open.html", context)


@require_GET
def open_page(request):
    year, error = year_asked(request.GET)
    if error:
        return render(request, "accountability/open_error.html", {"error": error}, status=400)
    return _page(request, _known(year))


@require_GET
def open_year_page(request, year: int):
    return _page(request, _known(year))


@require_GET
def open_csv(request, year: int):
    """Comma-separated, UTF-8 with a byte-order mark (Excel reads it), the header in COLUMNS' order; every
    row carries the schema version and the licence, so a row copied alone keeps them."""
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("schema", "licence", *COLUMNS))
    for row in open_figures(_known(year)):
        writer.writerow((SCHEMA, LICENCE, *(_cell(row[column]) for column in COLUMNS)))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jianfu-open-figures-{year}.csv"'
    return response


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@require_GET
def open_json(request, year: int):
    body = {
        "schema": SCHEMA,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "year": _known(year),
        "columns": list(COLUMNS),
        "counties": open_figures(year),
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
