"""The complaint's services: filing, tracking, the officials' steps, the identity, the races."""

import pytest
from django.contrib.auth.models import Permission

from jianfu.audit.models import AuditEvent
from jianfu.complaints import services
from jianfu.complaints.models import Complaint
from jianfu.complaints.selectors import complaint_for_filer, complaints_filed_by, complaints_visible_to
from jianfu.complaints.services import (
    ComplaintForbidden,
    ComplaintInvalid,
    ComplaintNotFound,
    act,
    filer_reply,
    reveal_identity,
    track,
)
from jianfu.workflow.complaint import Action, Finding, State
from tests.complaints.helpers import PASSPHRASE, TO_ANSWER, carried, filed
from tests.race import race
from tests.world import committed_world


def test_a_complaint_about_a_county_department_is_investigated_by_the_county_bureau(world):
    complaint = filed(world).complaint
    assert complaint.investigating_unit == world.unit("520402-JYJ")
    assert complaint.level == "county" and complaint.division == world.xixiu
    assert complaint.state == State.RECEIVED


def test_a_complaint_about_the_county_bureau_goes_to_the_city_with_the_discipline_commission(world):
    complaint = filed(world, accused="西秀区教育局").complaint
    assert complaint.accused_unit == world.unit("520402-JYJ")
    assert complaint.investigating_unit == world.unit("520400-JYJ")
    assert complaint.assisting_unit == world.unit("520400-JW")
    assert complaint.level == "city"
    assert not complaints_visible_to(world.county_officer).filter(pk=complaint.pk).exists()
    assert not complaints_visible_to(world.inspector).filter(pk=complaint.pk).exists()  # the county's inspectorate
    assert complaints_visible_to(world.city_officer).filter(pk=complaint.pk).exists()


def test_free_words_naming_a_county_bureau_also_go_to_the_city(world):
    complaint = filed(world, accused="西秀区教育局办公室某科室").complaint
    assert complaint.accused_unit is None
    assert complaint.investigating_unit == world.unit("520400-JYJ")
    assert not complaints_visible_to(world.county_officer).filter(pk=complaint.pk).exists()


def test_the_receipt_has_at_least_80_bits_and_is_kept_only_as_a_digest(world):
    filing = filed(world)
    code = filing.receipt.replace("-", "")
    assert len(code) * 5 >= 80
    stored = Complaint.objects.get(pk=filing.complaint.pk)
    assert filing.receipt not in str(stored.__dict__) and code not in stored.receipt_digest


def test_the_filer_finds_the_complaint_with_receipt_and_passphrase_typed_loosely(world):
    filing = filed(world)
    typed = filing.receipt.lower().replace("-", " ")
    assert track(typed, PASSPHRASE) == filing.complaint


def test_an_unknown_receipt_and_a_wrong_passphrase_raise_the_same_error(world):
    filing = filed(world)
    with pytest.raises(ComplaintNotFound) as unknown:
        track("0000-0000-0000-0000-0000", PASSPHRASE)
    with pytest.raises(ComplaintNotFound) as wrong:
        track(filing.receipt, PASSPHRASE + "x")
    assert type(unknown.value) is type(wrong.value) and str(unknown.value) == str(wrong.value)


def test_a_passphrase_under_12_characters_is_refused_naming_the_field(world):
    with pytest.raises(ComplaintInvalid) as error:
        services.file_complaint(accused="520402-WJJ", content="周末执勤", passphrase="short-11chr")
    assert error.value.field == "passphrase" and "12" in error.value.message


def test_the_anonymous_filing_stores_no_account_no_time_and_nothing_of_the_filer_in_the_audit(world):
    complaint = filed(world).complaint
    event = AuditEvent.objects.get(action="complaint.file", object_id=str(complaint.pk))
    assert event.actor_id is None and event.actor_label == "system"
    assert set(event.after) == {"state", "level", "division", "investigating", "named", "items", "evidence"}
    assert complaint.named is False and complaint.identity_cipher == "" and complaint.filer_digest == ""
    assert not any(f.get_internal_type() == "DateTimeField" for f in Complaint._meta.concrete_fields)
    assert complaint.transitions.get().actor is None


def test_a_named_filing_keeps_the_identity_only_encrypted_and_the_filer_lists_it(world):
    complaint = filed(world, filer=world.teacher).complaint
    assert complaint.named
    assert world.xixiu_teacher.name not in complaint.identity_cipher
    assert "teacher" not in complaint.identity_cipher
    assert list(complaints_filed_by(world.teacher)) == [complaint]
    assert list(complaints_filed_by(world.principal)) == []
    event = AuditEvent.objects.get(action="complaint.file", object_id=str(complaint.pk))
    assert event.actor_id is None and world.xixiu_teacher.name not in str(event.after)


def _grant_reveal(user):
    user.user_permissions.add(Permission.objects.get(codename="reveal_complainant"))
    return type(user).objects.get(pk=user.pk)  # permissions are cached on the object


