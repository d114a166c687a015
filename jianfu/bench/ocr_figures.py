"""Recognition speed and memory: A4 notice photos a second on one core beside decoding the same photos
alone, and the recognition process's resident memory beside the same process before the models load.

Measured in a process of its own, as the task worker runs it, so its memory is the recogniser's alone. Its peak
is the process's own VmHWM: Linux carries the parent's largest resident size into a child's rusage across exec,
so `ru_maxrss` reported the bench's own peak (set by generating the province), not the recogniser's."""

import json
import subprocess
import sys

from jianfu.bench.measure import Figure

RUNS = 3
PROBE = """
import io, json, random, statistics, sys, textwrap, time
from PIL import Image, ImageDraw, ImageFilter, ImageFont

def status_mib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

def a4_photo():
    # A full A4 notice (about 600 characters in 22 lines) at 150 dpi, turned 3 degrees, with grain.
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 34)
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    body = "各中小学：为迎接省级检查组暗访，请各校即日起整理完善佐证材料，做好迎检准备。" * 17
    for n, line in enumerate(textwrap.wrap(body, 28)[:22]):
        draw.text((110, 110 + 62 * n), line, font=font, fill=20)
    page = page.rotate(3, expand=True, fillcolor=170).filter(ImageFilter.GaussianBlur(0.6))
    rng = random.Random(18)
    grain = Image.frombytes("L", page.size, bytes(rng.randrange(40) for _ in range(page.width * page.height)))
    out = io.BytesIO()
    Image.blend(page, grain, 0.12).convert("RGB").save(out, format="JPEG", quality=88)
    return out.getvalue()

photo = a4_photo()
from jianfu.ocr.intake import images_of
from jianfu.ocr import reader
before = status_mib("VmRSS")
started = time.perf_counter(); reader.engine(); load = time.perf_counter() - started
runs = int(sys.argv[1])
decode, recognise, cpu, chars = [], [], [], 0
for _ in range(runs):
    started = time.perf_counter(); images = images_of("a4.jpg", photo); decode.append(time.perf_counter() - started)
    started, cpu_started = time.perf_counter(), time.process_time()
    chars = len(reader.recognise(images).text)
    recognise.append(time.perf_counter() - started); cpu.append(time.process_time() - cpu_started)
print(json.dumps({"load": load, "decode": statistics.median(decode), "recognise": statistics.median(recognise), "cpu": statistics.median(cpu),
    "chars": chars, "before": before, "rss": status_mib("VmRSS"), "peak": status_mib("VmHWM")}))
"""


def ocr_figures(runs: int = RUNS) -> list[Figure]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(runs)], capture_output=True, text=True, check=True, timeout=120
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        Figure(
            f"OCR: A4 notice photos recognised a second, one core ({probe['chars']} chars)",
            1 / probe["recognise"],
            "photos/s",
            "decoding the same photo alone",
            1 / probe["decode"],
        ),
        Figure(
            "OCR: seconds to read one A4 photo, models loaded",
            probe["recognise"],
            "s",
            "loading the models once",
            probe["load"],
        ),
        # CPU seconds of the one-thread engine: the one-core cost, whatever else the shared machine is doing
        Figure(
            "OCR: CPU seconds to read one A4 photo (one thread)",
            probe["cpu"],
            "s",
            "wall-clock seconds for it",
            probe["recognise"],
        ),
        Figure(
            "OCR: resident memory of the recognition process",
            probe["rss"],
            "MiB",
            "the same process before loading the models",
            probe["before"],
        ),
        Figure("OCR: peak memory of the recognition process", probe["peak"], "MiB"),
    ]
