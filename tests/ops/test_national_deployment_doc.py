"""docs/operations.md, "National deployment (Citus)": every table of the schema has a line saying where it would
live on a Citus cluster (distributed on province, reference, or local to the coordinator). A model added
without a line fails here, and so does a line left behind for a table that is gone."""

import re
from pathlib import Path

from django.apps import apps

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
HEADING = "## National deployment (Citus)"
KINDS = {"distributed", "reference", "local"}
# Tables that exist without a model: Django's database cache and its migration record.
NOT_MODELS = {"jianfu_cache", "django_migrations"}
# Citus: a distributed table may point at distributed or reference tables, a reference table only at
# reference tables, a coordinator-local table at local or reference ones.
MAY_POINT_AT = {
    "distributed": {"distributed", "reference"},
    "reference": {"reference"},
    "local": {"local", "reference"},
}
ROW = re.compile(r"^\|\s*`(?P<table>[a-z0-9_]+)`\s*\|\s*(?P<kind>[a-z]+)\s*\|(?P<why>[^|]*)\|")
ADD_A_LINE = f"add a line to the table in docs/operations.md, section {HEADING!r}: | `TABLE` | KIND | province from / why | rows |"


def section() -> str:
    text = OPERATIONS.read_text(encoding="utf-8")
    assert HEADING in text, f"docs/operations.md has no section {HEADING!r}"
    body = text.split(HEADING, 1)[1]
    following = re.search(r"^## ", body, flags=re.MULTILINE)
    return body[: following.start()] if following else body


def placement_lines() -> list[dict]:
    return [m.groupdict() for line in section().splitlines() if (m := ROW.match(line)) and m["kind"] in KINDS]


def placements() -> dict[str, dict]:
    return {line["table"]: line for line in placement_lines()}


def model_tables() -> dict[str, type]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True) if m._meta.managed}


def test_every_model_table_has_a_placement_line():
    missing = sorted(set(model_tables()) - set(placements()))
    assert not missing, f"tables without a national placement: {missing}; {ADD_A_LINE}"


def test_every_placement_line_names_a_table_that_exists():
    stale = sorted(set(placements()) - set(model_tables()) - NOT_MODELS)
    assert not stale, f"docs/operations.md places tables the schema no longer has: {stale}; remove their lines"


def test_each_table_is_placed_once():
    names = [line["table"] for line in placement_lines()]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"tables placed more than once in {HEADING!r}: {twice}"


def test_a_distributed_table_says_where_its_province_comes_from():
    silent = sorted(t for t, line in placements().items() if line["kind"] == "distributed" and not line["why"].strip())
    assert not silent, f"distributed tables that do not say where their province comes from: {silent}"


def test_no_database_foreign_key_points_where_citus_cannot_follow():
    placed, refused = placements(), []
    for table, model in model_tables().items():
        kind = placed.get(table, {}).get("kind")
        for field in model._meta.concrete_fields:
            if not field.is_relation or not getattr(field, "db_constraint", True):
                continue
            target = field.related_model._meta.db_table
            target_kind = placed.get(target, {}).get("kind")
            dropped = "dropped" in placed[table]["why"] and target in placed[table]["why"] if kind else False
            if kind and target_kind and target_kind not in MAY_POINT_AT[kind] and not dropped:
                refused.append(f"{table}.{field.column} ({kind}) → {target} ({target_kind})")
    assert not refused, (
        f"foreign keys Citus refuses: {refused}; change a placement, or say on the table's line that the "
        "constraint is dropped at set-up (naming the target table) and what checks it instead"
    )
