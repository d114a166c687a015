import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.gate.texts import NoticeUnreadable, checked_text, notice_text
from jianfu.packs.active import active_engine
from jianfu.policy.screening.engine import screen
from jianfu.policy.screening.evaluation import evaluate

VERDICTS = {
    "refusable": "可拒绝（属于减负清单）",
    "needs_registration": "须登记备案（请核验备案号）",
    "no_finding": "未发现问题",
}


class Command(BaseCommand):
    help = "审查通知：FILE 或 -（标准输入）；--jsonl 逐行批量；--evaluate 用标注集评估准确率。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="txt、docx、pdf 文件，或 - 表示标准输入")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--jsonl", metavar="FILE", help="每行一个含 text 键的 JSON，逐行输出结果")
        parser.add_argument("--evaluate", metavar="FILE", help="标注集（每行 text 与 items），输出各项精确率与召回率")

    def handle(self, *args, file, as_json: bool, jsonl, evaluate: str | None, **options):
        pack = active_engine().pack
        if evaluate:
            return self._evaluate(Path(evaluate), pack, as_json)
        if jsonl:
            return self._batch(jsonl, pack)
        if not file:
            raise CommandError("请给出要审查的文件，或用 - 从标准输入读取")
        try:
            text = checked_text(sys.stdin.read()) if file == "-" else notice_text(file, self._read(file))
        except NoticeUnreadable as error:
            raise CommandError(str(error)) from None
        result = screen(text, pack)
        if as_json:
            self.stdout.write(json_dumps(result.as_dict()))
            return
        self.stdout.write(f"结论：{VERDICTS[result.verdict]}")
        for finding in result.findings:
            self.stdout.write(f"  第 {finding.clause} 条：{finding.message}")

    def _read(self, file: str) -> bytes:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}；请检查路径")
        return path.read_bytes()

    def _batch(self, source: str, pack) -> None:
        stream = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
        with stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    text = checked_text(json_loads(line)["text"])
                    self.stdout.write(json_dumps(screen(text, pack).as_dict()))
                except (ValueError, KeyError, TypeError, NoticeUnreadable) as error:
                    message = str(error) if isinstance(error, NoticeUnreadable) else "不是含 text 键的 JSON 对象"
                    self.stdout.write(json_dumps({"line": number, "error": message}))

    def _evaluate(self, path: Path, pack, as_json: bool) -> None:
        examples = [json_loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        report = evaluate(examples, pack)
        if as_json:
            self.stdout.write(json_dumps(report.as_dict()))
            return
        self.stdout.write(
            f"样本 {report.size} 条：减负事项被识别 {report.burden_flagged:.1%}，正常通知被误判 "
            f"{report.legit_flagged:.1%}，识别出正确条目 {report.right_item:.1%}"
        )
        self.stdout.write("条目  精确率  召回率  样本数")
        for no, (precision, recall, support) in report.per_item.items():
            self.stdout.write(f"{no:>4}  {precision:6.1%}  {recall:6.1%}  {support:>6}")


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_loads(text: str):
    return json.loads(text)
