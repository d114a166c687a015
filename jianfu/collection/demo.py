"""The demo's data-access grant (clause 3.3): 西秀区卫生健康局 reads the teachers on post of 西秀区's schools
instead of asking them for a form, granted by 西秀区教育局; names and ID numbers masked, sex listed as held
only by the national teacher system."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianfu.collection.grants import grant_decide, grant_request
from jianfu.collection.models import AccessGrant
from jianfu.org.models import Division

ELEMENTS = ["roster.teachers_on_post", "teacher.name", "teacher.id_number", "teacher.gender"]


def grants_demo_is_loaded() -> bool:
    return AccessGrant.objects.exists()


def grants_demo_load(today: date | None = None) -> AccessGrant:
    today = today or timezone.localdate()
    users = get_user_model().objects
    grant = grant_request(
        users.get(username="xixiu-requester"),
        elements=ELEMENTS,
        purpose="安排全区在岗教师年度健康体检：核对各校在岗教师人数和名单，不再要求学校填报",
        division=Division.objects.get(code="520402"),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=80),
        on=today,
    )
    return grant_decide(grant.pk, users.get(username="xixiu-bureau"), grant=True, on=today)
