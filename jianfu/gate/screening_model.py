"""Building the screening model from the corpus (scikit-learn; used by `jianfu screen --build-model` only).

Run time never imports this module: the result is `jianfu/policy/screening/model.json`, read and applied
by the pure `jianfu.policy.screening.model`. What is learnt:
- examples: the corpus's training part (tests/gate/corpus/*.jsonl, split by source), the development set
  (tests/gate/devset.jsonl) and the pack's own examples of each item; never the test part;
- features: as the run time computes them (`model.features`): character 1–3-grams of the folded text and
  the lexicon's findings, binary, scaled by 1/√(their number); each n-gram weighted by its inverse
  document frequency over the training examples while fitting (a fragment every notice has, 通知 or 学校,
  says little), the weighting then folded into the shipped weights, so the run time stays as it is;
- classes: `burden` (the example has any item) and one per item, each a logistic regression;
- calibration: Platt scaling fitted on cross-validated scores (5 folds grouped by source, so a source's
  examples are never both fitted and scored), and the thresholds of the verdict chosen on those same
  cross-validated probabilities of the real examples: as many burdens flagged with the right item as
  possible while at most MAX_LEGIT_FLAGGED of the legitimate ones are flagged;
- size: each class keeps its PER_CLASS largest weights and is fitted again on those features alone; the
  cross-validated models are made the same way, so the calibration and the figures are the shipped file's.
"""

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from jianfu.policy.model import Pack
from jianfu.policy.screening.corpus import TRAIN, corpus_files, examples_of, read_jsonl, source_of
from jianfu.policy.screening.engine import read
from jianfu.policy.screening.model import BURDEN, META, features
from jianfu.policy.screening.verdict import decide

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "gate" / "corpus"
DEVSET = ROOT / "tests" / "gate" / "devset.jsonl"
PER_CLASS = 1_500  # weights kept per class: the file stays a few hundred KB
MIN_DOCUMENTS = 2  # an n-gram seen in one training example only is noise, not a word
MAX_LEGIT_FLAGGED = 0.09  # the limit is 10 %: a little margin for unseen notices
# What a text with no cue (nothing asks, no kind of demand named) needs of the burden class; 2.0: never flagged.
UNCUED = (0.5, 0.7, 0.9, 2.0)
C = 30.0  # chosen by cross-validation on the training part (3, 10, 30, 100, 300 tried, with the idf weighting)


def training_examples(pack: Pack, corpus: Path = CORPUS, devset: Path = DEVSET) -> list[dict]:
    examples = examples_of(corpus_files(corpus), TRAIN)
    if devset.is_file():
        examples += [e | {"source": ""} for e in read_jsonl(devset)]
    for item in pack.negative_list:
        examples += [{"text": text, "items": [item.no], "source": ""} for text in item.examples]
    return examples


def build(pack: Pack, examples: list[dict]) -> dict:
    readings = [read(e["text"], pack) for e in examples]
    rows = [features(reading.demanded, reading.meta()) for reading in readings]
    frequency = Counter(f for row in rows for f in row)
    vocabulary = sorted(f for f, n in frequency.items() if n >= MIN_DOCUMENTS or f.startswith(META))
    index = {f: i for i, f in enumerate(vocabulary)}
    idf = _idf(_matrix(rows, index), vocabulary)
    matrix = (_matrix(rows, index) @ diags(idf)).tocsr()
    classes = [BURDEN] + [str(item.no) for item in pack.negative_list]
    labels = [
        np.array([_is_burden(e) if name == BURDEN else int(name) in e["items"] for e in examples]) for name in classes
    ]
    groups = [source_of(e) or f"#{n}" for n, e in enumerate(examples)]
    folds = list(GroupKFold(n_splits=5).split(matrix, groups=groups))
    bias, columns, platt, held_out = [], [], [], []
    for y in labels:
        scores = _cross_validated_scores(matrix, y, folds)
        a, b = _platt(scores, y)
        weights, intercept = _fit(matrix, y) or (np.zeros(len(vocabulary)), -10.0)
        bias.append(intercept)
        columns.append(weights * idf)  # as the run time applies them: to the plain 1/√n features
        platt.append((a, b))
        held_out.append(1 / (1 + np.exp(-(a * scores + b))))
    weights = _as_entries(vocabulary, columns)
    thresholds, figures = _thresholds(examples, readings, classes, held_out)
    return {
        "version": 1,
        "classes": classes,
        "bias": [round(b, 4) for b in bias],
        "platt": [[round(a, 4), round(b, 4)] for a, b in platt],
        "thresholds": thresholds,
        "weights": weights,
        "built": {
            "examples": len(examples),
            "burden_examples": sum(1 for e in examples if _is_burden(e)),
            "features": len(vocabulary),
            "kept_weights": sum(len(v) for v in weights.values()),
            "cross_validated": figures,
        },
    }


def _is_burden(example: dict) -> bool:
    """A list item, or a burden under the measures' rules only (kind "burden", no item)."""
    return bool(example["items"]) or example.get("kind") == "burden"


def _matrix(rows: list[set[str]], index: dict[str, int]) -> csr_matrix:
    data, columns, pointers = [], [], [0]
    for row in rows:
        grams = sum(1 for f in row if not f.startswith(META))
        scale = 1 / math.sqrt(grams) if grams else 0.0  # over all n-grams, as the run time counts them
        for feature in row:
            if feature in index:
                columns.append(index[feature])
                data.append(1.0 if feature.startswith(META) else scale)
        pointers.append(len(columns))
    return csr_matrix((data, columns, pointers), shape=(len(rows), len(index)))


