"""What the policy says about a demand now: its findings, its route and the quota left. A read, not a
write: the demand's page, the API and the services (at submission and registration) all ask here.

Three kinds of finding, by where their facts come from: the pack's rules judged on the records (and
the reviewer's confirmed declarations), the required fields of the category, and the screening of
the demand's own words (title, content, attachments). A text finding blocks like any other until the
reviewing bureau dismisses it with a reason; dismissed, it stays on the demand as "经审核排除".

The platform's own words in a finding (the field names, "事项文字", the notes) are in the reader's
language; the services that keep findings with a demand ask under `official_language()`, so what is
stored and audited is Chinese like the pack's messages it quotes."""

from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from jianfu.gate.texts import NoticeUnreadable, notice_text
from jianfu.packs.active import active_engine
from jianfu.policy.model import Finding, Severity
from jianfu.policy.screening.engine import screen
from jianfu.registry.facts import FINDING, facts_for, unconfirmed_claims
from jianfu.registry.field_facts import burden, burden_findings
from jianfu.registry.fields_review import HELD_AWAITING_RULE
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.quotas import quota_state
from jianfu.registry.sharing import existing_results_findings

TEXT_RULE_PREFIX = "negative_list."
AWAITING_NOTE = gettext_lazy("（提出单位申报的情况待审核单位核实）")
MISSING_FIELDS_RULE = "required_fields_missing"
# How each required field of a category (categories.yaml) is named to the requester, and whether the
# demand has it. start, end, title, content and requester the form itself requires.
REQUIRED_FIELDS = {
    "title": (gettext_noop("事项名称"), lambda d: bool(d.title.strip())),
    "content": (gettext_noop("主要内容"), lambda d: bool(d.content.strip())),
    "requester": (gettext_noop("提出单位"), lambda d: bool(d.requester_id)),
    "start": (gettext_noop("开始日期"), lambda d: bool(d.start)),
    "end": (gettext_noop("结束日期"), lambda d: bool(d.end)),
    "estimated_hours": (gettext_noop("每校预计占用教师工时"), lambda d: bool(d.estimated_hours)),
    "kind": (gettext_noop("督查检查评比考核的类型"), lambda d: bool(d.kind)),
    "fields": (gettext_noop("报表字段"), lambda d: bool(d.fields)),
    "statistics_approval_number": (
        gettext_noop("统计审批文号"),
        lambda d: bool((d.declared_facts or {}).get("statistics_approval_number")),
    ),
    "scope": (gettext_noop("涉及县（区）、学段、区域或指定学校"), lambda d: _has_scope(d)),
}


@dataclass(frozen=True)
class Precheck:
    findings: list
    route: object
    quota_used: int
    quota_limit: int | None
    awaiting_review: frozenset = frozenset()  # rules that stand only until a reviewer certifies a claim
    burden: object = None  # a form's fields × schools × minutes per field (field_facts.Burden), or None

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.BLOCK]


def demand_precheck(demand: Demand, *, at=None, submitted_on=None, registering: bool = False) -> Precheck:
    """What the policy says about the demand now: findings, route and the quota left. `registering`:
    the present route step is being completed (it counts as taken)."""
    engine = active_engine()
    used, limit, history = quota_state(demand.division, demand.category, demand.year)
    facts = facts_for(demand, history=history, year_count=used, submitted_on=submitted_on, registering=registering)
    at = at or timezone.localdate()
    judged = engine.evaluate(facts, at)
    awaiting = awaiting_review(engine, demand, facts, judged, at)
    judged = [
        replace(f, message=f"{f.message}{AWAITING_NOTE}") if f.rule in awaiting and f.severity == Severity.BLOCK else f
        for f in judged
    ]
    # Held fields with a written reason: the reviewer, not the requester, decides (fields_review.py).
    awaiting |= {f.rule for f in judged if f.rule == HELD_AWAITING_RULE}
    fields_burden = burden(demand, engine.pack, demand.start or at)
    findings = (
        missing_field_findings(demand, engine.pack)
        + judged
        + burden_findings(fields_burden)
        + existing_results_findings(demand)
        + text_findings(demand, engine.pack)
    )
    return Precheck(findings, engine.route_for(facts, at), used, limit, awaiting, fields_burden)


