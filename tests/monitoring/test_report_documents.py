"""The report as an official document: `jianfu report county ... --format pdf` writes it and pdftotext finds
in it the figures report.py assembled; the docx has the same sections; the city's assembles every county."""

import io
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from docx import Document

from jianfu.monitoring.report import report_figures
from jianfu.monitoring.report_services import report_draft, report_section_write, report_submit
from tests.monitoring.report_world import a_year_of_records

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HEADINGS = ("基数与总量", "拒绝与违规", "举报", "借用与抽调", "监测结果")


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return "".join(out.split())  # lines wrap anywhere in Chinese; the figures are compared without spaces


def bare(text: str) -> str:
    return "".join(text.split())


@time_machine.travel(DAY, tick=False)
def test_the_county_report_pdf_shows_the_figures_report_py_assembled(world, tmp_path):
    a_year_of_records(world)
    figures = report_figures(world.xixiu, 2021)
    output = tmp_path / "report.pdf"
    call_command("report", "county", "--county", "520402", "--year", "2021", "--format", "pdf", "--output", str(output))
    text = pdf_text(output)
    totals, refusals, away = figures["quota"]["totals"], figures["refusals"], figures["secondments"]
    assert "西秀区2021年教师减负情况报告" in text
    assert all(heading in text for heading in HEADINGS)
    assert bare(f"2020年基数 {totals['baseline']} 项") in text
    assert bare(f"总量上限 {totals['limit']} 项，已登记 {totals['used']} 项") in text
    assert bare(f"学校拒绝 {refusals['refusals']} 次；违规线索 {refusals['cases']} 件") in text
    assert bare(f"收到举报 {figures['complaints']['received']} 件") in text
    assert bare(f"不在岗教师 {away['away']} 人：已审批 {away['approved']} 人") in text
    assert "西秀区文明办" in text  # the refusals' requester table


@time_machine.travel(DAY, tick=False)
def test_a_submitted_report_prints_its_frozen_figures_and_the_bureaus_own_words(world, tmp_path):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    report_section_write(report.pk, world.county_officer, "complaints", "本县举报均按期办结。")
    report_submit(report.pk, world.county_officer)
    a_year_of_records(world)  # after submission: not in the submitted report
    output = tmp_path / "report.docx"
    call_command(
        "report", "county", "--county", "520402", "--year", "2021", "--format", "docx", "--output", str(output)
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(output.read_bytes())).paragraphs)
    assert "本县举报均按期办结。" in text and "收到举报 0 件" in text and "学校拒绝 0 次" in text
    assert "2021年2月22日" in text


@time_machine.travel(DAY, tick=False)
def test_the_city_report_assembles_every_county(world, tmp_path):
    a_year_of_records(world)
    output = tmp_path / "city.pdf"
    call_command("report", "city", "--year", "2021", "--format", "pdf", "--output", str(output))
    text = pdf_text(output)
    assert "安顺市2021年教师减负情况汇总报告" in text
    assert "西秀区：拒绝与违规" in text and "平坝区：拒绝与违规" in text


@time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_the_report_pdf_shows_the_survey_figures_results_assembled(world, tmp_path):
    from jianfu.monitoring.survey import answer, codes_issue
    from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make

    site, *_others = sites_make(world)
    wave = wave_make()
    codes = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=8)
    for code in codes[:6]:
        answer(code, hours=WEEK)
    figures = report_figures(world.xixiu, 2026)
    (county,) = figures["monitoring"]["results"]["counties"]
    output = tmp_path / "report.pdf"
    call_command("report", "county", "--county", "520402", "--year", "2026", "--format", "pdf", "--output", str(output))
    text = pdf_text(output)
    assert "监测数据尚未汇总" not in text
    assert bare(f"监测点教师答卷 {county['answers']} 份") in text and county["answers"] == 6
    assert "西秀区第一小学8675.0%2.03.0" in text  # codes, answers, rate, registered and unregistered hours
