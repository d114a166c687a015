"""The model applied to every passage of a notice at once, with numpy: the same scores as `Model.scores`
on each passage's n-grams, without building a set of strings per passage.

Every n-gram of 1–3 characters becomes one 64-bit key (each character's code point + 1 in 21 bits, so a
key names its characters and its length), for the whole folded text in a few array operations. Keys are
paired with the passage they stand in (an n-gram across a passage's end belongs to none), the distinct
pairs are counted per passage (the 1/√n scale), and the pairs whose key is in the model's vocabulary
(one sorted array, looked up by binary search) add up their weights, in whole thousandths as the packed
integers do: the sums are exact integers, so every score is the same float as `Model.scores` gives.

numpy is imported here, where the model is applied, not by the rest of `policy/`.
"""

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from jianfu.policy.screening.model import MAX_FOUND, META, OFFSET, QUANTUM, Model, none_inside_another
from jianfu.policy.screening.normalise import folded

BITS = 21  # every code point + 1 fits in 21 bits (0x110000 < 2**21)
_META_CODE = ord(META) + 1
NOT_PUSHING = 2**62


def key_of(gram: str) -> int:
    key = 0
    for char in gram:
        key = (key << BITS) | (ord(char) + 1)
    return key


@dataclass(frozen=True)
class Vocabulary:
    """The model's n-grams as sorted keys, with their weights in thousandths (one row per n-gram)."""

    keys: np.ndarray  # uint64, sorted
    features: tuple[str, ...]  # the n-gram of each row
    weights: np.ndarray  # int64, rows × classes: the packed integer's lanes less OFFSET
    # Per class, the n-grams that push it up (`Model.pushing`) in the order `Model.evidence` takes them
    # (weight, then length, then the n-gram, all descending), and each row's place in that order.
    ordered: tuple[tuple[str, ...], ...]
    ranks: np.ndarray  # int64, rows × classes; NOT_PUSHING where the row does not push the class


_BUILT: dict[int, tuple[Model, Vocabulary]] = {}  # id(model) -> (the model, kept so ids are not reused)


def vocabulary_of(model: Model) -> Vocabulary:
    """The model's vocabulary, built at its first use and kept (a process has one model, tests a few)."""
    built = _BUILT.get(id(model))
    if built is None or built[0] is not model:
        if len(_BUILT) >= 8:
            del _BUILT[next(iter(_BUILT))]
        built = _BUILT[id(model)] = (model, _vocabulary(model))
    return built[1]


def _vocabulary(model: Model) -> Vocabulary:
    classes = len(model.classes)
    grams = [gram for gram in model.packed if 1 <= len(gram) <= 3]  # the n-grams a text can have
    keys = np.array([key_of(gram) for gram in grams], dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    lanes = b"".join(model.packed[grams[i]].to_bytes(4 * classes, "little") for i in order)
    weights = np.frombuffer(lanes, dtype="<u4").reshape(len(grams), classes).astype(np.int64) - OFFSET
    features = tuple(grams[i] for i in order)
    row_of = {feature: row for row, feature in enumerate(features)}
    ranks = np.full((len(features), classes), NOT_PUSHING, dtype=np.int64)
    ordered = []
    for index, pushing in enumerate(model.pushing):
        chosen = sorted(((w, len(f), f) for f, w in pushing.items() if f in row_of), reverse=True)
        ordered.append(tuple(f for _w, _length, f in chosen))
        ranks[[row_of[f] for f in ordered[-1]], index] = np.arange(len(chosen))
    return Vocabulary(keys[order], features, weights, tuple(ordered), ranks)


def foldable_whole(text: str) -> bool:
    """Is folding the whole text the same as folding each passage? Lower case is per character except a
    capital sigma (final or not, by what follows) and İ (two characters in lower case)."""
    return "Σ" not in text and "\u0130" not in text


class Judged:
    """One passage as the model sees it: its raw score per class, and the vocabulary's n-grams in it."""

    __slots__ = ("_rows", "_vocabulary", "scores")

    def __init__(self, vocabulary: Vocabulary, rows, scores: list[float] | None):
        self._vocabulary, self._rows = vocabulary, rows
        self.scores = scores  # None: too many n-grams for whole-thousandth lanes, to be scored the slow way

    def found(self) -> set[str]:
        """The passage's n-grams that the model knows."""
        return set(map(self._vocabulary.features.__getitem__, self._rows.tolist()))

    def evidence(self, index: int, limit: int = 4) -> list[str]:
        """`Model.evidence(ngrams, name)` for class number `index`: the n-grams that pushed it up the most,
        longest first among equals, none inside another, taken in the order computed once per model."""
        ranks = self._vocabulary.ranks[self._rows, index]
        ordered = self._vocabulary.ordered[index]
        return none_inside_another(map(ordered.__getitem__, np.sort(ranks[ranks < NOT_PUSHING]).tolist()), limit)


def passage_scores(model: Model, text: str, spans: list[tuple[int, int]]) -> list[Judged]:
    """For each (start, end) of `text` (already the text the model reads, prohibitions blanked), what
    `Model.scores(ngrams(text[start:end]))` would give, and the vocabulary's n-grams found there."""
    vocabulary = vocabulary_of(model)
    keys, owners = _grams(folded(text), spans)
    order = np.lexsort((keys, owners))  # by passage, then by n-gram: each distinct pair starts a run
    keys, owners = keys[order], owners[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[first], owners[first]
    counts = np.bincount(owners, minlength=len(spans))
    place = np.minimum(np.searchsorted(vocabulary.keys, keys), len(vocabulary.keys) - 1)
    known = vocabulary.keys[place] == keys
    rows, row_owners = place[known], owners[known]
    bounds = np.searchsorted(row_owners, np.arange(len(spans) + 1))
    lanes = np.zeros((len(spans), vocabulary.weights.shape[1]), np.int64)  # whole thousandths, exact
    some = bounds[1:] > bounds[:-1]  # reduceat would give an empty passage its next row, not nothing
    if some.any():
        lanes[some] = np.add.reduceat(vocabulary.weights[rows], bounds[:-1][some], axis=0)
    # bias + lanes × (1/√n)/QUANTUM: the same two float operations as `Model.scores`, element by element
    factors = np.array([(1 / math.sqrt(n) if n else 0.0) / QUANTUM for n in counts.tolist()])
    scores = (np.array(model.bias) + lanes * factors[:, None]).tolist()
    bounds = bounds.tolist()
    return [
        Judged(vocabulary, rows[low:high], scores[index] if high - low < MAX_FOUND else None)
        for index, (low, high) in enumerate(pairwise(bounds))
    ]


def _grams(text: str, spans: list[tuple[int, int]]):
    """The key of every n-gram of 1–3 characters inside a passage, and the passage it stands in."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64) + 1
    size = len(codes)
    passage = np.full(size, -1, dtype=np.int64)
    for index, (start, end) in enumerate(spans):
        passage[start:end] = index
    alone = (passage >= 0) & (codes != _META_CODE)  # META alone is no feature (`ngrams` drops it)
    keys, owners = [codes[alone]], [passage[alone]]
    for n in (2, 3):
        if size < n:
            break
        key = codes[: size - n + 1].copy()
        for shift in range(1, n):
            key = (key << np.uint64(BITS)) | codes[shift : size - n + 1 + shift]
        head = passage[: size - n + 1]
        whole = (head >= 0) & (head == passage[n - 1 :])  # an n-gram across a passage's end is in none
        keys.append(key[whole])
        owners.append(head[whole])
    return np.concatenate(keys), np.concatenate(owners)
