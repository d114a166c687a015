"""Keeping the stored verification answers true: every write that alters an answer refreshes it in the
same transaction (a revocation shows at the next look-up, no cache to expire).

One mechanism, Django's model signals, so that no service can forget it: saving or deleting a demand,
its scope (the three many-to-many lists, either side), a review decision, a statistics approval, or
renaming its requester, its division, a targeted county, level or school. Writes that bypass signals
(`bulk_create`, `bulk_update`, `QuerySet.update`) call `refresh_answers` or `refresh_answers_where`
themselves: the school and unit imports, the bench's generated demands. `jianfu verify
--check-answers` finds any that were missed, `--rebuild-answers` mends them.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from jianfu.org.models import Division, Level, School, Unit
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.stored_answers import refresh_answers, refresh_answers_where

SCOPE = {  # the through table of each scope list, and its field naming the other side
    Demand.target_counties.through: "division",
    Demand.target_levels.through: "level",
    Demand.target_schools.through: "school",
}
NAMED = {  # who is named in an answer, and the demands that name them
    Unit: lambda pks: Q(requester__in=pks),
    Division: lambda pks: Q(division__in=pks) | Q(target_counties__in=pks),
    Level: lambda pks: Q(target_levels__in=pks),
    School: lambda pks: Q(target_schools__in=pks),
}


def may_be_looked_up(demand: Demand) -> bool:
    """A demand is looked up by its number or code: one that never had either has no answer to keep."""
    return bool(demand.registration_number or demand.verification_code)


def demand_saved(sender, instance: Demand, raw=False, **kwargs) -> None:
    if not raw and may_be_looked_up(instance):
        refresh_answers([instance.pk])


def part_changed(sender, instance, raw=False, origin=None, **kwargs) -> None:
    """A review decision, a statistics approval or a scope row saved or deleted: its demand's answer."""
    if raw or isinstance(origin, Demand) or getattr(origin, "model", None) is Demand:
        return  # loading raw rows, or the demand itself is being deleted (its answer goes with it)
    demand = instance._state.fields_cache.get("demand")
    if demand is None or may_be_looked_up(demand):
        refresh_answers([instance.demand_id])


def scope_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # demand.target_schools.add(...), .remove(...), .set(...), .clear()
        if action in ("post_add", "post_remove", "post_clear") and may_be_looked_up(instance):
            refresh_answers([instance.pk])
    elif action == "pre_clear":  # school.demands.clear(): which demands lose it, while we can still ask
        instance._demands_losing_it = list(
            sender.objects.filter(**{SCOPE[sender]: instance.pk}).values_list("demand_id", flat=True)
        )
    elif action == "post_clear":
        refresh_answers(getattr(instance, "_demands_losing_it", []))
    elif action in ("post_add", "post_remove"):
        refresh_answers(pk_set or [])


def named_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A requester, division, level or school renamed (or moved): the answers that name it."""
    if not raw and not created:
        refresh_answers_where(NAMED[sender], [instance.pk])


def named_updated_in_bulk(model, instances) -> None:
    """`bulk_update` sends no signal: the answers naming these rows (a requester, division, level or school
    an import may have renamed) are stored afresh. Called by the imports that update in bulk."""
    refresh_answers_where(NAMED[model], [instance.pk for instance in instances])


def connect() -> None:
    from jianfu.collection.models import StatisticsApproval  # the collection app builds on the registry

    post_save.connect(demand_saved, sender=Demand, dispatch_uid="answer-demand")
    for model in (ReviewDecision, StatisticsApproval, *SCOPE):
        post_save.connect(part_changed, sender=model, dispatch_uid=f"answer-saved-{model._meta.label}")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"answer-deleted-{model._meta.label}")
    for through in SCOPE:
        m2m_changed.connect(scope_changed, sender=through, dispatch_uid=f"answer-scope-{through._meta.label}")
    for model in NAMED:
        post_save.connect(named_saved, sender=model, dispatch_uid=f"answer-named-{model._meta.label}")
