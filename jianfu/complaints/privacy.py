"""A complaint request leaves no trace of who sent it, and still cannot be sent a thousand times.

- `ForgetTheSenderMiddleware` (in settings.MIDDLEWARE right after the client-address middleware): for the
  complaint paths it works out the rate-limit subject from the client's address, then removes the address,
  the direct peer, every forwarding header and the user agent from the request before any other middleware,
  view, log record or error report can read them. The request's META is the WSGI environ, so the server's
  own access log sees the blanks too (and jianfu.complaints.access_log blanks its line regardless).
- The subject is an HMAC of the address under a key of the day, derived from SECRET_KEY and the date and
  never stored: the counters of today hold no address, and a list of stored keys to recompute yesterday's
  subjects does not exist. The counters themselves expire within two windows (jianfu.web.throttle).
- Limits: filings per subject per hour; tracking attempts per subject per hour and per receipt per hour,
  the latter keyed by an HMAC of the receipt's digest (the counters do not name the complaint).
- `authority_token` carries a filer's authority from the tracking page to its forms (answer, evidence,
  review) without a session: a signed, time-limited value in a hidden field. It is also why the public
  forms need no CSRF cookie (see public_views).
"""

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_noop

from jianfu.complaints.access_log import is_complaint_path
from jianfu.complaints.receipts import receipt_digest
from jianfu.web import throttle
from jianfu.web.addresses import PEER_KEY

HOUR = 3600
FILINGS_PER_HOUR = 10  # a school's shared address may file several; a script filing hundreds may not
TRACKS_PER_SUBJECT_PER_HOUR = 30
TRACKS_PER_RECEIPT_PER_HOUR = 10  # passphrase guesses on one receipt: ten an hour, whoever sends them
AUTHORITY_MINUTES = 30  # how long a tracking page's forms stay valid
SUBJECT_ATTRIBUTE = "complaint_sender_subject"
BLANK_ADDRESS = "0.0.0.0"  # what REMOTE_ADDR says afterwards: valid for code that parses it, and nobody's
# Every request header or WSGI variable that can carry the sender's address or software.
FORGOTTEN = (
    PEER_KEY,
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_X_CLUSTER_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_VIA",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_SEC_CH_UA_MODEL",
    "HTTP_SEC_CH_UA_FULL_VERSION_LIST",
)
TOO_MANY_FILINGS = gettext_noop("此网络在一小时内提交的举报已达上限；请一小时后再提交，或拨打页面上公布的举报电话")
TOO_MANY_TRACKS = gettext_noop("查询次数过多；为防止他人猜测查询码和密码，请一小时后再试")
AUTHORITY_EXPIRED = gettext_noop("页面已过期（超过 30 分钟）；请重新输入查询码和密码后再操作")


def key_of_the_day(day: date) -> bytes:
    """The day's HMAC key, derived from SECRET_KEY and the date and kept nowhere."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"jianfu:complaints:sender:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()


def subject_of(address: str, day: date | None = None) -> str:
    """The rate-limit subject of an address today (a different one tomorrow)."""
    key = key_of_the_day(day or timezone.localdate())
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


class ForgetTheSenderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_complaint_path(request.path_info):
            forget_the_sender(request)
        return self.get_response(request)


def forget_the_sender(request) -> None:
    """Keeps only the subject of the request's address, and removes the address and the agent."""
    setattr(request, SUBJECT_ATTRIBUTE, subject_of(request.META.get("REMOTE_ADDR", "")))
    request.META["REMOTE_ADDR"] = BLANK_ADDRESS
    for name in FORGOTTEN:
        request.META.pop(name, None)
    request.__dict__.pop("headers", None)  # request.headers is a copy of META made once: make it again


def sender_subject(request) -> str:
    subject = getattr(request, SUBJECT_ATTRIBUTE, None)
    if subject is None:  # a request that did not pass the middleware (a test calling a view directly)
        forget_the_sender(request)
        subject = getattr(request, SUBJECT_ATTRIBUTE)
    return subject


def filing_allowed(request) -> bool:
    return throttle.hit("complaint-file", sender_subject(request), seconds=HOUR) <= FILINGS_PER_HOUR


def tracking_allowed(request, receipt: str) -> bool:
    """Counts one attempt against the sender and against the receipt; whether both are within limits."""
    by_sender = throttle.hit("complaint-track", sender_subject(request), seconds=HOUR)
    by_receipt = throttle.hit("complaint-track-receipt", receipt_subject(receipt), seconds=HOUR)
    return by_sender <= TRACKS_PER_SUBJECT_PER_HOUR and by_receipt <= TRACKS_PER_RECEIPT_PER_HOUR


def receipt_subject(receipt: str) -> str:
    key = key_of_the_day(timezone.localdate())
    return hmac.new(key, b"receipt:" + receipt_digest(receipt).encode(), hashlib.sha256).hexdigest()[:32]


_AUTHORITY = signing.TimestampSigner(salt="jianfu.complaints.filer-authority")


def authority_token(complaint) -> str:
    """A signed token saying "whoever holds this gave the receipt and passphrase of this complaint"."""
    return _AUTHORITY.sign(f"{complaint.pk}:{complaint.receipt_digest[:16]}")


def complaint_id_from_authority(token: str) -> tuple[int, str] | None:
    """(complaint id, receipt digest prefix) of a valid token, or None when forged or older than the limit."""
    try:
        value = _AUTHORITY.unsign(token or "", max_age=AUTHORITY_MINUTES * 60)
    except signing.BadSignature:
        return None
    pk, _, digest_prefix = value.partition(":")
    return (int(pk), digest_prefix) if pk.isdigit() else None
