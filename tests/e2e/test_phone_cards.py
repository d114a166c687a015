"""Lists on a phone (375 px): every table row is a card of "label  value" lines, so no column is
squeezed to a character or two and nothing runs off the side of the screen."""

from datetime import date

import pytest

from tests.e2e.test_walkthrough import log_in
from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register

pytestmark = pytest.mark.browser
NEXT = date.today().year + 1  # next year's plan is being collected today, whatever today is
PHONE = 375

# Each visible cell, the width its text may use (content box) against its font size; and how far the
# page is wider than the screen.
MEASURE = """() => {
  const cells = [...document.querySelectorAll('.table-wrap td')].filter(td => td.offsetParent !== null);
  return {
    cells: cells.map(td => {
      const style = getComputedStyle(td);
      const box = td.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {label: td.dataset.label || '', text: td.innerText.slice(0, 24), width: box, font: parseFloat(style.fontSize)};
    }),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


def some_registered_demands(world, n: int = 3):
    titles = [f"{NEXT} 年城区小学食堂食品安全与校园周边环境综合专项检查（第 {i} 批）" for i in range(n)]
    return [
        register(world, filed(world, title=title, start=date(NEXT, 9, 6), end=date(NEXT, 9, 10))) for title in titles
    ]


def assert_readable_cards(page, name: str):
    page.screenshot(path=f"/tmp/jf-layout-phone-{name}.png", full_page=True)
    measured = page.evaluate(MEASURE)
    assert measured["cells"], f"{name}: no rows shown"
    narrow = [c for c in measured["cells"] if c["width"] < 4 * c["font"]]
    assert not narrow, f"{name}: cells narrower than four characters: {narrow}"
    assert measured["overflow"] <= 0, f"{name}: the page is {measured['overflow']} px wider than the phone"


def test_the_demand_list_reads_as_cards_on_a_phone(e2e_world, page_at):
    some_registered_demands(e2e_world)
    page = page_at(PHONE)
    log_in(page, "department_clerk")
    page.goto(page.base + "/demands/")
    page.get_by_text("（第 0 批）").wait_for()
    assert_readable_cards(page, "demands")
    assert page.locator("td[data-label='备案号']").first.is_visible()


def test_the_teacher_list_reads_as_cards_on_a_phone(e2e_world, page_at):
    page = page_at(PHONE)
    log_in(page, "principal")
    page.goto(page.base + "/teachers/")
    page.locator("td[data-label='身份证号']").first.wait_for()
    assert_readable_cards(page, "teachers")


def test_the_published_annual_list_reads_as_cards_on_a_phone(e2e_world, page_at):
    some_registered_demands(e2e_world)
    page = page_at(PHONE)
    page.goto(page.base + f"/lists/{NEXT}/520402/")
    page.get_by_text("（第 2 批）").wait_for()
    assert_readable_cards(page, "annual-list")
    qr = page.get_by_role("img", name="核验二维码").first
    assert qr.bounding_box()["width"] >= 72, "the QR code stays large enough to scan from the screen"
