"""A complaint's course as a pure state machine (clause 6.3, "举报一起、查处一起").

received → accepted | not_accepted → assigned → investigating → found → measures_taken → answered → closed

- not accepted: with a reason the filer reads; the filer may ask for a review of it, as of an answer;
- an unsubstantiated finding needs no measures: it is answered from `found`;
- a review (the filer disagrees with the answer or the refusal to accept) goes to the level above, which
  upholds it (the case closes, or stays not accepted) or sends the case back (to be investigated again,
  or accepted after all);
- no case closes without a finding and an answer: `close` is only reachable from `answered`, and
  `answered` only with a finding recorded and an answer written.

The time limits (accept within 15 days, conclude within 60, one extension of 30, review) come from the
pack (jianfu/policy/packs/*/limits/complaint_*.yaml), which takes them from the 信访工作条例 (2022), as the
measures give none; the services open them as obligations (jianfu/deadlines).
"""

from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue without translating it (this module is pure; the pages that
    show its words translate them)."""
    return message


class State(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    FOUND = "found"
    MEASURES_TAKEN = "measures_taken"
    ANSWERED = "answered"
    REVIEWING = "reviewing"
    CLOSED = "closed"


class Action(StrEnum):
    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    ASSIGN = "assign"
    INVESTIGATE = "investigate"  # the assigned unit starts (its questions to the filer come from here on)
    RECORD_FINDING = "record_finding"
    TAKE_MEASURES = "take_measures"
    ANSWER = "answer"
    REQUEST_REVIEW = "request_review"  # by the filer, of an answer or of a refusal to accept
    UPHOLD = "uphold"  # the level above keeps the answer: the case closes
    REOPEN = "reopen"  # the level above sends it back to be investigated again
    CLOSE = "close"


class Finding(StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    UNSUBSTANTIATED = "unsubstantiated"


STATE_LABELS = {
    State.RECEIVED: gettext_noop("已收到"),
    State.ACCEPTED: gettext_noop("已受理"),
    State.NOT_ACCEPTED: gettext_noop("不予受理"),
    State.ASSIGNED: gettext_noop("已交办"),
    State.INVESTIGATING: gettext_noop("调查中"),
    State.FOUND: gettext_noop("已查明"),
    State.MEASURES_TAKEN: gettext_noop("已处理"),
    State.ANSWERED: gettext_noop("已答复"),
    State.REVIEWING: gettext_noop("复查中"),
    State.CLOSED: gettext_noop("已办结"),
}
FINDING_LABELS = {
    Finding.SUBSTANTIATED: gettext_noop("属实"),
    Finding.PARTLY: gettext_noop("部分属实"),
    Finding.UNSUBSTANTIATED: gettext_noop("不属实"),
}
ACTION_LABELS = {
    Action.ACCEPT: gettext_noop("受理"),
    Action.NOT_ACCEPT: gettext_noop("不予受理"),
    Action.ASSIGN: gettext_noop("交办"),
    Action.INVESTIGATE: gettext_noop("开始调查"),
    Action.RECORD_FINDING: gettext_noop("认定事实"),
    Action.TAKE_MEASURES: gettext_noop("记录处理措施"),
    Action.ANSWER: gettext_noop("答复举报人"),
    Action.REQUEST_REVIEW: gettext_noop("申请复查"),
    Action.UPHOLD: gettext_noop("维持答复"),
    Action.REOPEN: gettext_noop("重新调查"),
    Action.CLOSE: gettext_noop("办结"),
}
# States in which the case is still to be concluded: its conclusion time limit runs.
OPEN_STATES = frozenset(
    {State.RECEIVED, State.ACCEPTED, State.ASSIGNED, State.INVESTIGATING, State.FOUND, State.MEASURES_TAKEN}
)
# The filer has had a reply: an answer, or the reason it was not accepted.
REPLIED_STATES = frozenset({State.NOT_ACCEPTED, State.ANSWERED, State.REVIEWING, State.CLOSED})
NEEDS_TEXT = frozenset({Action.NOT_ACCEPT, Action.RECORD_FINDING, Action.TAKE_MEASURES, Action.ANSWER})
NEEDS_TEXT_MESSAGE = gettext_noop("请填写内容：不予受理须写明理由，认定须写明事实，处理须写明措施，答复须写明答复内容")
NO_FINDING = gettext_noop("尚未认定事实（属实、部分属实或不属实），不能答复或办结；请先认定")
MEASURES_FIRST = gettext_noop("举报属实或部分属实，须先记录处理措施，再答复举报人")
NOT_FROM_THIS_STATE = gettext_noop("举报当前状态为「%(state)s」，不能执行此操作；请刷新页面查看最新状态")


class TransitionError(Exception):
    """The action is not allowed now. Its text is Chinese; `worded(gettext)` gives it in the reader's
    language (the message and the state's label are catalogue ids)."""

    def __init__(self, message: str, state: State | None = None):
        self.message, self.state = message, state
        super().__init__(self.worded())

    def worded(self, translate=lambda text: text) -> str:
        if self.state is None:
            return translate(self.message)
        return translate(self.message) % {"state": translate(STATE_LABELS[self.state])}


_SIMPLE = {
    (State.RECEIVED, Action.ACCEPT): State.ACCEPTED,
    (State.RECEIVED, Action.NOT_ACCEPT): State.NOT_ACCEPTED,
    (State.ACCEPTED, Action.ASSIGN): State.ASSIGNED,
    (State.ASSIGNED, Action.INVESTIGATE): State.INVESTIGATING,
    (State.INVESTIGATING, Action.RECORD_FINDING): State.FOUND,
    (State.FOUND, Action.TAKE_MEASURES): State.MEASURES_TAKEN,
    (State.NOT_ACCEPTED, Action.REQUEST_REVIEW): State.REVIEWING,
    (State.ANSWERED, Action.REQUEST_REVIEW): State.REVIEWING,
    (State.CLOSED, Action.REQUEST_REVIEW): State.REVIEWING,  # within the pack's window: the services check it
}


def next_state(state: State, action: Action, *, finding: Finding | None = None, text: str = "") -> State:
    """Where `action` takes a complaint in `state`, given its recorded finding (if any) and the text the
    action carries (reason, facts, measures, answer); or TransitionError saying why not."""
    if action in NEEDS_TEXT and not text.strip():
        raise TransitionError(NEEDS_TEXT_MESSAGE)
    if action == Action.ANSWER and state in (State.FOUND, State.MEASURES_TAKEN):
        if finding is None:
            raise TransitionError(NO_FINDING)
        if state == State.FOUND and finding != Finding.UNSUBSTANTIATED:
            raise TransitionError(MEASURES_FIRST)
        return State.ANSWERED
    if action == Action.CLOSE and state == State.ANSWERED:
        if finding is None:
            raise TransitionError(NO_FINDING)
        return State.CLOSED
    if state == State.REVIEWING and action in (Action.UPHOLD, Action.REOPEN):
        # A case never accepted has no finding: upheld, it stays not accepted; reopened, it is accepted
        # and goes to be assigned. An answered case is closed, or investigated again.
        if action == Action.UPHOLD:
            return State.NOT_ACCEPTED if finding is None else State.CLOSED
        return State.ACCEPTED if finding is None else State.INVESTIGATING
    if (state, action) in _SIMPLE:
        return _SIMPLE[(state, action)]
    raise TransitionError(NOT_FROM_THIS_STATE, state)
