"""Getting the text of a notice out of what a principal has: pasted text, .txt, .docx or .pdf."""

import io
import zipfile

from docx import Document
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from jianfu.documents.uploads import MAX_BYTES, sniff

MIN_CHINESE_SHARE = 0.2


class NoticeUnreadable(ValueError):
    """The notice cannot be screened; the message says why and what to do, in Chinese."""


def notice_text(name: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise NoticeUnreadable(f"文件「{name}」超过 {MAX_BYTES // 1024 // 1024} MB；请只上传通知正文")
    kind = sniff(data)
    if kind == "docx":
        text = _docx_text(name, data)
    elif kind == "pdf":
        text = _pdf_text(name, data)
    elif kind is None and not data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise NoticeUnreadable(f"文件「{name}」不是可读的文本；请上传 txt、docx 或 pdf") from None
    else:
        raise NoticeUnreadable(f"文件「{name}」不是 txt、docx 或 pdf（加密的 Word 文件请先取消密码）；请另存后上传")
    return checked_text(text)


def checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise NoticeUnreadable("通知内容是空的；请粘贴或上传通知全文")
    letters = [c for c in text if c.isalpha()]
    chinese = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    if letters and chinese / len(letters) < MIN_CHINESE_SHARE:
        raise NoticeUnreadable("通知不是中文，无法按减负清单审查；请提供中文通知原文")
    return text


def _docx_text(name: str, data: bytes) -> str:
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NoticeUnreadable(f"文件「{name}」已损坏，无法读取（{type(error).__name__}）；请重新保存后上传") from None
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def _pdf_text(name: str, data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        text = "" if encrypted else "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise NoticeUnreadable(f"文件「{name}」已损坏，无法读取（{type(error).__name__}）；请重新保存后上传") from None
    if encrypted:
        raise NoticeUnreadable(f"文件「{name}」是加密的 PDF；请取消密码后上传，或粘贴通知文字")
    if not text.strip():
        raise NoticeUnreadable(f"文件「{name}」没有文字层（可能是扫描件），本系统不做文字识别（OCR）；请粘贴通知文字")
    return text
