"""One pass over a notice: every word the lexicon cares about, found at once, sentence by sentence.

The pack's signal phrases and pair words, and the lexicon's teaching, registrable and prohibition words,
are compiled into one Aho-Corasick automaton per pack (built once, kept in `_BUILT`). Scanning a text
walks it once and says, for each sentence, which of those words stand inside it and where each first
does: the same answers as `sentence.find(word)` for every word, without asking every word of every
sentence. The sentence logic (prohibitions, pairs, teaching) then runs only where something was found.
"""

import re
from dataclasses import dataclass
from itertools import chain

import ahocorasick

from jianfu.policy.model import Pack
from jianfu.policy.screening.lexicon import PROHIBITIONS, REGISTRABLE, SENTENCE_ENDS, TEACHING

# A sentence is a run of characters up to and including its end mark; a lone end mark is no sentence.
_ENDS = "".join(map(re.escape, SENTENCE_ENDS))
_SENTENCE = re.compile(f"[^{_ENDS}]+[{_ENDS}]?")


def sentences(text: str):
    """(start offset, sentence) for every sentence of the text."""
    return ((match.start(), match.group()) for match in _SENTENCE.finditer(text))


@dataclass(frozen=True)
class Scan:
    """What one pass found in a text."""

    words: frozenset  # every watched word that occurs somewhere in the text
    # (start, sentence, {word: its first position in the sentence}) for the sentences holding a word
    found: tuple[tuple[int, str, dict[str, int]], ...]


class Watcher:
    """The automaton of a pack's words (and the lexicon's), and scanning with it."""

    def __init__(self, pack: Pack):
        items = pack.negative_list
        signals = (phrase for item in items for phrase in item.signals)
        pair_words = (word for item in items for pair in item.pairs for half in pair for word in half)
        self.automaton = ahocorasick.Automaton()
        for word in dict.fromkeys(chain(signals, pair_words, TEACHING, REGISTRABLE, PROHIBITIONS)):
            if word:  # an empty phrase is no phrase
                self.automaton.add_word(word, (word, len(word)))
        self.automaton.make_automaton()

    def scan(self, text: str) -> Scan:
        spans = [(match.start(), match.end()) for match in _SENTENCE.finditer(text)]
        found: dict[int, dict[str, int]] = {}  # sentence index -> {word: first position inside it}
        words = set()
        index, (low, high) = 0, spans[0] if spans else (0, 0)
        here = found[0] = {}
        # The automaton reports occurrences by their end, so by sentence in order, and each word's
        # occurrences from the first: `setdefault` keeps the first, as `str.find` would give it.
        for last, (word, length) in self.automaton.iter(text):
            words.add(word)
            if last >= high:  # it ends past this sentence: move on to the sentence it ends in
                while last >= high and index + 1 < len(spans):
                    index += 1
                    low, high = spans[index]
                here = found.setdefault(index, {})
            start = last + 1 - length
            if low <= start and last < high:  # across a sentence end it stands in no sentence
                here.setdefault(word, start - low)
        return Scan(
            frozenset(words),
            tuple(
                (spans[i][0], text[spans[i][0] : spans[i][1]], positions) for i, positions in found.items() if positions
            ),
        )


_BUILT: dict[int, tuple[Pack, Watcher]] = {}  # id(pack) -> (the pack, kept alive so ids are not reused)
_KEPT = 64


def watcher_of(pack: Pack) -> Watcher:
    """The pack's automaton, built at its first screening and reused for every later one."""
    built = _BUILT.get(id(pack))
    if built is None or built[0] is not pack:
        if len(_BUILT) >= _KEPT:  # tests load many packs: forget the oldest
            del _BUILT[next(iter(_BUILT))]
        built = _BUILT[id(pack)] = (pack, Watcher(pack))
    return built[1]
