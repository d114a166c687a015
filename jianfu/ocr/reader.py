"""Recognising the text in photos, screenshots and scanned pages.

Why RapidOCR: it runs Baidu's PP-OCR models (the strongest openly licensed models for printed Chinese)
on onnxruntime, and its wheel carries the models, so nothing is fetched at run time — the intranet has
no internet. Tesseract's Chinese is far weaker on phone photos; PaddleOCR itself needs paddlepaddle
(hundreds of MB) and downloads its models.

The engine takes about a second and ~200 MB to load, so it is built once per process, on first use, and
only in the processes that recognise (the task worker, the CLI): rapidocr, onnxruntime and OpenCV are
imported inside the functions below, never when a web worker imports this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jianfu.ocr.chat import Line, looks_like_chat, split_chat

# A character read with less confidence than this is marked for the person to check. PP-OCR gives clean
# print 0.99+; below 0.85 the character was, in our rendered photos, wrong about half the time.
DOUBTFUL_BELOW = 0.85
# Larger photos are scaled down to this many pixels first: an A4 page at 12 MP has characters ~60 px
# high, far more than the recogniser's 48 px input, and the detector's time grows with the pixels.
MAX_READ_PIXELS = 12_000_000
# One thread: the task worker is one process per core and must not starve the web workers beside it.
THREADS = 1
WRAPPED_WIDTH = 0.6
SENTENCE_ENDS = "。！？：；…”」）)"

if TYPE_CHECKING:
    from PIL import Image

_engine = None
_engine_lock = threading.Lock()


@dataclass(frozen=True)
class Recognised:
    text: str  # lines joined with "\n"; a line wrapped by the page's width is joined to the next
    doubtful: tuple[tuple[int, int], ...]  # [start, end) spans of text read with confidence < DOUBTFUL_BELOW
    set_apart: tuple[str, ...]  # chat screenshots: sender names, times, interface labels (not in text)
    pages: int

    def as_dict(self) -> dict:
        data = asdict(self)
        data["doubtful"] = [list(span) for span in self.doubtful]
        data["set_apart"] = list(self.set_apart)
        return data


def recognise(images: list[Image.Image], *, progress: Callable[[int, int], None] | None = None) -> Recognised:
    """The text of the images in order (several photos may make one notice), page after page."""
    texts, set_apart = [], []
    for done, image in enumerate(images, 1):
        image = _readable(image)
        lines = _lines_of(image)
        if looks_like_chat(lines, image.width, image.height):
            lines = [replace(line, ground=_ground(image, line)) for line in lines]
            messages, labels = split_chat(lines, image.width, image.height, _backdrop(image))
            texts.append(messages)
            set_apart.extend(labels)
        else:
            texts.append(_paragraphs(lines, image.width))
        if progress:
            progress(done, len(images))
    text, doubtful = _joined([paragraph for page in texts for paragraph in page])
    return Recognised(text=text, doubtful=doubtful, set_apart=tuple(set_apart), pages=len(images))


def engine():
    """The one RapidOCR engine of this process, built on first use with the models inside the wheel."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _build_engine()
    return _engine


def _build_engine():
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    threads = "EngineConfig.onnxruntime.intra_op_num_threads"
    params = {
        "Global.log_level": "warning",
        # Explicit model files: with a path given, rapidocr never tries to download (it would otherwise
        # fetch any model it does not find under its model_root_dir).
        "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        # Notices are photographed upright; the 180° classifier costs a pass per line for nothing.
        "Global.use_cls": False,
        # The detector sees the photo with its longer side at 1,280 pixels (rapidocr's default makes the
        # shorter side at least 736, so a portrait A4 was detected at ~1300×1800): a dense A4 page costs
        # ~3.0 s of one core instead of ~3.9 s, read alike. At 960 it cost 2.5 s, but the boxes of a chat
        # bubble's wrapped lines came out too loose to join them. Recognition still reads each line from
        # the full-resolution photo.
        "Det.limit_type": "max",
        "Det.limit_side_len": 1280,
        "Global.return_word_box": True,
        "Global.return_single_char_box": True,
        threads: THREADS,
        "EngineConfig.onnxruntime.inter_op_num_threads": THREADS,
    }
    return rapidocr.RapidOCR(params=params)


