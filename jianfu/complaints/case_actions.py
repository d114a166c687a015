"""The officials' steps on a complaint's page: which forms a person is offered, the one-time key each form
carries, and the call to the services a submitted form makes.

A form's key binds it to the person it was shown to, the case, and the case as it stood (its state, its
steps, its messages, its extension): once the form has been acted on, the case has moved and the same key
no longer fits, so Back-and-resubmit acts once. The key is checked while the case's row is locked, so two
quick clicks act once too.
"""

from dataclasses import dataclass, field, replace

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from jianfu.complaints import services
from jianfu.complaints.models import Complaint
from jianfu.complaints.routing import reviewing_unit
from jianfu.org.models import RoleAssignment, Unit
from jianfu.workflow.complaint import (
    ACTION_LABELS,
    OPEN_STATES,
    Action,
    Finding,
    State,
    TransitionError,
    next_state,
)

ASK, EXTEND = "ask", "extend"
_SIGNER = signing.Signer(salt="jianfu.complaints.case-form")
FORM_EXPIRED = gettext_lazy("表单已失效（不是为您或为这件举报打开的）：请刷新页面后重新提交")
CASE_MOVED = gettext_lazy(
    "这份表单提交后，案件已有变化（可能已经提交过，或他人已办理、举报人已回复）：没有重复办理。"
    "请核对上面的最新情况；如仍需办理，请重新提交（您填写的内容已保留）。"
)


@dataclass(frozen=True)
class ActionForm:
    key: str  # an Action value, or "ask" / "extend"
    title: str
    button: str
    text_label: str = ""
    text_required: bool = False
    asks_finding: bool = False
    asks_unit: bool = False
    primary: bool = False
    hint: str = ""
    error: str = ""
    typed: dict = field(default_factory=dict)


def _label(action: Action) -> str:
    return _(ACTION_LABELS[action])


def _catalogue() -> dict[str, ActionForm]:
    """Every step an official can take, in the order the page offers them."""
    forms = [
        ActionForm(Action.ACCEPT, _label(Action.ACCEPT), _("受理"), primary=True),
        ActionForm(
            Action.NOT_ACCEPT,
            _label(Action.NOT_ACCEPT),
            pgettext("button", "不予受理"),
            _("不予受理的理由（举报人可见）"),
            True,
        ),
        ActionForm(Action.ASSIGN, _label(Action.ASSIGN), _("交办"), asks_unit=True, primary=True),
        ActionForm(Action.INVESTIGATE, _label(Action.INVESTIGATE), _("开始调查"), primary=True),
        ActionForm(ASK, _("向举报人提问"), _("发送问题"), _("问题（举报人凭回执码和密码查看并回复）"), True),
        ActionForm(
            Action.RECORD_FINDING,
            _label(Action.RECORD_FINDING),
            _("保存认定"),
            _("查明的事实"),
            True,
            asks_finding=True,
            primary=True,
        ),
        ActionForm(Action.TAKE_MEASURES, _label(Action.TAKE_MEASURES), _("保存处理措施"), _("处理措施"), True),
        ActionForm(Action.ANSWER, _label(Action.ANSWER), _("答复"), _("答复内容（举报人可见）"), True, primary=True),
        ActionForm(
            EXTEND,
            _("延长办理期限"),
            _("延期"),
            _("延期理由"),
            True,
            hint=_("只能延期一次，延长天数以政策包规定为准。"),
        ),
        ActionForm(Action.UPHOLD, _label(Action.UPHOLD), pgettext("button", "维持"), _("复查意见"), primary=True),
        ActionForm(Action.REOPEN, _label(Action.REOPEN), _("重新调查"), _("复查意见")),
        ActionForm(Action.CLOSE, _label(Action.CLOSE), _("办结"), primary=True),
    ]
    return {form.key: form for form in forms}


def _possible_in(complaint: Complaint, key: str) -> bool:
    """Whether the case allows the step now, as the services will judge it: the state machine for the
    steps of the case; questions while it is open or under review; one extension, once accepted and
    before the answer."""
    state = State(complaint.state)
    if key == ASK:
        return state in OPEN_STATES | {State.REVIEWING}
    if key == EXTEND:
        return not complaint.extended and complaint.accepted_on is not None and state in OPEN_STATES
    try:
        next_state(state, Action(key), finding=complaint.finding_value, text="—")
    except TransitionError:
        return False
    return True


