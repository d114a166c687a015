"""The refusal letter quotes the sentences that triggered the findings (whole, or cut only at commas),
cites the measures of the items found and the one measure that gives this school the right to refuse,
and fits on two pages however long the notice."""

import io
import re
import subprocess
from datetime import date

from pypdf import PdfReader

from jianfu.documents.official import to_pdf
from jianfu.gate.letters import SENTENCE_CHARS, refusal_letter, triggering_sentences
from jianfu.gate.services import refusal_record

STREET_DUTY = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"
STATISTICS = "请各校教师协助开展农业普查入户登记，每人负责20户。"
FILLER = "近年来，我区精神文明建设取得显著成效，群众满意度持续提升，城市面貌焕然一新。"


def refused(world, content: str):
    return refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="document",
        received_on=date(2021, 5, 6),
        content=content,
        requester_unit=world.unit("520402-WMB"),
    )


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return out.replace("\n", "")


def body(letter) -> str:
    return "".join(letter.paragraphs)


def test_the_letter_quotes_the_triggering_sentence_and_not_the_rest_of_the_notice(world):
    letter = refusal_letter(refused(world, FILLER * 3 + STREET_DUTY + FILLER * 3))
    assert f"其中要求：“{STREET_DUTY}”" in body(letter) and "。”。" not in body(letter)
    assert "精神文明建设" not in body(letter)


def test_a_long_sentence_is_cut_at_its_commas_around_the_trigger_never_inside_a_clause():
    clauses = [f"第{n}段说明了有关背景情况" for n in range(1, 16)]
    sentence = "，".join([*clauses[:8], "请各校安排教师到责任路口开展文明劝导执勤", *clauses[8:]]) + "。"
    start = sentence.index("执勤")
    (quote,) = triggering_sentences(sentence, [{"start": start, "end": start + 2}])
    assert quote.startswith("……") and quote.endswith("……") and len(quote) <= SENTENCE_CHARS + 4
    assert "请各校安排教师到责任路口开展文明劝导执勤" in quote
    for piece in quote.strip("…").split("，"):
        assert piece in clauses or piece == "请各校安排教师到责任路口开展文明劝导执勤"


def test_a_notice_with_no_finding_is_quoted_by_its_first_sentence_only(world):
    letter = refusal_letter(refused(world, "关于做好有关工作的通知。" + FILLER * 5))
    assert "其中要求：“关于做好有关工作的通知。”" in body(letter) and "群众满意度" not in body(letter)
    assert "减负清单》所列" not in body(letter)


def test_street_duty_cites_its_item_its_measure_and_only_the_right_of_2_3(world):
    text = body(refusal_letter(refused(world, STREET_DUTY)))
    assert "第15项（A.15）" in text and "不符合第2.4条（合理安排城市创优评先任务）的规定" in text
    assert "第2.3条（合理安排专项任务）规定：" in text and "学校有权拒绝" in text
    assert "第2.5条" not in text and "第3.2条" not in text


def test_a_census_cites_the_statistics_measure_and_its_right_to_refuse_only(world):
    text = body(refusal_letter(refused(world, STATISTICS)))
    assert "第8项（A.8）" in text and "不符合第3.2条（严格规范教育统计和调研工作）的规定" in text
    assert "第3.2条（严格规范教育统计和调研工作）规定：" in text
    assert "对未经审批备案的统计事项，学校有权拒绝开展相关工作。" in text
    assert "第2.3条" not in text and "第2.5条" not in text


def test_a_long_notice_touching_many_items_gives_a_letter_of_at_most_two_pages(world):
    demands = [
        STREET_DUTY,
        STATISTICS,
        "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。",
        "请全体教师为我县最美乡村评选投票，每天投票并截图上报。",
        "请各校组织教师参加爱心一日捐公益活动，每人不少于50元。",
        "请全体教师参加防范电信诈骗知识竞赛，参与率须达100%。",
        "请各校做好法治读本征订工作，每名学生一册，月底前报送征订数。",
    ]
    notice = "\n".join(FILLER * 4 + demand for demand in demands) * 4
    assert len(notice) > 5000
    refusal = refused(world, notice)
    assert len(refusal.screening["negative_list_items"]) >= 6
    pdf = to_pdf(refusal_letter(refusal))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    text = pdf_text(pdf)
    assert "其中要求：“创文期间请各校安排教师到责任路口开展文明劝导执勤" in text
    # The measures are named while few, numbered beyond that ("不符合第2.3、2.8、3.2条的规定"): either way cited.
    measures = re.search(r"不符合(第[^。]*条)", text).group(1)
    assert all(m in measures for m in ("2.3", "2.8", "3.2")) and "第2.3条" in text and "第3.2条" in text
    assert "安市办通字〔2021〕3号" in text and text.count("精神文明建设") == 0


def test_a_notice_holding_every_item_of_the_list_still_fits_on_two_pages(world):
    from jianfu.packs.active import active_engine

    examples = [item.examples[0] for item in active_engine().pack.negative_list if item.examples]
    refusal = refused(world, "".join(FILLER + example for example in examples))
    assert len(refusal.screening["negative_list_items"]) >= 15
    letter = refusal_letter(refusal)
    pdf = to_pdf(letter)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    text = pdf_text(pdf)
    assert "学校有权拒绝" in text and "特此函告" in text and "以及第" in text
