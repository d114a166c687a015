"""Screening: text in, findings out, with the phrases that triggered each and where they stand.

Method (chosen for accuracy on real notices, speed and explainability, in that order): the text is cut
into sentences; a sentence that forbids something ("不得…", "严禁…") is set aside, since it is not a
demand; in the rest, each negative-list item of the pack is recognised by its signal phrases or by an
action and an object standing in the same sentence ("下载 … APP", "执勤 … 路口"); items that the list
limits to matters "unrelated to teaching" are not counted in a sentence about teaching. Every hit
names its phrase and character offsets, so a principal can see why. No model, no dictionary to load:
the first screening in a fresh process costs a pack load, and a notice of 1,000 characters well under
a millisecond.
"""

from dataclasses import dataclass

from jianfu.policy.model import Finding, NegativeItem, Pack, Severity
from jianfu.policy.screening.lexicon import (
    DEMANDS,
    PROHIBITIONS,
    REGISTRABLE,
    REGISTRATION_MARK,
    SENTENCE_ENDS,
    TEACHING,
)

REFUSABLE, NEEDS_REGISTRATION, NO_FINDING = "refusable", "needs_registration", "no_finding"


@dataclass(frozen=True)
class Hit:
    no: int
    phrase: str
    start: int
    end: int


@dataclass(frozen=True)
class Screening:
    verdict: str
    negative_list_items: tuple[int, ...]
    findings: tuple[Finding, ...]
    hits: tuple[Hit, ...]

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "negative_list_items": list(self.negative_list_items),
            "findings": [f.as_dict() for f in self.findings],
            "hits": [{"item": h.no, "phrase": h.phrase, "start": h.start, "end": h.end} for h in self.hits],
        }


def sentences(text: str):
    """(start offset, sentence) for every sentence of the text."""
    start = 0
    for index, char in enumerate(text):
        if char in SENTENCE_ENDS:
            if index > start:
                yield start, text[start : index + 1]
            start = index + 1
    if start < len(text):
        yield start, text[start:]


def _forbids(sentence: str, position: int) -> bool:
    """A prohibition word before the phrase, in the same clause of the sentence."""
    clause_start = max(sentence.rfind(mark, 0, position) for mark in "，,：:") + 1
    return any(word in sentence[clause_start:position] for word in PROHIBITIONS) or any(
        word in sentence[:position] for word in ("不得", "严禁", "禁止", "杜绝")
    )


def _item_hits(item: NegativeItem, sentence: str, offset: int) -> list[Hit]:
    hits = []
    for phrase in item.signals:
        position = sentence.find(phrase)
        if position >= 0 and not _forbids(sentence, position):
            hits.append(Hit(item.no, phrase, offset + position, offset + position + len(phrase)))
    for actions, objects in item.pairs:
        action = next(((a, sentence.find(a)) for a in actions if a in sentence), None)
        thing = next(((o, sentence.find(o)) for o in objects if o in sentence), None)
        # What is forbidden is the action ("严禁抽调教师"), wherever its object first appears.
        if action and thing and not _forbids(sentence, action[1]):
            for phrase, position in (action, thing):
                hits.append(Hit(item.no, phrase, offset + position, offset + position + len(phrase)))
    return hits


def screen(text: str, pack: Pack) -> Screening:
    text = text.strip()
    demanding = any(word in text for word in DEMANDS)
    hits: list[Hit] = []
    registrable: list[Hit] = []
    for offset, sentence in sentences(text):
        about_teaching = any(word in sentence for word in TEACHING)
        for item in pack.negative_list:
            if item.unrelated_only and about_teaching:
                continue
            hits += _item_hits(item, sentence, offset)
        for word in REGISTRABLE:
            position = sentence.find(word)
            if position >= 0 and not _forbids(sentence, position):
                registrable.append(Hit(0, word, offset + position, offset + position + len(word)))
    hits = list(dict.fromkeys(hits))  # a phrase found as a signal and as half of a pair counts once
    if not demanding:
        hits = []
    items = tuple(sorted({hit.no for hit in hits}))
    findings = tuple(_finding(pack, no, [h for h in hits if h.no == no]) for no in items)
    registered = any(mark in text for mark in REGISTRATION_MARK)
    if items:
        verdict = REFUSABLE
    elif demanding and registrable and not registered and not any(word in text for word in TEACHING):
        verdict = NEEDS_REGISTRATION
        findings = (
            Finding(
                "needs_registration",
                "1.1",
                Severity.NEEDS_APPROVAL,
                "这是须经教育行政部门登记的事项，通知中没有备案号；请向提出单位索要备案号并核验，未登记的学校有权拒绝。",
                tuple(f"{h.phrase}@{h.start}" for h in registrable[:5]),
            ),
        )
    else:
        verdict = NO_FINDING
    return Screening(verdict, items, findings, tuple(hits))


def _finding(pack: Pack, no: int, hits: list[Hit]) -> Finding:
    item = next(i for i in pack.negative_list if i.no == no)
    phrases = "、".join(dict.fromkeys(h.phrase for h in hits))
    return Finding(
        rule=f"negative_list.{item.clause}",
        clause=item.clause,
        severity=Severity.BLOCK,
        message=f"属于减负清单第 {no} 项「{item.text}」（触发词：{phrases}）；学校有权拒绝，请提出单位撤回或报教育行政部门。",
        evidence=tuple(f"{h.phrase}@{h.start}-{h.end}" for h in hits),
    )
