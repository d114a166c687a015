"""The county's (and the city's) yearly report as an official document, docx and pdf: GB/T 9704 page and
sizes (A4, margins 37/35/28/26 mm, title 22 pt sans, body 16 pt serif — Noto CJK standing in for 小标宋 and
仿宋), one section per thing counted, each with its table and the bureau's own text.

The document has several headed sections with a table each, which jianfu/documents/official.py's one-table
description does not hold, so it is written here with that module's fonts, sizes and docx helpers."""

import base64
from dataclasses import dataclass, replace
from html import escape

from django.utils.translation import gettext as _

from jianfu.documents.language import official_language
from jianfu.documents.office import WordDocument, docx_file
from jianfu.documents.official import SANS, SERIF, Table, chinese_date, docx_table
from jianfu.monitoring.report import MONITORING_PENDING, SECTIONS
from jianfu.monitoring.report_charts import Chart, report_charts


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...] = ()  # drawn only for the documents (report_charts), never for the page


def _n(value) -> str:
    return "—" if value is None else str(value)


def report_sections(figures: dict, written: dict) -> list[Section]:
    """The report's sections from its figures and the bureau's own text (written: key -> text)."""
    quota, demands, refusals = figures["quota"], figures["demands"], figures["refusals"]
    complaints, away, monitoring = figures["complaints"], figures["secondments"], figures["monitoring"]
    totals = quota["totals"]
    built = {
        "baseline": (
            (
                _(
                    "{baseline_year}年基数 {baseline} 项，{year}年总量上限 {limit} 项，已登记 {used} 项；合并 {merged} 项。"
                ).format(
                    baseline_year=_n(quota["baseline_year"]),
                    baseline=_n(totals["baseline"]),
                    year=figures["year"],
                    limit=_n(totals["limit"]),
                    used=_n(totals["used"]),
                    merged=demands["merged"],
                ),
            ),
            (
                Table(
                    (_("类别"), _("基数"), _("上限"), _("已用")),
                    tuple((r["label"], _n(r["baseline"]), _n(r["limit"]), _n(r["used"])) for r in quota["rows"]),
                ),
                Table(
                    (_("提出单位"), _("登记事项")),
                    tuple((r["requester"], str(r["count"])) for r in demands["by_requester"]),
                ),
            ),
        ),
        "refusals": (
            (
                _("学校拒绝 {refusals} 次；违规线索 {cases} 件，已办结 {closed} 件，认定拒绝成立 {upheld} 件。").format(
                    refusals=refusals["refusals"],
                    cases=refusals["cases"],
                    closed=refusals["cases_closed"],
                    upheld=refusals["refusals_upheld"],
                ),
            ),
            (
                Table(
                    (_("提出单位"), _("拒绝次数")),
                    tuple((r["requester"], str(r["count"])) for r in refusals["by_requester"]),
                ),
            ),
        ),
        "complaints": (
            (
                _(
                    "收到举报 {received} 件，受理 {accepted} 件，查实 {substantiated} 件，已答复 {answered} 件（按期 {on_time} 件）。"
                ).format(
                    received=complaints["received"],
                    accepted=complaints["accepted"],
                    substantiated=complaints["substantiated"],
                    answered=complaints["answered"],
                    on_time=complaints["answered_on_time"],
                ),
            ),
            (),
        ),
        "secondments": (
            (
                _(
                    "{as_of} 不在岗教师 {away} 人：已审批 {approved} 人，逾期未返岗 {overdue} 人，无审批 {unapproved} 人，休假 {leave} 人。"
                ).format(**away),
            ),
            (),
        ),
        "monitoring": _monitoring(monitoring),
    }
    sections = []
    for key, heading in SECTIONS:
        paragraphs, tables = built[key]
        own = (written.get(key) or "").strip()
        sections.append(Section(str(heading), tuple(paragraphs) + ((own,) if own else ()), tuple(tables)))
    return sections


