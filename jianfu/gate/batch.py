"""`jianfu screen --jsonl`: a file of notices, one JSON object with a `text` a line, screened into one JSON
line each, in the file's order.

The pure screening (jianfu.policy.screening, no database) is what costs, about 2 ms for a notice of 1,000
characters, so it runs in `jobs` worker processes, forked once the pack's automaton and the model are built
so that every worker shares their pages instead of building its own. Registration numbers are verified
here, in the command's own process: a worker never touches a database. The connections it inherits are left
alone, never used nor closed (a pool's worker ends with os._exit), so the parent's stay whole; closing them
before the fork would instead end any transaction the caller holds. Lines are handed out a block at a time,
the next block screened while this one is written, so a file of any length is screened in bounded memory; a
file shorter than FEW lines is screened in process, where starting workers would cost more than they save.
"""

import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from jianfu.gate.screening import verified
from jianfu.gate.texts import NoticeUnreadable, checked_text
from jianfu.policy.model import Pack
from jianfu.policy.screening.engine import Screening, screen
from jianfu.policy.screening.model import shipped_model
from jianfu.policy.screening.scan import watcher_of

BLOCK = 1024  # lines handed out at once
CHUNK = 32  # lines a worker takes at a time: fewer round trips, and still an even share at a block's end
FEW = 64  # fewer lines than this are screened in process
NOT_A_NOTICE = "不是含 text 键的 JSON 对象"

_pack: Pack | None = None  # the pack a worker screens with: set before the fork, inherited by the workers


def jobs_available() -> int:
    """The CPUs this process may run on (a container's limit, not the machine's count)."""
    return os.process_cpu_count() or 1


def screened_lines(lines: Iterable[str], pack: Pack, *, jobs: int, registry: Callable[[], bool]) -> Iterator[str]:
    """One JSON line for each non-blank line of `lines`: its screening, or the error of a line that is no
    notice (with its line number)."""
    numbered = ((number, line) for number, line in enumerate(lines, 1) if line.strip())
    block = list(islice(numbered, BLOCK))
    if jobs < 2 or len(block) < FEW:
        for number, line in chain(block, numbered):
            yield _finished(_screened(number, line, pack), registry)
        return
    global _pack
    _pack = pack
    _built_before_the_fork(pack)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending = pool.starmap_async(_in_worker, block, CHUNK)
        while pending is not None:
            outcomes = pending.get()
            block = list(islice(numbered, BLOCK))
            pending = pool.starmap_async(_in_worker, block, CHUNK) if block else None
            for outcome in outcomes:
                yield _finished(outcome, registry)


def _built_before_the_fork(pack: Pack) -> None:
    """What every screening reuses, built once here so the workers share it: the pack's automaton, the model
    and its vocabulary."""
    from jianfu.policy.screening.vectors import vocabulary_of  # numpy, as the first screening would load it

    watcher_of(pack)
    model = shipped_model()
    if model is not None:
        vocabulary_of(model)


def _in_worker(number: int, line: str) -> str | Screening:
    return _screened(number, line, _pack)


def _screened(number: int, line: str, pack: Pack) -> str | Screening:
    """The line's JSON answer when it is final already; a screening whose numbers are still to verify."""
    try:
        result = screen(checked_text(json.loads(line)["text"]), pack)
    except (ValueError, KeyError, TypeError, NoticeUnreadable) as error:
        message = str(error) if isinstance(error, NoticeUnreadable) else NOT_A_NOTICE
        return json_line({"line": number, "error": message})
    return result if result.numbers else json_line(result.as_dict())


def _finished(outcome: str | Screening, registry: Callable[[], bool]) -> str:
    return outcome if isinstance(outcome, str) else json_line(verified(outcome, registry=registry).as_dict())


def json_line(value) -> str:
    return json.dumps(value, ensure_ascii=False)
