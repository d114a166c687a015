"""Evidence loses what it says about its maker before it is stored: a photo's EXIF (camera, serial
number, GPS position, time), XMP and ICC profile; a document's author, last editor, company, template
path, comment authors and timestamps. A filer who photographs a notice on their own phone must not be
found by the phone's position in the picture.

Images are not edited tag by tag but re-encoded from their pixels alone: whatever a camera or an editor
wrote beside the pixels (known tags or not) cannot survive, since nothing but the pixels is copied.
The photo is first turned upright by its orientation tag, which goes with the rest.
Documents keep their content: the properties parts are emptied, comment and revision authors blanked,
images inside them re-encoded like photos, and the zip's own timestamps set to one fixed date.

`clean(kind, data)` takes the kind that `documents.uploads.check_upload` read from the content.
What it cannot read raises UploadRejected (Chinese, naming the fix): a file that is not what its first
bytes claim is refused rather than stored as it came.

PIL and pypdf are imported by the functions that use them: a complaint's page imports this module, and pypdf
alone is ~27 MiB that a web worker should carry only once it cleans a PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianfu.documents.uploads import UploadRejected

if TYPE_CHECKING:
    from PIL import Image

IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
OFFICE_KINDS = ("docx", "xlsx")
JPEG_QUALITY = 90  # a notice photographed must stay legible; 90 keeps small print sharp
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: it says nothing of when the file was made

UNREADABLE = gettext_noop("证据文件无法读取（文件可能已损坏或不完整）；请重新拍照或重新导出后再上传")
ENCRYPTED_PDF = gettext_noop("证据 PDF 设有打开密码，无法去除其中的个人信息；请去掉密码后再上传")

CORE_EMPTY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
APP_EMPTY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
CUSTOM_EMPTY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)
EMPTIED_PARTS = {"docProps/core.xml": CORE_EMPTY, "docProps/app.xml": APP_EMPTY, "docProps/custom.xml": CUSTOM_EMPTY}
# Who wrote a comment or a tracked change (Word: w:author, w:initials; newer parts: w15:author and
# the people part's w15:userId / providerId; Excel's threaded comments: displayName, userId).
AUTHOR_ATTRIBUTES = re.compile(rb'\b((?:w15:|w:)?(?:author|initials|userId|providerId|displayName))="[^"]*"')
# Excel's legacy comments list their authors as elements; a workbook remembers the folder it was saved in.
AUTHOR_ELEMENTS = re.compile(rb"<author>[^<]*</author>")
SAVED_PATH = re.compile(rb"<x15ac:absPath\b[^>]*/>")
# A tracked change or comment carries the minute it was made (w:date): with the author gone, the time is
# still a trace of someone's working day.
CHANGE_DATES = re.compile(rb'\b(w:date|w16cex:dateUtc|dT)="[^"]*"')


def clean(kind: str, data: bytes) -> bytes:
    """`data` of the given kind without its metadata (the content kept)."""
    if kind in IMAGE_FORMATS:
        return clean_image(data, IMAGE_FORMATS[kind])
    if kind == "pdf":
        return clean_pdf(data)
    if kind in OFFICE_KINDS:
        return clean_office(data)
    raise UploadRejected(_(UNREADABLE))


def clean_image(data: bytes, format_name: str) -> bytes:
    """The pixels alone, upright, encoded again in the same format (the first frame of an animation)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise UploadRejected(_(UNREADABLE)) from error
    pixels = _pixels_only(upright, format_name)
    out = io.BytesIO()
    if format_name == "JPEG":
        pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    elif format_name == "WEBP":
        pixels.save(out, format="WEBP", quality=JPEG_QUALITY)
    else:
        pixels.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _pixels_only(image: Image.Image, format_name: str) -> Image.Image:
    """A new image holding only `image`'s pixels: no info dictionary, no EXIF, no ICC profile, no text."""
    from PIL import Image

    keeps_alpha = format_name != "JPEG" and (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info)
    mode = "RGBA" if keeps_alpha else ("L" if image.mode in ("1", "L", "I;16", "I", "F") else "RGB")
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def clean_pdf(data: bytes) -> bytes:
    """The pages, without the document information dictionary and without any XMP metadata stream (on
    the catalog, on a page or on an image)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRejected(_(ENCRYPTED_PDF))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None
        for page in writer.pages:
            _drop_metadata(page, seen=set())
        out = io.BytesIO()
        writer.write(out)
    except UploadRejected:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        raise UploadRejected(_(UNREADABLE)) from error
    return out.getvalue()


def _drop_metadata(obj, seen: set[int]) -> None:
    """Removes /Metadata and /PieceInfo (an editor's private data) from a page and everything it uses."""
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject

    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key in (NameObject("/Metadata"), NameObject("/PieceInfo")):
            obj.pop(key, None)
        for key, value in list(obj.items()):
            if key != "/Parent":  # up the page tree lies every other page: each is walked in its turn
                _drop_metadata(value, seen)
    elif isinstance(obj, list):
        for value in obj:
            _drop_metadata(value, seen)


def clean_office(data: bytes) -> bytes:
    """A .docx or .xlsx with its properties emptied, its comment and change authors blanked, its images
    re-encoded and every entry dated ZIP_DATE."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                part = _clean_part(entry.filename, source.read(entry))
                info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, part)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as error:
        raise UploadRejected(_(UNREADABLE)) from error
    return out.getvalue()


def _clean_part(name: str, part: bytes) -> bytes:
    if name in EMPTIED_PARTS:
        return EMPTIED_PARTS[name]
    lowered = name.lower()
    if "/media/" in lowered:
        for extension, format_name in (("jpg", "JPEG"), ("jpeg", "JPEG"), ("png", "PNG")):
            if lowered.endswith("." + extension):
                return clean_image(part, format_name)
        return part
    if lowered.endswith((".xml", ".rels")):
        part = AUTHOR_ATTRIBUTES.sub(lambda match: match.group(1) + b'=""', part)
        part = AUTHOR_ELEMENTS.sub(b"<author></author>", part)
        part = CHANGE_DATES.sub(lambda match: match.group(1) + b'="2000-01-01T00:00:00Z"', part)
        part = SAVED_PATH.sub(b"", part)
    return part