def test_reveal_identity_needs_the_permission_and_a_reason_and_is_audited(world):
    complaint = filed(world, filer=world.teacher).complaint
    with pytest.raises(ComplaintForbidden):
        reveal_identity(complaint.pk, world.county_officer, "核实举报事实")
    officer = _grant_reveal(world.county_officer)
    with pytest.raises(ComplaintInvalid) as no_reason:
        reveal_identity(complaint.pk, officer, "  ")
    assert no_reason.value.field == "reason"
    identity = reveal_identity(complaint.pk, officer, "须当面核实举报事实")
    assert identity["name"] == world.xixiu_teacher.name and identity["account"] == "teacher"
    assert identity["school"] == world.xixiu_school.name
    event = AuditEvent.objects.get(action="complaint.reveal_identity")
    assert event.actor_id == officer.pk and event.after == {"reason": "须当面核实举报事实"}


def test_the_accused_units_people_cannot_reveal_the_identity_even_with_the_permission(world):
    complaint = filed(world, accused="520402-JYJ", filer=world.teacher).complaint
    officer = _grant_reveal(world.county_officer)
    with pytest.raises(ComplaintNotFound):
        reveal_identity(complaint.pk, officer, "想知道是谁")
    city = _grant_reveal(world.city_officer)
    assert reveal_identity(complaint.pk, city, "须当面核实")["account"] == "teacher"


def test_a_case_cannot_close_without_a_finding_and_an_answer(world):
    complaint = filed(world).complaint
    for action in (Action.ACCEPT, Action.ASSIGN, Action.INVESTIGATE):
        with pytest.raises(ComplaintInvalid):
            act(complaint.pk, world.county_officer, Action.CLOSE)
        complaint = act(complaint.pk, world.county_officer, action)
    with pytest.raises(ComplaintInvalid):
        act(complaint.pk, world.county_officer, Action.ANSWER, text="已处理")
    with pytest.raises(ComplaintInvalid) as no_finding:
        act(complaint.pk, world.county_officer, Action.RECORD_FINDING, text="经查属实")
    assert no_finding.value.field == "finding"
    act(complaint.pk, world.county_officer, Action.RECORD_FINDING, text="经查属实", finding=Finding.SUBSTANTIATED)
    with pytest.raises(ComplaintInvalid):  # substantiated: measures first
        act(complaint.pk, world.county_officer, Action.ANSWER, text="已处理")
    with pytest.raises(ComplaintInvalid):
        act(complaint.pk, world.county_officer, Action.CLOSE)
    act(complaint.pk, world.county_officer, Action.TAKE_MEASURES, text="责令撤回通知")
    with pytest.raises(ComplaintInvalid) as no_answer:
        act(complaint.pk, world.county_officer, Action.ANSWER, text=" ")
    assert no_answer.value.field == "text"
    act(complaint.pk, world.county_officer, Action.ANSWER, text="情况属实，已责令撤回")
    closed = act(complaint.pk, world.county_officer, Action.CLOSE)
    assert closed.state == State.CLOSED and closed.finding and closed.answer


def test_not_accepting_needs_a_reason_the_filer_then_reads(world):
    filing = filed(world)
    with pytest.raises(ComplaintInvalid) as error:
        act(filing.complaint.pk, world.county_officer, Action.NOT_ACCEPT)
    assert error.value.field == "text"
    act(filing.complaint.pk, world.county_officer, Action.NOT_ACCEPT, text="不属于涉校事项，请向信访部门反映")
    seen = complaint_for_filer(track(filing.receipt, PASSPHRASE))
    assert seen["state"] == State.NOT_ACCEPTED
    assert seen["not_accepted_reason"] == "不属于涉校事项，请向信访部门反映"


def test_only_the_investigating_unit_acts_and_others_in_scope_are_refused(world):
    complaint = filed(world).complaint
    with pytest.raises(ComplaintForbidden):
        act(complaint.pk, world.inspector, Action.ACCEPT)  # sees it, may not act
    with pytest.raises(ComplaintNotFound):
        act(complaint.pk, world.other_county_officer, Action.ACCEPT)
    with pytest.raises(ComplaintNotFound):
        act(complaint.pk, world.department_clerk, Action.ACCEPT)  # the accused department


def test_the_filer_answers_a_question_without_an_author(world):
    filing = filed(world)
    complaint = carried(filing.complaint, world.county_officer, *TO_ANSWER[:3])
    services.ask(complaint.pk, world.county_officer, "通知是哪一天发到学校的？")
    reply = filer_reply(track(filing.receipt, PASSPHRASE), "10 月 9 日，通过微信群。")
    assert reply.author is None and reply.side == "filer"
    messages = complaint_for_filer(complaint)["messages"]
    assert [m["side"] for m in messages] == ["investigator", "filer"]
    assert AuditEvent.objects.get(action="complaint.filer_reply").actor_id is None


