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
import sys
from array import array
from dataclasses import dataclass, field
from functools import cache
from operator import add
from pathlib import Path

from jianfu.policy.screening.normalise import folded

MODEL_PATH = Path(__file__).with_name("model.json")
ORDERS = (1, 2, 3)
BURDEN = "burden"  # the class "asks something of the school that the list covers", beside one per item
META = "§"  # features that are not n-grams start with it; it never occurs in a folded notice


def ngrams(text: str) -> set[str]:
    """Every character n-gram (of the lengths in ORDERS) of the folded text, once each."""
    text = folded(text)
    grams = set(text) if 1 in ORDERS else set()
    longer = text  # the n-grams at every position, built from the (n-1)-grams in C: text[i:i+n] for every i
    for n in range(2, max(ORDERS) + 1):
        longer = list(map(add, longer, text[n - 1 :]))
        if n in ORDERS:
            grams.update(longer)
    grams.discard(META)
    return grams


def features(text: str, meta: set[str]) -> set[str]:
    """All the features of a text, for training: its n-grams and the lexicon's findings."""
    return ngrams(text) | meta


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    platt: tuple[tuple[float, float], ...]
    thresholds: dict[str, float]
    built: dict
    # Per class, the n-grams of two or more letters (no punctuation) that push it up: the words shown as
    # evidence (a single character or a comma explains nothing to a reader).
    pushing: tuple[dict[str, float], ...] = ()
    packed: dict[str, int] = field(default_factory=dict)  # n-gram -> its weights of every class in one int

    def scores(self, grams: set[str], meta: frozenset[str] | set[str] = frozenset()) -> list[float]:
        """The raw linear score of every class: the n-grams count 1/√(their number) each, the lexicon's
        findings (meta) 1 each — a finding is one fact however long the notice.

        The n-grams' weights are summed for all classes at once, in C: each n-gram's weights are packed
        into one integer (see `_packed`), so the sum of the integers of the n-grams found is every class's
        sum, read back lane by lane."""
        scale = 1 / math.sqrt(len(grams)) if grams else 0.0
        found = self.packed.keys() & grams
        if len(found) >= MAX_FOUND:  # a passage of over 20,000 distinct n-grams: lanes could overflow
            return self._scores_slowly(found, meta, scale)
        total = sum(map(self.packed.__getitem__, found))
        lanes = array(_UINT32, total.to_bytes(4 * len(self.classes), "little"))  # read back in C
        if sys.byteorder != "little":
            lanes.byteswap()
        shift, factor = OFFSET * len(found), scale / QUANTUM
        scores = [bias + (lane - shift) * factor for bias, lane in zip(self.bias, lanes, strict=True)]
        return self.with_meta(scores, meta)

    def with_meta(self, scores: list[float], meta: frozenset[str] | set[str]) -> list[float]:
        """The n-grams' scores with the lexicon's findings added, 1 each (in place)."""
        for feature in meta:
            for index, weight in self.weights.get(feature, ()):
                scores[index] += weight
        return scores

    def _scores_slowly(self, found, meta, scale: float) -> list[float]:
        totals = [0.0] * len(self.classes)
        for feature in found:
            for index, weight in self.weights[feature]:
                totals[index] += weight
        return self.with_meta([b + t * scale for b, t in zip(self.bias, totals, strict=True)], meta)

    def probabilities(self, grams: set[str], meta: frozenset[str] | set[str] = frozenset()) -> dict[str, float]:
        """Calibrated probability per class (Platt scaling fitted on cross-validated training scores)."""
        return self.calibrated(self.scores(grams, meta))

    def calibrated(self, scores: list[float]) -> dict[str, float]:
        return {
            name: _sigmoid(a * score + b) for name, score, (a, b) in zip(self.classes, scores, self.platt, strict=True)
        }

    def push(self, text: str, name: str) -> float:
        """How much the words of `text` push class `name` up (to find the sentence a finding stands on)."""
        weights = self.pushing[self.classes.index(name)]
        return sum(map(weights.__getitem__, weights.keys() & ngrams(text)))

    def evidence(self, grams: set[str], name: str, limit: int = 4) -> list[str]:
        """The n-grams that pushed class `name` up the most, longest first among equals, none inside another."""
        weights = self.pushing[self.classes.index(name)]
        pushing = [(weights[f], len(f), f) for f in weights.keys() & grams]
        return none_inside_another((feature for _weight, _length, feature in sorted(pushing, reverse=True)), limit)


def none_inside_another(features, limit: int) -> list[str]:
    """The first `limit` of `features` (strongest first), skipping any inside one already chosen or holding it."""
    chosen: list[str] = []
    for feature in features:
        if any(feature in other or other in feature for other in chosen):
            continue
        chosen.append(feature)
        if len(chosen) == limit:
            break
    return chosen


# Weights are stored to 0.001 (QUANTUM); each becomes a whole number of thousandths plus OFFSET (so it is
# never negative) in a lane of LANE_BITS bits; a lane holds the sum of up to 2**32 / 2**16 = 65,536
# n-grams without overflowing into the next (a passage of ~100 characters has a few hundred; a longer
# one, a "sentence" of many thousand characters with no full stop, is summed the slow way).
QUANTUM, OFFSET, LANE_BITS = 1000, 2**15, 32
MAX_FOUND = 20_000
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


def _packed(pairs: tuple[tuple[int, float], ...], classes: int) -> int:
    """Every lane holds OFFSET (so every lane's sum is read back alike) plus its weight in thousandths;
    the lanes without a weight are all alike, so they come from one integer made once per class count."""
    value = _offsets(classes)
    for index, weight in dict(pairs).items():
        if index < classes:
            value += max(-OFFSET + 1, min(OFFSET - 1, round(weight * QUANTUM))) << (LANE_BITS * index)
    return value


@cache
def _offsets(classes: int) -> int:
    return sum(OFFSET << (LANE_BITS * index) for index in range(classes))


def _sigmoid(x: float) -> float:
    if x < -60:
        return 0.0
    return 1 / (1 + math.exp(-x))


def model_from_dict(data: dict) -> Model:
    weights = {feature: tuple((int(i), float(w)) for i, w in pairs) for feature, pairs in data["weights"].items()}
    pushing: tuple[dict[str, float], ...] = tuple({} for _ in data["classes"])
    for feature, pairs in weights.items():
        for index, weight in pairs:
            if weight > 0 and len(feature) > 1 and feature.isalnum():  # words, not punctuation
                pushing[index][feature] = weight
    return Model(
        classes=tuple(data["classes"]),
        bias=tuple(data["bias"]),
        weights=weights,
        pushing=pushing,
        packed={f: _packed(pairs, len(data["classes"])) for f, pairs in weights.items() if not f.startswith(META)},
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
