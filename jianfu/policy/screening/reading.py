"""The lexicon's reading of a notice: its hits (signal phrases and action-object pairs of the pack's
negative list, outside and inside sentences about teaching), the registrable kinds it names, the text rules
it breaks, and the text with what it forbids blanked out. One pass of the pack's automaton (scan.py) says
which words stand in which sentence; the sentence logic runs only where a word was found. Pure."""

import re
from dataclasses import dataclass
from typing import NamedTuple

from jianfu.policy.model import NegativeItem, Pack
from jianfu.policy.screening.lexicon import (
    DEMANDS,
    PROHIBITIONS,
    REGISTRABLE,
    SCHOOL_PEOPLE,
    SENTENCE_ENDS,
    TEACHING,
    TEXT_RULES,
)
from jianfu.policy.screening.model import META
from jianfu.policy.screening.normalise import normalised
from jianfu.policy.screening.scan import sentences, watcher_of


@dataclass(frozen=True)
class Hit:
    no: int
    phrase: str
    start: int
    end: int


_PROHIBITION = re.compile("|".join(map(re.escape, PROHIBITIONS)))
_FIRM_PROHIBITION = re.compile("不得|严禁|禁止|杜绝")


def _forbids(sentence: str, position: int) -> bool:
    """A prohibition word before the phrase, in the same clause of the sentence. "不得不" (had to) is
    the opposite of a prohibition: it is blanked out before looking."""
    if "不得不" in sentence:
        sentence = sentence.replace("不得不", "＿＿＿")
    clause_start = max(sentence.rfind(mark, 0, position) for mark in "，,：:") + 1
    return bool(
        _PROHIBITION.search(sentence, clause_start, position) or _FIRM_PROHIBITION.search(sentence, 0, position)
    )


def _never(sentence: str, position: int) -> bool:
    return False


def _item_hits(
    item: "NegativeItem | _Present", sentence: str, offset: int, positions: dict[str, int], forbids=_forbids
) -> list[Hit]:
    """The item's hits in one sentence; `positions` gives where each word found in it first stands, and
    `forbids` is `_never` for a sentence that holds no prohibition word at all."""
    hits = []
    for phrase in item.signals:
        position = positions.get(phrase)
        if position is not None and not forbids(sentence, position):
            hits.append(Hit(item.no, phrase, offset + position, offset + position + len(phrase)))
    for actions, objects in item.pairs:
        action = next(((a, positions[a]) for a in actions if a in positions), None)
        thing = next(((o, positions[o]) for o in objects if o in positions), None)
        # What is forbidden is the action ("严禁抽调教师"), wherever its object first appears.
        if action and thing and not forbids(sentence, action[1]):
            for phrase, position in (action, thing):
                hits.append(Hit(item.no, phrase, offset + position, offset + position + len(phrase)))
    return hits


@dataclass(frozen=True)
class Reading:
    """What the lexicon sees in a notice: hits outside and inside teaching sentences, and the cues."""

    text: str
    demanded: str  # the text with what it forbids blanked out (same length): what the model reads
    hits: tuple[Hit, ...]  # in sentences not about teaching (or of items the list does not limit)
    teaching_hits: tuple[Hit, ...]  # of "unrelated to teaching" items, in sentences about teaching
    registrable: tuple[Hit, ...]
    demanding: bool
    forbidding: bool
    rule_hits: tuple[tuple[str, Hit], ...]  # (text rule code, where)

    @property
    def worded(self) -> frozenset:
        """Items whose own words the lexicon found, outside teaching, in a text that asks something."""
        return frozenset(h.no for h in self.hits) if self.demanding else frozenset()

    @property
    def about_school(self) -> bool:
        return any(word in self.text for word in SCHOOL_PEOPLE)

    @property
    def judged(self) -> bool:
        """Is the text the model's to judge: it asks or names a kind of demand (`cued`), or, asking nothing,
        it tells of a school's people (a report, a complaint, praise of teachers sent to the dike)."""
        return self.cued or self.about_school

    @property
    def cued(self) -> bool:
        """Does anything in the text ask, or name a kind of demand? A text with neither (a paragraph of
        praise, a news item) is never doubtful, flagged only when it is about a school's people and the
        model is sure enough (`decide`)."""
        return bool(self.demanding or self.hits or self.teaching_hits or self.rule_hits or self.registrable)

    def meta(self) -> set[str]:
        """The lexicon's findings as features of the model."""
        feats = {f"{META}lex:{h.no}" for h in self.hits} | {f"{META}lexT:{h.no}" for h in self.teaching_hits}
        feats |= {f"{META}rule:{code}" for code, _hit in self.rule_hits}
        if self.demanding:
            feats.add(f"{META}demand")
        if self.forbidding:
            feats.add(f"{META}forbid")
        if self.registrable:
            feats.add(f"{META}registrable")
        return feats


