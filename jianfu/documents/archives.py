"""Office files are zip archives of XML: opened only within bounds, and parsed without entity expansion.

A small upload can hold a huge archive (a "zip bomb": 400 KB expanding to 400 MB of XML) or XML that
expands itself ("billion laughs"). Both are refused here, before any parser sees them: the members'
declared sizes must add up to no more than a limit, the bytes actually inflated are counted against
the same limit (a member may lie about its size), and no part may declare a DTD (Office files never
do; a DTD is what entity expansion needs). The XML that is parsed is parsed by lxml with entities,
network access and huge trees all off.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from lxml import etree

CHUNK = 1024 * 1024
MAX_MEMBERS = 5_000
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OVERLAP = 16  # a marker split between two chunks is still seen


class ArchiveRefused(ValueError):
    """The archive is refused. The message (Chinese) says why and what to do, and reads as the rest of a
    sentence that begins with the file: "文件「通知.docx」" + message, or "文件" + message."""


def _dtd_declared(name: str) -> str:
    return _("的部件 {name} 声明了 DTD 或实体（正常的 Office 文件没有）；请重新保存后上传").format(name=name)


def mb(size: int) -> str:
    return f"{size // 1024 // 1024} MB"


def bounded_zip(data: bytes, *, max_unzipped: int) -> zipfile.ZipFile:
    """The archive, if it opens and its members declare no more than `max_unzipped` bytes in all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ArchiveRefused(_("已损坏，不是完整的压缩包；请重新保存后上传")) from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(
            _("内含 {count} 个部件，超过 {limit} 个；请另存为普通文档后上传").format(
                count=len(members), limit=MAX_MEMBERS
            )
        )
    declared = sum(member.file_size for member in members)
    if declared > max_unzipped:
        raise ArchiveRefused(
            _("解压后达 {size}，超过 {limit} 的上限；请删去图片或拆分后上传").format(
                size=mb(declared), limit=mb(max_unzipped)
            )
        )
    return archive


class Budget:
    """Bytes that may still be inflated from one archive; every read counts against it."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise ArchiveRefused(_("解压后超过 {limit} 的上限；请删去图片或拆分后上传").format(limit=mb(self.limit)))


def member_chunks(archive: zipfile.ZipFile, name: str, budget: Budget) -> Iterator[bytes]:
    """The inflated bytes of one member, chunk by chunk, each checked for a DTD and paid from `budget`."""
    tail = b""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                budget.spend(len(chunk))
                if name.endswith((".xml", ".rels")) and _DTD.search(tail + chunk):
                    raise ArchiveRefused(_dtd_declared(name))
                tail = chunk[-_OVERLAP:]
                yield chunk
    except KeyError:
        raise ArchiveRefused(
            _("缺少部件 {name}；文件不完整，请用 Office 或 WPS 重新保存后上传").format(name=name)
        ) from None
    # A compression method zipfile does not support makes it raise the error class named last but one below:
    # that is a bad file too, not unfinished code.
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        # A member longer than it declares fails its CRC check here; encrypted members need a password.
        raise ArchiveRefused(
            _("的部件 {name} 已损坏（{error}）；请重新保存后上传").format(name=name, error=type(error).__name__)
        ) from None


def read_member(archive: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    return b"".join(member_chunks(archive, name, budget))


def scan_every_member(archive: zipfile.ZipFile, budget: Budget, count: re.Pattern, within: str = "") -> int:
    """Inflates every member once, so that a parser reading them later meets no surprise (no DTD, no
    part beyond the budget), and returns how often `count` matches in the XML parts under `within`:
    a bound on rows or paragraphs, checked before any parsing."""
    found = 0
    for member in archive.infolist():
        counted = member.filename.startswith(within) and member.filename.endswith(".xml")
        tail = b""
        for chunk in member_chunks(archive, member.filename, budget):
            if counted:
                found += len(count.findall(tail + chunk)) - len(count.findall(tail))
                tail = chunk[-_OVERLAP:]
    return found


def parse_xml(data: bytes, name: str) -> etree._Element:
    """One part's XML, parsed safely; malformed XML is refused with the part's name."""
    if _DTD.search(data):
        raise ArchiveRefused(_dtd_declared(name))
    from lxml import etree  # loaded by the first Office file parsed, not by every web worker at start-up

    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise ArchiveRefused(
            _("的部件 {name} 不是合格的 XML（{error}）；请用 Office 或 WPS 重新保存后上传").format(
                name=name, error=error.msg
            )
        ) from None
