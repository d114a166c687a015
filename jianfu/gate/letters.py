"""The refusal letter (拒绝函): official layout, the triggering sentences quoted, the clauses cited.

A letter says three things and no more, so that it fits on two pages whatever the notice:
- what was asked: the sentences of the notice that the screening found, quoted whole (a long sentence
  is cut only at its commas, the cut marked "……"), never the whole notice;
- why it may be refused: the negative-list item of each finding and the measures that item breaks;
- the right to refuse: the one measure (2.3, 2.5 or 3.2) that gives the school that right for the items
  found, quoted, not all three every time.
"""

from django.utils import timezone

from jianfu.documents.language import official_language
from jianfu.documents.official import OfficialDocument, chinese_date
from jianfu.gate.models import Refusal
from jianfu.packs.active import active_engine
from jianfu.policy.screening.engine import UNCERTAIN_RULE, sentences

QUOTE_CHARS = 240  # all quotations together
SENTENCE_CHARS = 110  # one quotation; a longer sentence keeps the clauses around its trigger
MAX_QUOTES = 3
RIGHT_CHARS = 60  # the quoted words that give the right to refuse
MAX_PAGES = 2
NAMED_ITEMS = 6  # items found beyond these are cited by number only
NAMED_MEASURES = 4  # measures beyond these are cited by number only
CLAUSE_MARKS = "，,、：:"
RIGHT_WORDS = "有权拒绝"

# Which measures each item of the annex puts into practice, and which measure gives the school the right
# to refuse it. The annex (A.1–A.19) names no measure itself; this reading of the Anshun document belongs
# in the pack beside each item (negative_list.yaml `measures:`, `right:`) once the pack format has them.
# Items not listed, and other packs, fall back to the first measure whose text grants the right.
MEASURES = {
    "A.1": ("1.1", "1.3"),
    "A.2": ("2.3",),
    "A.3": ("2.3",),
    "A.4": ("2.9",),
    "A.5": ("2.4",),
    "A.6": ("2.8",),
    "A.7": ("2.8",),
    "A.8": ("3.2",),
    "A.9": ("2.8",),
    "A.10": ("2.6",),
    "A.11": ("2.6",),
    "A.12": ("2.7",),
    "A.13": ("2.3", "5.3"),
    "A.14": ("3.1",),
    "A.15": ("2.4",),
    "A.16": ("2.1", "2.2"),
    "A.17": ("2.3",),
    "A.18": ("5.2", "5.3"),
    "A.19": ("2.3",),
    "1.1": ("1.1",),  # a demand that needed registration and has none
}
RIGHT_TO_REFUSE = {
    "A.8": "3.2",  # statistics not approved and filed
    "A.14": "3.2",  # forms and data reporting: the statistics measure
    "A.16": "2.5",  # township and community affairs
}
DEFAULT_RIGHT = "2.3"  # activities unrelated to teaching imposed on schools


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
    """The letter, in Chinese whatever language its reader uses the site in: it is an official document."""
    with official_language():
        return _refusal_letter(refusal)


def _refusal_letter(refusal: Refusal) -> OfficialDocument:
    pack = active_engine().pack
    source = f"《{pack.title}》（{pack.document_number}）"  # named once, where the letter first cites it
    # A doubtful verdict's note is advice to the school, not a ground the letter may cite.
    findings = [
        f for f in refusal.screening.get("findings", []) if f["clause"] in pack.clauses and f["rule"] != UNCERTAIN_RULE
    ]
    rights = [_right_sentence(pack, clause_id) for clause_id in rights_to_refuse(pack, findings)]
    if findings:
        cited = [f"根据{source}，" + findings_sentence(pack, findings), *rights]
    else:
        cited = [source + rights[0], *rights[1:]]
    paragraphs = [
        f"我校于{chinese_date(refusal.received_on)}通过{refusal.get_channel_display()}收到贵单位提出的事项，"
        + _quotation(triggering_sentences(refusal.content, refusal.screening.get("hits", [])))
        + photo_sentence(refusal),
        registration_sentence(refusal),
        *cited,
        f"据此，我校不予承办。如确需开展，请按程序报{refusal.school.county.name}教育局审核登记后再行安排。特此函告。",
    ]
    year = timezone.localtime(refusal.created_at).year
    return OfficialDocument(
        title="关于不予承办有关事项的函",
        number=f"{refusal.school.name}拒字〔{year}〕{refusal.serial}号",
        recipients=refusal.requester_name,
        paragraphs=tuple(paragraphs),
        issuer=refusal.school.name,
        issued_on=timezone.localdate(refusal.created_at),
        notes=(f"抄送：{refusal.school.county.name}教育局",),
        max_pages=MAX_PAGES,  # the text is budgeted to fit; a notice touching every item is drawn smaller
    )


def photo_sentence(refusal: Refusal) -> str:
    """Where the quoted words come from when the notice reached the school as photos: read from them and
    checked by the school, the photos sent with the letter's copy to the bureau."""
    photos = sum(1 for evidence in refusal.evidence.all() if evidence.recognised_text)
    if not photos:
        return ""
    return f"以上引文系从贵单位通知的照片（共{photos}张）中识别、经我校逐字核对的文字，照片已作为证据报送教育局。"


