"""Screening: text in, findings out, with the words that caused each and where they stand.

Two halves that explain themselves:
- the lexicon (reading.py, with lexicon.py and the pack's negative_list.yaml, found in one pass by scan.py):
  the text is cut into sentences; a sentence
  that forbids something ("不得…", "严禁…") is set aside, since it is not a demand; in the rest, each
  negative-list item is recognised by its signal phrases or by an action and an object standing in the
  same sentence ("下载 … APP", "执勤 … 路口"); whether the sentence is about teaching is noted;
- a linear model over character n-grams (model.py), trained on real notices, whose features include
  the lexicon's findings, and whose calibrated probability per item decides: an item is flagged when it
  is likely enough; a notice whose best item is doubtful gets the verdict `uncertain` with its candidates.
Every flagged item carries its words: the lexicon's phrases, and the n-grams that weighed most for it,
each with its offsets in the text. Text rules that are not list items (participation-rate targets,
coupling to assessment, work judged by screenshots, teachers drafted to rehearse a show) are reported
beside the items as `rule_findings`. Registration numbers in the text are found here and verified by the
Django layer (the gate), which holds the registry; here they stay 未核验.

Without a model file (before the first build) the lexicon alone decides, as it did before the model.
"""

from dataclasses import dataclass, field, replace

from jianfu.policy.model import Finding, Pack, Severity
from jianfu.policy.screening.lexicon import (
    DEMANDS,
    REGISTRATION_MARK,
    TEACHING,
    TEXT_RULE_CLAUSES,
)
from jianfu.policy.screening.model import BURDEN, Model, ngrams, shipped_model
from jianfu.policy.screening.normalise import folded
from jianfu.policy.screening.numbers import NumberSeen, registration_numbers
from jianfu.policy.screening.reading import Hit, Reading, read
from jianfu.policy.screening.scan import sentences
from jianfu.policy.screening.verdict import decide

REFUSABLE, NEEDS_REGISTRATION, UNCERTAIN, NO_FINDING = "refusable", "needs_registration", "uncertain", "no_finding"
UNVERIFIED = "unverified"
UNVERIFIED_MESSAGE = "未核验：本机没有登记库，请在减负通「核验备案号」中核验。"
UNCERTAIN_MESSAGE = "不确定：请向教育行政部门核实"
UNCERTAIN_RULE = "screening.uncertain"


@dataclass(frozen=True)
class Screening:
    verdict: str
    negative_list_items: tuple[int, ...]
    findings: tuple[Finding, ...]
    hits: tuple[Hit, ...]
    possible_items: tuple[int, ...] = ()
    rule_findings: tuple[Finding, ...] = ()
    numbers: tuple[NumberSeen, ...] = ()
    probabilities: dict = field(default_factory=dict)  # item (or "burden") -> calibrated probability
    registrations: tuple[dict, ...] = ()  # filled in by the gate; without a registry, 未核验

    def as_dict(self) -> dict:
        registrations = self.registrations or tuple(
            {"number": n.number, "start": n.start, "end": n.end, "status": UNVERIFIED, "message": UNVERIFIED_MESSAGE}
            for n in self.numbers
        )
        return {
            "verdict": self.verdict,
            "negative_list_items": list(self.negative_list_items),
            "findings": [f.as_dict() for f in self.findings],
            "hits": [{"item": h.no, "phrase": h.phrase, "start": h.start, "end": h.end} for h in self.hits],
            "possible_items": list(self.possible_items),
            "rule_findings": [f.as_dict() for f in self.rule_findings],
            "registrations": [dict(r) for r in registrations],
            "probabilities": {str(k): round(v, 3) for k, v in self.probabilities.items()},
        }


WHOLE_CHARS = 320  # the corpus's examples are at most about 300 characters
PASSAGE_CHARS = 100  # about the length of a corpus example (median 80, 90 % under 110 characters)


def passages(text: str):
    """(start, end) of the passages the model judges: a text as long as the longest training example is
    judged whole, as the model was trained; a longer notice asks several things, and each run of whole
    sentences of about PASSAGE_CHARS is judged on its own."""
    if len(text) <= WHOLE_CHARS:
        yield 0, len(text)
        return
    start = end = 0
    for offset, sentence in sentences(text):
        end = offset + len(sentence)
        if end - start >= PASSAGE_CHARS:
            yield start, end
            start = end
    if end > start:
        yield start, end


