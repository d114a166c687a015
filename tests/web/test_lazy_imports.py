"""A web worker starts without the heavy libraries: they are imported by the function that uses them.

Each of these costs a gunicorn worker its resident memory for as long as it lives (measured one by one in a
fresh interpreter): pypdf ~27 MiB, openpyxl ~34 MiB (numpy ~15 of it), python-docx ~16 MiB, WeasyPrint
~53 MiB, matplotlib ~62 MiB, onnxruntime ~39 MiB, segno ~10 MiB, cryptography ~7 MiB (only ID numbers need
it), lxml ~7 MiB. A worker that never writes a workbook or reads a PDF should never carry them (issue 17: a worker ≤ 80 MiB after 1,000 requests); OCR
(rapidocr, onnxruntime, OpenCV) runs outside the web workers altogether.

The start-up is probed in a fresh interpreter, as a worker boots: the WSGI application (settings, apps,
middleware), the URLconf with every view, the template engine with every tag library, a few URLs resolved.
A spy on the import system records, for each heavy library, the chain of the project's modules that pulled
it in, so a failure names the line to change.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "pypdf",
    "weasyprint",
    "docx",
    "openpyxl",
    "matplotlib",
    "onnxruntime",
    "rapidocr",
    "cv2",
    "numpy",
    "segno",
    "PIL",
    "pillow_heif",
    "cryptography",
    "lxml",
)

PROBE = textwrap.dedent(
    """
    import json, os, sys

    HEAVY = set(sys.argv[1].split(","))
    culprits = {}

    class Spy:
        # Called before each module is looked for: the first time a heavy library is asked for, the frames
        # above say who asked. Returns None, so the import itself goes on unchanged.
        def find_spec(self, name, path=None, target=None):
            top = name.partition(".")[0]
            if top in HEAVY and top not in culprits:
                chain, via, frame = [], None, sys._getframe(1)
                while frame is not None:
                    module = frame.f_globals.get("__name__", "")
                    if module.startswith(("jianfu", "tests")) or module in ("__main__", *sys.argv[2:]):
                        chain.append(f"{module}:{frame.f_lineno}")
                    elif not chain and not module.startswith(("importlib", "_frozen")):
                        via = via or module  # a library that imports another (openpyxl imports PIL)
                    frame = frame.f_back
                culprits[top] = {"chain": chain or [name], "via": via}
            return None

    sys.meta_path.insert(0, Spy())

    from django.core.wsgi import get_wsgi_application

    get_wsgi_application()  # settings, apps, middleware: what a gunicorn worker loads before its first request

    import jianfu.config.urls  # noqa: F401  every view module
    from django.template import engines
    from django.urls import resolve

    engines["django"].engine.template_libraries  # every template tag library
    for path in ("/", "/healthz", "/v/GZ-2026-0001", "/api/v1/verify/GZ-2026-0001", "/complaints/new/", "/survey/"):
        resolve(path)
    for extra in sys.argv[2:]:
        __import__(extra)
    print(json.dumps(culprits))
    """
)


def heavy_imports_at_start_up(*extra_modules: str, pythonpath: Path | None = None) -> dict[str, dict]:
    """{library: {"chain": [innermost module:line, ..., outermost], "via": the library that imported it, if
    one did}} for each heavy library a fresh worker imported."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.config.settings")
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), *extra_modules],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def explained(culprits: dict[str, dict]) -> str:
    return "\n".join(
        f"  {library} is imported at start-up by {found['chain'][0]}"
        + (f" (through {found['via']})" if found["via"] else "")
        + f", reached through {' <- '.join(found['chain'][1:]) or 'nothing'};"
        " move that import into the function that uses it"
        for library, found in culprits.items()
    )


def test_a_web_worker_starts_without_any_heavy_library():
    culprits = heavy_imports_at_start_up()

    assert not culprits, "A web worker would carry libraries it may never use:\n" + explained(culprits)


def test_the_failure_names_the_module_that_imported_a_heavy_library(tmp_path):
    (tmp_path / "careless_view.py").write_text("import openpyxl  # at the top, as it should not be\n")

    culprits = heavy_imports_at_start_up("careless_view", pythonpath=tmp_path)

    assert culprits["openpyxl"]["chain"][0] == "careless_view:1"
    assert "careless_view:1" in explained(culprits)