def _quotation(quotes: list[str]) -> str:
    """其中要求："……"。 — a quotation that ends its own sentence takes no second full stop."""
    quoted = "……".join(quotes)
    return f"其中要求：“{quoted}”" + ("" if quoted.endswith(("。", "！", "？")) else "。")


def triggering_sentences(content: str, hits: list[dict]) -> list[str]:
    """The sentences holding the screening's hits, in order, each whole or cut at commas around its
    trigger, within the letter's budget; the notice's first sentence when nothing was found."""
    text = content.strip()
    starts = sorted(hit["start"] for hit in hits)
    quotes, used = [], 0
    for offset, sentence in sentences(text):
        inside = [s - offset for s in starts if offset <= s < offset + len(sentence)]
        if starts and not inside:
            continue
        quote = _shortened(sentence, inside[0] if inside else 0)
        if quote and (not quotes or used + len(quote) <= QUOTE_CHARS):
            quotes.append(quote)
            used += len(quote)
        if len(quotes) == MAX_QUOTES or used >= QUOTE_CHARS or not starts:
            break
    return quotes


def _shortened(sentence: str, trigger: int, limit: int = SENTENCE_CHARS) -> str:
    """The sentence if short enough; else the clauses (between commas) around the trigger, widened one
    clause at a time while they fit, the cut ends marked "……". Never cut inside a clause, unless a single
    clause is longer than the limit (a notice without commas), which is then cut around the trigger."""
    sentence = sentence.rstrip("\n")
    stripped = sentence.strip()
    if len(stripped) <= limit:
        return stripped
    bounds = [0] + [i + 1 for i, c in enumerate(sentence) if c in CLAUSE_MARKS] + [len(sentence)]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]
    at = next(i for i, (a, b) in enumerate(pieces) if a <= trigger < b or b == len(sentence))
    first = last = at
    while True:
        widened = False
        for candidate in (last + 1, first - 1):
            lo, hi = min(first, candidate), max(last, candidate)
            if 0 <= candidate < len(pieces) and pieces[hi][1] - pieces[lo][0] <= limit:
                first, last, widened = lo, hi, True
        if not widened:
            break
    start, end = pieces[first][0], pieces[last][1]
    if end - start > limit:  # one clause alone is too long
        start = max(start, trigger - limit // 3)
        end = start + limit
    quote = sentence[start:end].strip().rstrip(CLAUSE_MARKS)
    return ("……" if start > 0 else "") + quote + ("……" if end < len(sentence) else "")


def findings_sentence(pack, findings: list[dict]) -> str:
    """One sentence: the items found (named while few enough to read, by number beyond that) and the
    measures they break (with titles while few, by number beyond that), so the letter stays short."""
    clauses = [pack.clauses[f["clause"]] for f in findings]
    items = [c for c in clauses if c.id.startswith("A.")]
    named = "、".join(f"第{c.id[2:]}项（{c.id}）“{c.title}”" for c in items[:NAMED_ITEMS])
    numbered = "、".join(c.id[2:] for c in items[NAMED_ITEMS:])
    parts = []
    if items:
        parts.append("属于附件《减负清单》所列" + named + (f"以及第{numbered}项" if numbered else ""))
    if any(not c.id.startswith("A.") for c in clauses):
        parts.append("属于须经教育行政部门登记备案才能开展的事项")
    measure_ids = dict.fromkeys(m for c in clauses for m in MEASURES.get(c.id, ()) if m in pack.clauses)
    measures = [pack.clauses[m] for m in sorted(measure_ids, key=_clause_order)]
    if len(measures) <= NAMED_MEASURES:
        broken = "、".join(f"第{m.id}条（{m.title}）" for m in measures)
    else:
        broken = "第" + "、".join(m.id for m in measures) + "条"
    return "上述要求" + "，".join(parts) + (f"，不符合{broken}的规定。" if measures else "。")


def _clause_order(clause_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in clause_id.split(".") if part.isdigit())


def rights_to_refuse(pack, findings: list[dict]) -> list[str]:
    """The measures that give the school the right to refuse what was found: one for most notices, two
    when the items fall under different measures; only measures whose text grants the right."""
    granting = [c.id for c in pack.clauses.values() if RIGHT_WORDS in c.text]
    wanted = dict.fromkeys(RIGHT_TO_REFUSE.get(f["clause"], DEFAULT_RIGHT) for f in findings) or {DEFAULT_RIGHT: None}
    chosen = [c for c in wanted if c in granting]
    return chosen or granting[:1]


def _right_sentence(pack, clause_id: str) -> str:
    clause = pack.clauses[clause_id]
    return f"第{clause_id}条（{clause.title}）规定：“{right_to_refuse_words(clause.text)}”"


def right_to_refuse_words(text: str) -> str:
    """The words of a measure that give schools the right to refuse: its sentence saying so, cut at
    commas to the clauses before "有权拒绝" when the sentence is long."""
    for _offset, sentence in sentences(text):
        if RIGHT_WORDS in sentence:
            return _shortened(sentence, sentence.index(RIGHT_WORDS), limit=RIGHT_CHARS)
    return text
