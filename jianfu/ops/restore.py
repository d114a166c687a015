"""`jianfu restore FILE`: a backup loaded into the empty database that DATABASE_URL names.

Order: read and check the manifest (format, schema version, keys), refuse a database that has tables and
a media folder that has files, check every member's SHA-256, create the schema (migrate), then in one
transaction empty what the migrations seeded, load every table with its primary keys, check foreign keys,
move sequences past the loaded keys and compare each table's count with the manifest; then unpack the
uploaded files. Rows are inserted raw (no `save()`, no signals, `auto_now` left alone), in batches.
"""

import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from itertools import batched
from pathlib import Path, PurePosixPath
from zipfile import BadZipFile, ZipFile

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from jianfu.ops.archive import CHUNK, DATA_DIR, FORMAT, MANIFEST, MEDIA_DIR, code_migrations, key_checks

BATCH = 1000


class RestoreRefused(Exception):
    """Nothing was restored; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreSummary:
    rows: int
    tables: int
    media_files: int


def restore_from(path: Path, *, log=lambda message: None) -> RestoreSummary:
    archive = _open(path)
    with archive:
        manifest = _manifest(archive, path)
        _refuse_unless_same_schema_and_keys(manifest)
        _refuse_unless_empty()
        log("核对备份文件的校验和…")
        _check_members(archive, manifest)
        log("建立数据库结构（migrate）…")
        call_command("migrate", interactive=False, verbosity=0)
        log("写入数据…")
        rows = _load_tables(archive, manifest)
        log("恢复上传的文件…")
        media_files = _unpack_media(archive, manifest)
    return RestoreSummary(rows, len(manifest["counts"]), media_files)


def _open(path: Path) -> ZipFile:
    try:
        return ZipFile(path)
    except FileNotFoundError:
        raise RestoreRefused(f"备份文件 {path} 不存在；请给出 jianfu backup 写出的文件") from None
    except BadZipFile:
        raise RestoreRefused(f"{path} 不是 jianfu backup 写出的备份文件（不是 zip 文件，或已损坏）") from None


def _manifest(archive: ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise RestoreRefused(f"{path} 缺少可读的 {MANIFEST}：它不是完整的 jianfu 备份") from None
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{path} 的格式是 {manifest.get('format')!r}，本程序只认 {FORMAT}")
    return manifest


def _refuse_unless_same_schema_and_keys(manifest: dict) -> None:
    if manifest["migrations"] != code_migrations():
        theirs, ours = set(manifest["migrations"]), set(code_migrations())
        differences = "、".join(sorted(theirs ^ ours)[:5])
        raise RestoreRefused(
            f"备份的数据库结构与本程序的版本不同（不同的迁移：{differences}）；"
            "请用生成备份的那个版本恢复，再升级并运行 jianfu migrate"
        )
    ours = key_checks()
    for name, check in manifest["keys"].items():
        if ours.get(name) != check:
            raise RestoreRefused(
                f"当前的 {name} 与备份时的不同：恢复后{'审计链无法核对' if 'AUDIT' in name else '教师身份证号无法解密'}；"
                f"请把 {name} 设为备份时的密钥再恢复"
            )


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        name = settings.DATABASES["default"]["NAME"]
        raise RestoreRefused(
            f"数据库 {name} 不是空的（已有 {len(tables)} 张表，如 {', '.join(sorted(tables)[:3])}）；"
            "恢复只写入空数据库：请新建一个空数据库，让 DATABASE_URL 指向它再恢复"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(path.is_file() for path in media.rglob("*")):
        raise RestoreRefused(f"上传文件目录 {media} 里已有文件；请换一个空目录（JIANFU_MEDIA_DIR）或清空它再恢复")


def _check_members(archive: ZipFile, manifest: dict) -> None:
    present = set(archive.namelist()) - {MANIFEST}
    if present != set(manifest["members"]):
        raise RestoreRefused("备份文件的内容与清单不符（缺少或多出文件）：备份不完整，请换一份")
    for name, expected in manifest["members"].items():
        digest = hashlib.sha256()
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise RestoreRefused(f"备份中的 {name} 校验和不符：文件已损坏或被改动，请换一份备份")


def _load_tables(archive: ZipFile, manifest: dict) -> int:
    loaded = {}
    with transaction.atomic():
        _empty_what_migrations_seeded(manifest)
        with connection.constraint_checks_disabled():
            for name in sorted(n for n in manifest["members"] if n.startswith(DATA_DIR)):
                loaded.update(_load_member(archive, name))
        models = [_model(label) for label in manifest["counts"]]
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        for label, expected in manifest["counts"].items():
            found = _model(label)._base_manager.count()
            if found != expected:
                raise RestoreRefused(f"表 {label} 恢复后有 {found} 行，备份中有 {expected} 行：已全部撤销")
    return sum(loaded.values())


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _empty_what_migrations_seeded(manifest: dict) -> None:
    """Migrations create rows (content types, permissions, the audit head): the backup's own rows replace them."""
    tables = [_model(label)._meta.db_table for label in manifest["counts"]]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))


def _load_member(archive: ZipFile, name: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    with archive.open(name) as member:
        objects = serializers.deserialize("jsonl", io.TextIOWrapper(member, encoding="utf-8"))
        for batch in batched((item.object for item in objects), BATCH):
            model = type(batch[0])
            fields = model._meta.local_concrete_fields
            model._base_manager._insert(list(batch), fields=fields, raw=True)
            counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + len(batch)
    return counts


def _unpack_media(archive: ZipFile, manifest: dict) -> int:
    root = Path(settings.MEDIA_ROOT).resolve()
    names = [name for name in manifest["members"] if name.startswith(MEDIA_DIR)]
    for name in names:
        relative = PurePosixPath(name[len(MEDIA_DIR) :])
        target = (root / relative).resolve()
        if relative.is_absolute() or ".." in relative.parts or not target.is_relative_to(root):
            raise RestoreRefused(f"备份中的 {name} 指向上传目录之外：拒绝写入")
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(name) as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
    return len(names)
