"""`jianfu backup` and `jianfu restore`: the test world, with an uploaded file, backed up here and restored by
the console command into a fresh database (a new SQLite file; on PostgreSQL a second database on the same
server), where every table has the same count and the audit chain verifies."""

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit
from zipfile import ZipFile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from jianfu.registry.sharing import attachment_add
from tests.registry.conftest import filed

JIANFU = Path(sys.executable).with_name("jianfu")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world_with_an_upload(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        demand = filed(world)
        attachment = attachment_add(acting_user=world.department_clerk, demand=demand, name="通知.pdf", data=PDF)
    return attachment


@pytest.fixture
def empty_database_url(tmp_path):
    """A fresh, empty database beside the test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"jianfu_restore_{uuid.uuid4().hex[:12]}"
    server = django_settings.DATABASES["default"]
    admin = {"host": server["HOST"], "port": server["PORT"], "user": server["USER"], "password": server["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def jianfu(*args: str, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    """The console command in a process of its own, with its own database and folders but the same keys."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
        "DATABASE_URL": database_url,
        "JIANFU_VAR_DIR": str(var_dir),
        "JIANFU_MEDIA_DIR": str(var_dir / "media"),
        "JIANFU_AUDIT_KEY": django_settings.AUDIT_KEY,
        "JIANFU_FIELD_KEY": django_settings.FIELD_ENCRYPTION_KEY,
        "SECRET_KEY": django_settings.SECRET_KEY,
    }
    return subprocess.run([str(JIANFU), *args], env=env, capture_output=True, text=True, timeout=600)


def manifest_of(path: Path) -> dict:
    with ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_a_backup_restores_into_an_empty_database_with_the_same_counts_and_files(
    world_with_an_upload, empty_database_url, tmp_path
):
    backup = tmp_path / "jianfu.zip"
    call_command("backup", "--output", str(backup), stdout=StringIO())
    original = manifest_of(backup)
    assert original["counts"]["registry.attachment"] == 1 and original["counts"]["audit.auditevent"] > 10
    assert original["counts"]["registry.demand_target_counties"] == 1  # many-to-many links travel as rows

    var_dir = tmp_path / "restored-var"
    restored = jianfu("restore", str(backup), database_url=empty_database_url, var_dir=var_dir)
    assert restored.returncode == 0, restored.stderr
    assert "已恢复" in restored.stdout and "审计链完整" in restored.stdout

    verified = jianfu("audit", "verify", "--json", database_url=empty_database_url, var_dir=var_dir)
    assert json.loads(verified.stdout)["ok"] is True, verified.stderr
    again = tmp_path / "again.zip"
    copied = jianfu("backup", "--output", str(again), database_url=empty_database_url, var_dir=var_dir)
    assert copied.returncode == 0, copied.stderr
    assert manifest_of(again)["counts"] == original["counts"]
    assert (var_dir / "media" / world_with_an_upload.file.name).read_bytes() == PDF

    refused = jianfu("restore", str(backup), database_url=empty_database_url, var_dir=tmp_path / "other-var")
    assert refused.returncode == 1 and "不是空的" in refused.stderr


def test_restore_refuses_a_database_that_is_not_empty(world_with_an_upload, tmp_path):
    backup = tmp_path / "jianfu.zip"
    call_command("backup", "--output", str(backup), stdout=StringIO())
    with pytest.raises(CommandError, match=r"未恢复：数据库 .* 不是空的.*请新建一个空数据库"):
        call_command("restore", str(backup), stdout=StringIO())


def test_restore_refuses_other_keys_than_the_backups(world_with_an_upload, tmp_path, settings):
    backup = tmp_path / "jianfu.zip"
    call_command("backup", "--output", str(backup), stdout=StringIO())
    settings.AUDIT_KEY = "not the key of the backup"
    with pytest.raises(CommandError, match="当前的 JIANFU_AUDIT_KEY 与备份时的不同"):
        call_command("restore", str(backup), stdout=StringIO())


def test_restore_explains_a_file_that_is_not_a_backup(db, tmp_path):
    not_a_backup = tmp_path / "notes.zip"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="不是 jianfu backup 写出的备份文件"):
        call_command("restore", str(not_a_backup), stdout=StringIO())
