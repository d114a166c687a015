"""The complaint's course as a pure state machine (jianfu/workflow/complaint.py)."""

import pytest

from jianfu.workflow.complaint import (
    MEASURES_FIRST,
    NEEDS_TEXT_MESSAGE,
    NO_FINDING,
    Action,
    Finding,
    State,
    TransitionError,
    next_state,
)


def test_the_whole_course_of_a_substantiated_complaint():
    state, finding = State.RECEIVED, None
    for action, text, found, expected in (
        (Action.ACCEPT, "", None, State.ACCEPTED),
        (Action.ASSIGN, "", None, State.ASSIGNED),
        (Action.INVESTIGATE, "", None, State.INVESTIGATING),
        (Action.RECORD_FINDING, "属实", Finding.SUBSTANTIATED, State.FOUND),
        (Action.TAKE_MEASURES, "责令撤回", None, State.MEASURES_TAKEN),
        (Action.ANSWER, "答复", None, State.ANSWERED),
        (Action.CLOSE, "", None, State.CLOSED),
    ):
        finding = found or finding
        state = next_state(state, action, finding=finding, text=text)
        assert state == expected


@pytest.mark.parametrize("state", [s for s in State if s != State.ANSWERED])
def test_no_case_closes_except_from_answered(state):
    with pytest.raises(TransitionError):
        next_state(state, Action.CLOSE, finding=Finding.SUBSTANTIATED)


def test_an_answered_case_without_a_finding_cannot_close():
    with pytest.raises(TransitionError) as error:
        next_state(State.ANSWERED, Action.CLOSE, finding=None)
    assert error.value.message == NO_FINDING


def test_no_answer_without_a_finding():
    with pytest.raises(TransitionError) as error:
        next_state(State.MEASURES_TAKEN, Action.ANSWER, finding=None, text="答复")
    assert error.value.message == NO_FINDING


def test_a_substantiated_finding_needs_measures_before_the_answer_and_an_unsubstantiated_one_does_not():
    with pytest.raises(TransitionError) as error:
        next_state(State.FOUND, Action.ANSWER, finding=Finding.PARTLY, text="答复")
    assert error.value.message == MEASURES_FIRST
    assert next_state(State.FOUND, Action.ANSWER, finding=Finding.UNSUBSTANTIATED, text="不属实") == State.ANSWERED


@pytest.mark.parametrize(
    "state, action",
    [
        (State.RECEIVED, Action.NOT_ACCEPT),
        (State.INVESTIGATING, Action.RECORD_FINDING),
        (State.FOUND, Action.TAKE_MEASURES),
        (State.MEASURES_TAKEN, Action.ANSWER),
    ],
)
def test_reasons_facts_measures_and_answers_need_words(state, action):
    with pytest.raises(TransitionError) as error:
        next_state(state, action, finding=Finding.SUBSTANTIATED, text="  ")
    assert error.value.message == NEEDS_TEXT_MESSAGE


def test_a_review_of_an_answer_closes_the_case_or_sends_it_back_to_be_investigated():
    assert next_state(State.ANSWERED, Action.REQUEST_REVIEW) == State.REVIEWING
    assert next_state(State.REVIEWING, Action.UPHOLD, finding=Finding.PARTLY) == State.CLOSED
    assert next_state(State.REVIEWING, Action.REOPEN, finding=Finding.PARTLY) == State.INVESTIGATING


def test_a_review_of_a_refusal_to_accept_keeps_it_or_accepts_the_complaint():
    assert next_state(State.NOT_ACCEPTED, Action.REQUEST_REVIEW) == State.REVIEWING
    assert next_state(State.REVIEWING, Action.UPHOLD, finding=None) == State.NOT_ACCEPTED
    assert next_state(State.REVIEWING, Action.REOPEN, finding=None) == State.ACCEPTED


def test_a_refused_step_names_the_current_state_in_the_readers_language():
    with pytest.raises(TransitionError) as error:
        next_state(State.CLOSED, Action.ACCEPT)
    assert "已办结" in str(error.value)
    assert "closed!" in error.value.worded(lambda text: "closed!" if text == "已办结" else text)
