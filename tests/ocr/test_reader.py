"""recognise(): the text of photos and scans in order, paragraphs kept, doubtful characters marked, the
engine built once per process and never imported by what a web worker loads."""

import json
import subprocess
import sys
import threading

from PIL import ImageDraw

from jianfu.ocr import reader
from jianfu.ocr.intake import images_of
from jianfu.ocr.reader import DOUBTFUL_BELOW, recognise
from tests.ocr.images import font, notice_photo, page_image

NOTICE = (
    "关于开展校园安全专项检查的通知\n各中小学：\n"
    "市场监管局定于下周二起对辖区各中小学食堂开展专项督查，请各校提前准备近三年台账资料和自查报告。\n县教育局"
)


def test_a_photographed_notice_is_read_word_for_word_with_its_paragraphs():
    recognised = recognise(images_of("notice.png", notice_photo(NOTICE, angle=3, noise=True)))
    assert recognised.text == NOTICE
    assert recognised.pages == 1 and recognised.doubtful == () and recognised.set_apart == ()


def test_several_photos_make_one_notice_in_order_with_progress_after_each():
    first, second = "关于征订读本的通知\n各学校：", "请各校做好《禁毒知识读本》征订工作，每生一册。"
    calls = []
    recognised = recognise(
        [images_of("1.png", notice_photo(first))[0], images_of("2.png", notice_photo(second, angle=-2))[0]],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert recognised.text == f"{first}\n{second}" and recognised.pages == 2
    assert calls == [(1, 2), (2, 2)]


def test_a_character_read_with_low_confidence_is_marked_doubtful():
    page = page_image("请各校于本月前报送自查报告。")
    draw = ImageDraw.Draw(page)
    for overlaid in "未末":  # two look-alike characters printed over each other: a smudged stamp
        draw.text((110 + 36 * 14, 110), overlaid, font=font(36), fill=90)
    recognised = recognise([page])
    assert recognised.text.startswith("请各校于本月前报送自查报告。")
    assert recognised.doubtful == ((14, 15),)
    assert recognised.as_dict()["doubtful"] == [[14, 15]] and 0 < DOUBTFUL_BELOW < 1
    json.dumps(recognised.as_dict(), ensure_ascii=False)


def test_the_engine_is_built_once_per_process_even_from_two_threads():
    engines = []
    threads = [threading.Thread(target=lambda: engines.append(reader.engine())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert engines[0] is engines[1] is reader.engine()


def test_importing_the_ocr_modules_and_the_notice_reader_loads_no_heavy_library():
    probe = (
        "import sys, json\n"
        "import jianfu.gate.texts, jianfu.ocr.intake, jianfu.ocr.reader, jianfu.ocr.chat\n"
        "print(json.dumps(sorted(m for m in ('rapidocr', 'onnxruntime', 'cv2', 'numpy', 'pypdf', 'PIL', 'lxml',"
        " 'pillow_heif') if m in sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded) == []


def test_the_bench_reports_photos_a_second_beside_decoding_alone_and_the_process_memory():
    from jianfu.bench.ocr_figures import ocr_figures

    rate, seconds, cpu, memory, peak = ocr_figures(runs=1)
    assert "A4" in rate.name and rate.value > 0 and rate.baseline > rate.value  # decoding alone is faster
    assert cpu.value > 0 and seconds.baseline > 0  # the models' loading time is the baseline
    assert memory.unit == "MiB" and memory.value > memory.baseline > 0 and peak.value >= memory.value


def test_the_recognition_process_reports_its_own_peak_not_the_bench_s_carried_over_at_exec():
    from jianfu.bench.ocr_figures import ocr_figures

    ballast = bytearray(2048 * 1024 * 1024)  # the bench holds 2 GiB, far more than the recogniser needs
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so it is resident
    peak = ocr_figures(runs=1)[-1]
    del ballast
    assert "peak" in peak.name and 50 < peak.value < 2048, peak.value
