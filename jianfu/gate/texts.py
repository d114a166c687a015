"""Getting the text of a notice out of what a principal has: pasted text, .txt, .docx or .pdf. Photos,
screenshots and scans are not read here: NeedsRecognition hands them to jianfu.ocr (in a worker)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from jianfu.documents.archives import ArchiveRefused, Budget, bounded_zip, parse_xml, read_member
from jianfu.documents.uploads import MAX_BYTES, sniff

if TYPE_CHECKING:  # lxml is imported where a .docx is read, not by every web worker
    from lxml import etree

MIN_CHINESE_SHARE = 0.2
# A notice is a few pages. These bounds are far above any real one and are checked before the work
# they protect, so a hostile file is refused in well under a second instead of tying up a worker.
MAX_TEXT_CHARS = 100_000
MAX_DOCX_UNZIPPED = 64 * 1024 * 1024  # every part of the .docx, images included
MAX_DOCX_PARAGRAPHS = 10_000
MAX_PDF_PAGES = 200
MAX_PDF_STREAM = 8 * 1024 * 1024  # one decompressed PDF stream (a page's content, a font...)


class NoticeUnreadable(ValueError):
    """The notice cannot be screened; the message says why and what to do, in Chinese."""


class NeedsRecognition(NoticeUnreadable):
    """A photo, screenshot or scanned PDF: its text must be recognised (OCR) before it can be screened.
    It carries the file so the caller can queue the recognition; its message is for callers that cannot."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data
        super().__init__(
            _("文件「{name}」是照片、截图或扫描件，需要先识别文字；请在审查页上传照片，或粘贴通知文字").format(
                name=name
            )
        )


IMAGE_KINDS = ("png", "jpg", "webp", "heic")


