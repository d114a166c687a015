"""Registration numbers as they stand in a notice: found in any spacing and with full-width digits, and
written canonically so the gate can look them up (pure: the registry is the gate's business)."""

import re
from dataclasses import dataclass

from jianfu.policy.model import Pack


@dataclass(frozen=True)
class NumberSeen:
    """A registration number as it stands in the notice, and the same number written canonically."""

    number: str
    start: int
    end: int
    raw: str


# Registration numbers as the pack writes them (安教减备〔2021〕520402-0001号), found in any spacing and
# with full-width digits (normalisation makes those ASCII).
def _number_pattern(pack: Pack) -> re.Pattern:
    prefix = pack.registration_format.split("〔", 1)[0]
    spaced = r"\s*".join(re.escape(c) for c in prefix)
    return re.compile(spaced + r"\s*[〔\[(（]\s*(\d{4})\s*[〕\])）]\s*((?:\d\s*){6}-\s*)?((?:\d\s*){1,6})\s*号?")


def registration_numbers(text: str, pack: Pack):
    """Every registration number in the (normalised) text, written canonically, once each."""
    seen = set()
    for match in _number_pattern(pack).finditer(text):
        year, division, serial = match.group(1), match.group(2) or "", match.group(3)
        division = re.sub(r"\s", "", division)
        serial = int(re.sub(r"\s", "", serial))
        number = pack.registration_format.format(year=year, division=division, serial=serial)
        if number not in seen:
            seen.add(number)
            yield NumberSeen(number, match.start(), match.end(), match.group())