def _within(reading: Reading, start: int, end: int) -> Reading:
    """The reading of one passage (offsets stay those of the whole text)."""
    inside = lambda hits: tuple(h for h in hits if start <= h.start < end)  # noqa: E731
    text = reading.text[start:end]
    return Reading(
        text=text,
        demanded=reading.demanded[start:end],
        hits=inside(reading.hits),
        teaching_hits=inside(reading.teaching_hits),
        registrable=inside(reading.registrable),
        demanding=any(word in text for word in DEMANDS),
        forbidding=any(word in text.replace("不得不", "") for word in ("不得", "严禁", "禁止")),
        rule_hits=tuple((code, h) for code, h in reading.rule_hits if start <= h.start < end),
    )


def screen(text: str, pack: Pack, model: Model | None = None, *, with_model: bool = True) -> Screening:
    """`with_model=False` reads with the pack's lexicon alone: every item it finds is explained by the
    pack's own phrases (the registry blocks a demand's words only on those)."""
    reading = read(text, pack)
    model = (model or shipped_model()) if with_model else None
    known = {item.no for item in pack.negative_list}
    probabilities: dict = {}
    possible: tuple[int, ...] = ()
    if model is None:
        hits = list(reading.hits) if reading.demanding else []
        items = tuple(sorted({hit.no for hit in hits}))
    else:
        flagged, doubtful, hits = set(), {}, []
        spans = list(passages(reading.text))
        for (start, end), judged in zip(spans, _judged(model, reading.demanded, spans), strict=True):
            passage = _within(reading, start, end)
            if judged is None or judged.scores is None:  # the text folds differently whole, or a huge passage
                grams = ngrams(passage.demanded)
                raw = model.scores(grams, passage.meta())
            else:
                grams = None  # the evidence comes from `judged` too
                raw = model.with_meta(judged.scores, passage.meta())
            chances = {
                (name if name == BURDEN else int(name)): p
                for name, p in model.calibrated(raw).items()
                if name == BURDEN or int(name) in known
            }
            for name, p in chances.items():
                probabilities[name] = max(p, probabilities.get(name, 0.0))
            found, unsure = (
                decide(chances, model.thresholds, passage.worded, cued=passage.cued) if passage.judged else ((), ())
            )
            flagged.update(found)
            for no in unsure:
                doubtful[no] = max(chances[no], doubtful.get(no, 0.0))
            for no in found:
                words = (
                    model.evidence(grams, str(no))
                    if grams is not None
                    else judged.evidence(model.classes.index(str(no)))
                )
                hits += _evidence(model, passage, no, words, start)
        items = tuple(sorted(flagged))
        if not items and doubtful:
            possible = tuple(sorted(doubtful, key=doubtful.get, reverse=True)[:3])
        hits = list(dict.fromkeys(hits))
    findings = tuple(_finding(pack, no, [h for h in hits if h.no == no]) for no in items)
    rule_findings = tuple(_rule_finding(pack, code, hit) for code, hit in reading.rule_hits)
    rule_findings = tuple(f for f in rule_findings if f is not None)
    numbers = tuple(registration_numbers(reading.text, pack))
    if items and not (set(items) <= _inspection_items(pack) and _needs_registration(reading, numbers)):
        verdict = REFUSABLE
    elif _needs_registration(reading, numbers):
        # An inspection without a number: whether the party committee approved it is a fact of the
        # registry, not of the words; the school asks for the number (the item stays named).
        verdict = NEEDS_REGISTRATION
        findings = (
            Finding(
                "needs_registration",
                "1.1",
                Severity.NEEDS_APPROVAL,
                "这是须经教育行政部门登记的事项，通知中没有备案号；请向提出单位索要备案号并核验，未登记的学校有权拒绝。",
                tuple(f"{h.phrase}@{h.start}" for h in reading.registrable[:5]),
            ),
            *findings,
        )
    elif possible:
        verdict = UNCERTAIN
        findings = (_uncertain_finding(pack, possible),)
    else:
        verdict = NO_FINDING
    return Screening(
        verdict,
        items,
        findings,
        tuple(sorted(hits, key=lambda h: (h.start, h.no))),
        possible_items=possible,
        rule_findings=rule_findings,
        numbers=numbers,
        probabilities=probabilities,
    )


def _judged(model: Model, demanded: str, spans: list[tuple[int, int]]) -> list:
    """Every passage scored at once (vectors.py); a None each where that would not read as `ngrams` does."""
    from jianfu.policy.screening import vectors  # numpy: loaded where the model is applied, not by web workers

    if not vectors.foldable_whole(demanded):
        return [None] * len(spans)
    return vectors.passage_scores(model, demanded, spans)


