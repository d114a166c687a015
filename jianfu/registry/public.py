"""Public pages: the published annual list of a year and level, and the verification page a QR opens."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render

from jianfu.documents.language import official_language
from jianfu.documents.official import to_pdf
from jianfu.org.models import Division
from jianfu.registry.documents import annual_list_document, annual_list_xlsx
from jianfu.registry.public_address import PublicAddressMissing, verification_url, verification_url_for_screen
from jianfu.registry.selectors import annual_list, annual_list_with_scopes
from jianfu.registry.verification import approvals_of_row, over_the_limit, verification
from jianfu.web.paging import page_of
from jianfu.web.shared_pages import render_shared

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Verification codes and registration numbers are a few dozen characters; a longer key is nobody's,
# and a QR code cannot hold a few thousand (segno would fail with a 500).
KEY_MAX_LENGTH = 64


def qr_image(request, code: str):
    """The verification QR of a code, as SVG; lists load these lazily, one request per visible row."""
    if len(code) > KEY_MAX_LENGTH:
        raise Http404("核验码过长，不是本平台的备案号或核验码")
    url = verification_url_for_screen(request, code)
    import segno  # loaded with the first QR code a worker draws, not at start-up

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=3, xmldecl=False, svgns=True, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _division(code: str) -> Division:
    try:
        return Division.objects.get(code=code)
    except Division.DoesNotExist:
        raise Http404 from None


def annual_list_page(request, year: int, division: str):
    division_obj = _division(division)
    # A county registers hundreds of demands a year: the page shows them 100 at a time, the xlsx and
    # pdf downloads the whole list.
    page = page_of(request, annual_list(year=year, division=division_obj), size=100)
    return render(
        request, "registry/annual_list.html", {"year": year, "division": division_obj, "page": page, "filters": {}}
    )


def verify_page(request, code: str):
    """The same page, in the same shape, for a valid code and for an unknown one."""
    if over_the_limit(request.META.get("REMOTE_ADDR", "")):
        return render(request, "registry/verify.html", {"limited": True}, status=429)
    result, row = verification(code, user=request.user, in_reader_language=True)  # one read of the stored answer
    approvals = approvals_of_row(row)
    context = {"result": result, "code": code, "approvals": approvals}
    # The answer is a function of its status and stored row (`verification._remembered_answer`).
    return render_shared(request, "registry/verify.html", context, key=(result["status"], row, tuple(approvals)))


def annual_list_download(request, year: int, division: str, fmt: str):
    """The published list: an official Chinese document, whatever language the site is read in."""
    with official_language():
        return _annual_list_file(request, year, division, fmt)


def _annual_list_file(request, year: int, division: str, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    division_obj = _division(division)
    demands = list(annual_list_with_scopes(year=year, division=division_obj))
    name = f"list-{division_obj.code}-{year}.{fmt}"
    if fmt == "xlsx":
        return file_response(annual_list_xlsx(division_obj, year, demands), name)
    try:
        document = annual_list_document(division_obj, year, demands, lambda code: verification_url(request, code))
    except PublicAddressMissing as missing:
        return HttpResponse(str(missing), status=503, content_type="text/plain; charset=utf-8")
    return file_response(to_pdf(document), name)


def file_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[name.rsplit(".", 1)[1]])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
