"""A form's fields were a list of labels; each becomes the object the pre-check reads (clause 3.1):
`{"label", "element", "definition", "justification"}`, the element the one the label names in the active
pack's data dictionary (its label or a synonym, exactly), else "" (a new field). Going back keeps the
labels only."""

from django.db import migrations

KEYS = ("label", "element", "definition", "justification")


def _matcher():
    from jianfu.packs.active import active_engine
    from jianfu.policy import dictionary

    pack = active_engine().pack

    def matched(label: str) -> str:
        found = dictionary.matched(pack, label)
        return found.id if found is not None else ""

    return matched


def labels_to_objects(apps, schema_editor):
    Demand = apps.get_model("registry", "Demand")
    matched = None
    for demand in Demand.objects.exclude(fields=[]).only("pk", "fields").iterator():
        if not any(isinstance(item, str) for item in demand.fields or []):
            continue
        matched = matched or _matcher()
        demand.fields = [
            {"label": item, "element": matched(item), "definition": "", "justification": ""}
            if isinstance(item, str)
            else item
            for item in demand.fields
        ]
        Demand.objects.filter(pk=demand.pk).update(fields=demand.fields)


def objects_to_labels(apps, schema_editor):
    Demand = apps.get_model("registry", "Demand")
    for demand in Demand.objects.exclude(fields=[]).only("pk", "fields").iterator():
        labels = [item["label"] if isinstance(item, dict) else item for item in demand.fields or []]
        Demand.objects.filter(pk=demand.pk).update(fields=labels)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_reviewdecision")]

    operations = [migrations.RunPython(labels_to_objects, objects_to_labels)]