def _readable(image: Image.Image) -> Image.Image:
    from PIL import Image

    image = image.convert("RGB")
    pixels = image.width * image.height
    if pixels > MAX_READ_PIXELS:
        scale = (MAX_READ_PIXELS / pixels) ** 0.5
        image = image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.LANCZOS)
    return image


def _lines_of(image: Image.Image) -> list[Line]:
    import numpy

    result = engine()(numpy.asarray(image))
    if not result.txts:
        return []
    words = result.word_results if len(result.word_results) == len(result.txts) else [()] * len(result.txts)
    lines = []
    for text, score, box, pieces in zip(result.txts, result.scores, result.boxes, words, strict=True):
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        lines.append(Line(text, _char_scores(text, float(score), pieces), min(xs), min(ys), max(xs), max(ys)))
    return lines


def _backdrop(image: Image.Image) -> tuple[int, int, int]:
    """The commonest colour of the screenshot: a chat's background fills more of it than any bubble."""
    small = image.resize((48, max(1, 48 * image.height // image.width)))
    return max(small.getcolors(48 * 48 * 4) or [(0, (255, 255, 255))])[1][:3]


def _ground(image: Image.Image, line: Line) -> tuple[int, int, int]:
    """The colour around a line: the median of the pixels along its box's top and bottom edges, which the
    detector draws a little outside the glyphs."""
    left, right = int(max(line.left, 0)), int(min(line.right, image.width - 1))
    rows = [int(max(line.top, 0)), int(min(line.bottom, image.height - 1))]
    pixels = [image.getpixel((x, y)) for y in rows for x in range(left, right + 1, 2)]
    if not pixels:
        return (255, 255, 255)
    return tuple(sorted(pixel[channel] for pixel in pixels)[len(pixels) // 2] for channel in range(3))


def _char_scores(text: str, line_score: float, pieces) -> tuple[float, ...]:
    """Each character's confidence: from the per-character results when they spell the line, otherwise
    the line's own score for every character."""
    scores = []
    for piece in pieces or ():
        word, score = piece[0], float(piece[1])
        scores.extend([score] * len(word))
    if "".join(piece[0] for piece in pieces or ()) == text:
        return tuple(scores)
    return (line_score,) * len(text)


def _paragraphs(lines: list[Line], width: int) -> list[list[Line]]:
    """A printed page's lines grouped into paragraphs: a line that reaches the text's right edge and does
    not end a sentence was wrapped by the page, so the next line continues it. Only a text edge past
    WRAPPED_WIDTH of the picture is a page's edge; short lines alone (a title, a salutation) never wrap."""
    if not lines:
        return []
    right = max(line.right for line in lines)
    if right - min(line.left for line in lines) < width * WRAPPED_WIDTH:
        return [[line] for line in lines]
    paragraphs: list[list[Line]] = []
    for line in lines:
        previous = paragraphs[-1][-1] if paragraphs else None
        if (
            previous
            and right - previous.right < previous.height * 1.5
            and not previous.text.endswith(tuple(SENTENCE_ENDS))
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _joined(paragraphs: list[list[Line]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The paragraphs as text (lines of a paragraph joined without a space, as Chinese is written) and the
    spans of doubtful characters in that text, adjacent ones merged."""
    parts, scores = [], []
    for paragraph in paragraphs:
        if parts:
            parts.append("\n")
            scores.append(1.0)
        for line in paragraph:
            parts.append(line.text)
            scores.extend(line.scores)
    text = "".join(parts)
    spans: list[list[int]] = []
    for position, score in enumerate(scores):
        if score < DOUBTFUL_BELOW:
            if spans and spans[-1][1] == position:
                spans[-1][1] += 1
            else:
                spans.append([position, position + 1])
    return text, tuple((start, end) for start, end in spans)


def readable_text(name: str, data: bytes) -> str:
    """A file's notice text for processes that may recognise in place (the CLI): the text layer when it
    has one, otherwise the recognised text of its photos or scanned pages. Web requests queue instead."""
    from jianfu.gate.texts import NeedsRecognition, NoticeUnreadable, checked_text, notice_text
    from jianfu.ocr.intake import ImageRefused, images_of

    try:
        return notice_text(name, data)
    except NeedsRecognition:
        pass
    try:
        return checked_text(recognise(images_of(name, data)).text)
    except ImageRefused as refused:
        raise NoticeUnreadable(str(refused)) from None
