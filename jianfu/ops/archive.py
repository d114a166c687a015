"""What a backup holds and how its parts are named: shared by `backup.py` (writing) and `restore.py` (reading).

A backup is one zip file, the same for SQLite and PostgreSQL:
  data/<app>.<model>.jsonl   every row of every table (Django's JSON-lines serialization, primary keys kept;
                             many-to-many links as rows of their own tables), streamed row by row
  media/<path>               every uploaded file under MEDIA_ROOT
  manifest.json              format, time, the applied migrations (the schema version), the row count per
                             table, the SHA-256 of every member, and a check value of each key (never the key)
"""

import datetime
import hashlib
import hmac

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.migrations.loader import MigrationLoader

FORMAT = "jianfu-backup/1"
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK = 1024 * 1024
# Sessions are sign-ins, not records: a restored platform starts with everyone signed out.
SKIPPED_APPS = {"sessions"}


def backed_up_models() -> list:
    """Every table the platform owns, including the link tables of many-to-many fields."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.app_label not in SKIPPED_APPS
    ]


def data_member(model) -> str:
    return f"{DATA_DIR}{model._meta.label_lower}.jsonl"


def code_migrations() -> list[str]:
    """Every migration this version of the code has: the schema version a backup must match."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes)


def key_checks() -> dict[str, str]:
    """A value that tells whether the keys in force are those of the backup, without revealing them: the
    audit chain verifies only under its key, and teacher ID numbers decrypt only under theirs."""

    def check(secret: str) -> str:
        return hmac.new(secret.encode(), b"jianfu-backup-key-check", hashlib.sha256).hexdigest()[:16]

    return {"JIANFU_AUDIT_KEY": check(settings.AUDIT_KEY), "JIANFU_FIELD_KEY": check(settings.FIELD_ENCRYPTION_KEY)}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restored copy must keep every microsecond
    (the audit chain's hashes cover them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class HashingWriter:
    """A binary stream that passes writes on and keeps their SHA-256 and size."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    # What io.TextIOWrapper asks of the stream it wraps.
    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return False
