"""Stored verification answers: a look-up reads one row by a unique index; every change that alters an
answer writes it afresh from `answer_query` (the one definition), through `refresh_answers`.

    stored_answer(code, number)      -> AnswerRow | None   one query, found or not
    refresh_answers(demand_ids)                             store these demands' answers as computed now
    refresh_answers_where(q, values)                        the same for the demands matching q(chunk)
    rebuild_answers()                -> int                 every answer afresh (the data migration, a restore)
    check_answers()                  -> list[str]           what differs between stored and fresh answers
"""

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from itertools import batched

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q

from jianfu.registry.answer_query import LOOKED_UP_STATES, AnswerRow, answer_rows
from jianfu.registry.models import Demand, PublicAnswer

CHUNK = 500  # demands per query: well under any backend's limit on parameters
# Stand-ins for the look-up's own values in the SQL compiled once per process (building the query
# through the ORM on every look-up would cost more than running it).
_CODE, _NUMBER = "\x00code\x00", "\x00number\x00"


def stored_answer(code: str, number: str) -> AnswerRow | None:
    """The stored answer whose verification code is `code` or whose registration number is `number`.
    An empty key matches nothing (absent keys are stored as NULL) at the cost of the same one read."""
    sql, template = _compiled(connection.vendor)
    params = [code if p == _CODE else number if p == _NUMBER else p for p in template]
    found = _read_checking_the_connection_itself(sql, params)
    return parsed(found[0]) if found else None


def _read_checking_the_connection_itself(sql: str, params: list):
    # Django's CONN_HEALTH_CHECKS sends SELECT 1 before a request's first query: on PostgreSQL a second
    # round trip, as long as the look-up itself (under gunicorn, 2 of every verification's 2 trips). The
    # look-up is its own check instead: tried on the kept connection, and if that connection is dead
    # (server restarted, idle timeout) and no transaction holds it, closed and tried once on a new one.
    check_skipped = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if check_skipped:
        connection.health_check_done = True
    try:
        return _fetch_one(sql, params)
    except (InterfaceError, OperationalError):
        if not check_skipped:
            raise
        connection.close()
        return _fetch_one(sql, params)


def _fetch_one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@lru_cache(maxsize=512)
def parsed(text: str) -> AnswerRow:
    """The row of a stored answer's text: a pure function of the text read, so remembered by it (the
    same registration looked up again costs no parsing, and a changed row is a different text)."""
    return AnswerRow.from_json(text)


@cache
def _compiled(vendor: str) -> tuple[str, tuple]:
    # No ORDER BY: both columns are unique and a code never has a number's shape, so at most one row
    # matches (ordering made SQLite sort the matches in a temporary tree on every look-up).
    found = PublicAnswer.objects.filter(Q(verification_code=_CODE) | Q(registration_number=_NUMBER))
    sql, params = found.order_by().values_list("row")[:1].query.sql_with_params()
    return sql, tuple(params)


def refresh_answers(demand_ids: Iterable[int]) -> None:
    """Store the answers of these demands as `answer_query` computes them now; a demand no longer looked
    up (or deleted) loses its stored answer."""
    for chunk in batched(sorted(set(demand_ids)), CHUNK):
        with transaction.atomic(savepoint=False):
            _refresh(chunk)


def _refresh(chunk: tuple[int, ...]) -> None:
    if connection.features.has_select_for_update:
        # Wait for any transaction changing these demands (services lock the demand they change), then
        # read what it committed: a rename and a revocation at the same moment cannot leave an answer
        # computed before the other committed. In pk order, as merging locks, so two refreshes cannot deadlock.
        # (SQLite lets one writer at a time anyway.)
        list(Demand.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk", flat=True))
    rows = answer_rows(chunk)
    gone = set(chunk) - {row.pk for row in rows}
    if gone:
        PublicAnswer.objects.filter(demand_id__in=gone).delete()
    if rows:
        PublicAnswer.objects.bulk_create(
            [_stored(row) for row in rows],
            update_conflicts=True,
            unique_fields=["demand"],
            update_fields=["verification_code", "registration_number", "row"],
        )


def refresh_answers_where(condition: Callable[[list], Q], values: Iterable) -> None:
    """Refresh the looked-up demands matching `condition(chunk)` for each chunk of `values` (the schools
    an import renamed, the units it changed...)."""
    for chunk in batched(list(values), CHUNK):
        looked_up = Demand.objects.filter(condition(list(chunk)), state__in=LOOKED_UP_STATES)
        refresh_answers(looked_up.values_list("pk", flat=True).distinct())


def rebuild_answers() -> int:
    """Every stored answer afresh; returns how many are stored."""
    looked_up = Demand.objects.filter(state__in=LOOKED_UP_STATES).values_list("pk", flat=True)
    refresh_answers({*looked_up, *PublicAnswer.objects.values_list("demand_id", flat=True)})
    return PublicAnswer.objects.count()


def check_answers() -> list[str]:
    """One line per demand whose stored answer is missing, extra, or differs from the fresh one."""
    looked_up = Demand.objects.filter(state__in=LOOKED_UP_STATES).values_list("pk", flat=True)
    problems = []
    for chunk in batched(sorted({*looked_up, *PublicAnswer.objects.values_list("demand_id", flat=True)}), CHUNK):
        fresh = {row.pk: _stored(row) for row in answer_rows(chunk)}
        stored = {answer.pk: answer for answer in PublicAnswer.objects.filter(demand_id__in=chunk)}
        for pk in chunk:
            problems += _differences(pk, fresh.get(pk), stored.get(pk))
    return problems


def _differences(pk: int, fresh: PublicAnswer | None, stored: PublicAnswer | None) -> list[str]:
    if fresh is None or stored is None:
        return [f"demand {pk}: stored answer {'missing' if stored is None else 'of a demand not looked up'}"]
    fields = ("verification_code", "registration_number")
    changed = [f for f in fields if getattr(fresh, f) != getattr(stored, f)]
    if AnswerRow.from_json(fresh.row) != AnswerRow.from_json(stored.row):
        changed.append("row")
    return [f"demand {pk}: stored {', '.join(changed)} differ from the fresh answer"] if changed else []


def _stored(row: AnswerRow) -> PublicAnswer:
    return PublicAnswer(
        demand_id=row.pk,
        verification_code=row.verification_code or None,
        registration_number=row.registration_number or None,
        row=row.as_json(),
    )
