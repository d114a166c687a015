"""`jianfu secondments census --county CODE --as-of DATE [--json] [--output FILE.xlsx|.pdf]`: the census of
clause 5.1 — every teacher of the county away from post on that date, matched to an approval or flagged.
`jianfu secondments figures --as-of DATE [--json]`: every county's counts, as the city sees them."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.org.models import Division, PostStatus
from jianfu.secondments.census import CensusRow, CensusStatus, census, census_figures
from jianfu.secondments.reports import census_pdf, census_xlsx

WRITERS = {".xlsx": census_xlsx, ".pdf": census_pdf}


class Command(BaseCommand):
    help = (
        "教师在编不在岗摸底（第 5.1 条）：census --county 代码 --as-of 日期，列出离岗教师及其审批情况；"
        "figures --as-of 日期，各县（区）汇总"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["census", "figures"])
        parser.add_argument("--county", metavar="CODE", help="县（区）区划代码，如 520402（census 必填）")
        parser.add_argument("--as-of", metavar="DATE", required=True, help="摸底日期 YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出，每名教师一个对象")
        parser.add_argument("--output", metavar="FILE", help="另存摸底表：.xlsx 或 .pdf")

    def handle(self, *args, **options):
        as_of = _date(options["as_of"])
        if options["action"] == "figures":
            return self._figures(as_of, as_json=options["json"])
        county = _county(options["county"])
        writer = _writer(options["output"])
        rows = census(county, as_of)
        if writer:
            Path(options["output"]).write_bytes(writer(county, as_of, rows))
        if options["json"]:
            self.stdout.write(json.dumps([row_json(row) for row in rows], ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            _("{county} 截至 {day} 不在岗教师 {n} 人").format(county=county.name, day=as_of.isoformat(), n=len(rows))
        )
        for row in rows:
            self.stdout.write("  " + _line(row))

    def _figures(self, as_of: date, *, as_json: bool) -> None:
        figures = census_figures(as_of)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=1))
            return
        for row in figures:
            self.stdout.write(
                _(
                    "{name}（{code}）：不在岗 {away} 人，已审批 {approved}，逾期未返岗 {overdue}，"
                    "无审批 {unapproved}，休假 {leave}"
                ).format(code=row["county"], **row)
            )


def row_json(row: CensusRow) -> dict:
    """One teacher as a machine reads it: the masked ID number, never the whole one."""
    return {
        "teacher": row.id_number_masked,
        "name": row.name,
        "school": row.school,
        "school_code": row.school_code,
        "post_status": row.post_status,
        "since": row.since.isoformat() if row.since else None,
        "until": row.until.isoformat() if row.until else None,
        "where": row.where,
        "approval": row.approval,
        "status": str(row.status),
    }


def _line(row: CensusRow) -> str:
    return _("{teacher} {name} {school} {post}，自 {since} 至 {until}，去向 {where}，审批 {approval}：{status}").format(
        teacher=row.id_number_masked,
        name=row.name,
        school=row.school,
        post=PostStatus(row.post_status).label,
        since=row.since.isoformat() if row.since else _("不详"),
        until=row.until.isoformat() if row.until else "—",
        where=row.where or "—",
        approval=row.approval or _("无"),
        status=CensusStatus(row.status).label,
    )


def _county(code: str | None) -> Division:
    if not code:
        raise CommandError(_("摸底须指定县（区）：请加上 --county 区划代码（如 520402）"))
    county = Division.objects.filter(code=code).first()
    if county is None:
        raise CommandError(_("区划代码 {code} 不存在；请核对县（区）的区划代码（如 520402）").format(code=code))
    if not county.is_county_level:
        raise CommandError(
            _("区划代码 {code}（{name}）不是县（区）；摸底按县（区）进行，请改用其下属县（区）的代码").format(
                code=code, name=county.name
            )
        )
    return county


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("摸底日期 {text!r} 不是 YYYY-MM-DD 格式；请改正，如 2021-09-30").format(text=text)
        ) from None


def _writer(output: str | None):
    if not output:
        return None
    writer = WRITERS.get(Path(output).suffix.lower())
    if writer is None:
        raise CommandError(_("摸底表文件 {name} 的扩展名须为 .xlsx 或 .pdf；请改正").format(name=output))
    return writer
