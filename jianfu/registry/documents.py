"""The registry's documents: the registration certificate and the published annual list."""

import io
from collections.abc import Callable

from django.utils import timezone

from jianfu.documents.language import official_language
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.official import OfficialDocument, Table
from jianfu.documents.qr import QrCode
from jianfu.documents.sheets import append_row
from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand
from jianfu.registry.selectors import category_labels, scope_text, scope_text_of_row
from jianfu.registry.verification import approvals_shown

LIST_HEADER = ("备案号", "事项名称", "类别", "提出单位", "开始", "结束", "范围", "每校工时", "核验码")
# The printed list's columns in percent of a landscape page: dates and numbers on one line, the QR legible.
LIST_PDF_WIDTHS = (15, 19, 7, 11, 9, 9, 20, 10)


# A certificate is one page: a field longer than this is cut at a separator and says where the rest is
# (the verification page the QR opens shows the whole record).
CERTIFICATE_FIELD_CHARS = 240
REST_ON_THE_VERIFICATION_PAGE = "……（共 {n} 项，完整内容见扫码核验页）"


def shortened(parts: list[str], separator: str, limit: int = CERTIFICATE_FIELD_CHARS) -> str:
    """Whole parts joined while they fit in `limit` characters, then a note naming how many there are."""
    text = separator.join(parts)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for part in parts:
        if len(separator.join([*kept, part])) > limit:
            break
        kept.append(part)
    return separator.join(kept) + REST_ON_THE_VERIFICATION_PAGE.format(n=len(parts))


def certificate(demand: Demand, verify_url: str) -> OfficialDocument:
    pack = active_engine().pack
    steps = [
        f"{t.get_to_state_display()}：{t.actor.get_username()}（{timezone.localtime(t.at):%Y-%m-%d}）"
        for t in demand.transitions.select_related("actor")
    ]
    with official_language():  # clause 3.2: the statistics approval, the bureau's consent
        approvals = approvals_shown(demand)
    rows = (
        ("事项名称", demand.title),
        ("类别", category_labels().get(demand.category, demand.category)),
        ("提出单位", demand.requester.name),
        ("时间", f"{demand.start:%Y-%m-%d} 至 {demand.end:%Y-%m-%d}"),
        ("范围", shortened(scope_text(demand).split("、"), "、")),
        ("每校预计占用教师工时", f"{demand.estimated_hours} 小时"),
        *(("审批情况", "；".join(approvals)),) * bool(approvals),
        ("核验码", demand.verification_code),
        ("办理过程", shortened(steps, "；")),
    )
    return OfficialDocument(
        title="涉校事项登记备案证明",
        number=demand.registration_number,
        paragraphs=(
            f"经审核审批，下列事项已依据《{pack.title}》（{pack.document_number}）登记备案，"
            "可以按登记的范围和时间开展；超出范围或时间的，学校有权拒绝。",
        ),
        table=Table(("项目", "内容"), rows),
        issuer=f"{demand.division.name}教育局",
        issued_on=timezone.localdate(demand.registered_at),
        qr=QrCode(verify_url, alt="核验二维码"),
        qr_caption=f"扫码核验：{verify_url}",
        max_pages=1,
    )


def list_rows(demands) -> list[tuple]:
    """The rows of the annual list, from demands read by `annual_list_with_scopes`."""
    labels = category_labels()
    return [
        (
            d.registration_number,
            d.title,
            labels.get(d.category, d.category),
            d.requester.name,
            d.start.isoformat(),
            d.end.isoformat(),
            scope_text_of_row(d),
            str(d.estimated_hours),
            d.verification_code,
        )
        for d in demands
    ]


def annual_list_document(division, year: int, demands, verify_url: Callable[[str], str]) -> OfficialDocument:
    """The printed list: landscape, each row with the QR code a school scans to verify that demand
    (`verify_url` turns a verification code into the public address the code opens)."""
    rows = tuple(
        (*row[:7], QrCode(verify_url(demand.verification_code), alt=f"核验 {row[0]}"))
        for demand, row in zip(demands, list_rows(demands), strict=True)
    )
    return OfficialDocument(
        title=f"{division.name}{year}年度涉校事项清单",
        number=f"共 {len(demands)} 项",
        paragraphs=(
            "以下事项已经审核登记，可以开展。未列入清单、无备案号的事项，学校有权拒绝。扫描每行的二维码可核验。",
        ),
        table=Table((*LIST_HEADER[:7], "扫码核验"), rows, widths=LIST_PDF_WIDTHS),
        issuer=f"{division.name}教育局",
        issued_on=timezone.localdate(),
        landscape=True,
    )


def annual_list_xlsx(division, year: int, demands) -> bytes:
    book = Workbook()
    sheet = book.create_sheet(f"{year}年度清单")
    # Titles and names are the requesters' words: written as text, never as formulas (see sheets.py).
    append_row(sheet, [f"{division.name}{year}年度涉校事项清单"])
    append_row(sheet, LIST_HEADER)
    for row in list_rows(demands):
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