def _monitoring(monitoring: dict) -> tuple[tuple[str, ...], tuple[Table, ...]]:
    """The survey's rows per site and for the county (response rate, mean weekly hours of external demands,
    a small group only as its note) and the estimate gap per term (jianfu/monitoring/results.py, gap.py)."""
    if monitoring.get("pending"):
        return (str(MONITORING_PENDING),), ()
    results, gap = monitoring.get("results") or {}, monitoring.get("gap") or {}
    rows = [*results.get("sites", []), *results.get("counties", [])]
    survey = Table(
        (
            _("监测点"),
            _("发放码数"),
            _("答卷"),
            _("应答率"),
            _("已登记外部事项（时/周）"),
            _("未登记外部事项（时/周）"),
        ),
        tuple(_survey_row(row) for row in rows),
    )
    terms = Table(
        (_("学期"), _("答卷"), _("登记估计（时）"), _("实测已登记（时）"), _("实测未登记（时）"), _("差距（时）")),
        tuple(
            (row["label"], _n(row["answers"]), _n(row["estimated"]))
            + ((row["note"], "", "") if row.get("suppressed") else tuple(_n(row[k]) for k in GAP_COLUMNS))
            for row in gap.get("counties", [])
        ),
    )
    summaries = tuple(_survey_summary(row) for row in results.get("counties", [])) or (_("本年度监测点尚无教师答卷。"),)
    return summaries, (survey, terms)


def _survey_summary(county: dict) -> str:
    """The county's survey figures in a sentence (the table has them too): answers, codes, rate, hours."""
    if county.get("suppressed"):
        return _("监测点教师答卷少于 5 份，不单独显示。")
    hours, rate = county.get("hours") or {}, county.get("response_rate")
    return _(
        "监测点教师答卷 {answers} 份，发放答题码 {codes} 个，应答率 {rate}；平均每位教师每周用于已登记的外部事项 "
        "{registered} 小时、未登记的外部事项 {unregistered} 小时。少于 5 份的组只显示“少于 5 份，不单独显示”。"
    ).format(
        answers=county["answers"],
        codes=_n(county.get("codes")),
        rate="—" if rate is None else f"{rate:.1%}",
        registered=_n(hours.get("external_registered")),
        unregistered=_n(hours.get("external_unregistered")),
    )


GAP_COLUMNS = ("measured_registered", "measured_unregistered", "gap")


def _survey_row(row: dict) -> tuple[str, ...]:
    name = row.get("name") or row.get("school") or row.get("key")
    if row.get("suppressed"):
        return (name, _n(row.get("codes")), row.get("note", ""), "", "", "")
    hours = row.get("hours") or {}
    rate = row.get("response_rate")
    return (
        name,
        _n(row.get("codes")),
        _n(row.get("answers")),
        "—" if rate is None else f"{rate:.1%}",
        _n(hours.get("external_registered")),
        _n(hours.get("external_unregistered")),
    )


def report_title(figures: dict) -> str:
    return _("{name}{year}年教师减负情况报告").format(name=figures["county_name"], year=figures["year"])


def report_docx(title: str, sections: list[Section], *, issuer: str = "", issued_on=None) -> bytes:
    # written by a child process (documents/office.py): no web worker loads python-docx (~16 MiB with lxml)
    with official_language():
        docx = WordDocument()
        docx.paragraph(title, size=22, bold=True, align="center", font=SANS)
        figure_number = 0
        for number, section in enumerate(sections, start=1):
            docx.paragraph(f"{chinese_numeral(number)}、{section.heading}", size=16, bold=True, font=SANS)
            for text in section.paragraphs:
                docx.paragraph(text, size=16, indent=True, font=SERIF)
            for table in section.tables:
                if table.rows:
                    docx_table(docx, table)
            for chart in section.charts:
                figure_number += 1
                docx.picture(chart.png, width_cm=CHART_WIDTH_CM, align="center")
                docx.paragraph(_caption(figure_number, chart), size=14, align="center", font=SERIF)
        if issuer:
            docx.paragraph(issuer, size=16, align="right", font=SERIF)
        if issued_on:
            docx.paragraph(chinese_date(issued_on), size=16, align="right", font=SERIF)
        return docx_file(docx)


def report_pdf(title: str, sections: list[Section], *, issuer: str = "", issued_on=None) -> bytes:
    from jianfu.documents.pdf import pdf_from_html  # drawn by a child process: the worker never loads WeasyPrint

    parts = [f"<h1>{escape(title)}</h1>"]
    figure_number = 0
    for number, section in enumerate(sections, start=1):
        parts.append(f"<h2>{chinese_numeral(number)}、{escape(section.heading)}</h2>")
        parts += [f'<p class="body">{escape(text)}</p>' for text in section.paragraphs]
        for table in section.tables:
            if table.rows:
                head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
                body = "".join(
                    "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in table.rows
                )
                parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        for chart in section.charts:
            figure_number += 1
            image = base64.b64encode(chart.png).decode()
            parts.append(
                f'<figure><img src="data:image/png;base64,{image}" alt="{escape(chart.caption)}">'
                f"<figcaption>{escape(_caption(figure_number, chart))}</figcaption></figure>"
            )
    if issuer:
        parts.append(f'<p class="right">{escape(issuer)}</p>')
    if issued_on:
        parts.append(f'<p class="right">{chinese_date(issued_on)}</p>')
    return pdf_from_html(PAGE.format(serif=SERIF, sans=SANS, body="".join(parts)))


