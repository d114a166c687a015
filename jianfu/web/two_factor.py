"""Two-factor sign-in (TOTP via django-otp) for the roles that approve, review or administer.

Who must: education bureaus (review, keep the roster), approving authorities (approve), joint
reviewers (they review the annual plan), the inspectorate (reads everything in its scope), and staff
or superusers (administer). Everyone else may enrol; once enrolled, they are asked too. Demo accounts
are exempt while the demo is loaded (their password is published), and the demo banner says so.

A device is enrolled in two steps: `totp_device_start` makes an unconfirmed device whose secret the
person scans, `totp_device_confirm` checks a code from it, confirms it and issues the recovery codes
(django-otp static tokens, each usable once), shown once. API tokens are a separate credential made by
an operator (`jianfu token`), not a session, and are not asked for a code.
"""

import re
from base64 import b32encode

from django.db import transaction
from django.utils.translation import gettext_noop
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.audit.services import audit_record
from jianfu.org.access import scope_for
from jianfu.org.demo.load import UNIT_ACCOUNTS
from jianfu.org.demo.places import COUNTIES
from jianfu.org.models import DemoMark, Role

TWO_FACTOR_ROLES = frozenset({Role.EDUCATION_BUREAU, Role.APPROVER, Role.JOINT_REVIEWER, Role.INSPECTOR})
RECOVERY_CODE_COUNT = 10
# Marked for translation here, translated where a page shows them (tests look for the Chinese).
WRONG_CODE = gettext_noop("验证码不正确或已过期：请输入验证器应用中当前显示的 6 位数字，或一个未用过的恢复码。")
NO_CODE = gettext_noop("请输入验证码：验证器应用中当前显示的 6 位数字，或一个恢复码。")


def demo_usernames() -> frozenset[str]:
    """The accounts `jianfu demo` makes (`anshun-bureau`, `xixiu-principal`, ...)."""
    suffixes = [suffix for suffix, _role, _unit in UNIT_ACCOUNTS]
    names = {f"anshun-{suffix}" for suffix in suffixes}
    for _code, _name, _kind, key, _townships in COUNTIES:
        names.update(f"{key}-{suffix}" for suffix in [*suffixes, "principal", "teacher"])
    return frozenset(names)


def is_demo_exempt(user) -> bool:
    """A demo account while the demo is loaded: its password is printed for everyone to try."""
    return user.get_username() in demo_usernames() and DemoMark.objects.exists()


def role_requires_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or bool(scope_for(user).roles & TWO_FACTOR_ROLES)


def needs_second_factor(user) -> bool:
    """Must this signed-in person give a code before going on? (Not yet asked whether they have.)"""
    if not user.is_authenticated:
        return False
    if user_has_device(user, confirmed=True):
        return True
    return role_requires_two_factor(user) and not is_demo_exempt(user)


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def secret_of(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (tests and the bench sign in with it)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def totp_device_start(*, user) -> TOTPDevice:
    """The person's unconfirmed device to scan, made once and kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str, acting_user) -> list[str] | None:
    """Confirm the device with a code from it; the new recovery codes, or None if the code is wrong."""
    if not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.devices_for_user(acting_user, confirmed=True).delete()  # one authenticator at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_issue(user=acting_user)
    audit_record(
        acting_user=acting_user,
        action="two_factor.enrol",
        object_type="user",
        object_id=acting_user.pk,
        after={"device": device.persistent_id, "recovery_codes": len(codes)},
    )
    return codes


def recovery_codes_issue(*, user) -> list[str]:
    """Ten fresh single-use codes; earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_verify(request, code: str):
    """Check a code (TOTP or recovery) against the person's devices; on success the session is verified.
    Returns the device that accepted it, else None. django-otp throttles repeated wrong codes."""
    user = request.user
    typed = code.strip().replace(" ", "").replace("-", "").lower()
    if not typed:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            token = _digits(typed) if isinstance(device, TOTPDevice) else typed
            if token and device.verify_token(token):
                break
        else:
            return None
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        audit_record(
            acting_user=user,
            action="two_factor.recovery_code_used",
            object_type="user",
            object_id=user.pk,
            after={"left": device.token_set.count()},
        )
    return device


def client_sign_in_verified(client, user):
    """Sign a test client in as `user` with the second factor done, as after the verify page: a real,
    confirmed authenticator device is recorded in the session exactly as django_otp.login records it.
    For the test suite and the benchmark, which sign in with `force_login` and never type a code."""
    client.force_login(user)
    if needs_second_factor(user):
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _digits(code: str) -> str:
    return re.sub(r"\D", "", code)
