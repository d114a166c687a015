"""The audit log: every service change appends a hash-chained event; verify finds tampering."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jianfu.audit.models import AuditEvent
from jianfu.audit.services import audit_record
from jianfu.audit.verify import audit_verify


@pytest.fixture
def three_events(world):
    for n in range(3):
        audit_record(
            acting_user=world.county_officer,
            action="test.change",
            object_type="thing",
            object_id=n,
            before={"n": n},
            after={"n": n + 1, "名称": "测试"},
        )
    return list(AuditEvent.objects.order_by("seq"))


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_log_verifies(three_events):
    verdict = audit_verify()
    assert verdict.ok and verdict.checked == AuditEvent.objects.count()


def test_each_event_links_to_the_hash_of_the_one_before(three_events):
    for earlier, later in itertools.pairwise(three_events):
        assert later.prev_hash == earlier.hash and later.seq == earlier.seq + 1


def test_an_event_edited_with_raw_sql_is_caught(three_events):
    target = three_events[-2]
    raw("UPDATE audit_auditevent SET actor_label = %s WHERE seq = %s", ["someone_else", target.seq])
    verdict = audit_verify()
    assert (verdict.ok, verdict.broken_seq) == (False, target.seq)
    assert "内容被改动" in verdict.problem


def test_an_edited_after_value_is_caught(three_events):
    target = three_events[-1]
    raw("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 99}', target.seq])
    assert audit_verify().broken_seq == target.seq


def test_an_event_deleted_from_the_middle_is_caught(three_events):
    target = three_events[-2]
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [target.seq])
    verdict = audit_verify()
    assert (verdict.ok, verdict.broken_seq) == (False, target.seq) and "缺失" in verdict.problem


def test_the_last_event_deleted_is_caught(three_events):
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [three_events[-1].seq])
    verdict = audit_verify()
    assert not verdict.ok and "末尾" in verdict.problem


def test_the_command_reports_success_and_fails_on_a_broken_chain(three_events):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计链完整" in out.getvalue()
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [three_events[0].seq])
    with pytest.raises(CommandError, match="审计链断裂"):
        call_command("audit", "verify", stdout=StringIO())


def test_granting_a_role_is_audited(world):
    event = AuditEvent.objects.filter(action="role.grant", after__user="principal").get()
    assert event.after["school"] == world.xixiu_school.code


def test_a_bureau_officer_sees_the_verdict_page_and_a_principal_does_not(three_events, world, client_for):
    assert "哈希链完整" in client_for(world.county_officer).get("/audit/verify/").content.decode()
    assert client_for(world.principal).get("/audit/verify/").status_code == 403