def _inspection_items(pack: Pack) -> set[int]:
    """The items an inspection is itself about (A.1): approved or not is for the registry to say."""
    category = pack.categories.get("inspection")
    vetted = category.vetted_items if category else ()
    return {item.no for item in pack.negative_list if item.clause in vetted}


def _needs_registration(reading: Reading, numbers) -> bool:
    registered = numbers or any(mark in reading.text for mark in REGISTRATION_MARK)
    return (
        reading.demanding
        and bool(reading.registrable)
        and not registered
        and not any(word in reading.text for word in TEACHING)
    )


def _evidence(model: Model, passage: Reading, no: int, grams: list[str], offset: int) -> list[Hit]:
    """The words that caused item `no` in a passage: the lexicon's phrases for it, and the model's
    n-grams found again in the text it read (folded: lower case, digits as 0; prohibitions blanked),
    each as the reader's own words with their offsets. The n-grams are looked for only in the sentences
    where the lexicon found the item, or else in the sentence whose words weigh most for it (of those
    that ask something, when any does: a sentence of praise around a demand is not what it demands), so
    the marks (and the letter's quotation) stay on the demand itself."""
    lexical = [h for h in (*passage.hits, *passage.teaching_hits) if h.no == no]
    plain = folded(passage.demanded)
    spans = [(a, a + len(t)) for a, t in sentences(passage.text)]
    if lexical:
        areas = [(a, b) for a, b in spans if any(a <= h.start - offset < b for h in lexical)]
    else:  # the sentence whose words weigh most for the item, among those that ask something if any do
        asking = [(a, b) for a, b in spans if any(word in passage.text[a:b] for word in DEMANDS)] or spans
        areas = [max(asking, key=lambda span: model.push(passage.demanded[span[0] : span[1]], str(no)))]
    hits = list(lexical)
    for gram in grams:
        for low, high in areas:
            position = plain.find(gram, low, high)
            if position >= 0:
                start = offset + position
                hits.append(Hit(no, passage.text[position : position + len(gram)], start, start + len(gram)))
                break
    return hits


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


def _uncertain_finding(pack: Pack, possible: tuple[int, ...]) -> Finding:
    """Not a list item (the letter cites none for it): the registration question of 1.1, put to the bureau."""
    names = "、".join(f"第 {no} 项「{item.text}」" for no in possible for item in pack.negative_list if item.no == no)
    return Finding(
        rule=UNCERTAIN_RULE,
        clause="1.1",
        severity=Severity.WARN,
        message=f"{UNCERTAIN_MESSAGE}。可能属于减负清单{names}；请把通知交本级教育行政部门认定后再决定是否拒绝。",
        evidence=tuple(f"item:{no}" for no in possible),
    )


def _rule_finding(pack: Pack, code: str, hit: Hit) -> Finding | None:
    """A text rule as a finding citing its clause: the pack's rule of that code when it has one, else the
    lexicon's clause and title, if the pack has that clause (another city's pack may not)."""
    clause, title = TEXT_RULE_CLAUSES[code]
    rule = pack.rules.get(code)
    if rule is not None:
        clause, title = rule.clause, rule.title
    if clause not in pack.clauses:
        return None
    return Finding(
        rule=code,
        clause=clause,
        severity=Severity.BLOCK,
        message=f"违反第 {clause} 条：{title}（通知中：「{hit.phrase}」）；请提出单位删除该要求。",
        evidence=(f"{hit.phrase}@{hit.start}-{hit.end}",),
    )


def without_items(result: Screening, pack: Pack, covered: set[int]) -> Screening:
    """The screening with the items a valid registration covers taken out (the gate decides which)."""
    items = tuple(no for no in result.negative_list_items if no not in covered)
    findings = tuple(
        f for f in result.findings if not (f.rule.startswith("negative_list.") and _no(pack, f) in covered)
    )
    verdict = result.verdict
    if result.verdict == REFUSABLE and not items:
        verdict = NO_FINDING
    if result.verdict == NEEDS_REGISTRATION:
        verdict, findings = NO_FINDING, ()
    return replace(
        result,
        verdict=verdict,
        negative_list_items=items,
        findings=findings,
        hits=tuple(h for h in result.hits if h.no not in covered),
    )


def _no(pack: Pack, finding: Finding) -> int | None:
    return next((i.no for i in pack.negative_list if i.clause == finding.clause), None)
