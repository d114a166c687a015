"""The report's charts (7.4: tables and charts): drawn with matplotlib from the figures the tables print, put
under their sections in the docx (inline pictures) and the pdf (image XObjects), captioned 图1, 图2...; a year
with nothing to draw says 无数据 instead of failing."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from docx import Document
from PIL import Image
from pypdf import PdfReader

from jianfu.monitoring.report import report_figures
from jianfu.monitoring.report_charts import DPI, cjk_font_path, grouped_bars, report_charts
from jianfu.monitoring.report_documents import county_report_document
from tests.monitoring.report_world import a_year_of_records

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PNG = b"\x89PNG\r\n\x1a\n"


def pdf_images(data: bytes) -> int:
    """Image XObjects on the pdf's pages."""
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def inked(png: bytes) -> int:
    """How many pixels of the picture are not white: something was drawn."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.histogram()[:200])


@time_machine.travel(DAY, tick=False)
def test_the_report_pdf_embeds_its_charts_as_images(world):
    a_year_of_records(world)
    data = county_report_document(world.xixiu, 2021, fmt="pdf")
    assert pdf_images(data) >= 2
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "图1" in text and "图2" in text


@time_machine.travel(DAY, tick=False)
def test_the_report_docx_has_its_charts_as_inline_pictures_with_captions(world):
    a_year_of_records(world)
    docx = Document(io.BytesIO(county_report_document(world.xixiu, 2021, fmt="docx")))
    assert len(docx.inline_shapes) >= 2
    assert all(shape.width <= 15.6 * 360000 for shape in docx.inline_shapes)  # EMU: within the text block
    captions = [p.text for p in docx.paragraphs if p.text.startswith("图")]
    assert captions[0].startswith("图1") and "基数" in captions[0]


@time_machine.travel(DAY, tick=False)
def test_the_charts_are_pngs_at_200_dpi_drawn_from_the_figures(world):
    a_year_of_records(world)
    charts = report_charts(report_figures(world.xixiu, 2021))
    quota = charts["baseline"][0]
    assert quota.png.startswith(PNG)
    image = Image.open(io.BytesIO(quota.png))
    assert round(image.info["dpi"][0]) == DPI and image.width > 1000


def test_a_chart_of_an_empty_year_says_there_is_no_data_instead_of_failing():
    empty = grouped_bars([], {"基数": [], "已登记": []}, unit="项")
    unknown = grouped_bars(["检查"], {"基数": [None]}, unit="项")
    assert empty.startswith(PNG) and unknown.startswith(PNG)
    assert 0 < inked(empty) < inked(grouped_bars(["检查"], {"基数": [12]}, unit="项"))


def test_the_cjk_font_is_found_on_the_machine_not_downloaded():
    assert cjk_font_path().endswith("NotoSansCJK-Regular.ttc")
