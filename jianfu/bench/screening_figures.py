"""Screening speed: notices of 1,000 characters a second on one core, and the first screening in a
fresh process, each beside a baseline from the same run."""

import json
import subprocess
import sys
import time
from pathlib import Path

from jianfu.bench.measure import Figure
from jianfu.policy.engine import engine_for
from jianfu.policy.screening.engine import screen, sentences

DEVSET = Path(__file__).resolve().parents[2] / "tests" / "gate" / "devset.jsonl"
FIRST_SCREENING = (
    "from jianfu.policy.engine import engine_for; from jianfu.policy.screening.engine import screen; "
    "screen('请全体教师下载安装某某通APP并完成实名注册。', engine_for().pack)"
)


def notices_of(length: int = 1000, count: int = 2000) -> list[str]:
    """Realistic notices padded to `length` characters by joining development-set texts."""
    texts = [json.loads(line)["text"] for line in DEVSET.read_text(encoding="utf-8").splitlines() if line]
    notices, index = [], 0
    for _ in range(count):
        notice = ""
        while len(notice) < length:
            notice += texts[index % len(texts)]
            index += 1
        notices.append(notice[:length])
    return notices


def screening_figures(count: int = 2000) -> list[Figure]:
    pack = engine_for().pack
    notices = notices_of(count=count)
    started = time.perf_counter()
    for notice in notices:
        screen(notice, pack)
    rate = len(notices) / (time.perf_counter() - started)
    started = time.perf_counter()
    for notice in notices:
        list(sentences(notice))
    baseline = len(notices) / (time.perf_counter() - started)
    first = _seconds([sys.executable, "-c", FIRST_SCREENING])
    bare = _seconds([sys.executable, "-c", "pass"])
    return [
        Figure(
            "screening: 1,000-character notices per second, one core",
            rate,
            "notices/s",
            "cutting them into sentences only",
            baseline,
        ),
        Figure("first screening in a fresh process", first, "s", "a bare interpreter start", bare),
    ]


def _seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=Path(__file__).resolve().parents[2], capture_output=True)
    return time.perf_counter() - started
