"""The data dictionary: what the education systems already hold about schools, teachers, pupils and
facilities (clause 3.1: collect once, use many times).

Data in the pack's folder, `dictionary/<system>.yaml`, one element per entry. A city's pack adds files
of its own (its own systems) and inherits its parent's; an element it writes with a parent's id replaces
the parent's. The pre-check maps a form's fields to these elements; the schools' forms prefill what the
platform itself holds (`platform`); access grants name elements.

Pure: the standard library and the pack's YAML reader only.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jianfu.policy.source import LineDict, PackError, Problem, read_yaml

TYPES = ("text", "integer", "decimal", "date", "choice", "boolean")
LEVELS = ("school", "teacher", "pupil", "facility")
REQUIRED = {"id", "label", "synonyms", "definition", "type", "owner", "refresh", "personal", "level"}
OPTIONAL = {"unit", "platform", "choices"}
ID_FORMAT = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

# Where the platform itself holds a value (its roster and school records, jianfu/org): the keys an
# element's `platform` may name. `school.*` is one value per school, `count:*` a count of the school's
# roster, `teacher.*` one value per teacher of the roster.
PLATFORM_KEYS = frozenset(
    {
        "school.name",
        "school.code",
        "school.county",
        "school.area",
        "school.levels",
        "school.pupil_count",
        "school.staff_quota",
        "count:teachers",
        "count:teachers.established",
        "count:teachers.non_established",
        "count:teachers.on_post",
        "count:teachers.seconded",
        "count:teachers.assigned",
        "count:teachers.other_off_post",
        "count:teachers.on_leave",
        "count:teachers.off_post",
        "count:teachers.head_teachers",
        "teacher.name",
        "teacher.id_number",
        "teacher.staffing_status",
        "teacher.post_status",
        "teacher.subject",
        "teacher.duties",
        "teacher.started_on",
        "teacher.school",
    }
)

# A label that is not the same as an element's (after folding) scores below an exact one, however close.
BEST_INEXACT = 0.95
MIN_SCORE = 0.3


@dataclass(frozen=True)
class Element:
    id: str  # stable, ascii: "teacher.id_number"
    label: str  # 身份证件号码
    synonyms: tuple[str, ...]
    definition: str
    type: str  # one of TYPES
    owner: str  # the system that holds it: 全国教师管理信息系统
    refresh: str  # 每学年, 实时, 每学期…
    personal: bool  # personal data: names, ID numbers, phones, addresses, health, family circumstances
    level: str  # one of LEVELS: one value per school, per teacher, per pupil or per facility
    unit: str = ""  # 人, 平方米, 元…
    platform: str = ""  # the platform's own key when the platform holds the value (PLATFORM_KEYS)
    choices: tuple[str, ...] = ()  # the allowed values of a choice

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "synonyms": list(self.synonyms),
            "definition": self.definition,
            "type": self.type,
            "unit": self.unit,
            "owner": self.owner,
            "refresh": self.refresh,
            "personal": self.personal,
            "level": self.level,
            "platform": self.platform,
            "choices": list(self.choices),
        }


# -- loading -----------------------------------------------------------------------------------------


def load(folder: Path, label: str | None = None) -> tuple[Element, ...]:
    """The elements of one pack's `dictionary/` folder, file by file in name order. A folder with any
    problem is refused whole (PackError naming file, line and key)."""
    folder = Path(folder)
    label = label or folder.parent.name
    elements, problems, seen = [], [], {}
    for path in sorted(folder.glob("*.yaml")):
        source = f"{label}/dictionary/{path.name}"
        for entry in _entries(read_yaml(path, source), source, problems):
            element = _element(entry, source, problems)
            if element is None:
                continue
            if element.id in seen:
                problems.append(
                    _problem(
                        source,
                        entry,
                        "id",
                        f"数据元 {element.id} 重复（已见于 {seen[element.id]}）；每个数据元只写一次",
                        f"element {element.id} is written twice (also in {seen[element.id]})",
                    )
                )
                continue
            seen[element.id] = source
            elements.append(element)
    if problems:
        raise PackError(problems)
    return tuple(elements)


def load_chain(folders: list[tuple[Path, str]]) -> tuple[Element, ...]:
    """The dictionaries of a pack and its parents, parents first: a child's element with a parent's id
    replaces it in place; the child's new elements follow."""
    merged: dict[str, Element] = {}
    for folder, label in folders:
        for element in load(folder, label):
            merged[element.id] = element
    return tuple(merged.values())


def _entries(data, source: str, problems: list) -> list:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(source, getattr(data, "line", 0), "-", "文件应为数据元的列表", "a list of elements"))
        return []
    return data


def _problem(source: str, entry, key: str, zh: str, en: str) -> Problem:
    lines = getattr(entry, "lines", {})
    line = lines.get(key) if isinstance(lines, dict) else None
    return Problem(source, line or getattr(entry, "line", 0), key, zh, en)


