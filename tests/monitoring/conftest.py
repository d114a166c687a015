"""A teacher's phone answering the survey (the log records come from tests/conftest.py `logs`): what the survey's page and API
tests use to show that nothing of who answered is kept."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client, override_settings

from tests.complaints import test_anonymity as anonymity


@pytest.fixture
def agent() -> str:
    return f"JianfuSurveyProbe/{uuid.uuid4().hex} (Linux; Android 14; Phone 2024)"


@pytest.fixture
def sender(agent):
    """A phone behind the trusted proxy, as in the complaints' anonymity test."""
    with override_settings(JIANFU_TRUSTED_PROXIES=[anonymity.PROXY]):
        yield Client(
            REMOTE_ADDR=anonymity.PROXY,
            HTTP_X_FORWARDED_FOR=f"{anonymity.ADDRESS}, {anonymity.PROXY}",
            HTTP_USER_AGENT=agent,
        )


@pytest.fixture
def in_the_autumn_wave():
    with time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield
