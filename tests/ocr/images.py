"""Pictures of notices made in the tests: a phone photo of a paper notice, a scanned PDF, a WeChat-style
screenshot and a HEIC photo, all rendered with Debian's Noto CJK font so no picture is shipped."""

import io
import random
import textwrap

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PAGE_WIDTH = 1240  # an A4 page at 150 dpi: what a phone photo is scaled to before reading
PAGE_HEIGHT = 1754
MARGIN = 110
CHARS_PER_LINE = 28


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def page_image(text: str, *, size: int = 36) -> Image.Image:
    """One A4-like page with the text wrapped at CHARS_PER_LINE, paragraphs kept, black on white."""
    page = Image.new("L", (PAGE_WIDTH, PAGE_HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, CHARS_PER_LINE) or [""]:
            draw.text((MARGIN, y), line, font=font(size), fill=20)
            y += int(size * 1.7)
    return page


def photographed(page: Image.Image, *, angle: float, noise: bool, seed: int = 18) -> Image.Image:
    """The page as a phone sees it: turned a few degrees on a grey desk, slightly blurred, with grain."""
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=170)
    if noise:
        turned = turned.filter(ImageFilter.GaussianBlur(0.6))
        rng = random.Random(seed)
        grain = Image.frombytes(
            "L", turned.size, bytes(rng.randrange(0, 40) for _ in range(turned.width * turned.height))
        )
        turned = Image.blend(turned, grain, 0.12)
    return turned.convert("RGB")


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def notice_photo(text: str, *, angle: float = 3, noise: bool = True) -> bytes:
    """A PNG photo of the notice printed on A4."""
    return png_bytes(photographed(page_image(text), angle=angle, noise=noise))


def upload(data: bytes, name: str) -> io.BytesIO:
    """The bytes as a file the test client posts under `name` (a browser sends the file's own name)."""
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def notice_scan_pdf(pages: list[str]) -> bytes:
    """A PDF of scanned pages: images only, no text layer (as a copier's scan-to-PDF writes it)."""
    images = [photographed(page_image(text), angle=0.8, noise=True, seed=n) for n, text in enumerate(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return out.getvalue()


def heic_of(png: bytes) -> bytes:
    """The same picture as an iPhone saves it (HEIC)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format="HEIF", quality=90)
    return out.getvalue()


CHAT_WIDTH = 750
GREEN = (149, 236, 105)
GREY_BACKGROUND = (237, 237, 237)


def chat_screenshot(messages: list[tuple[str, str, str]], *, title: str = "三年级家长群(45)") -> bytes:
    """A WeChat-style group chat: status bar, title bar, a time stamp before each message, the sender's
    name above a white bubble on the left (or a green bubble on the right for "我"), and the input bar."""
    height = 260 + sum(90 + 52 * len(_bubble_lines(text)) + 70 for _, _, text in messages)
    shot = Image.new("RGB", (CHAT_WIDTH, height), GREY_BACKGROUND)
    draw = ImageDraw.Draw(shot)
    draw.text((30, 12), "10:41", font=font(26), fill=0)
    draw.text((600, 12), "5G 86%", font=font(24), fill=0)
    draw.rectangle((0, 56, CHAT_WIDTH, 140), fill=(247, 247, 247))
    draw.text((24, 78), "<", font=font(36), fill=0)
    draw.text((CHAT_WIDTH // 2 - 17 * len(title) // 2 - 40, 80), title, font=font(32), fill=0)
    draw.text((680, 74), "···", font=font(36), fill=0)
    y = 170
    for sender, time, text in messages:
        draw.text((CHAT_WIDTH // 2 - 12 * len(time), y), time, font=font(24), fill=(150, 150, 150))
        y += 56
        y = _message(draw, sender, text, y)
    bar = height - 100
    draw.rectangle((0, bar, CHAT_WIDTH, height), fill=(247, 247, 247))
    draw.rounded_rectangle((90, bar + 18, 560, bar + 82), radius=8, fill=(255, 255, 255))
    draw.text((255, bar + 32), "按住 说话", font=font(28), fill=0)
    draw.rounded_rectangle((600, bar + 20, 720, bar + 80), radius=8, fill=(7, 193, 96))
    draw.text((628, bar + 32), "发送", font=font(28), fill=(255, 255, 255))
    return png_bytes(shot)


def _bubble_lines(text: str) -> list[str]:
    return textwrap.wrap(text, 17) or [""]


def _message(draw: ImageDraw.ImageDraw, sender: str, text: str, y: int) -> int:
    lines = _bubble_lines(text)
    width = 30 * max(len(line) for line in lines) + 40
    bubble_height = 52 * len(lines) + 24
    mine = sender == "我"
    avatar_x = CHAT_WIDTH - 100 if mine else 20
    draw.rounded_rectangle((avatar_x, y, avatar_x + 80, y + 80), radius=8, fill=(120, 160, 200))
    if not mine:
        draw.text((120, y - 4), sender, font=font(22), fill=(140, 140, 140))
        y += 34
    left = CHAT_WIDTH - 120 - width if mine else 120
    draw.rounded_rectangle(
        (left, y, left + width, y + bubble_height), radius=10, fill=GREEN if mine else (255, 255, 255)
    )
    for n, line in enumerate(lines):
        draw.text((left + 20, y + 12 + 52 * n), line, font=font(30), fill=0)
    return y + bubble_height + 50