def notice_text(name: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise NoticeUnreadable(
            _("文件「{name}」超过 {limit} MB；请只上传通知正文").format(name=name, limit=MAX_BYTES // 1024 // 1024)
        )
    kind = sniff(data)
    if kind == "docx":
        text = _docx_text(name, data)
    elif kind == "pdf":
        text = _pdf_text(name, data)
        if not text.strip():
            raise NeedsRecognition(name, data)
    elif kind in IMAGE_KINDS:
        raise NeedsRecognition(name, data)
    elif kind is None and not data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise NoticeUnreadable(
                    _("文件「{name}」不是可读的文本；请上传 txt、docx 或 pdf").format(name=name)
                ) from None
    else:
        raise NoticeUnreadable(
            _("文件「{name}」不是 txt、docx 或 pdf，也不是照片（加密的 Word 文件请先取消密码）；请另存后上传").format(
                name=name
            )
        )
    return checked_text(text)


def checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise NoticeUnreadable(_("通知内容是空的；请粘贴或上传通知全文"))
    if len(text) > MAX_TEXT_CHARS:
        raise NoticeUnreadable(
            _("通知有 {count:,} 个字，超过 {limit:,} 字的上限；请只粘贴或上传通知正文，附件表格不必提供").format(
                count=len(text), limit=MAX_TEXT_CHARS
            )
        )
    if len(_CHINESE.findall(text)) >= MIN_CHINESE_SHARE * len(text):
        return text  # a share of all the characters already: of the letters too (counting them is slow)
    letters = [c for c in text if c.isalpha()]
    chinese = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    if letters and chinese / len(letters) < MIN_CHINESE_SHARE:
        raise NoticeUnreadable(_("通知不是中文，无法按减负清单审查；请提供中文通知原文"))
    return text


_CHINESE = re.compile("[\u4e00-\u9fff]")  # every one a letter (isalpha)
_PARAGRAPH = re.compile(rb"<(?:\w+:)?p[\s>/]")
_OFFICE_DOCUMENT = ("/officeDocument/2006/relationships/officeDocument", "/officeDocument/relationships/officeDocument")


def _docx_text(name: str, data: bytes) -> str:
    """The text of the main document part, read within bounds: sizes first, then paragraphs, then XML."""
    try:
        archive = bounded_zip(data, max_unzipped=MAX_DOCX_UNZIPPED)
        budget = Budget(MAX_DOCX_UNZIPPED)
        part = _main_part(archive, budget)
        xml = read_member(archive, part, budget)
        paragraphs = len(_PARAGRAPH.findall(xml))
        if paragraphs > MAX_DOCX_PARAGRAPHS:
            raise ArchiveRefused(
                _("有 {paragraphs:,} 个段落，超过 {limit:,} 段的上限；请只上传通知正文").format(
                    paragraphs=paragraphs, limit=MAX_DOCX_PARAGRAPHS
                )
            )
        return _paragraph_text(parse_xml(xml, part))
    except ArchiveRefused as refused:
        raise NoticeUnreadable(_("文件「{name}」{refused}").format(name=name, refused=refused)) from None


def _main_part(archive: zipfile.ZipFile, budget: Budget) -> str:
    """The part that `_rels/.rels` names as the document (word/document.xml in every file Word writes)."""
    relationships = parse_xml(read_member(archive, "_rels/.rels", budget), "_rels/.rels")
    for relationship in relationships:
        if relationship.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return relationship.get("Target", "").lstrip("/")
    raise ArchiveRefused(_("的 _rels/.rels 没有指明正文部件；文件不完整，请用 Office 或 WPS 重新保存后上传"))


def _paragraph_text(root: etree._Element) -> str:
    """Paragraphs in document order, tables included; tabs and line breaks kept, deleted text left out."""
    from lxml import etree

    lines, line = [], []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if event == "start" and tag == "t":
            line.append(element.text or "")
        elif event == "start" and tag == "tab":
            line.append("\t")
        elif event == "start" and tag in ("br", "cr"):
            line.append("\n")
        elif event == "end" and tag == "p":
            lines.append("".join(line))
            line = []
    return "\n".join(lines)


def pdf_has_text(data: bytes) -> bool:
    """Whether a PDF has a text layer worth screening (a damaged or hostile one counts as having one, so
    that notice_text, not the recogniser, answers it with its own message)."""
    try:
        return bool(_pdf_text("", data).strip())
    except NoticeUnreadable:
        return True


def _pdf_text(name: str, data: bytes) -> str:
    """The text layer, page by page: the page count is checked first, each decompressed stream and the
    parsing work per page are bounded (pypdf's limits, lowered), and reading stops at MAX_TEXT_CHARS.
    An empty string for a PDF without one (a scan). pypdf is imported here, not by every web worker."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = {
        "zlib_maximum_output_length": MAX_PDF_STREAM,
        "lzw_maximum_output_length": MAX_PDF_STREAM,
        "run_length_maximum_output_length": MAX_PDF_STREAM,
        "brotli_maximum_output_length": MAX_PDF_STREAM,
        "array_based_stream_maximum_output_length": MAX_PDF_STREAM,
        "stream_parsing_work_maximum_count": 200_000,
        "xform_maximum_invocations_per_extraction": 200,
        "page_tree_maximum_entries": 10_000,
    }
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise NoticeUnreadable(
                    _("文件「{name}」是加密的 PDF；请取消密码后上传，或粘贴通知文字").format(name=name)
                )
            pages = len(reader.pages)
            if pages > MAX_PDF_PAGES:
                raise NoticeUnreadable(
                    _("文件「{name}」有 {pages:,} 页，超过 {limit} 页的上限；请只上传通知正文的几页").format(
                        name=name, pages=pages, limit=MAX_PDF_PAGES
                    )
                )
            text, length = [], 0
            for page in reader.pages:
                # Inflating the content first raises LimitReachedError, which text extraction would swallow.
                page.get_contents()
                text.append(page.extract_text() or "")
                length += len(text[-1])
                if length > MAX_TEXT_CHARS:
                    break
    except NoticeUnreadable:
        raise
    except LimitReachedError:
        raise NoticeUnreadable(
            _(
                "文件「{name}」超出处理上限（解压后的内容、页面或对象过多），可能是恶意构造的文件；请另存为普通 PDF 或粘贴通知文字"
            ).format(name=name)
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise NoticeUnreadable(
            _("文件「{name}」已损坏，无法读取（{error}）；请重新保存后上传").format(
                name=name, error=type(error).__name__
            )
        ) from None
    return "\n".join(text)
