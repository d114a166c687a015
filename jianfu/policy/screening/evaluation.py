"""Scoring the screening against a labelled set: per item precision and recall, and the rates the gate is
judged on (burden notices flagged, legitimate notices flagged, right item among the burdens, doubtful).

A notice is flagged when the screening names at least one list item (`negative_list_items`); a notice
given `uncertain` is not flagged — its candidates are counted apart, as `uncertain`. Examples labelled
a burden with no list item (only a rule such as 2.8) are left out of the rates."""

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from jianfu.policy.model import Pack
from jianfu.policy.screening.engine import UNCERTAIN, screen
from jianfu.policy.screening.model import BURDEN


@dataclass(frozen=True)
class Report:
    burden_flagged: float  # of notices labelled with an item, the share flagged with any item
    legit_flagged: float  # of notices labelled with none, the share flagged
    right_item: float  # of labelled notices, the share whose label is among the flagged items
    per_item: dict  # no -> (precision, recall, support)
    size: int
    uncertain: float = 0.0  # of all notices, the share given the verdict `uncertain`
    burden_uncertain: float = 0.0  # of burden notices, the share given `uncertain` (not flagged)
    legit_uncertain: float = 0.0
    burdens: int = 0
    legitimate: int = 0
    # The calibration: per band of the model's burden probability, how many notices fell in it and the
    # share of them that were burdens (a calibrated model's share sits inside its band).
    calibration: tuple = ()

    def as_dict(self) -> dict:
        return {
            "burden_flagged": self.burden_flagged,
            "legit_flagged": self.legit_flagged,
            "right_item": self.right_item,
            "uncertain": self.uncertain,
            "burden_uncertain": self.burden_uncertain,
            "legit_uncertain": self.legit_uncertain,
            "size": self.size,
            "burdens": self.burdens,
            "legitimate": self.legitimate,
            "calibration": [
                {"from": low, "to": high, "notices": n, "burden_share": share}
                for low, high, n, share in self.calibration
            ],
            "per_item": {
                str(no): {"precision": p, "recall": r, "support": n} for no, (p, r, n) in self.per_item.items()
            },
        }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def evaluate(examples: list[dict], pack: Pack) -> Report:
    burden = legit = burden_hit = legit_hit = right = 0
    doubtful = burden_doubtful = legit_doubtful = 0
    true_pos, predicted, actual = Counter(), Counter(), Counter()
    bands: list[tuple[float, bool]] = []
    for example in examples:
        labels = set(example.get("items") or [])
        if not labels and example.get("kind") == "burden":
            continue  # a burden under the measures' rules only (no list item): neither side of the rates
        result = screen(example["text"], pack)
        if BURDEN in result.probabilities:
            bands.append((result.probabilities[BURDEN], bool(labels)))
        found = set(result.negative_list_items)
        unsure = result.verdict == UNCERTAIN
        doubtful += unsure
        predicted.update(found)
        actual.update(labels)
        true_pos.update(found & labels)
        if labels:
            burden += 1
            burden_hit += bool(found)
            right += bool(found & labels)
            burden_doubtful += unsure
        else:
            legit += 1
            legit_hit += bool(found)
            legit_doubtful += unsure
    per_item = {}
    for item in pack.negative_list:
        no = item.no
        per_item[no] = (_share(true_pos[no], predicted[no]), _share(true_pos[no], actual[no]), actual[no])
    return Report(
        _share(burden_hit, burden),
        _share(legit_hit, legit),
        _share(right, burden),
        per_item,
        len(examples),
        uncertain=_share(doubtful, len(examples)),
        burden_uncertain=_share(burden_doubtful, burden),
        legit_uncertain=_share(legit_doubtful, legit),
        burdens=burden,
        legitimate=legit,
        calibration=_calibration(bands),
    )


BANDS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


def _calibration(seen: list[tuple[float, bool]]) -> tuple:
    rows = []
    for low, high in pairwise(BANDS):
        inside = [burden for p, burden in seen if low <= p < high or (high == 1.0 and p == 1.0)]
        rows.append((low, high, len(inside), _share(sum(inside), len(inside))))
    return tuple(rows)
