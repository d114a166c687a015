"""The statistical half of the screening: a linear model over character n-grams, applied in pure Python.

Built by `jianfu screen --build-model` (scikit-learn, in the command only) from the corpus's training part,
the development set and the pack's examples, and shipped as `model.json` beside this file: one weight per
(n-gram, class) that matters, a bias and a calibration per class, and the thresholds the verdict uses.
Applying it is one pass over the text: every n-gram of 1–3 characters is looked up in one dict (a set
intersection, done in C), and the weights of those found are summed. The features are binary and scaled
by 1/√(number of distinct features in the text), counted over all n-grams, not only the kept ones, so that
dropping small weights from the file leaves the other weights' meaning unchanged. The lexicon's findings
count 1 each, whatever the length of the notice.

Besides n-grams, the lexicon's findings are features too ("§lex:7": the list's words for item 7 in a
sentence that is not about teaching, "§lexT:7": in a sentence about teaching, "§rule:…", "§demand",
"§forbid"): the model learns how far to trust each, and the lexicon still explains.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jianfu.policy.screening.normalise import folded

MODEL_PATH = Path(__file__).with_name("model.json")
ORDERS = (1, 2, 3)
BURDEN = "burden"  # the class "asks something of the school that the list covers", beside one per item
META = "§"  # features that are not n-grams start with it; it never occurs in a folded notice


def ngrams(text: str) -> set[str]:
    """Every character n-gram (1–3) of the folded text, once each."""
    text = folded(text)
    grams = set(text)
    for n in ORDERS[1:]:
        grams.update(text[i : i + n] for i in range(len(text) - n + 1))
    grams.discard(META)
    return grams


def features(text: str, meta: set[str]) -> set[str]:
    return ngrams(text) | meta


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    platt: tuple[tuple[float, float], ...]
    thresholds: dict[str, float]
    built: dict
    by_class: tuple[dict[str, float], ...] = ()  # the same weights, one dict per class (for evidence)

    def scores(self, feats: set[str]) -> list[float]:
        """The raw linear score of every class: n-grams count 1/√(their number) each, the lexicon's
        findings (META) 1 each — a finding is one fact however long the notice."""
        grams = len(feats) - sum(1 for f in feats if f[0] == META) if feats else 0
        scale = 1 / math.sqrt(grams) if grams else 0.0
        totals = [0.0] * len(self.classes)
        direct = [0.0] * len(self.classes)
        weights = self.weights
        for feature in weights.keys() & feats:
            into = direct if feature[0] == META else totals
            for index, weight in weights[feature]:
                into[index] += weight
        return [b + t * scale + d for b, t, d in zip(self.bias, totals, direct, strict=True)]

    def probabilities(self, feats: set[str]) -> dict[str, float]:
        """Calibrated probability per class (Platt scaling fitted on cross-validated training scores)."""
        return {
            name: _sigmoid(a * score + b)
            for name, score, (a, b) in zip(self.classes, self.scores(feats), self.platt, strict=True)
        }

    def evidence(self, feats: set[str], name: str, limit: int = 4) -> list[str]:
        """The n-grams that pushed class `name` up the most, longest first among equals, none inside another."""
        weights = self.by_class[self.classes.index(name)]
        pushing = [(weights[f], len(f), f) for f in weights.keys() & feats if weights[f] > 0 and f[0] != META]
        chosen: list[str] = []
        for _weight, _length, feature in sorted(pushing, reverse=True):
            if any(feature in other or other in feature for other in chosen):
                continue
            chosen.append(feature)
            if len(chosen) == limit:
                break
        return chosen


def _sigmoid(x: float) -> float:
    if x < -60:
        return 0.0
    return 1 / (1 + math.exp(-x))


def model_from_dict(data: dict) -> Model:
    weights = {feature: tuple((int(i), float(w)) for i, w in pairs) for feature, pairs in data["weights"].items()}
    by_class: tuple[dict[str, float], ...] = tuple({} for _ in data["classes"])
    for feature, pairs in weights.items():
        for index, weight in pairs:
            by_class[index][feature] = weight
    return Model(
        classes=tuple(data["classes"]),
        bias=tuple(data["bias"]),
        weights=weights,
        by_class=by_class,
        platt=tuple((float(a), float(b)) for a, b in data["platt"]),
        thresholds=dict(data["thresholds"]),
        built=dict(data.get("built", {})),
    )


@cache
def shipped_model(path: Path = MODEL_PATH) -> Model | None:
    """The model file beside this module, read once per process; None when it has not been built."""
    if not path.is_file():
        return None
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))
