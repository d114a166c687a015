"""Settings come from the environment, strictly; production settings pass Django's deploy check."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from jianfu.config.env import env_bool, env_int, env_list


def test_a_boolean_that_is_not_one_stops_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


def test_a_number_that_is_not_one_stops(monkeypatch):
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT"):
        env_int("AXES_FAILURE_LIMIT", 5)


def test_an_empty_host_in_a_list_stops(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("ALLOWED_HOSTS", [])


def run_manage(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    # The test settings loosen these for plain-HTTP test servers; production must not inherit that.
    loosened = (
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    env = {k: v for k, v in os.environ.items() if k not in loosened}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run_manage(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f3",
            "ALLOWED_HOSTS": "jianfu.example.gov.cn",
            "JIANFU_VAR_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_database_url_stops_the_platform_with_the_variable_named(tmp_path):
    result = run_manage({"DATABASE_URL": "nonsense://", "JIANFU_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_an_unknown_cache_backend_stops_the_platform(tmp_path):
    result = run_manage({"CACHE_BACKEND": "redis", "JIANFU_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0 and "CACHE_BACKEND='redis'" in result.stderr