def awaiting_review(engine, demand: Demand, facts: dict, judged: list[Finding], at) -> frozenset:
    """The rules that fire only because a requester's claim ("与教育教学相关", "国家有明确规定"…) is not
    yet certified: they block registration, not submission — the reviewer is the one to check."""
    claims = unconfirmed_claims(demand)
    if not claims:
        return frozenset()
    if_true = {f.rule for f in engine.evaluate(facts | claims, at)}
    return frozenset(f.rule for f in judged if f.rule not in if_true)


def is_text_finding(finding: Finding) -> bool:
    return finding.rule.startswith(TEXT_RULE_PREFIX)


def is_quota_finding(finding: Finding, pack) -> bool:
    rule = pack.rules.get(finding.rule)
    return bool(rule and any("quota" in condition for condition in rule.when))


def missing_field_findings(demand: Demand, pack) -> list[Finding]:
    """The category's required fields (categories.yaml) that the demand leaves empty."""
    category = pack.categories.get(demand.category)
    if category is None:
        return []
    missing = [f for f in category.required_fields if f in REQUIRED_FIELDS and not REQUIRED_FIELDS[f][1](demand)]
    if not missing:
        return []
    names = [gettext(REQUIRED_FIELDS[f][0]) for f in missing]
    message = gettext("「%(category)s」须填写：%(fields)s；请补充后再提交") % {
        "category": category.label,
        "fields": gettext("、").join(names),
    }
    return [Finding(MISSING_FIELDS_RULE, category.clause, Severity.BLOCK, message, tuple(names))]


def text_findings(demand: Demand, pack) -> list[Finding]:
    """The demand's own words, screened like a notice at the school gate: each negative-list item it
    asks for blocks, citing its clause, until the reviewing bureau dismisses it with a reason."""
    # The lexicon alone: a block on a requester's own words must rest on the pack's phrases, which the
    # reviewer can read and dismiss. The statistical model's doubts belong at the school gate, where a
    # doubtful notice is "uncertain" rather than refused (it read 学校消防安全检查 as a form, A.14).
    screening = screen(demand_text(demand), pack, with_model=False)
    dismissed = dismissed_findings(demand)
    category = pack.categories.get(demand.category)
    vetted = {f"{TEXT_RULE_PREFIX}{clause}" for clause in (category.vetted_items if category else ())}
    vetted |= {f"{TEXT_RULE_PREFIX}{item.clause}" for item in pack.negative_list if item.text.startswith("未经")}
    findings = []
    for finding in screening.findings:
        # "未经…同意/审批的…" (A.1–A.4, A.18, A.19): the registry's route is that consent, so a demand's
        # own words naming such a thing are what it asks consent for, not a block; likewise the items
        # its category is about (categories.yaml: vetted_items).
        if not is_text_finding(finding) or finding.rule in vetted:
            continue
        worded = replace(finding, message=gettext("事项文字%(message)s") % {"message": finding.message})
        reason = dismissed.get(finding.rule)
        if reason is not None:
            dismissal = gettext("（经审核排除：%(reason)s）") % {"reason": reason}
            worded = replace(worded, severity=Severity.INFO, message=worded.message + dismissal)
        findings.append(worded)
    return findings


def demand_text(demand: Demand) -> str:
    """Title, content and the text of its Word and PDF attachments (an unreadable file is skipped:
    the reviewer opens it)."""
    parts = [demand.title, demand.content]
    if demand.pk:
        for attachment in demand.attachments.filter(kind__in=("docx", "pdf")):
            try:
                with attachment.file.open("rb") as handle:
                    parts.append(notice_text(attachment.name, handle.read()))
            except (NoticeUnreadable, OSError):
                continue
    return "。\n".join(part for part in parts if part)


def dismissed_findings(demand: Demand) -> dict[str, str]:
    """rule → the reason, for the text findings whose latest decision is a dismissal."""
    if not demand.pk:
        return {}
    latest = {}
    for decision in ReviewDecision.objects.filter(demand=demand, subject__startswith=FINDING).order_by("at", "id"):
        latest[decision.subject.removeprefix(FINDING)] = decision
    return {rule: d.reason for rule, d in latest.items() if d.verdict == ReviewDecision.Verdict.DISMISSED}


def _has_scope(demand: Demand) -> bool:
    if not demand.pk:
        return False
    if demand.division.is_county_level or demand.target_areas:
        return True
    return demand.target_counties.exists() or demand.target_schools.exists() or demand.target_levels.exists()
