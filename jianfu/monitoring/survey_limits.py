"""How often one address may submit survey answers, for the page and the API alike (one rule, one place).

The request has lost its address before it gets here (jianfu.complaints.privacy blinds /survey/ and
/api/v1/survey as it does the complaint paths): the counter is keyed by the day's HMAC of the address, never
the address. Every submission counts, refused or not, so that codes cannot be guessed at speed; a school's
staff answering together from one network stays well under the limit."""

from django.utils.translation import gettext_noop

from jianfu.complaints.privacy import HOUR, sender_subject
from jianfu.web import throttle

ANSWERS_PER_HOUR = 60  # a whole staff answering in one meeting from the school's network
TOO_MANY_ANSWERS = gettext_noop(
    "此网络在一小时内提交的问卷已达上限（60 份）；请一小时后再提交，已填写的内容请先保存在别处"
)


def answer_allowed(request) -> bool:
    """Counts one submission from the request's address; whether the hour's limit still allows it."""
    return throttle.hit("survey-answer", sender_subject(request), seconds=HOUR) <= ANSWERS_PER_HOUR
