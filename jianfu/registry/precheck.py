"""What the policy says about a demand now: its findings, its route and the quota left. A read, not a
write: the demand's page, the API and the services (at submission and registration) all ask here."""

from dataclasses import dataclass, replace

from django.utils import timezone

from jianfu.packs.active import active_engine
from jianfu.policy.model import Finding, Severity
from jianfu.policy.screening.engine import screen
from jianfu.registry.facts import facts_for
from jianfu.registry.models import Demand
from jianfu.registry.quotas import quota_state
from jianfu.registry.sharing import existing_results_findings


@dataclass(frozen=True)
class Precheck:
    findings: list
    route: object
    quota_used: int
    quota_limit: int | None


def demand_precheck(demand: Demand, *, at=None, submitted_on=None) -> Precheck:
    """What the policy says about the demand now: findings, route and the quota left."""
    engine = active_engine()
    used, limit, history = quota_state(demand.division, demand.category, demand.year)
    facts = facts_for(demand, history=history, year_count=used, submitted_on=submitted_on)
    at = at or timezone.localdate()
    findings = engine.evaluate(facts, at) + existing_results_findings(demand) + text_findings(demand, engine.pack)
    return Precheck(findings, engine.route_for(facts, at), used, limit)


def text_findings(demand: Demand, pack) -> list[Finding]:
    """The demand's own words screened like a notice. Text is evidence, not proof, so what it finds is
    a warning for the reviewer; the structured rules above are what block."""
    screening = screen(f"{demand.title}。{demand.content}", pack)
    return [
        replace(f, severity=Severity.WARN, message=f"事项文字{f.message}")
        for f in screening.findings
        if f.rule.startswith("negative_list.")
    ]
