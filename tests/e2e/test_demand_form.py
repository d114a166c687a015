"""Done-when of the demand form (issue 9, item 4): a department clerk fills it in on a phone and on a
desktop with the pickers (checkboxes, date inputs, a school found by two characters of its name), sees
the live pre-check change as the words change, saves, and the demand names the picked school; and no
label on the page wraps to fewer than four characters a line."""

import re
from datetime import date

import pytest

from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser
NEXT = date.today().year + 1  # next year's plan is being collected today, whatever today is
STREET_DUTY = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"

# Each visible label or legend, its characters grouped by the line they are drawn on (the top of each
# character's box, from a Range over it): the words of a label must not be squeezed into a column.
LABEL_LINES = """() => {
  const lines = [];
  for (const label of document.querySelectorAll('main label, main legend')) {
    if (!label.getClientRects().length) continue;
    const tops = new Map();
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT, {acceptNode: node =>
      node.parentElement.closest('select, option, textarea') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        const top = Math.round(box.top);
        const line = [...tops.keys()].find(t => Math.abs(t - top) < 4);
        tops.set(line ?? top, (tops.get(line ?? top) || 0) + 1);
      }
    }
    lines.push({text: label.innerText.trim().slice(0, 40), perLine: [...tops.values()]});
  }
  return lines;
}"""


def assert_no_label_squeezed(page, name: str):
    page.screenshot(path=f"/tmp/jf-demand-form-{name}.png", full_page=True)
    labels = page.evaluate(LABEL_LINES)
    assert len(labels) > 20, f"{name}: the form's labels were measured ({len(labels)})"
    squeezed = [label for label in labels if len(label["perLine"]) > 1 and min(label["perLine"]) < 4]
    assert not squeezed, f"{name}: labels wrapped to fewer than four characters a line: {squeezed}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the screen"


@pytest.mark.parametrize("width", [375, 1280])
def test_a_clerk_fills_the_demand_form_with_its_pickers_and_sees_the_precheck_live(e2e_world, page_at, width):
    from jianfu.registry.models import Demand

    page = page_at(width)
    log_in(page, "department_clerk")
    page.goto(page.base + "/demands/new/")
    assert page.locator("select[multiple]").count() == 0, "no Ctrl-click lists"
    assert_no_label_squeezed(page, f"{width}-empty")
    live = page.locator("#live-precheck")
    assert live.is_visible() and "填好提出单位" in live.inner_text()

    title = f"{NEXT} 年文明城市创建进校园活动（{width}）"
    page.get_by_label("事项类别").select_option(label="社会事务进校园活动")
    page.get_by_label("事项名称").fill(title)
    page.get_by_label("主要内容").fill("向学生宣传文明城市创建知识，每校一次主题班会。")
    page.get_by_label("开始日期").fill(f"{NEXT}-09-06")
    page.get_by_label("结束日期").fill(f"{NEXT}-09-10")
    assert page.get_by_label("开始日期").get_attribute("type") == "date"
    page.get_by_label("每校预计占用教师工时（小时）").fill("1")
    page.get_by_role("group", name="涉及县（区）").get_by_label("西秀区").check()
    page.get_by_role("group", name="涉及学段").get_by_label("小学", exact=True).check()
    page.get_by_role("group", name="涉及区域").get_by_label("城区").check()
    live.locator("ol.route li").first.wait_for()  # the first answer: the route this demand would take
    assert not live.locator(".finding").filter(has_text=re.compile(r"第 (2\.4|A\.15) 条")).count()

    page.get_by_label("指定学校").press_sequentially("一小")
    page.get_by_role("option", name=re.compile("西秀区第一小学")).click()
    page.locator(".chip", has_text="西秀区第一小学").wait_for()
    assert page.locator("input[name=target_schools]").input_value() == e2e_world.xixiu_school.code

    page.get_by_label("主要内容").fill(STREET_DUTY)
    live.locator(".finding").filter(has_text=re.compile(r"第 (2\.4|A\.15) 条")).first.wait_for()
    assert_no_label_squeezed(page, f"{width}-filled")

    page.get_by_role("button", name="保存并预审").click()
    page.get_by_text("已保存为草稿").wait_for()
    demand = Demand.objects.get(title=title)
    assert list(demand.target_schools.all()) == [e2e_world.xixiu_school]
    assert [c.name for c in demand.target_counties.all()] == ["西秀区"] and demand.content == STREET_DUTY
    assert all(url.startswith(page.base) for url in page.requested), "every asset and answer is local"
