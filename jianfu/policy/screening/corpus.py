"""The labelled corpus of real notices: reading it, and splitting it by source into training and test.

The split is a rule, not a draw: a source (the address an example was written from) goes to the test
part when the first bytes of its SHA-256 fall below TEST_SHARE, so every example of one source lands in
the same part, adding examples never moves old ones, and anyone can recompute the split. Examples
without a source (the development set, the pack's own examples) always train, and so do the files named
`*_train.jsonl` (examples written to fill a gap the training part showed) — except an example whose
source also stands in the test part, which is left out so that no source is on both sides.
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

TEST_SHARE = 0.30
TRAIN, TEST = "train", "test"


def source_of(example: dict) -> str:
    for key in ("source", "url", "source_url"):
        value = example.get(key)
        if value:
            return str(value).strip()
    return ""


def part_of(source: str) -> str:
    """train or test, from the source's address alone."""
    if not source:
        return TRAIN
    digest = hashlib.sha256(source.strip().lower().rstrip("/").encode("utf-8")).digest()
    return TEST if int.from_bytes(digest[:4], "big") / 2**32 < TEST_SHARE else TRAIN


def read_jsonl(path: Path) -> list[dict]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            example = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path.name} 第 {number} 行不是 JSON：{error.msg}；请改正这一行") from None
        if not isinstance(example, dict) or not isinstance(example.get("text"), str):
            raise ValueError(f"{path.name} 第 {number} 行缺少 text；每行须是含 text 与 items 的 JSON 对象")
        example["items"] = sorted({int(no) for no in example.get("items") or []})
        examples.append(example)
    return examples


def corpus_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def examples_of(paths: Iterable[Path], part: str | None = None) -> list[dict]:
    """Every example of the files, or only those of one part."""
    split = []  # (example, its part)
    for path in paths:
        training_file = path.name.endswith("_train.jsonl")
        for example in read_jsonl(path):
            source = source_of(example)
            if training_file and part_of(source) == TEST:
                continue  # its source belongs to the test part: never on both sides
            split.append((example, TRAIN if training_file else part_of(source)))
    return [example for example, its_part in split if part is None or its_part == part]
