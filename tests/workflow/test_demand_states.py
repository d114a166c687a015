"""The demand lifecycle: every allowed step, and what each wrong step is told."""

import pytest

from jianfu.workflow.demand import Action, Position, State, TransitionError, next_position

INSPECTION = ("review", "joint_review", "approval")
STATISTICS = ("approval", "filing")


def walk(route, *actions, reason="理由"):
    position = Position(State.DRAFT)
    for action in actions:
        position = next_position(position, action, route, reason)
    return position


def test_an_inspection_goes_through_review_joint_review_and_approval_to_registration():
    states = []
    position = Position(State.DRAFT)
    for action in (Action.SUBMIT, Action.CLAIM, Action.ADVANCE, Action.ADVANCE, Action.ADVANCE, Action.COMPLETE):
        position = next_position(position, action, INSPECTION)
        states.append(position.state)
    assert states == [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.JOINT_REVIEW,
        State.APPROVAL,
        State.REGISTERED,
        State.DONE,
    ]


def test_a_statistical_survey_waits_for_the_statistics_bureau_first():
    assert walk(STATISTICS, Action.SUBMIT, Action.CLAIM) == Position(State.APPROVAL, 0)
    assert walk(STATISTICS, Action.SUBMIT, Action.CLAIM, Action.ADVANCE) == Position(State.APPROVAL, 1)


def test_a_returned_demand_is_submitted_again_from_the_first_step():
    position = walk(INSPECTION, Action.SUBMIT, Action.CLAIM, Action.ADVANCE, Action.RETURN)
    assert position.state == State.RETURNED
    assert next_position(position, Action.SUBMIT, INSPECTION) == Position(State.SUBMITTED, 0)


@pytest.mark.parametrize("action", [Action.RETURN, Action.REJECT, Action.REGISTER_EMERGENCY])
def test_returning_rejecting_and_emergency_registration_need_a_reason(action):
    with pytest.raises(TransitionError, match="请填写理由"):
        next_position(Position(State.SUBMITTED), action, INSPECTION, reason="  ")


def test_a_registered_demand_cannot_be_approved_twice():
    registered = walk(INSPECTION, Action.SUBMIT, Action.ADVANCE, Action.ADVANCE, Action.ADVANCE)
    assert registered.state == State.REGISTERED
    with pytest.raises(TransitionError, match="当前状态为「已登记」"):
        next_position(registered, Action.ADVANCE, INSPECTION)


@pytest.mark.parametrize("final", [State.REJECTED, State.WITHDRAWN, State.MERGED, State.REVOKED])
def test_closed_demands_take_no_further_action(final):
    for action in Action:
        with pytest.raises(TransitionError):
            next_position(Position(final), action, INSPECTION, reason="理由")


def test_a_draft_cannot_be_approved_or_merged_before_it_is_submitted():
    for action in (Action.ADVANCE, Action.MERGE, Action.RETURN, Action.CLAIM):
        with pytest.raises(TransitionError):
            next_position(Position(State.DRAFT), action, INSPECTION, reason="理由")


def test_the_education_bureau_registers_an_emergency_at_once():
    assert (
        next_position(Position(State.DRAFT), Action.REGISTER_EMERGENCY, INSPECTION, "防汛紧急").state
        == State.REGISTERED
    )


@pytest.mark.parametrize("state", [State.REGISTERED, State.DONE])
def test_a_registration_can_be_revoked_with_a_reason_and_then_nothing_more(state):
    revoked = next_position(Position(state), Action.REVOKE, INSPECTION, "登记有误")
    assert revoked.state == State.REVOKED
    with pytest.raises(TransitionError, match="请填写理由"):
        next_position(Position(state), Action.REVOKE, INSPECTION, "")
    assert [a for a in Action if a != Action.REVOKE and _allowed(Position(State.DONE), a)] == []


def _allowed(position, action) -> bool:
    try:
        next_position(position, action, INSPECTION, "理由")
    except TransitionError:
        return False
    return True