_TEACHING = frozenset(TEACHING)
_PROHIBITION_WORDS = frozenset(PROHIBITIONS)
BLANK = "□"
_FIRM = ("不得", "严禁", "禁止", "杜绝")


def _without_prohibitions(text: str) -> str:
    """What a notice forbids is not what it demands: from a firm prohibition (不得, 严禁…) to the end of
    its sentence, and from a softer one (避免, 取消…) to the end of its clause, the text is blanked out,
    keeping every offset. "不得不" (had to) is no prohibition."""
    if not _PROHIBITION.search(text):
        return text
    chars = list(text)
    for offset, sentence in sentences(text):
        if not _PROHIBITION.search(sentence):
            continue  # nothing to blank in it
        plain = sentence.replace("不得不", "＿＿＿")
        firm = [plain.find(word) for word in _FIRM if word in plain]
        if firm:
            start = offset + min(firm)
            chars[start : offset + len(sentence)] = BLANK * (offset + len(sentence) - start)
            plain = plain[: min(firm)]
        for word in PROHIBITIONS:
            position = plain.find(word)
            while position >= 0:
                ends = [plain.find(mark, position) for mark in "，,：:"]
                end = min([e for e in ends if e >= 0], default=len(plain))
                chars[offset + position : offset + end] = BLANK * (end - position)
                position = plain.find(word, end)
    return "".join(chars)


class _Present(NamedTuple):
    """What `_item_hits` reads of an item, with only the words the text holds (lighter than a copy of
    the item made by dataclasses.replace, once per item and notice)."""

    no: int
    signals: tuple[str, ...]
    pairs: tuple
    unrelated_only: bool


def _present(item: NegativeItem, words: frozenset) -> _Present | None:
    """The item with only the words that occur somewhere in the text (`words`: what the scan found), or
    None when it cannot match at all."""
    signals = tuple(phrase for phrase in item.signals if phrase in words)
    pairs = []
    for actions, objects in item.pairs:
        actions = tuple(a for a in actions if a in words)
        objects = tuple(o for o in objects if o in words) if actions else ()
        if objects:
            pairs.append((actions, objects))
    if not signals and not pairs:
        return None
    return _Present(item.no, signals, tuple(pairs), item.unrelated_only)


def read(text: str, pack: Pack) -> Reading:
    text = normalised(text.strip())
    scan = watcher_of(pack).scan(text)
    hits: list[Hit] = []
    teaching_hits: list[Hit] = []
    registrable: list[Hit] = []
    present = [item for item in (_present(item, scan.words) for item in pack.negative_list) if item]
    registrable_words = [word for word in REGISTRABLE if word in scan.words]
    # Which items each word can start: a sentence is tried only for the items whose words it holds.
    starts: dict[str, list[_Present]] = {}
    for item in present:
        for word in (*item.signals, *(a for actions, _objects in item.pairs for a in actions)):
            starts.setdefault(word, []).append(item)
    rank = {word: place for place, word in enumerate(starts)}
    for offset, sentence, positions in scan.found if present or registrable_words else ():
        forbids = _never if _PROHIBITION_WORDS.isdisjoint(positions) else _forbids  # most sentences forbid nothing
        held = sorted((word for word in positions if word in rank), key=rank.__getitem__)  # in the order of starts
        candidates = {id(i): i for word in held for i in starts[word]}
        if candidates:
            about_teaching = not _TEACHING.isdisjoint(positions)
            for item in candidates.values():
                found = _item_hits(item, sentence, offset, positions, forbids)
                (teaching_hits if item.unrelated_only and about_teaching else hits).extend(found)
        for word in registrable_words:
            position = positions.get(word)
            if position is not None and not forbids(sentence, position):
                registrable.append(Hit(0, word, offset + position, offset + position + len(word)))
    rule_hits = []
    for code, pattern in TEXT_RULES:
        for match in pattern.finditer(text):
            sentence_start = max(text.rfind(end, 0, match.start()) for end in SENTENCE_ENDS) + 1
            if not _forbids(text[sentence_start : match.end()], match.start() - sentence_start):
                rule_hits.append((code, Hit(0, match.group(), match.start(), match.end())))
                break
    return Reading(
        text=text,
        demanded=_without_prohibitions(text),
        hits=tuple(dict.fromkeys(hits)),  # a phrase found as a signal and as half of a pair counts once
        teaching_hits=tuple(dict.fromkeys(teaching_hits)),
        registrable=tuple(registrable),
        demanding=any(word in text for word in DEMANDS),
        forbidding=any(word in text.replace("不得不", "") for word in ("不得", "严禁", "禁止")),
        rule_hits=tuple(rule_hits),
    )
