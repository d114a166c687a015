"""What the store keeps of a filer: for an anonymous filing nothing that points to them (no account, no time
of day, no file name, no photo metadata, neither receipt nor passphrase in clear) in any table the filing
writes; for a named one, the identity only encrypted and no account link anywhere."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from PIL import Image

from jianfu.complaints.models import ComplaintEvidence
from jianfu.complaints.services import filer_reply, track
from tests.complaints.helpers import PASSPHRASE, filed

pytestmark = pytest.mark.django_db

ARTIST = "Zhang Laoshi of Xixiu No.1"
DEVICE_NAME = "IMG_20251009_zhanglaoshi.jpg"
WRITTEN = ("complaints", "deadlines", "audit", "django_tasks_database")


def photo_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "gray")
    exif = Image.Exif()
    exif[0x013B] = ARTIST  # Artist
    exif[0x010F] = "Phone Maker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    assert ARTIST.encode() in out.getvalue()
    return out.getvalue()


def all_rows() -> set[str]:
    """Every row of every table of the apps a filing writes to, as text."""
    rows = set()
    for label in WRITTEN:
        for model in apps.get_app_config(label).get_models():
            rows |= {f"{model.__name__}: {row!r}" for row in model.objects.values()}
    return rows


def written_by(action) -> str:
    """The rows `action` wrote (those there before it, such as the world's own audit events, left out)."""
    before = all_rows()
    action()
    return "\n".join(sorted(all_rows() - before))


def user_links(user) -> list[str]:
    """Every foreign key to the user model, in the written apps, that points at `user`."""
    found = []
    for label in WRITTEN:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                to_user = isinstance(field, models.ForeignKey) and field.related_model is get_user_model()
                if to_user and model.objects.filter(**{field.name: user}).exists():
                    found.append(f"{model.__name__}.{field.name}")
    return found


def test_an_anonymous_filing_stores_no_file_name_no_photo_metadata_no_receipt_and_no_passphrase(world):
    filings = []
    written = written_by(lambda: filings.append(filed(world, evidence=[(DEVICE_NAME, photo_with_exif())])))
    filing = filings[0]
    assert "complaint.file" in written  # the search covers what the filing wrote
    for secret in (DEVICE_NAME, "zhanglaoshi", ARTIST, PASSPHRASE, filing.receipt, filing.receipt.replace("-", "")):
        assert secret not in written
    evidence = ComplaintEvidence.objects.get()
    stored = evidence.file.read()
    assert ARTIST.encode() not in stored and b"Phone Maker" not in stored and b"Exif" not in stored
    assert evidence.kind == "jpg" and "zhang" not in evidence.file.name


def test_the_complaints_records_keep_days_never_times(world):
    for model in apps.get_app_config("complaints").get_models():
        times = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        assert times == [], model.__name__


def test_an_anonymous_filing_and_reply_link_no_account_but_the_investigators_notices(world):
    filing = filed(world)
    filer_reply(track(filing.receipt, PASSPHRASE), "补充：通知是 10 月 9 日发的。")
    linked = {user.username: user_links(user) for user in get_user_model().objects.all() if user_links(user)}
    assert linked == {"county_officer": ["Notification.recipient"]}


def test_a_named_filing_keeps_no_name_and_no_account_link_in_clear(world):
    filings = []

    def named_filing_and_reply():
        filings.append(filed(world, filer=world.teacher).complaint)
        filer_reply(filings[0], "我是实名举报人，愿意配合调查。")

    written = written_by(named_filing_and_reply)
    complaint = filings[0]
    assert world.xixiu_teacher.name not in written
    assert "'teacher'" not in written and '"teacher"' not in written  # the account name, as a stored value
    assert user_links(world.teacher) == []
    assert complaint.identity_cipher and complaint.filer_digest