def test_the_filer_may_ask_once_for_a_review_which_the_city_decides(world):
    filing = filed(world)
    complaint = carried(filing.complaint, world.county_officer, *TO_ANSWER)
    with pytest.raises(ComplaintForbidden):
        act(complaint.pk, world.county_officer, Action.REQUEST_REVIEW)
    services.filer_request_review(complaint, "执勤仍在继续，通知并未真正撤回。")
    with pytest.raises(ComplaintForbidden):
        act(complaint.pk, world.county_officer, Action.REOPEN)
    reopened = act(complaint.pk, world.city_officer, Action.REOPEN)
    assert reopened.state == State.INVESTIGATING
    complaint = carried(reopened, world.county_officer, *TO_ANSWER[3:])
    with pytest.raises(ComplaintInvalid) as again:
        services.filer_request_review(complaint, "再次申请")
    assert again.value.field == "reason"


def test_two_officials_acting_at_once_cannot_both_win(transactional_db):
    world = committed_world()
    complaint = filed(world).complaint

    def decide(action: Action, text: str):
        return lambda: act(complaint.pk, world.county_officer, action, text=text, expected_state=State.RECEIVED)

    assert race(decide(Action.ACCEPT, ""), decide(Action.NOT_ACCEPT, "不属于涉校事项")) == ["ComplaintInvalid", "won"]
    assert Complaint.objects.get(pk=complaint.pk).transitions.count() == 2


# --- Consequences (5): the registered demand carries the finding, or a violation case is opened ---------

NUMBER = "安教减备〔2021〕520402-0007号"


def _registered_demand(world):
    from jianfu.registry.models import Demand
    from tests.registry.conftest import filed as demand_filed

    demand = demand_filed(world, title="2021 年学校消防安全检查")
    Demand.objects.filter(pk=demand.pk).update(registration_number=NUMBER, state="registered")
    return Demand.objects.get(pk=demand.pk)


def test_a_complaint_quoting_a_registration_number_shows_that_registration(world):
    from jianfu.complaints.selectors import complaint_registration

    demand = _registered_demand(world)
    complaint = filed(world, notice_text="根据安教减备〔2021〕520402-7号，请各校周末迎检并准备台账。").complaint
    assert complaint.demand == demand
    shown = complaint_registration(complaint)
    assert shown["number"] == NUMBER and shown["title"] == demand.title
    assert shown["requester"] == demand.requester.name


def test_a_substantiated_complaint_about_a_registered_demand_links_it_and_opens_no_case(world):
    from jianfu.gate.models import ViolationCase

    demand = _registered_demand(world)
    complaint = filed(world, notice_text=f"依据{NUMBER}开展检查，要求教师周末加班准备材料。").complaint
    carried(complaint, world.county_officer, *TO_ANSWER[:4])
    complaint.refresh_from_db()
    assert complaint.demand == demand and complaint.violation_case is None
    assert not ViolationCase.objects.exists()
    event = AuditEvent.objects.get(action="complaint.consequence")
    assert event.after == {"demand": demand.pk, "registration": NUMBER}


def test_a_substantiated_complaint_about_no_registered_demand_opens_one_violation_case_in_its_county(world):
    complaint = carried(filed(world).complaint, world.county_officer, *TO_ANSWER[:4])
    complaint.refresh_from_db()
    case = complaint.violation_case
    assert case is not None and case.division == world.xixiu and case.state == "open"


def test_an_unsubstantiated_complaint_opens_no_case(world):
    steps = (*TO_ANSWER[:3], (Action.RECORD_FINDING, "经查不属实", Finding.UNSUBSTANTIATED))
    complaint = carried(filed(world).complaint, world.county_officer, *steps)
    complaint.refresh_from_db()
    assert complaint.violation_case is None


def test_a_substantiated_complaint_about_the_county_bureau_opens_its_case_in_the_city(world):
    complaint = carried(filed(world, accused="520402-JYJ").complaint, world.city_officer, *TO_ANSWER[:4])
    complaint.refresh_from_db()
    assert complaint.violation_case.division == world.city


def test_a_complaint_filed_and_handled_in_english_leaves_its_time_limits_and_notices_in_chinese(world):
    """The filer and the county officer read the site in English; what is owed and what the investigators
    are told is read later by others, in the platform's language."""
    from django.utils import translation

    from jianfu.deadlines.models import Notification, Obligation

    with translation.override("en"):
        complaint = filed(world).complaint
        carried(complaint, world.county_officer, (Action.ACCEPT, "", None))
    owed = Obligation.objects.filter(subject_type="complaint", subject_id=complaint.pk)
    assert owed.exists() and all(o.what.startswith(("决定是否受理举报", "办结举报")) for o in owed)
    told = Notification.objects.filter(subject_type="complaint", subject_id=complaint.pk)
    assert told.exists() and all(n.title.startswith("收到举报") for n in told)
