"""One form for every notice before it is read: what a PDF extracts (Kangxi radicals ⽂ ⼝ ⼩, radicals,
compatibility ideographs, full-width letters and digits, the ideographic space) becomes the characters a
typist would have used. Chinese punctuation (，。：；（）) is left as it is: it is what notices use.

Only those characters are replaced, each by its NFKC form, and only when that form is one character, so
every offset into the normalised text is an offset into the text the principal pasted: the marks on the
screening page stand on the words she gave.
"""

import re
import unicodedata

_FOLDABLE = re.compile(
    "[\uff0d\u2e80-\u2fdf\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0002f800-\U0002fa1f]"
)
_DIGIT = re.compile(r"[0-9]")


def normalised(text: str) -> str:
    """The text with compatibility characters in their NFKC form, one character for one character."""
    return _FOLDABLE.sub(_one, text)


def _one(match: re.Match) -> str:
    char = match.group()
    folded_char = unicodedata.normalize("NFKC", char)
    return folded_char if len(folded_char) == 1 else char


def folded(text: str) -> str:
    """The normalised text as the statistical model reads it: ASCII letters in lower case and every digit
    as 0 ("每人50元" and "每人20元" are the same demand). Same length, same offsets."""
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is two characters ("İ"): keep that one
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _DIGIT.sub("0", lower)