def _element(entry, source: str, problems: list) -> Element | None:
    if not isinstance(entry, LineDict):
        problems.append(Problem(source, getattr(entry, "line", 0), "-", "每个数据元应为键值表", "a mapping"))
        return None
    before = len(problems)

    def problem(key: str, zh: str, en: str) -> None:
        problems.append(_problem(source, entry, key, zh, en))

    for key in sorted(set(entry) - REQUIRED - OPTIONAL, key=str):
        allowed = ", ".join(sorted(REQUIRED | OPTIONAL))
        problem(key, f"未知的键 {key!r}（允许：{allowed}）", f"unknown key {key!r} (expected: {allowed})")
    for key in sorted(REQUIRED - set(entry)):
        problem(key, f"缺少必填的键 {key!r}", f"missing required key {key!r}")
    if "id" in entry and not ID_FORMAT.match(str(entry["id"])):
        problem("id", "id 应为小写英文、以点分段（如 teacher.id_number）", "id must be dotted lower-case ascii")
    if "type" in entry and entry["type"] not in TYPES:
        problem("type", f"type 应为 {', '.join(TYPES)} 之一", f"type must be one of {', '.join(TYPES)}")
    if "level" in entry and entry["level"] not in LEVELS:
        problem("level", f"level 应为 {', '.join(LEVELS)} 之一", f"level must be one of {', '.join(LEVELS)}")
    if "personal" in entry and not isinstance(entry["personal"], bool):
        problem("personal", "personal 应为 true 或 false", "personal must be true or false")
    if not isinstance(entry.get("synonyms", []), list):
        problem("synonyms", "synonyms 应为列表（可为空 []）", "synonyms must be a list (may be [])")
    if entry.get("platform") and entry["platform"] not in PLATFORM_KEYS:
        problem(
            "platform",
            f"平台未保存 {entry['platform']!r}；可用：{', '.join(sorted(PLATFORM_KEYS))}",
            f"the platform holds no {entry['platform']!r}",
        )
    if entry.get("type") == "choice" and not entry.get("choices"):
        problem("choices", "选项类（choice）数据元须列出 choices", "a choice element lists its choices")
    if len(problems) > before:
        return None
    return Element(
        id=str(entry["id"]),
        label=str(entry["label"]),
        synonyms=tuple(str(s) for s in entry.get("synonyms") or ()),
        definition=str(entry["definition"]),
        type=entry["type"],
        owner=str(entry["owner"]),
        refresh=str(entry["refresh"]),
        personal=entry["personal"],
        level=entry["level"],
        unit=str(entry.get("unit") or ""),
        platform=str(entry.get("platform") or ""),
        choices=tuple(str(c) for c in entry.get("choices") or ()),
    )


# -- reading -----------------------------------------------------------------------------------------

_INDEXES: dict[int, tuple[tuple, dict]] = {}


def _index(pack) -> dict:
    """id → element and folded name → element, built once per loaded dictionary."""
    elements = pack.dictionary
    cached = _INDEXES.get(id(elements))
    if cached is None or cached[0] is not elements:
        by_name = {}
        for element in elements:
            for name in element.names:
                by_name.setdefault(fold(name), element)
        cached = (elements, {"id": {e.id: e for e in elements}, "name": by_name})
        _INDEXES[id(elements)] = cached
    return cached[1]


def fold(text: str) -> str:
    """A label as compared: full-width forms made half-width (NFKC), spaces and a trailing colon or
    asterisk dropped, Latin letters lower-cased: "教师 姓名：" and "教师姓名" are the same label."""
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split()).lower()
    return text.strip(":*")


_TRAILING_UNIT = re.compile(r"\([^()]*\)$")


def element(pack, element_id: str) -> Element | None:
    return _index(pack)["id"].get(element_id)


def matched(pack, label: str) -> Element | None:
    """The element whose label or one of whose synonyms this label is (after folding); a unit written
    after it in brackets ("教职工数（人）") does not stop the match."""
    names = _index(pack)["name"]
    folded = fold(label)
    if not folded:
        return None
    return names.get(folded) or names.get(_TRAILING_UNIT.sub("", folded) or folded)


def similarity(a: str, b: str) -> float:
    """Character overlap of two folded labels (Dice over their characters, counted with repeats)."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    remaining = list(b)
    common = 0
    for char in a:
        if char in remaining:
            remaining.remove(char)
            common += 1
    return 2 * common / (len(a) + len(b))


def suggest(pack, label: str, limit: int = 3) -> list[tuple[Element, float]]:
    """The elements a label most likely asks for, best first: an exact label or synonym scores 1.0;
    otherwise the best character overlap with the label or a synonym (at most BEST_INEXACT, at
    least MIN_SCORE)."""
    exact = matched(pack, label)
    scored = [(exact, 1.0)] if exact else []
    for candidate in pack.dictionary:
        if candidate is exact:
            continue
        score = max(similarity(label, name) for name in candidate.names)
        if score >= MIN_SCORE:
            scored.append((candidate, round(min(score, BEST_INEXACT), 3)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].id))
    return scored[:limit]


def search(pack, query: str = "") -> list[Element]:
    """The elements whose id, label, a synonym, owner system or definition contains the query (folded);
    every element for an empty query. Those whose names contain it come first."""
    q = fold(query)
    if not q:
        return list(pack.dictionary)
    named, described = [], []
    for candidate in pack.dictionary:
        if q in candidate.id.lower() or any(q in fold(name) for name in candidate.names):
            named.append(candidate)
        elif q in fold(candidate.owner) or q in fold(candidate.definition):
            described.append(candidate)
    return named + described


def owners(pack) -> list[str]:
    """The systems that hold the elements, in the dictionary's order."""
    return list(dict.fromkeys(candidate.owner for candidate in pack.dictionary))


def platform_source(candidate: Element) -> tuple[str, str] | None:
    """Where the platform holds an element's value: ("school", "name"), ("count", "teachers.on_post"),
    ("teacher", "id_number"); None when the platform does not hold it."""
    key = candidate.platform
    if not key:
        return None
    if key.startswith("count:"):
        return "count", key[len("count:") :]
    kind, _, name = key.partition(".")
    return kind, name