def _idf(matrix: csr_matrix, vocabulary: list[str]) -> np.ndarray:
    """Smoothed inverse document frequency of each n-gram (1 for the lexicon's findings, which are few
    and already chosen words)."""
    documents = np.asarray((matrix > 0).sum(axis=0)).ravel()
    idf = np.log((1 + matrix.shape[0]) / (1 + documents)) + 1
    return np.array([1.0 if name.startswith(META) else value for name, value in zip(vocabulary, idf, strict=True)])


def _fit(matrix, y) -> tuple[np.ndarray, float] | None:
    """(weights, bias) of one class, at most PER_CLASS of them not zero: fitted on every feature, the
    PER_CLASS largest kept, and fitted again on those alone (so the kept ones take up what the dropped
    ones carried, rather than the model losing it)."""
    if y.sum() == 0 or y.sum() == len(y):
        return None
    first = _logistic(matrix, y)
    column = first.coef_[0]
    if np.count_nonzero(column) <= PER_CLASS:
        return column, float(first.intercept_[0])
    kept = np.sort(np.argsort(np.abs(column))[-PER_CLASS:])
    second = _logistic(matrix[:, kept], y)
    weights = np.zeros_like(column)
    weights[kept] = second.coef_[0]
    return weights, float(second.intercept_[0])


def _logistic(matrix, y) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000).fit(matrix, y)


def _cross_validated_scores(matrix, y, folds) -> np.ndarray:
    """Each example scored by a model fitted (and pruned) without its source."""
    scores = np.full(len(y), -10.0)
    for fit_rows, score_rows in folds:
        fitted = _fit(matrix[fit_rows], y[fit_rows])
        if fitted is not None:
            weights, bias = fitted
            scores[score_rows] = matrix[score_rows] @ weights + bias
    return scores


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if y.sum() == 0 or y.sum() == len(y):
        return 1.0, -10.0
    fitted = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), y)
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _as_entries(vocabulary: list[str], columns: list[np.ndarray]) -> dict[str, list[list]]:
    """The weights that are not zero, as feature -> [[class, weight], ...]."""
    weights: dict[str, list[list]] = {}
    for c, column in enumerate(columns):
        for i in np.flatnonzero(column):
            weights.setdefault(vocabulary[i], []).append([c, round(float(column[i]), 3)])
    return dict(sorted(weights.items()))


def _thresholds(examples, readings, classes, held_out) -> tuple[dict, dict]:
    """The verdict's thresholds, chosen on cross-validated probabilities; and the figures they give."""
    probabilities = [
        {
            (name if name == BURDEN else int(name)): float(column[n])
            for name, column in zip(classes, held_out, strict=True)
        }
        for n in range(len(examples))
    ]
    # Chosen on the real examples only (those with a source): the development set and the pack's examples
    # are easy, self-written notices, and would make any threshold look good.
    real = [n for n, e in enumerate(examples) if e.get("source")]
    if len(real) >= 50:
        examples, readings = [examples[n] for n in real], [readings[n] for n in real]
        probabilities = [probabilities[n] for n in real]
    best = None
    for burden in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        for item in (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            for best_item in (0.05, 0.1, 0.2, 0.3, 0.5):
                for worded in (0.02, 0.05, 0.1, 0.2, 0.3, 2.0):  # 2.0: the lexicon alone never flags
                    for uncued in UNCUED:
                        thresholds = {"burden": burden, "item": item, "best_item": best_item, "worded": worded}
                        thresholds |= {"doubt": 0.0, "candidate": 0.1, "uncued": uncued}
                        figures = _figures(examples, readings, probabilities, thresholds)
                        if figures["legit_flagged"] > MAX_LEGIT_FLAGGED:
                            continue
                        key = (figures["right_item"] + figures["burden_flagged"], burden, -worded, uncued)
                        if best is None or key > best[0]:
                            best = (key, thresholds)
    thresholds = best[1] if best else {"burden": 0.9, "item": 0.8, "best_item": 0.5, "worded": 2.0, "candidate": 0.1}
    thresholds["doubt"] = round(thresholds["burden"] / 2, 2)
    return thresholds, _figures(examples, readings, probabilities, thresholds)


def _figures(examples, readings, probabilities, thresholds) -> dict:
    burden = legit = burden_hit = legit_hit = right = doubtful = 0
    for example, reading, p in zip(examples, readings, probabilities, strict=True):
        if not example["items"] and _is_burden(example):
            continue  # rules only: neither side of the rates (as in evaluation.py)
        items, possible = decide(p, thresholds, reading.worded, cued=reading.cued) if reading.judged else ((), ())
        doubtful += bool(possible)
        if example["items"]:
            burden += 1
            burden_hit += bool(items)
            right += bool(set(items) & set(example["items"]))
        else:
            legit += 1
            legit_hit += bool(items)
    return {
        "burden_flagged": round(burden_hit / max(burden, 1), 3),
        "legit_flagged": round(legit_hit / max(legit, 1), 3),
        "right_item": round(right / max(burden, 1), 3),
        "uncertain": round(doubtful / max(len(examples), 1), 3),
    }


def write(model: dict, path: Path) -> None:
    path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
