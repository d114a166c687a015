"""The officials' .xlsx of complaints: the cases the reader may see, with the list's filters, their due
dates, nothing of the filer, and the filer's words as text cells, never formulas."""

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.complaints.models import Complaint
from jianfu.workflow.complaint import Action
from tests.complaints.helpers import carried, filed


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_the_export_holds_the_visible_cases_with_due_dates_and_nothing_of_the_filer(world, client_for):
    with time_machine.travel(date(2024, 3, 4), tick=False):
        named = filed(world, filer=world.teacher).complaint
        elsewhere = filed(world, accused="520403-WJJ", content="平坝区要求教师上街执勤。").complaint
        rows = rows_of(client_for(world.county_officer).get(reverse("complaints-export")))
    header, *cases = rows
    assert "期限" in header and "被举报单位" in header
    assert [row[0] for row in cases] == [named.pk]  # not the other county's
    assert elsewhere.pk not in [row[0] for row in cases]
    assert cases[0][header.index("期限")] is not None
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    stored = Complaint.objects.get(pk=named.pk)
    assert world.xixiu_teacher.name not in text and "teacher" not in text
    for secret in (stored.receipt_digest, stored.passphrase_hash, stored.identity_cipher, stored.filer_digest):
        assert secret not in text


def test_the_export_follows_the_lists_filters(world, client_for):
    filed(world)
    accepted = carried(
        filed(world, content="要求教师参加与教学无关的投票。").complaint,
        world.county_officer,
        (Action.ACCEPT, "", None),
    )
    client = client_for(world.county_officer)
    _header, *cases = rows_of(client.get(reverse("complaints-export") + "?state=accepted"))
    assert [row[0] for row in cases] == [accepted.pk]
    list_page = client.get(reverse("complaints-cases") + "?state=accepted").content.decode()
    assert reverse("complaints-export") + "?state=accepted" in list_page


def test_a_bad_filter_on_the_export_returns_to_the_list_with_the_sentence(world, client_for):
    client = client_for(world.county_officer)
    response = client.get(reverse("complaints-export") + "?item=x", follow=True)
    assert "清单条目「x」不存在" in response.content.decode()


def test_words_that_look_like_a_formula_stay_text(world, client_for):
    filed(world, accused='=HYPERLINK("http://evil.example","点此")', content="=1+1 要求教师填表")
    response = client_for(world.city_officer).get(reverse("complaints-export"))
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    suspicious = [cell for cell in cells if cell.value.startswith("=")]
    assert suspicious and all(cell.data_type == "s" for cell in suspicious)
