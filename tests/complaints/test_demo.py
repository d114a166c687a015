"""The demo holds complaints in every state, anonymous and named, one about a county bureau handled by the
city; every county and the city publish a hotline and a mailbox; the city inspector may reveal identities."""

from django.contrib.auth import get_user_model

from jianfu.complaints.demo import DEMO_PASSPHRASE, REVEAL_ACCOUNT
from jianfu.complaints.models import Complaint, ComplaintChannel
from jianfu.complaints.selectors import complaints_visible_to
from jianfu.complaints.services import reveal_identity, track
from jianfu.org.demo.places import COUNTIES
from jianfu.workflow.complaint import State
from tests.demo_day import demo_day_fixture

READS_THE_DEMO_DAY = True
demo = demo_day_fixture()


def test_the_demo_holds_complaints_in_every_state(demo, db):
    assert set(Complaint.objects.values_list("state", flat=True)) == {s.value for s in State}


def test_the_demo_holds_anonymous_and_named_complaints_and_one_about_a_county_bureau(demo, db):
    assert Complaint.objects.filter(named=True).exists() and Complaint.objects.filter(named=False).exists()
    about_bureau = Complaint.objects.get(accused_unit__code="520402-JYJ")
    assert about_bureau.level == "city" and about_bureau.investigating_unit.code == "520400-JYJ"
    assert about_bureau.assisting_unit.code == "520400-JW"
    bureau = get_user_model().objects.get(username="xixiu-bureau")
    assert not complaints_visible_to(bureau).filter(pk=about_bureau.pk).exists()


def test_a_complaint_investigating_waits_for_the_filers_answer_to_a_question(demo, db):
    waiting = Complaint.objects.filter(state=State.INVESTIGATING, division__code="520402", level="county").first()
    assert waiting.messages.last().side == "investigator"
    assert waiting.evidence.filter(kind="png").exists()


def test_every_county_and_the_city_publish_a_hotline_and_a_mailbox(demo, db):
    codes = set(ComplaintChannel.objects.values_list("division__code", flat=True))
    assert codes == {"520400", *(code for code, *_rest in COUNTIES)}
    assert all(c.hotline and c.mailbox for c in ComplaintChannel.objects.all())


def test_every_countys_bureau_has_cases_to_see(demo, db):
    for _code, name, _kind, key, _towns in COUNTIES:
        bureau = get_user_model().objects.get(username=f"{key}-bureau")
        assert complaints_visible_to(bureau).exists(), name


def test_the_printed_receipt_tracks_a_complaint_and_the_city_inspector_may_reveal_identities(demo, db):
    line = next(line for line in demo.splitlines() if "查询码" in line)
    receipt = line.split("查询码 ")[1].split("，")[0]
    assert track(receipt, DEMO_PASSPHRASE).state == State.INVESTIGATING
    inspector = get_user_model().objects.get(username=REVEAL_ACCOUNT)
    named = Complaint.objects.filter(named=True).first()
    assert reveal_identity(named.pk, inspector, "演示：核实举报人身份")["account"].endswith("-teacher")
