"""A list page's cost per row is its row: the address and the column labels are worked out once per
page, not once for each of the 50 or 100 rows (the public annual list is the longest)."""

import gc

import pytest
from django.urls.resolvers import URLResolver
from django.utils import translation

from jianfu.registry.models import Demand
from tests.registry.test_lifecycle import register


def copies_of(demand, n: int):
    """`n` more registered demands like it, numbered on (the list only reads them)."""
    for i in range(n):
        demand.pk = None
        demand.registration_number = f"{demand.registration_number[:-5]}{900 + i}号"
        demand.verification_code = f"{demand.verification_code}{i}"
        demand.save(force_insert=True)


def calls_while_reading(client, monkeypatch, url: str) -> tuple[int, int]:
    """(addresses reversed, messages translated) while the page is served."""
    counts = {"reverse": 0, "gettext": 0}
    reverse_with_prefix, gettext = URLResolver._reverse_with_prefix, translation._trans.gettext

    def counting_reverse(self, *args, **kwargs):
        counts["reverse"] += 1
        return reverse_with_prefix(self, *args, **kwargs)

    def counting_gettext(message):
        counts["gettext"] += 1
        return gettext(message)

    with monkeypatch.context() as patched:
        patched.setattr(URLResolver, "_reverse_with_prefix", counting_reverse)
        patched.setattr(translation._trans, "gettext", counting_gettext)
        assert client.get(url).status_code == 200
    return counts["reverse"], counts["gettext"]


@pytest.mark.django_db
def test_the_annual_list_reverses_and_translates_no_more_for_three_rows_than_for_one(
    world, file_demand, client, monkeypatch
):
    demand = register(world, file_demand())
    client.get("/lists/2021/520402/")  # the first page of a process learns its routes
    one_row = calls_while_reading(client, monkeypatch, "/lists/2021/520402/")
    copies_of(Demand.objects.get(pk=demand.pk), 2)
    three_rows = calls_while_reading(client, monkeypatch, "/lists/2021/520402/")
    assert three_rows == one_row


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_the_annual_list_download_leaves_no_demand_for_the_garbage_collector(world, file_demand, client, kind):
    """A worker frees a list's rows as soon as the file is sent: none is held in a reference cycle (a
    prefetched related manager's queryset refers back to its demand) waiting for a full collection, which
    a long-lived worker runs seldom; a county's list of 766 demands kept ~10 MiB that way."""
    demand = register(world, file_demand())
    copies_of(Demand.objects.get(pk=demand.pk), 4)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable is kept in gc.garbage, to count
    try:
        assert client.get(f"/lists/2021/520402.{kind}").status_code == 200
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, Demand)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []
