"""Scoring the screening against a labelled set: per item precision and recall, and the three rates
the gate is judged on (burden notices flagged, legitimate notices flagged, right item among those flagged)."""

from collections import Counter
from dataclasses import dataclass

from jianfu.policy.model import Pack
from jianfu.policy.screening.engine import screen


@dataclass(frozen=True)
class Report:
    burden_flagged: float  # of notices labelled with an item, the share flagged with any item
    legit_flagged: float  # of notices labelled with none, the share flagged
    right_item: float  # of labelled notices, the share whose label is among the flagged items
    per_item: dict  # no -> (precision, recall, support)
    size: int

    def as_dict(self) -> dict:
        return {
            "burden_flagged": self.burden_flagged,
            "legit_flagged": self.legit_flagged,
            "right_item": self.right_item,
            "size": self.size,
            "per_item": {
                str(no): {"precision": p, "recall": r, "support": n} for no, (p, r, n) in self.per_item.items()
            },
        }


def evaluate(examples: list[dict], pack: Pack) -> Report:
    burden = legit = burden_hit = legit_hit = right = 0
    true_pos, predicted, actual = Counter(), Counter(), Counter()
    for example in examples:
        labels = set(example.get("items") or [])
        found = set(screen(example["text"], pack).negative_list_items)
        predicted.update(found)
        actual.update(labels)
        true_pos.update(found & labels)
        if labels:
            burden += 1
            burden_hit += bool(found)
            right += bool(found & labels)
        else:
            legit += 1
            legit_hit += bool(found)
    per_item = {}
    for item in pack.negative_list:
        no = item.no
        precision = true_pos[no] / predicted[no] if predicted[no] else 0.0
        recall = true_pos[no] / actual[no] if actual[no] else 0.0
        per_item[no] = (round(precision, 3), round(recall, 3), actual[no])
    return Report(
        round(burden_hit / burden, 3) if burden else 0.0,
        round(legit_hit / legit, 3) if legit else 0.0,
        round(right / burden, 3) if burden else 0.0,
        per_item,
        len(examples),
    )
