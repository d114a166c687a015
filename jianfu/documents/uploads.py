"""Uploaded files: the type is read from the content, never trusted from the name; served back only as
downloads that no browser renders or runs."""

import hashlib
import io
import zipfile
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.http import FileResponse

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "png": "PNG 图片",
    "jpg": "JPEG 图片",
    "webp": "WebP 图片",
    "heic": "HEIC 照片",
}
# The brands of an ISO media file ("ftyp" box) that iPhones and Android phones write for HEIC photos.
HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


class UploadRejected(ValueError):
    """The file is refused; the message names the file and the fix, in Chinese."""


def sniff(data: bytes) -> str | None:
    """The file's real kind from its first bytes (and, for Office files, the parts inside the zip)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS:
        return "heic"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check_upload(name: str, data: bytes) -> str:
    """The kind of an acceptable upload, or UploadRejected saying why not."""
    if not data:
        raise UploadRejected(f"文件「{name}」是空的；请重新选择")
    if len(data) > MAX_BYTES:
        raise UploadRejected(f"文件「{name}」超过 {MAX_BYTES // 1024 // 1024} MB；请压缩或拆分后再上传")
    kind = sniff(data)
    if kind is None:
        allowed = "、".join(ALLOWED.values())
        raise UploadRejected(f"文件「{name}」的内容不是可接受的类型（只接受 {allowed}）；请另存为这些格式后上传")
    return kind


def store_upload(instance, data: bytes, kind: str) -> str:
    """Saves an accepted upload into the instance's `file` field, named by its content's digest
    (so the stored name reveals nothing of the original), and returns that digest."""
    digest = hashlib.sha256(data).hexdigest()
    instance.file.save(f"{digest[:16]}.{kind}", ContentFile(data), save=False)
    return digest


# What a browser must do with a file someone uploaded: save it (attachment), not guess its type (nosniff),
# and, should it open it anyway, run nothing in it and give it no origin (a sandbox without allowances:
# no scripts, forms, plugins or same-origin access). A PDF can carry JavaScript and a polyglot can pass
# for HTML: neither may ever be rendered inline under the platform's address.
SANDBOX = "sandbox"
DOWNLOAD_TYPE = "application/octet-stream"


def download_name(name: str, kind: str) -> str:
    """The name to save a download under: the uploader's name, but always the extension of the kind read
    from the content (so that "通知.html" holding a PDF is saved as "通知.pdf")."""
    stem = PurePath(name.replace("\\", "/")).name.rsplit(".", 1)[0].strip() or "file"
    return f"{stem}.{kind}"


def upload_response(stored, *, name: str, kind: str) -> FileResponse:
    """An uploaded file (a FieldFile) as a sandboxed download. Every view that serves uploaded bytes
    (attachments, inspection results, refusal evidence) returns this."""
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=download_name(name, kind), content_type=DOWNLOAD_TYPE
    )
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    return response