def _holds_role_on(user, unit: Unit | None) -> bool:
    return unit is not None and RoleAssignment.objects.filter(user=user, unit=unit).exists()


def may_take(user, complaint: Complaint, key: str) -> bool:
    """Whether this person is one who takes the step (the services check it again, and decide)."""
    if key == ASK:
        return _holds_role_on(user, complaint.investigating_unit) or _holds_role_on(user, complaint.assisting_unit)
    if key == EXTEND or key in services.INVESTIGATOR_ACTIONS:
        return _holds_role_on(user, complaint.investigating_unit)
    if key in services.REVIEWER_ACTIONS:
        return _holds_role_on(user, reviewing_unit(complaint))
    return False


def may_reveal(user, complaint: Complaint) -> bool:
    """Whether the page offers the identity form: a named filing, a holder of the permission, and never one
    of the accused unit's people (who do not see the case at all; checked again by the services)."""
    return (
        complaint.named
        and user.has_perm(services.REVEAL_PERMISSION)
        and not _holds_role_on(user, complaint.accused_unit)
    )


def forms_for(user, complaint: Complaint, *, error_for: str = "", error: str = "", typed: dict | None = None):
    """The forms this person may submit on this case now, the one just submitted carrying its error and
    what was typed."""
    forms = []
    for key, form in _catalogue().items():
        if _possible_in(complaint, key) and may_take(user, complaint, key):
            if key == error_for:
                form = replace(form, error=error, typed=typed or {})
            forms.append(form)
    return forms


def version_of(complaint: Complaint) -> str:
    return ".".join(
        str(part)
        for part in (
            complaint.state,
            complaint.transitions.count(),
            complaint.messages.count(),
            int(complaint.extended),
            complaint.investigating_unit_id or 0,
        )
    )


def form_token(user, complaint: Complaint) -> str:
    return _SIGNER.sign(f"{user.pk}:{complaint.pk}:{version_of(complaint)}")


class FormRefused(Exception):
    """The form cannot be acted on: its key is not this person's or this case's, or the case has moved."""

    def __init__(self, message: str, *, moved: bool):
        self.message, self.moved = message, moved
        super().__init__(message)


def perform(user, complaint: Complaint, key: str, token: str, posted) -> str:
    """Acts on the submitted form, once; the message to show. Raises FormRefused, or the services' errors."""
    try:
        owner, complaint_id, version = _SIGNER.unsign(token).split(":", 2)
    except (signing.BadSignature, ValueError):
        raise FormRefused(str(FORM_EXPIRED), moved=False) from None
    if owner != str(user.pk) or complaint_id != str(complaint.pk):
        raise FormRefused(str(FORM_EXPIRED), moved=False)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if version_of(locked) != version:
            raise FormRefused(str(CASE_MOVED), moved=True)
        return _dispatch(user, locked, key, posted)


def _dispatch(user, complaint: Complaint, key: str, posted) -> str:
    text = posted.get("text", "")
    if key == ASK:
        services.ask(complaint.pk, user, text)
        return _("问题已发送，举报人凭回执码和密码查看并回复。")
    if key == EXTEND:
        services.extend(complaint.pk, user, text)
        return _("已延长办理期限。")
    try:
        action = Action(key)
    except ValueError:
        raise FormRefused(str(FORM_EXPIRED), moved=False) from None
    finding = _finding(posted.get("finding", "")) if action == Action.RECORD_FINDING else None
    unit = _unit(posted.get("unit", "")) if action == Action.ASSIGN else None
    services.act(complaint.pk, user, action, text=text, finding=finding, unit=unit)
    return _("已办理：%(action)s。") % {"action": _label(action)}


def _finding(value: str) -> Finding | None:
    try:
        return Finding(value)
    except ValueError:
        raise services.ComplaintInvalid("finding", _("认定：请选择属实、部分属实或不属实")) from None


def _unit(value: str) -> Unit:
    unit = Unit.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if unit is None:
        raise services.ComplaintInvalid("unit", _("调查单位：请从列表中选择交办的单位"))
    return unit
