"""Photos, screenshots and scanned PDFs turned into images to read, refusing hostile files cheaply.

Every limit is checked before the work it protects: the file's size before anything, the pixel count
from the image header before a pixel is decoded (a 40 KB PNG can declare 30000×30000 pixels, 2.7 GB
once decoded), a PDF's page count from its page tree before any page is read. The kind is read from the
content (uploads.sniff), never from the name.

Scanned PDFs: the scan images are taken out of each page with pypdf (already a dependency, kept by an
active team) — a copier's or phone scanner's PDF is one image per page, which is all a PDF without a text
layer holds. Rendering pages (pypdfium2) would also read PDFs whose glyphs were drawn as vector outlines,
which we have not met in school notices; it can be added behind the same function if they turn up.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianfu.documents.uploads import MAX_BYTES, sniff

if TYPE_CHECKING:  # Pillow is imported where an image is opened: a web worker that only checks kinds skips it
    from PIL import Image

IMAGE_KINDS = frozenset({"png", "jpg", "webp", "heic"})
MAX_PIXELS = 40_000_000  # a 40 MP photo (iPhones save 12–24 MP): ~120 MB decoded
MAX_SCAN_PAGES = 20  # a notice is a few pages; each takes ~2 s to read
MAX_FILES = 20  # photos that make one notice
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_PDF_STREAM = 3 * MAX_PIXELS + 1024  # one decompressed image stream, RGB at the pixel limit
ACCEPTED = gettext_noop("JPEG、PNG、WebP、HEIC 照片或截图，或扫描的 PDF")


class ImageRefused(ValueError):
    """The photo or scan is refused before reading; the message names the file and the fix, in the reader's language."""


def is_image_or_scan(data: bytes) -> bool:
    """Whether these bytes need recognition: a photo or screenshot, or a PDF without a text layer."""
    kind = sniff(data)
    if kind in IMAGE_KINDS:
        return True
    if kind == "pdf":
        from jianfu.gate.texts import pdf_has_text

        return not pdf_has_text(data)
    return False


def images_of_files(files: list[tuple[str, bytes]]) -> list[Image.Image]:
    """The images of several files that make one notice, in the order given, within total limits."""
    if not files:
        raise ImageRefused(_("没有收到照片；请选择通知的照片、截图或扫描件"))
    if len(files) > MAX_FILES:
        raise ImageRefused(
            _("一次上传了 {count} 个文件，超过 {limit} 个的上限；请只上传通知本身的几张照片").format(
                count=len(files), limit=MAX_FILES
            )
        )
    total = sum(len(data) for _, data in files)
    if total > MAX_TOTAL_BYTES:
        raise ImageRefused(
            _("文件共 {size:.0f} MB，超过 {limit} MB 的上限；请减少照片或降低分辨率后上传").format(
                size=total / 1024 / 1024, limit=MAX_TOTAL_BYTES // 1024 // 1024
            )
        )
    images: list[Image.Image] = []
    for name, data in files:
        images.extend(images_of(name, data))
        if len(images) > MAX_SCAN_PAGES:
            raise ImageRefused(
                _("照片和扫描页共超过 {limit} 页的上限（到「{name}」为止）；请只上传通知正文的几页").format(
                    limit=MAX_SCAN_PAGES, name=name
                )
            )
    return images


def images_of(name: str, data: bytes) -> list[Image.Image]:
    """The images in one file: the photo itself (turned upright as the camera recorded), or a scan's pages."""
    if not data:
        raise ImageRefused(_("文件「{name}」是空的；请重新选择").format(name=name))
    if len(data) > MAX_BYTES:
        raise ImageRefused(
            _("文件「{name}」超过 {limit} MB；请降低照片分辨率或拆分扫描件后上传").format(
                name=name, limit=MAX_BYTES // 1024 // 1024
            )
        )
    kind = sniff(data)
    if kind in IMAGE_KINDS:
        return [_decoded(name, _opened(name, data, kind))]
    if kind == "pdf":
        return _scan_pages(name, data)
    raise ImageRefused(
        _("文件「{name}」不是可识别的图片或扫描件；请上传 {accepted}").format(name=name, accepted=_(ACCEPTED))
    )


