"""Pay parity pages, workbook and API: the flag and the gap on the year's page, 404 everywhere for a role without
the permission, only one's own county for a county bureau, the entry form keeping refused input, a token client."""

import io
from datetime import date

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from jianfu.accountability.models import PayFigure
from jianfu.accountability.pay import document_add, pay_enter
from jianfu.org.services import api_token_create
from tests.world import pay_readers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_2026():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


@pytest.fixture
def figures(world):
    """西秀区 below parity in 2025 by 4,500.50 yuan; 平坝区 above it."""
    xixiu, pingba = pay_readers(world.county_officer, world.other_county_officer)
    below = pay_enter(xixiu, county=world.xixiu, year=2025, teacher_average="98000", civil_servant_average="102500.50")
    pay_enter(xixiu, county=world.xixiu, year=2024, teacher_average="99000", civil_servant_average="98000")
    pay_enter(pingba, county=world.pingba, year=2025, teacher_average="101000", civil_servant_average="100000")
    document_add(xixiu, below, issuer="hr", name="人社局统计.pdf", data=PDF)
    return below


def every_pay_address(figure) -> list[str]:
    return [
        "/accountability/pay/",
        "/accountability/pay/?year=2025",
        "/accountability/pay/520402/",
        "/accountability/pay/enter/",
        "/accountability/pay/import/",
        "/accountability/pay/template.xlsx",
        "/accountability/pay.xlsx?year=2025",
        "/api/v1/pay?year=2025",
    ]


def test_the_city_sees_the_county_below_parity_flagged_with_its_gap(world, figures, client_for):
    city = pay_readers(world.city_officer)
    page = client_for(city).get("/accountability/pay/?year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    xixiu_row = html.split('data-testid="pay-row-520402"')[1].split("</tr>")[0]
    pingba_row = html.split('data-testid="pay-row-520403"')[1].split("</tr>")[0]
    assert "低于当地公务员平均工资" in xixiu_row and "4500.50" in xixiu_row
    assert "低于当地公务员平均工资" not in pingba_row
    assert "1 个县（区）教师平均工资低于当地公务员平均工资" in html


def test_a_countys_history_lists_every_year(world, figures, client_for):
    city = pay_readers(world.city_officer)
    html = client_for(city).get("/accountability/pay/520402/").content.decode()
    assert 'data-testid="pay-year-2025"' in html and 'data-testid="pay-year-2024"' in html
    assert html.index("pay-year-2025") < html.index("pay-year-2024")


@pytest.mark.parametrize("role", ["city_officer", "county_officer", "inspector", "principal", "department_clerk"])
def test_a_role_without_the_permission_sees_no_pay_figure_by_page_api_or_export(world, figures, client, role):
    from jianfu.web.two_factor import client_sign_in_verified

    user = getattr(world, role)
    user.groups.clear()  # the fixture's bureaus entered the figures with the permission; now without it
    client_sign_in_verified(client, user)
    for address in [*every_pay_address(figures), f"/accountability/pay/documents/{figures.documents.get().pk}/"]:
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"98000" not in response.content
    token = api_token_create(acting_user=getattr(world, role), name="程序")
    response = Client().get("/api/v1/pay?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_a_county_bureau_with_the_permission_sees_only_its_own_county(world, figures, client_for):
    client = client_for(pay_readers(world.county_officer))
    html = client.get("/accountability/pay/?year=2025").content.decode()
    assert "pay-row-520402" in html and "pay-row-520403" not in html
    assert client.get("/accountability/pay/520403/").status_code == 404
    sheet = load_workbook(io.BytesIO(client.get("/accountability/pay.xlsx").content)).worksheets[0]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"520402"}
    assert {row["county"] for row in client.get("/api/v1/pay").json()} == {"520402"}


def test_the_workbook_has_the_years_figures_with_the_flag(world, figures, client_for):
    client = client_for(pay_readers(world.city_officer))
    response = client.get("/accountability/pay.xlsx?year=2025")
    assert response["Content-Disposition"] == 'attachment; filename="pay-2025.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("县（区）代码", "县（区）", "年度")
    by_county = {row[0]: row for row in rows[1:]}
    assert set(by_county) == {"520402", "520403"}
    assert by_county["520402"][5:7] == (4500.5, "是") and by_county["520403"][6] == "否"


def test_a_bad_year_answers_400_naming_the_parameter(world, figures, client_for):
    client = client_for(pay_readers(world.city_officer))
    for address in ("/accountability/pay/?year=20x5", "/accountability/pay.xlsx?year=2099", "/api/v1/pay?year=1"):
        response = client.get(address)
        assert response.status_code == 400, address
        said = response.json()["detail"] if address.startswith("/api/") else response.content.decode()
        assert "年度（year）" in said


def test_the_entry_form_keeps_refused_input_and_saves_with_post_redirect_get(world, client_for):
    client = client_for(pay_readers(world.county_officer))
    typed = {"county": "520402", "year": "2025", "teacher_average": "98000", "civil_servant_average": "1万"}
    refused = client.post("/accountability/pay/enter/", typed)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'value="98000"' in html and 'value="1万"' in html and "不是金额" in html
    assert not PayFigure.objects.exists()
    saved = client.post("/accountability/pay/enter/", typed | {"civil_servant_average": "102500.50"})
    assert saved.status_code == 302 and saved["Location"] == "/accountability/pay/520402/"
    page = client.get(saved["Location"]).content.decode()
    assert "低于当地公务员平均工资 4500.50 元" in page


def test_the_county_bureau_attaches_a_source_document_and_a_reader_downloads_it(world, figures, client_for):
    client = client_for(pay_readers(world.county_officer))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("财政局统计表.pdf", PDF)
    response = client.post("/accountability/pay/520402/2025/documents/", {"issuer": "finance", "file": upload})
    assert response.status_code == 302
    document = figures.documents.get(issuer="finance")
    city = Client()
    from jianfu.web.two_factor import client_sign_in_verified

    client_sign_in_verified(city, pay_readers(world.city_officer))
    download = city.get(f"/accountability/pay/documents/{document.pk}/")
    assert download.status_code == 200 and download["Content-Security-Policy"] == "sandbox"
    assert b"".join(download.streaming_content) == PDF
    assert "财政局统计表.pdf" in city.get("/accountability/pay/?year=2025").content.decode()


def test_a_token_client_reads_the_years_figures(world, figures):
    city = pay_readers(world.city_officer)
    token = api_token_create(acting_user=city, name="统计程序")
    response = Client().get("/api/v1/pay?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    rows = {row["county"]: row for row in response.json()}
    assert set(rows) == {"520402", "520403"}
    assert rows["520402"]["below_parity"] is True and rows["520402"]["gap"] == "4500.50"
    assert rows["520403"]["below_parity"] is False and rows["520403"]["gap"] == "0"
