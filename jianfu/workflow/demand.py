"""The demand lifecycle as a pure state machine.

draft → submitted → in_review → (joint_review) → (approval) → registered → done
and, from the open states: returned (for revision, then submitted again), rejected, withdrawn, merged.

Which review states a demand passes through comes from its route (the policy pack): each route step's
action maps to the state in which that step is waiting. The machine says what may happen next; the
registry's services apply it atomically and audit it.
"""

from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue (makemessages reads the name) without translating it: this
    module is pure, and the pages that show its words translate them (registry/models.py, services)."""
    return message


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    JOINT_REVIEW = "joint_review"
    APPROVAL = "approval"
    REGISTERED = "registered"
    DONE = "done"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"
    REVOKED = "revoked"


class Action(StrEnum):
    SUBMIT = "submit"
    CLAIM = "claim"  # a reviewer takes a submitted demand: it waits no longer in the queue
    WITHDRAW = "withdraw"
    ADVANCE = "advance"  # the current route step is done: forward to the next, or register after the last
    RETURN = "return"
    REJECT = "reject"
    MERGE = "merge"
    REGISTER_EMERGENCY = "register_emergency"
    COMPLETE = "complete"
    REVOKE = "revoke"  # the bureau withdraws a registration (wrongly granted, or the demand was abused)


STATE_LABELS = {
    State.DRAFT: gettext_noop("草稿"),
    State.SUBMITTED: gettext_noop("已提交"),
    State.IN_REVIEW: gettext_noop("审核中"),
    State.JOINT_REVIEW: gettext_noop("联合审核中"),
    State.APPROVAL: gettext_noop("审批中"),
    State.REGISTERED: gettext_noop("已登记"),
    State.DONE: gettext_noop("已完成"),
    State.RETURNED: gettext_noop("已退回修改"),
    State.REJECTED: gettext_noop("已驳回"),
    State.WITHDRAWN: gettext_noop("已撤回"),
    State.MERGED: gettext_noop("已合并"),
    State.REVOKED: gettext_noop("已撤销登记"),
}
STEP_STATES = {
    "review": State.IN_REVIEW,
    "consultation": State.IN_REVIEW,
    "joint_review": State.JOINT_REVIEW,
    "approval": State.APPROVAL,
    "filing": State.APPROVAL,
}
OPEN_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.JOINT_REVIEW, State.APPROVAL})
NEEDS_REASON = frozenset({Action.RETURN, Action.REJECT, Action.REGISTER_EMERGENCY, Action.REVOKE})


REASON_REQUIRED = gettext_noop("请填写理由：退回、驳回、撤销登记和紧急登记都须写明原因")
NOT_FROM_THIS_STATE = gettext_noop("事项当前状态为「%(state)s」，不能执行此操作；请刷新页面查看最新状态")


class TransitionError(Exception):
    """The action is not allowed from the demand's present state. Its text is Chinese; `worded(gettext)`
    gives it in the reader's language (the message and the state's label are catalogue ids)."""

    def __init__(self, message: str, state: State | None = None):
        self.message, self.state = message, state
        super().__init__(self.worded())

    def worded(self, translate=lambda text: text) -> str:
        if self.state is None:
            return translate(self.message)
        return translate(self.message) % {"state": translate(STATE_LABELS[self.state])}


@dataclass(frozen=True)
class Position:
    state: State
    step: int = 0  # index of the route step now waiting


def step_state(route_actions: tuple[str, ...], step: int) -> State:
    return STEP_STATES[route_actions[step]]


def next_position(position: Position, action: Action, route_actions: tuple[str, ...], reason: str = "") -> Position:
    """Where `action` takes a demand at `position` along a route of step actions, or TransitionError."""
    state = position.state
    if action in NEEDS_REASON and not reason.strip():
        raise TransitionError(REASON_REQUIRED)
    if action == Action.SUBMIT and state in (State.DRAFT, State.RETURNED):
        return Position(State.SUBMITTED, 0)
    if action == Action.CLAIM and state == State.SUBMITTED:
        return Position(step_state(route_actions, 0), 0)
    if action == Action.WITHDRAW and state in {State.DRAFT, State.RETURNED} | OPEN_STATES:
        return Position(State.WITHDRAWN, position.step)
    if action == Action.ADVANCE and state in OPEN_STATES:
        if position.step + 1 < len(route_actions):
            return Position(step_state(route_actions, position.step + 1), position.step + 1)
        return Position(State.REGISTERED, position.step)
    if action in (Action.RETURN, Action.REJECT, Action.MERGE) and state in OPEN_STATES:
        target = {Action.RETURN: State.RETURNED, Action.REJECT: State.REJECTED, Action.MERGE: State.MERGED}[action]
        return Position(target, position.step)
    if action == Action.REGISTER_EMERGENCY and state in (State.DRAFT, *OPEN_STATES):
        return Position(State.REGISTERED, position.step)
    if action == Action.COMPLETE and state == State.REGISTERED:
        return Position(State.DONE, position.step)
    if action == Action.REVOKE and state in (State.REGISTERED, State.DONE):
        return Position(State.REVOKED, position.step)
    raise TransitionError(NOT_FROM_THIS_STATE, state)
