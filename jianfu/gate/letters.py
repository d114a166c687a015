"""The refusal letter (拒绝函): official layout, the clauses cited, the registration status stated."""

from django.utils import timezone

from jianfu.documents.official import OfficialDocument
from jianfu.gate.models import Refusal
from jianfu.packs.active import active_engine

# Measures that give schools the right to refuse, quoted in every letter.
RIGHT_TO_REFUSE = ("2.3", "2.5", "3.2")


def registration_sentence(refusal: Refusal) -> str:
    answer = refusal.registration
    if not answer:
        return "贵单位提出该事项时未提供备案号，经在减负通查询，该事项未在教育行政部门登记备案。"
    if answer["status"] == "unknown":
        return "贵单位提供的备案号经在减负通核验，查无此备案，该事项未在教育行政部门登记备案。"
    if answer.get("school_in_scope") is False:
        return f"备案号 {answer['number']} 所登记的范围不包括我校。"
    return f"备案号 {answer['number']} 经核验为：{answer['message']}"


def refusal_letter(refusal: Refusal) -> OfficialDocument:
    pack = active_engine().pack
    findings = refusal.screening.get("findings", [])
    items = [f for f in findings if f["rule"].startswith("negative_list.")]
    paragraphs = [
        f"我校于{refusal.received_on:%Y年%m月%d日}通过{refusal.get_channel_display()}收到贵单位提出的以下事项："
        f"“{refusal.content[:300]}”。",
        registration_sentence(refusal),
    ]
    for finding in items:
        no = finding["clause"].split(".")[1]
        clause = pack.clauses[finding["clause"]]
        paragraphs.append(
            f"该事项属于《{pack.title}》附件《减负清单》第 {no} 项（{finding['clause']}）“{clause.title}”。"
        )
    for clause_id in RIGHT_TO_REFUSE:
        clause = pack.clauses[clause_id]
        paragraphs.append(f"第 {clause_id} 条（{clause.title}）规定：{_right_to_refuse_sentence(clause.text)}")
    paragraphs.append(
        f"根据《{pack.title}》（{pack.document_number}）的规定，我校不予承办。如确需开展，"
        f"请按程序报{refusal.school.county.name}教育局审核登记后再行安排。特此函告。"
    )
    year = timezone.localtime(refusal.created_at).year
    return OfficialDocument(
        title="关于不予承办有关事项的函",
        number=f"{refusal.school.name}拒字〔{year}〕{refusal.serial}号",
        recipients=refusal.requester_name,
        paragraphs=tuple(paragraphs),
        issuer=refusal.school.name,
        issued_on=timezone.localdate(refusal.created_at),
        notes=(f"抄送：{refusal.school.county.name}教育局",),
    )


def _right_to_refuse_sentence(text: str) -> str:
    """The sentence of a measure that says schools may refuse."""
    for sentence in text.split("。"):
        if "有权拒绝" in sentence:
            return sentence.strip() + "。"
    return text[:120]