def _opened(name: str, data: bytes, kind: str) -> Image.Image:
    """The image with only its header read; its size is checked before any decoding."""
    from PIL import Image

    if kind == "heic":
        import pillow_heif  # only where a HEIC photo arrives

        pillow_heif.register_heif_opener()
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels(name, None) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(
            _("文件「{name}」已损坏，无法读取（{error}）；请重新拍照或截图后上传").format(
                name=name, error=type(error).__name__
            )
        ) from None
    _check_pixels(name, image.width, image.height)
    return image


def _check_pixels(name: str, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(name, (width, height))


def _too_many_pixels(name: str, size: tuple[int, int] | None) -> ImageRefused:
    declared = _("声明了 {width}×{height} 像素，").format(width=size[0], height=size[1]) if size else _("像素过多，")
    return ImageRefused(
        _(
            "图片「{name}」{declared}超过 {limit} 百万像素的上限，可能是恶意构造的文件；请用手机正常拍照或截图后上传"
        ).format(name=name, declared=declared, limit=MAX_PIXELS // 1_000_000)
    )


def _decoded(name: str, image: Image.Image) -> Image.Image:
    from PIL import Image, ImageOps

    try:
        image.load()
        return ImageOps.exif_transpose(image).convert("RGB")
    except Image.DecompressionBombError:
        raise _too_many_pixels(name, None) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(
            _("图片「{name}」不完整或已损坏（{error}）；请重新拍照或截图后上传").format(
                name=name, error=type(error).__name__
            )
        ) from None


def _scan_pages(name: str, data: bytes) -> list[Image.Image]:
    """Each page's largest image. The page count comes from the page tree's /Count, which pypdf reads
    without visiting the pages; a tree that lies about it is caught while walking."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = {
        "zlib_maximum_output_length": MAX_PDF_STREAM,
        "lzw_maximum_output_length": MAX_PDF_STREAM,
        "run_length_maximum_output_length": MAX_PDF_STREAM,
        "page_tree_maximum_entries": 10_000,
    }
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ImageRefused(_("文件「{name}」是加密的 PDF；请取消密码后上传").format(name=name))
            _check_pages(name, len(reader.pages))
            pages = []
            for number, page in enumerate(reader.pages, 1):
                _check_pages(name, number)
                pages.append(_page_image(name, number, page))
            return pages
    except ImageRefused:
        raise
    except LimitReachedError:
        raise ImageRefused(
            _("文件「{name}」超出处理上限（解压后的内容过大），可能是恶意构造的文件；请重新扫描后上传").format(
                name=name
            )
        ) from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise ImageRefused(
            _("文件「{name}」已损坏，无法读取（{error}）；请重新扫描后上传").format(
                name=name, error=type(error).__name__
            )
        ) from None


def _check_pages(name: str, pages: int) -> None:
    if pages > MAX_SCAN_PAGES:
        raise ImageRefused(
            _("扫描件「{name}」有 {pages:,} 页，超过 {limit} 页的上限；请只扫描通知正文的几页").format(
                name=name, pages=pages, limit=MAX_SCAN_PAGES
            )
        )


def _page_image(name: str, number: int, page) -> Image.Image:
    """The page's largest image, its declared size checked before pypdf decodes the stream."""
    resources = page.get("/Resources") or {}
    objects = resources.get("/XObject") or {}
    candidates = []
    for key in objects:
        xobject = objects[key].get_object()
        if xobject.get("/Subtype") == "/Image":
            width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
            _check_pixels(_("{name} 第 {number} 页").format(name=name, number=number), width, height)
            candidates.append((width * height, key))
    if not candidates:
        raise ImageRefused(
            _("扫描件「{name}」第 {number} 页没有图像可以识别；请重新扫描，或粘贴通知文字").format(
                name=name, number=number
            )
        )
    from PIL import ImageOps

    key = max(candidates)[1]
    image = next(found.image for found in page.images if found.name.lstrip("/").startswith(key.lstrip("/")))
    return ImageOps.exif_transpose(image).convert("RGB")
