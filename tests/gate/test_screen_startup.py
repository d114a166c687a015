"""`jianfu screen` starts without the web stack: no system checks (they import every URLconf and view),
no pypdf, WeasyPrint, python-docx or openpyxl for a text file, and the registry's verification only when a
notice holds a number. Each test runs the command in a fresh interpreter and reads `-X importtime`."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB_STACK = ("pypdf", "weasyprint", "docx", "openpyxl", "jianfu.config.urls")


def _run_screen(tmp_path: Path, *arguments: str) -> tuple[list[dict], set[str]]:
    """The command's JSON lines and every module the process imported."""
    code = f"from jianfu.cli import main; main(['jianfu', 'screen', *{list(arguments)!r}])"
    env = os.environ | {
        "JIANFU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
        # a machine that only screens files: an empty database of its own, whatever the tests run on
        "DATABASE_URL": f"sqlite:///{tmp_path / 'screen.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()], modules


def _loaded(modules: set[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_screening_a_text_file_leaves_the_web_stack_unimported(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text("请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。", encoding="utf-8")
    (result,), modules = _run_screen(tmp_path, str(notice), "--json")
    assert result["verdict"] == "refusable"
    assert [name for name in WEB_STACK if _loaded(modules, name)] == []
    assert sorted(m for m in modules if m.startswith("jianfu.") and m.endswith(".views")) == []


def test_a_batch_without_registration_numbers_never_loads_the_registry_s_verification(tmp_path):
    batch = tmp_path / "notices.jsonl"
    lines = ["请各校于周五前报送教师培训名单。", "请教师关注公众号并转发，截图上报。"]
    batch.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in lines), encoding="utf-8")
    results, modules = _run_screen(tmp_path, "--jsonl", str(batch))
    assert len(results) == 2
    assert not _loaded(modules, "jianfu.registry.verification")
    assert [name for name in WEB_STACK if _loaded(modules, name)] == []


def test_a_number_in_a_batch_is_still_reported_when_there_is_no_registry(tmp_path):
    batch = tmp_path / "notices.jsonl"
    text = "根据安教减备〔2021〕520402-0001号，请各校派教师参加培训。"
    batch.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (result,), _modules = _run_screen(tmp_path, "--jsonl", str(batch))
    assert [r["number"] for r in result["registrations"]] == ["安教减备〔2021〕520402-0001号"]
    assert result["registrations"][0]["status"] == "unverified"
