"""Evidence loses its maker's traces before it is stored: real files carrying a GPS position, a camera,
an author's name, a company, come out of scrub.clean without them and with their content."""

import io
import zipfile

import docx
import openpyxl
import pytest
from openpyxl.comments import Comment
from PIL import Image
from pypdf import PdfReader, PdfWriter

from jianfu.complaints import scrub
from jianfu.documents.uploads import UploadRejected, check_upload

AUTHOR = "张晓明"
GPS_IFD = 0x8825


def photo_with_gps(format_name: str = "JPEG", size=(64, 48)) -> bytes:
    """A photo as a phone writes it: camera make and model, owner, time, and where it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, size[0] // 2, size[1]))  # left half blue: orientation is visible
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x013B] = AUTHOR  # Artist
    exif[0x0132] = "2024:03:05 07:41:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (26.0, 35.0, 12.5), 3: "E", 4: (105.0, 56.0, 3.2)}
    out = io.BytesIO()
    image.save(out, format=format_name, exif=exif.tobytes())
    return out.getvalue()


def test_a_photo_loses_its_gps_position_camera_and_owner_and_keeps_its_pixels():
    original = photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture really carries a position

    cleaned = scrub.clean("jpg", original)

    image = Image.open(io.BytesIO(cleaned))
    assert check_upload("证据1.jpg", cleaned) == "jpg"
    assert dict(image.getexif()) == {}
    assert b"Exif" not in cleaned and b"PhoneMaker" not in cleaned and AUTHOR.encode() not in cleaned
    assert image.size == (64, 48)
    red, _green, blue = image.getpixel((60, 10))
    assert red > 150 and blue < 100  # still the same picture


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_tag_goes():
    image = Image.new("RGB", (40, 20), (255, 255, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: display rotated 90° clockwise
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())

    cleaned = Image.open(io.BytesIO(scrub.clean("jpg", out.getvalue())))

    assert cleaned.size == (20, 40)
    assert 0x0112 not in cleaned.getexif()


def test_a_png_loses_its_text_chunks_and_exif():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_itxt("Comment", "拍摄于县教育局门口")
    image = Image.new("RGBA", (10, 10), (0, 128, 0, 255))
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (26.0, 35.0, 12.5)}
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, exif=exif.tobytes())
    assert b"Author" in out.getvalue() and b"eXIf" in out.getvalue()

    cleaned = scrub.clean("png", out.getvalue())

    assert b"tEXt" not in cleaned and b"iTXt" not in cleaned and b"eXIf" not in cleaned
    assert b"Author" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).getpixel((5, 5)) == (0, 128, 0, 255)


def test_a_webp_photo_loses_its_exif():
    cleaned = scrub.clean("webp", photo_with_gps("WEBP"))

    assert b"EXIF" not in cleaned and b"PhoneMaker" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).size == (64, 48)


def test_a_pdf_loses_its_author_and_xmp_and_keeps_its_text():
    from weasyprint import HTML

    html = f'<html><head><meta name="author" content="{AUTHOR}"><title>Notice</title></head><body><p>Fill the form by Friday</p></body></html>'
    original = HTML(string=html).write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    writer.add_metadata({"/Author": AUTHOR, "/Creator": "WPS Office of 县教育局"})
    writer.xmp_metadata = None
    out = io.BytesIO()
    writer.write(out)
    with_xmp = _with_xmp(out.getvalue())
    assert PdfReader(io.BytesIO(with_xmp)).metadata["/Author"] == AUTHOR

    cleaned = scrub.clean("pdf", with_xmp)

    reader = PdfReader(io.BytesIO(cleaned))
    assert not reader.metadata or "/Author" not in reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]
    assert AUTHOR.encode("utf-16-be") not in cleaned and b"dc:creator" not in cleaned
    assert "Fill the form by Friday" in reader.pages[0].extract_text()


def _with_xmp(pdf: bytes) -> bytes:
    """The PDF with an XMP packet naming its author on the catalog, as Acrobat writes it."""
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    stream = StreamObject()
    stream.set_data(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Zhang Xiaoming</dc:creator>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_word_file_loses_its_author_editor_company_and_photo_position_and_keeps_its_text():
    document = docx.Document()
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    document.add_paragraph("请各校于周五前填报教师信息表")
    plain = io.BytesIO()
    Image.new("RGB", (64, 48)).save(plain, format="JPEG")
    document.add_picture(plain)
    out = io.BytesIO()
    document.save(out)
    (picture,) = [n for n in zipfile.ZipFile(io.BytesIO(out.getvalue())).namelist() if "/media/" in n]
    with_photo = _replace_part(out.getvalue(), picture, photo_with_gps())  # as Word keeps a phone's photo
    original = _replace_part(
        with_photo,
        "docProps/app.xml",
        b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Company>\xe5\x8e\xbf\xe6\x95\x99\xe8\x82\xb2\xe5\xb1\x80</Company><Manager>Li</Manager></Properties>",
    )

    cleaned = scrub.clean("docx", original)

    assert check_upload("证据.docx", cleaned) == "docx"
    reopened = docx.Document(io.BytesIO(cleaned))
    assert reopened.core_properties.author == "" and reopened.core_properties.last_modified_by == ""
    assert reopened.paragraphs[0].text == "请各校于周五前填报教师信息表"
    parts = zipfile.ZipFile(io.BytesIO(cleaned))
    assert "县教育局".encode() not in parts.read("docProps/app.xml")
    media = [name for name in parts.namelist() if "/media/" in name]
    assert media and all(b"PhoneMaker" not in parts.read(name) for name in media)
    assert {info.date_time for info in parts.infolist()} == {scrub.ZIP_DATE}


def test_a_word_file_loses_the_names_on_its_tracked_changes():
    document = docx.Document()
    document.add_paragraph("正文")
    out = io.BytesIO()
    document.save(out)
    body = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("word/document.xml")
    tracked = body.replace(
        b"<w:t>\xe6\xad\xa3\xe6\x96\x87</w:t>",
        f'<w:t>正文</w:t></w:r><w:ins w:id="1" w:author="{AUTHOR}" w:date="2024-03-05T07:41:00Z"><w:r><w:t>补充</w:t></w:r></w:ins><w:r><w:t></w:t>'.encode(),
    )
    original = _replace_part(out.getvalue(), "word/document.xml", tracked)

    cleaned = scrub.clean("docx", original)

    part = zipfile.ZipFile(io.BytesIO(cleaned)).read("word/document.xml")
    assert AUTHOR.encode() not in part and b"2024-03-05T07:41" not in part
    assert "补充".encode() in part


def test_a_spreadsheet_loses_its_creator_and_comment_authors_and_keeps_its_cells():
    workbook = openpyxl.Workbook()
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    sheet = workbook.active
    sheet["A1"] = "教师姓名"
    sheet["A1"].comment = Comment("请核对", AUTHOR)
    out = io.BytesIO()
    workbook.save(out)
    assert AUTHOR.encode() in b"".join(
        zipfile.ZipFile(io.BytesIO(out.getvalue())).read(n)
        for n in zipfile.ZipFile(io.BytesIO(out.getvalue())).namelist()
    )

    cleaned = scrub.clean("xlsx", out.getvalue())

    parts = zipfile.ZipFile(io.BytesIO(cleaned))
    assert all(AUTHOR.encode() not in parts.read(name) for name in parts.namelist())
    reopened = openpyxl.load_workbook(io.BytesIO(cleaned))
    assert reopened.active["A1"].value == "教师姓名"
    assert reopened.properties.creator != AUTHOR and reopened.properties.lastModifiedBy is None


@pytest.mark.parametrize("kind", ["jpg", "png", "pdf", "docx", "xlsx"])
def test_a_file_that_is_not_what_its_first_bytes_claim_is_refused_in_chinese(kind):
    heads = {
        "jpg": b"\xff\xd8\xff",
        "png": b"\x89PNG\r\n\x1a\n",
        "pdf": b"%PDF-1.7\n",
        "docx": b"PK\x03\x04",
        "xlsx": b"PK\x03\x04",
    }

    with pytest.raises(UploadRejected, match="无法读取"):
        scrub.clean(kind, heads[kind] + b"not really")


def _replace_part(package: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()
