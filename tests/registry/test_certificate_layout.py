"""The certificate fits on one page and points at the public address; the printed annual list is
landscape with a QR code on every row."""

import io
import subprocess

import segno
from django.test import override_settings
from PIL import Image, ImageChops
from pypdf import PdfReader

from jianfu.org.demo.generator import PlannedSchool, schools_create
from jianfu.registry.public_address import PUBLIC_ADDRESS_MISSING
from tests.registry.test_lifecycle import register

PUBLIC = "https://jianfu.anshun.gov.cn"
LONG_TITLE = "关于开展全市中小学校园安全、食品安全、消防安全、交通安全及校舍安全综合专项督查检查的通知" * 3


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def images_of(data: bytes) -> list[Image.Image]:
    return [image.image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]


def qr_modules(url: str) -> Image.Image:
    """The QR code of a URL as one pixel per module, black on white, the way segno encodes it."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=1, border=0)
    return Image.open(buffer).convert("1")


def encodes(picture: Image.Image, url: str) -> bool:
    """Whether a QR picture (drawn with a 2-module border at any scale) carries exactly this URL:
    its modules are sampled back at their centres and compared with segno's encoding of the URL."""
    expected = qr_modules(url)
    grey = picture.convert("L")
    modules = expected.width + 4
    scale = grey.width / modules
    sampled = Image.new("1", expected.size)
    for y in range(expected.height):
        for x in range(expected.width):
            centre = (int((x + 2.5) * scale), int((y + 2.5) * scale))
            sampled.putpixel((x, y), 255 if grey.getpixel(centre) > 127 else 0)
    return ImageChops.difference(sampled, expected).getbbox() is None


def long_demand(world, file_demand):
    """A demand with the longest title and a scope naming forty schools, and a route walked twice."""
    plans = [PlannedSchool(f"西秀区第{n}九年一贯制实验学校（集团校区）", "primary", "urban") for n in range(40)]
    schools = schools_create(world.xixiu, plans, 3152000500)
    demand = file_demand(title=LONG_TITLE[:200], target_schools=",".join(s.code for s in schools))
    return register(world, demand)


@override_settings(JIANFU_PUBLIC_URL=PUBLIC)
def test_a_certificate_with_a_long_title_and_scope_fits_on_one_page(world, file_demand, client_for):
    demand = long_demand(world, file_demand)
    data = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf").content
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data).replace("\n", "")
    assert demand.registration_number in text and "完整内容见扫码核验页" in text


@override_settings(JIANFU_PUBLIC_URL=PUBLIC)
def test_the_certificate_prints_the_public_address_and_its_qr_opens_it(world, file_demand, client_for):
    demand = register(world, file_demand())
    data = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf", SERVER_NAME="127.0.0.1")
    text = pdf_text(data.content).replace("\n", "")
    address = f"{PUBLIC}/v/{demand.verification_code}"
    assert address in text and "127.0.0.1" not in text
    (qr,) = images_of(data.content)
    assert encodes(qr, address)
    assert not encodes(qr, f"http://127.0.0.1/v/{demand.verification_code}")


@override_settings(JIANFU_PUBLIC_URL=None, DEBUG=False)
def test_without_a_public_address_the_certificate_says_which_setting_to_make(world, file_demand, client_for):
    demand = register(world, file_demand())
    response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf", follow=True)
    assert response.redirect_chain[-1][0] == f"/demands/{demand.pk}/"
    assert PUBLIC_ADDRESS_MISSING in response.content.decode()
    assert client_for(world.department_clerk).get("/lists/2021/520402.pdf").status_code == 503


@override_settings(JIANFU_PUBLIC_URL=PUBLIC)
def test_the_printed_annual_list_is_landscape_with_a_qr_code_on_every_row(world, file_demand, client):
    demands = [register(world, file_demand(title=f"第 {n} 项检查")) for n in range(3)]
    data = client.get("/lists/2021/520402.pdf").content
    first = PdfReader(io.BytesIO(data)).pages[0]
    assert first.mediabox.width > first.mediabox.height
    codes = images_of(data)
    assert len(codes) == 3
    for qr, demand in zip(codes, sorted(demands, key=lambda d: d.registration_number), strict=True):
        assert encodes(qr, f"{PUBLIC}/v/{demand.verification_code}")
    assert "127.0.0.1" not in pdf_text(data)


@override_settings(JIANFU_PUBLIC_URL=PUBLIC)
def test_the_qr_code_on_screen_opens_the_public_address_too(world, file_demand, client):
    demand = register(world, file_demand())
    shown = client.get(f"/v/{demand.verification_code}/qr.svg", SERVER_NAME="127.0.0.1").content
    expected = io.BytesIO()
    segno.make(f"{PUBLIC}/v/{demand.verification_code}", error="m").save(
        expected, kind="svg", scale=3, xmldecl=False, svgns=True, border=2
    )
    assert shown == expected.getvalue()
