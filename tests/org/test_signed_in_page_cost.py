"""A signed-in page's fixed work: the session, the person, their authenticator, their role assignments
once, and the layout's inbox count in one query; then the page's own reads."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.deadlines.models import Notification


def reads_of(client, url: str) -> list[str]:
    client.get(url)  # the first page after signing in saves the session once more
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return [q["sql"] for q in queries]


def test_the_county_officers_teacher_list_does_six_reads_besides_its_own(world, client_for):
    client = client_for(world.county_officer)
    fixed = [sql for sql in reads_of(client, "/teachers/") if '"org_teacher"' not in sql]
    # session, user, OTP device, role assignments, demo mark (in a transaction it is asked, not
    # remembered), inbox count; the teachers' count (and PostgreSQL's estimate) and rows are the page's
    assert len(fixed) == 6, "\n".join(fixed)


def test_the_role_assignments_are_read_once_a_request(world, client_for):
    client = client_for(world.county_officer)
    reads = reads_of(client, "/teachers/")
    assert sum(' FROM "org_roleassignment"' in sql.split(" WHERE ")[0] for sql in reads) == 1


def test_the_inbox_count_is_one_query_and_counts_unread_notices(world, client_for):
    client = client_for(world.county_officer)
    Notification.objects.create(recipient=world.county_officer, kind="reminder", title="测试通知")
    reads = reads_of(client, "/teachers/")
    (inbox,) = [sql for sql in reads if '"deadlines_notification"' in sql]
    assert '"deadlines_obligation"' in inbox  # what they owe and what they were told, counted together
    assert '<span class="count">1</span>' in client.get("/teachers/").content.decode()