# GB/T 9704: A4, margins top 37 mm, bottom 35, left 28, right 26; title 22 pt (二号), body 16 pt (三号).
PAGE = """<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center {{ content: "— " counter(page) " —"; font-size: 10pt; }} }}
body {{ font-family: "{serif}", serif; font-size: 16pt; line-height: 1.75; }}
h1 {{ font-family: "{sans}", sans-serif; font-size: 22pt; text-align: center; margin: 0 0 12pt; }}
h2 {{ font-family: "{sans}", sans-serif; font-size: 16pt; margin: 10pt 0 0; }}
p.body {{ text-indent: 2em; margin: 0; }} p.right {{ text-align: right; margin: 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 10.5pt; margin: 8pt 0; line-height: 1.4; }}
th, td {{ border: 1px solid #000; padding: 3pt 4pt; text-align: left; overflow-wrap: anywhere; }}
thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}
figure {{ margin: 8pt 0; text-align: center; page-break-inside: avoid; }} figure img {{ width: 100%; }}
figcaption {{ font-size: 14pt; }}
</style></head><body>{body}</body></html>"""

NUMERALS = "一二三四五六七八九十"
CHART_WIDTH_CM = 15  # within the GB/T 9704 text block: 21 cm less margins of 2.8 and 2.6 cm


def _caption(number: int, chart: Chart) -> str:
    return _("图{number}　{caption}").format(number=number, caption=chart.caption)


def with_charts(sections: list[Section], figures: dict) -> list[Section]:
    """The sections with their charts drawn from the same figures as their tables (SECTIONS' order)."""
    charts = report_charts(figures)
    return [replace(section, charts=charts.get(key, ())) for (key, _h), section in zip(SECTIONS, sections, strict=True)]


def chinese_numeral(number: int) -> str:
    return NUMERALS[number - 1] if number <= len(NUMERALS) else str(number)


def figures_of(report, county, year: int, *, on=None) -> dict:
    """The figures a report shows — on its page and in its documents alike: frozen at submission; a draft's
    as last assembled (the page's 刷新数据 assembles them again); assembled now when none were yet."""
    from jianfu.monitoring.models import ReportState
    from jianfu.monitoring.report import report_figures

    if report is not None and (report.state == ReportState.SUBMITTED or report.figures):
        return report.figures
    return report_figures(county, year, on=on)


def county_report_document(county, year: int, *, fmt: str, on=None) -> bytes:
    """The county's report with the figures its page shows (figures_of)."""
    from jianfu.monitoring.models import CountyReport, ReportState

    report = CountyReport.objects.filter(county=county, year=year).first()
    submitted = report is not None and report.state == ReportState.SUBMITTED
    figures = figures_of(report, county, year, on=on)
    with official_language():
        sections = with_charts(report_sections(figures, report.sections if report else {}), figures)
        issuer = _("{name}教育局").format(name=county.name)
        write = report_pdf if fmt == "pdf" else report_docx
        return write(report_title(figures), sections, issuer=issuer, issued_on=report.submitted_on if submitted else on)


def city_report_document(city, year: int, *, fmt: str, on=None) -> bytes:
    """The city's summary: every county's sections in turn, each headed with the county's name."""
    from jianfu.monitoring.models import CountyReport
    from jianfu.org.models import Division

    counties = Division.objects.filter(path__startswith=city.path, schools__isnull=False).distinct().order_by("path")
    reports = {r.county_id: r for r in CountyReport.objects.filter(year=year, county__in=counties)}
    with official_language():
        sections = []
        for county in counties:
            report = reports.get(county.pk)
            figures = figures_of(report, county, year, on=on)
            for section in with_charts(report_sections(figures, report.sections if report else {}), figures):
                sections.append(replace(section, heading=f"{county.name}：{section.heading}"))
        title = _("{name}{year}年教师减负情况汇总报告").format(name=city.name, year=year)
        write = report_pdf if fmt == "pdf" else report_docx
        return write(title, sections, issuer=_("{name}教育局").format(name=city.name), issued_on=on)
