"""`jianfu backup --output FILE`: the database and the uploaded files in one zip, streamed table by table."""

import io
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from django.conf import settings
from django.core import serializers
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from jianfu.ops.archive import (
    CHUNK,
    FORMAT,
    MANIFEST,
    MEDIA_DIR,
    ExactJSONEncoder,
    HashingWriter,
    backed_up_models,
    code_migrations,
    data_member,
    key_checks,
)


class BackupRefused(Exception):
    """The database cannot be backed up as it is; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    tables: int
    media_files: int


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup_create(output: Path) -> BackupSummary:
    """Write the backup next to `output` and move it into place only when complete, so a failed run
    never leaves a file that looks like a backup."""
    migrations = applied_migrations()
    if migrations != code_migrations():
        raise BackupRefused("数据库的结构与本程序不一致（有未执行或多余的迁移）；请先运行 jianfu migrate 再备份")
    partial = output.with_name(output.name + ".partial")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "keys": key_checks(),
        "counts": {},
        "members": {},
    }
    try:
        with ZipFile(partial, "w", compression=ZIP_DEFLATED, allowZip64=True) as archive:
            with _one_snapshot():
                for model in backed_up_models():
                    name = data_member(model)
                    manifest["counts"][model._meta.label_lower] = _write_table(archive, name, model, manifest)
            media_files = _write_media(archive, manifest)
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(output, sum(manifest["counts"].values()), len(manifest["counts"]), media_files)


@contextmanager
def _one_snapshot():
    """Every table read in one transaction, so the backup is one moment of the database. PostgreSQL needs
    REPEATABLE READ for that (by default each query sees a newer moment); on SQLite the transaction holds
    the write lock, so writers wait while the backup reads."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _write_table(archive: ZipFile, name: str, model, manifest: dict) -> int:
    fields = [field.name for field in model._meta.local_fields if not field.primary_key]
    rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
    counter = _Counted(rows)
    with archive.open(name, "w", force_zip64=True) as member:
        hashing = HashingWriter(member)
        text = io.TextIOWrapper(hashing, encoding="utf-8", newline="\n")
        serializers.serialize("jsonl", counter, stream=text, fields=fields, cls=ExactJSONEncoder)
        text.flush()
        text.detach()
    manifest["members"][name] = {"sha256": hashing.digest.hexdigest(), "size": hashing.size}
    return counter.count


class _Counted:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _write_media(archive: ZipFile, manifest: dict) -> int:
    root = Path(settings.MEDIA_ROOT)
    files = sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
    for path in files:
        name = MEDIA_DIR + path.relative_to(root).as_posix()
        with path.open("rb") as source, archive.open(name, "w", force_zip64=True) as member:
            hashing = HashingWriter(member)
            while chunk := source.read(CHUNK):
                hashing.write(chunk)
        manifest["members"][name] = {"sha256": hashing.digest.hexdigest(), "size": hashing.size}
    return len(files)
