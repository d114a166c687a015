"""Photos, screenshots and scans in: typed by content, limits checked before any decoding, a clear Chinese
message naming the file and the fix for every refusal."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile
from pypdf import PdfWriter

from jianfu.documents.official import OfficialDocument, to_pdf
from jianfu.gate.texts import NeedsRecognition, notice_text
from jianfu.ocr.intake import MAX_FILES, MAX_PIXELS, ImageRefused, images_of, images_of_files, is_image_or_scan
from jianfu.ocr.reader import recognise
from tests.ocr.images import heic_of, notice_photo, notice_scan_pdf

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width×height but whose data is garbage: decoding it would fail with a
    different message, so the size refusal proves nothing was decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b"")


def scan_of_blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encoded(png: bytes, format: str) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format=format)
    return out.getvalue()


@pytest.mark.parametrize("size", [(30000, 30000), (8000, 6000)])
def test_a_decompression_bomb_is_refused_from_its_header_before_decoding(size):
    with pytest.raises(ImageRefused, match=r"图片「炸弹.png」.*百万像素的上限.*请用手机正常拍照"):
        images_of("炸弹.png", png_declaring(*size))
    assert size[0] * size[1] > MAX_PIXELS


def test_an_image_within_the_pixel_limit_with_broken_data_says_it_is_damaged(monkeypatch):
    # WeasyPrint, once imported, makes Pillow decode truncated images silently; Pillow's own default is kept
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    with pytest.raises(ImageRefused, match="不完整或已损坏"):
        images_of("坏图.png", png_declaring(1000, 1000))


def test_a_300_page_scan_is_refused_by_its_page_count_before_any_page_is_read():
    # blank pages have no image: had a page been visited, the refusal would say "没有图像"
    with pytest.raises(ImageRefused, match=r"扫描件「厚.pdf」有 300 页，超过 20 页的上限"):
        images_of("厚.pdf", scan_of_blank_pages(300))


def test_an_oversized_file_is_refused_before_it_is_opened():
    with pytest.raises(ImageRefused, match=r"文件「大.jpg」超过 10 MB"):
        images_of("大.jpg", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))


@pytest.mark.parametrize("format", ["PNG", "JPEG", "WEBP"])
def test_photos_are_typed_by_content_whatever_their_name(format):
    data = encoded(notice_photo(NOTICE, noise=False), format)
    [image] = images_of("通知.pdf", data)
    assert image.mode == "RGB" and image.width > 1000
    assert is_image_or_scan(data)


def test_a_heic_photo_is_read():
    heic = heic_of(notice_photo(NOTICE, angle=2))
    assert heic[4:12] == b"ftypheic"
    assert NOTICE in recognise(images_of("IMG_0001.HEIC", heic)).text


def test_a_scanned_pdf_gives_one_image_per_page():
    scan = notice_scan_pdf(["第一页", "第二页"])
    assert len(images_of("scan.pdf", scan)) == 2
    assert is_image_or_scan(scan)


def test_a_pdf_with_a_text_layer_and_a_word_file_need_no_recognition():
    assert not is_image_or_scan(to_pdf(OfficialDocument(title="通知", paragraphs=(NOTICE,))))
    assert not is_image_or_scan(NOTICE.encode())


def test_the_notice_reader_hands_photos_and_scans_to_recognition_with_the_file():
    photo = notice_photo(NOTICE)
    with pytest.raises(NeedsRecognition) as raised:
        notice_text("photo.png", photo)
    assert raised.value.name == "photo.png" and raised.value.data == photo
    with pytest.raises(NeedsRecognition):
        notice_text("scan.pdf", notice_scan_pdf(["第一页"]))


def test_something_else_is_refused_naming_the_kinds_accepted():
    with pytest.raises(ImageRefused, match=r"文件「a.zip」不是可识别的图片或扫描件；请上传 JPEG、PNG、WebP、HEIC"):
        images_of("a.zip", b"PK\x03\x04" + b"\0" * 50)


def test_several_files_keep_their_order_and_too_many_are_refused():
    photos = [(f"{n}.png", encoded(notice_photo(str(n), noise=False), "JPEG")) for n in range(2)]
    assert len(images_of_files(photos)) == 2
    with pytest.raises(ImageRefused, match=f"超过 {MAX_FILES} 个的上限"):
        images_of_files(photos * 11)
    with pytest.raises(ImageRefused, match="没有收到照片"):
        images_of_files([])
