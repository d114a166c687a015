"""The verdict of one passage from the model's calibrated probabilities (and the lexicon's own words):
which items are flagged, or, when none is, which are doubtful."""

from jianfu.policy.screening.model import BURDEN

MAX_ITEMS = 2


def decide(
    probabilities: dict, thresholds: dict, worded: frozenset = frozenset(), *, cued: bool = True
) -> tuple[tuple, tuple]:
    """Flagged items, and (when none is flagged) the doubtful candidates, from calibrated probabilities.

    An item is flagged when the notice is likely a burden and the item likely enough; or when the
    lexicon found the list's own words for it in a sentence that asks something (`worded`) and the
    model does not think it unlikely (thresholds["worded"]). A text with no cue at all (nothing asks,
    no kind of demand is named) needs a surer model (thresholds["uncued"]; 2.0: never) and is never
    doubtful: real burdens are often told as news or praise ("教师主动请缨上堤巡查"), but so is most
    that is not one."""
    if not cued:
        sure = probabilities.get(BURDEN, 0.0) >= thresholds.get("uncued", 2.0)
        return (decide(probabilities, thresholds, worded)[0] if sure else ()), ()
    burden = probabilities.get(BURDEN, 1.0)
    ranked = sorted(((p, no) for no, p in probabilities.items() if no != BURDEN), reverse=True)
    spoken = tuple(sorted(no for no in worded if probabilities.get(no, 0.0) >= thresholds.get("worded", 2.0)))
    if burden >= thresholds["burden"]:
        # At most MAX_ITEMS of the likeliest per passage: a passage asks one or two things, rarely more.
        likely = {no for p, no in ranked[:MAX_ITEMS] if p >= thresholds["item"]}
        items = tuple(sorted(likely | set(spoken)))
        if not items and ranked and ranked[0][0] >= thresholds["best_item"]:
            items = (ranked[0][1],)  # a burden for sure: its likeliest item, if likely enough
        if items:
            return items, ()
    if spoken:
        return spoken, ()
    if burden >= thresholds["doubt"] or (ranked and ranked[0][0] >= thresholds["item"]):
        candidates = tuple(no for p, no in ranked[:3] if p >= thresholds["candidate"]) or (ranked[0][1],)
        return (), candidates
    return (), ()
