"""The model applied to all passages of a notice at once (numpy) gives, passage by passage, the very
scores, n-grams and evidence that `Model` gives one passage's n-gram set at a time: the corpus's examples,
notices joined from them (many passages), and the texts that fold differently whole (Σ, İ)."""

import json
from pathlib import Path

import pytest

from jianfu.policy.engine import engine_for
from jianfu.policy.screening import vectors
from jianfu.policy.screening.engine import passages, screen
from jianfu.policy.screening.model import ngrams, shipped_model
from jianfu.policy.screening.reading import read

CORPUS = Path(__file__).resolve().parents[1] / "gate" / "corpus"


def _texts() -> list[str]:
    texts = [
        json.loads(line)["text"]
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    joined = ["".join(texts[i : i + 9]) for i in range(0, len(texts), 9)]  # notices of several passages
    odd = ["", "§", "§§请教师下载APP§", "请教师下载ＡＰＰ，每人50元。。。", "请教师转发截图。" * 60]
    return texts[::7] + joined + odd


@pytest.fixture(scope="module")
def pack():
    return engine_for().pack


def test_every_passage_scores_as_its_own_n_gram_set_does(pack):
    model = shipped_model()
    for text in _texts():
        reading = read(text, pack)
        spans = list(passages(reading.text))
        judged = vectors.passage_scores(model, reading.demanded, spans)
        for (start, end), passage in zip(spans, judged, strict=True):
            grams = ngrams(reading.demanded[start:end])
            assert passage.scores == model.scores(grams), (text, start)
            assert passage.found() == model.packed.keys() & grams
            for index, name in enumerate(model.classes):
                assert passage.evidence(index) == model.evidence(grams, name)


def test_a_text_that_folds_differently_whole_is_scored_passage_by_passage(pack):
    # "ΑΣ" lower-cases to "ας" (a final sigma) but "Σ" alone to "σ"; "İ" lower-cases to two characters
    assert not vectors.foldable_whole("请教师下载APP。ΑΣΑ")
    assert not vectors.foldable_whole("İ")
    text = "请全体教师下载安装APP并完成实名注册。ΑΣ" * 12
    result = screen(text, pack)
    assert result.verdict == "refusable" and 7 in result.negative_list_items


def test_numpy_is_loaded_by_screening_not_by_importing_the_engine():
    import subprocess
    import sys

    code = "import sys, jianfu.policy.screening.engine; print('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
