"""Screening speed, each figure beside a baseline from the same run.

The goal of issue 17: `jianfu screen --jsonl` over 4,000 notices of 1,000 characters, in a fresh process
(start-up included), at ≥ 0.2× the rate of a fresh process that compiles ONE regular expression of the
pack's signal phrases and runs `findall` over the same file. The command screens with a worker process per
CPU (jianfu/gate/batch.py), so it is measured that way and again with `--jobs 1`, against the same baseline.
Beside them: `screen()` in process against the same regular expression in process, and the first screening in
a fresh process against a bare interpreter.
Runs alternate (screening, regex, screening…) and the median of each is kept: the machine is shared.
"""

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jianfu.bench.measure import Figure
from jianfu.gate.batch import jobs_available
from jianfu.policy.engine import engine_for
from jianfu.policy.screening.engine import screen

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "gate" / "devset.jsonl"
FIRST_SCREENING = (
    "from jianfu.policy.engine import engine_for; from jianfu.policy.screening.engine import screen; "
    "screen('请全体教师下载安装某某通APP并完成实名注册。', engine_for().pack)"
)
SCREEN = "import sys; from jianfu.cli import main; main(['jianfu', 'screen', '--jsonl', *sys.argv[1:]])"
# The baseline's whole program: interpreter start, the phrases, one compiled pattern, the same file read.
REGEX = (
    "import json, re, sys\n"
    "phrases = json.load(open(sys.argv[2], encoding='utf-8'))\n"
    "pattern = re.compile('|'.join(map(re.escape, phrases)))\n"
    "with open(sys.argv[1], encoding='utf-8') as notices:\n"
    "    for line in notices:\n"
    "        print(json.dumps(pattern.findall(json.loads(line)['text']), ensure_ascii=False))\n"
)


def notices_of(length: int = 1000, count: int = 4000) -> list[str]:
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


def signal_phrases(pack) -> list[str]:
    """Every signal phrase of the pack's negative list, longest first (as a regex alternation wants)."""
    return sorted({p for item in pack.negative_list for p in item.signals}, key=len, reverse=True)


def screening_figures(count: int = 4000, runs: int = 3) -> list[Figure]:
    pack = engine_for().pack
    notices = notices_of(count=count)
    phrases = signal_phrases(pack)
    with tempfile.TemporaryDirectory() as folder:
        batch, words = Path(folder) / "notices.jsonl", Path(folder) / "phrases.json"
        batch.write_text("".join(json.dumps({"text": n}, ensure_ascii=False) + "\n" for n in notices), "utf-8")
        words.write_text(json.dumps(phrases, ensure_ascii=False), "utf-8")
        screening, serial, regex = [], [], []
        for _ in range(runs):
            screening.append(_seconds([sys.executable, "-c", SCREEN, str(batch)]))
            serial.append(_seconds([sys.executable, "-c", SCREEN, str(batch), "--jobs", "1"]))
            regex.append(_seconds([sys.executable, "-c", REGEX, str(batch), str(words)]))
    in_process, regex_in_process = _in_process(notices, pack, phrases, runs)
    first = statistics.median(_seconds([sys.executable, "-c", FIRST_SCREENING]) for _ in range(runs))
    bare = statistics.median(_seconds([sys.executable, "-c", "pass"]) for _ in range(runs))
    return [
        Figure(
            f"jianfu screen --jsonl, {count:,} notices of 1,000 characters, start-up included, "
            f"{jobs_available()} worker processes",
            count / statistics.median(screening),
            "notices/s",
            "one compiled regex of the signal phrases, findall, same file, own process",
            count / statistics.median(regex),
        ),
        Figure(
            f"jianfu screen --jsonl --jobs 1, {count:,} notices of 1,000 characters, start-up included",
            count / statistics.median(serial),
            "notices/s",
            "the same regex",
            count / statistics.median(regex),
        ),
        Figure(
            "screen() in process, 1,000-character notices",
            in_process,
            "notices/s",
            "the same regex's findall in process",
            regex_in_process,
        ),
        Figure("first screening in a fresh process", first, "s", "a bare interpreter start", bare),
    ]


def _in_process(notices: list[str], pack, phrases: list[str], runs: int) -> tuple[float, float]:
    pattern = re.compile("|".join(map(re.escape, phrases)))
    screen(notices[0], pack)  # the model and the automaton are built once per process, not per notice
    screening, regex = [], []
    for _ in range(runs):
        started = time.perf_counter()
        for notice in notices:
            screen(notice, pack)
        screening.append(time.perf_counter() - started)
        started = time.perf_counter()
        for notice in notices:
            pattern.findall(notice)
        regex.append(time.perf_counter() - started)
    return len(notices) / statistics.median(screening), len(notices) / statistics.median(regex)


def _seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started
