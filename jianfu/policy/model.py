"""The engine's vocabulary: frozen values that every caller (registry, gate, dashboards) speaks."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks a label for the catalogue without translating it: this module is pure; the pages that
    show a severity translate its label (registry/presenters.py, form_views.py)."""
    return message


class Severity(StrEnum):
    BLOCK = "block"
    NEEDS_APPROVAL = "needs_approval"
    WARN = "warn"
    INFO = "info"


SEVERITY_LABELS = {
    Severity.BLOCK: gettext_noop("不得开展"),
    Severity.NEEDS_APPROVAL: gettext_noop("须经审批"),
    Severity.WARN: gettext_noop("提醒"),
    Severity.INFO: gettext_noop("说明"),
}


@dataclass(frozen=True)
class Finding:
    rule: str  # stable code, e.g. "inspection_outside_plan", "negative_list.A7"
    clause: str  # "1.1", "A.7": always present
    severity: Severity
    message: str  # Chinese, names the fix
    evidence: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The finding as plain JSON: how it is kept with a demand and sent over the API."""
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class RouteStep:
    action: str  # review | joint_review | approval | filing | consultation
    by: str  # a unit kind: education_bureau, party_committee, statistics_bureau...
    clause: str
    label: str


@dataclass(frozen=True)
class Route:
    category: str
    steps: tuple[RouteStep, ...]
    temporary: bool = False
    emergency: bool = False
    deferred: tuple[str, ...] = ()  # actions an emergency registration does afterwards


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: date
    clause: str


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str
    lead_unit: str | None = None
    responsible_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class NegativeItem:
    no: int
    text: str
    clause: str
    signals: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # both halves in one sentence
    unrelated_only: bool = False  # "与教育教学无关的…": teaching matters do not count


@dataclass(frozen=True)
class DatedValue:
    since: date
    value: object
    clause: str


@dataclass(frozen=True)
class Limit:
    code: str
    label: str
    governed_by: str  # the fact whose date picks the value: submitted_on, start...
    values: tuple[DatedValue, ...]  # ascending by `since`
    note: str = ""
    deadline: str = ""  # a date limit that is a deadline of the year names it here ("…收集截止")
    unit: str = ""  # a count of days says how it counts them: working_days (policy/calendar.py) or days

    def at(self, when: date) -> DatedValue | None:
        current = None
        for dated in self.values:
            if dated.since <= when:
                current = dated
        return current


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    clause: str
    requesters: str  # any | education_only
    route: tuple[RouteStep, ...]
    temporary_route: tuple[RouteStep, ...] = ()
    emergency_skips: tuple[str, ...] = ()  # step actions an emergency may do afterwards
    temporary_when: tuple[str, ...] = ()  # outside_plan | after_collection_window
    required_fields: tuple[str, ...] = ()
    quota: bool = False
    # Negative-list items (A.x) that describe what this category is: its route vets exactly that, so a
    # demand's own words naming it are not held against it (a campus activity is a 宣传教育活动, A.10).
    vetted_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    clause: str
    severity: Severity
    message: str
    categories: tuple[str, ...]  # empty: every category
    when: tuple[dict, ...]  # conditions, all of which must hold
    title: str = ""


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    document_number: str
    issuer: str
    issued_on: date
    effective_from: date
    jurisdiction: str
    parent: str | None
    registration_format: str
    sections: tuple[Clause, ...]
    clauses: dict[str, Clause]
    categories: dict[str, Category]
    limits: dict[str, Limit]
    rules: dict[str, Rule]
    negative_list: tuple[NegativeItem, ...]
    unit_kinds: dict[str, str] = field(default_factory=dict)
    cases: tuple[dict, ...] = ()
    dictionary: tuple = ()  # the data dictionary's elements (policy/dictionary.py), parents' first
    # The files of the pack's accountability/ folder by name (measures, scoring…), as read (line-tagged), a
    # child's file replacing its parent's whole: jianfu/accountability reads and checks them.
    accountability: dict = field(default_factory=dict)
