import functools
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.cli import positive_integer
from jianfu.gate.batch import jobs_available, json_line, screened_lines
from jianfu.gate.screening import notice_screening, registry_available
from jianfu.gate.texts import NoticeUnreadable, checked_text
from jianfu.ocr.reader import readable_text  # photos and scans are recognised in process: a CLI is no web worker
from jianfu.packs.active import active_engine
from jianfu.policy.screening.corpus import TEST, TRAIN, corpus_files, examples_of
from jianfu.policy.screening.model import MODEL_PATH

VERDICTS = {
    "refusable": "可拒绝（属于减负清单）",
    "needs_registration": "须登记备案（请核验备案号）",
    "uncertain": "不确定：请向教育行政部门核实",
    "registered": "已登记备案（见下方备案号核验结果）",
    "no_finding": "未发现问题",
}


class Command(BaseCommand):
    # Screening reads files and the pack, not the web: no system checks, which would import every URLconf
    # and view (and pypdf with them) before the first notice. `jianfu check` runs them.
    requires_system_checks = []
    help = (
        "审查通知：FILE 或 -（标准输入）；--jsonl 逐行批量；--evaluate 用标注集评估（--part 选语料的训练或测试部分）；"
        "--build-model 由语料训练部分重建模型；--export-cases 导出已办结的违规线索作为标注样本。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="txt、docx、pdf 文件，或 - 表示标准输入")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--jsonl", metavar="FILE", help="每行一个含 text 键的 JSON，逐行输出结果")
        parser.add_argument(
            "--jobs",
            type=positive_integer("--jobs", "--jobs 2"),
            default=None,
            metavar="N",
            help="--jsonl 同时审查的进程数（默认本机可用的 CPU 数）",
        )
        parser.add_argument(
            "--evaluate", metavar="FILE", help="标注集（每行 text 与 items；或语料文件夹），输出各项精确率与召回率"
        )
        parser.add_argument(
            "--part", choices=(TRAIN, TEST), help="只评估语料按来源划分的训练（train）或测试（test）部分"
        )
        parser.add_argument("--build-model", action="store_true", help="由语料训练部分、开发集和政策包示例重建模型")
        parser.add_argument("--corpus", metavar="FOLDER", help="语料文件夹（默认 tests/gate/corpus）")
        parser.add_argument(
            "--output", metavar="FILE", help="--build-model 写出的模型文件（默认随程序发布的 model.json）"
        )
        parser.add_argument("--export-cases", metavar="FILE", help="把已办结的违规线索写成标注样本（JSON lines）")

    def handle(self, *args, file, as_json: bool, jsonl, evaluate: str | None, part, build_model, **options):
        pack = active_engine().pack
        if build_model:
            return self._build(pack, options["corpus"], options["output"])
        if options["export_cases"]:
            return self._export(Path(options["export_cases"]))
        if evaluate:
            return self._evaluate(Path(evaluate), part, pack, as_json)
        if jsonl:
            return self._batch(jsonl, pack, options["jobs"] or jobs_available())
        if not file:
            raise CommandError("请给出要审查的文件，或用 - 从标准输入读取")
        try:
            text = checked_text(sys.stdin.read()) if file == "-" else readable_text(file, self._read(file))
        except NoticeUnreadable as error:
            raise CommandError(str(error)) from None
        result = notice_screening(text)
        if as_json:
            self.stdout.write(json_line(result.as_dict()))
            return
        self.stdout.write(f"结论：{VERDICTS[result.verdict]}")
        for finding in (*result.findings, *result.rule_findings):
            self.stdout.write(f"  第 {finding.clause} 条：{finding.message}")
        for registration in result.as_dict()["registrations"]:
            self.stdout.write(f"  备案号 {registration['number']}：{registration['message']}")

    def _read(self, file: str) -> bytes:
        return _existing(file).read_bytes()

    def _batch(self, source: str, pack, jobs: int) -> None:
        stream = sys.stdin if source == "-" else open(_existing(source), encoding="utf-8")  # noqa: SIM115
        registry = functools.cache(registry_available)  # asked once, at the first number, not per line
        with stream:
            for line in screened_lines(stream, pack, jobs=jobs, registry=registry):
                self.stdout.write(line)

    def _examples(self, path: Path, part: str | None) -> list[dict]:
        if not path.exists():
            raise CommandError(f"找不到 {path}；请给出标注集文件或语料文件夹")
        files = corpus_files(path) if path.is_dir() else [path]
        try:
            return examples_of(files, part)
        except ValueError as error:
            raise CommandError(str(error)) from None

    def _evaluate(self, path: Path, part: str | None, pack, as_json: bool) -> None:
        from jianfu.policy.screening.evaluation import evaluate

        report = evaluate(self._examples(path, part), pack)
        if as_json:
            self.stdout.write(json_line(report.as_dict()))
            return
        self.stdout.write(
            f"样本 {report.size} 条：减负事项被识别 {report.burden_flagged:.1%}，正常通知被误判 "
            f"{report.legit_flagged:.1%}，识别出正确条目 {report.right_item:.1%}；判为「不确定」"
            f"{report.uncertain:.1%}（减负事项 {report.burden_uncertain:.1%}，正常通知 {report.legit_uncertain:.1%}）；"
            f"其中减负事项 {report.burdens} 条，正常通知 {report.legitimate} 条"
        )
        self.stdout.write("条目  精确率  召回率  样本数")
        for no, (precision, recall, support) in report.per_item.items():
            self.stdout.write(f"{no:>4}  {precision:6.1%}  {recall:6.1%}  {support:>6}")
        if report.calibration:
            self.stdout.write("校准：模型给出的减负概率  样本数  其中确为减负事项")
            for low, high, count, share in report.calibration:
                self.stdout.write(f"  {low:.1f}–{high:.1f}  {count:>6}  {share:6.1%}")

    def _build(self, pack, corpus: str | None, output: str | None) -> None:
        try:
            from jianfu.gate import screening_model  # scikit-learn: a development dependency only
        except ImportError:
            raise CommandError("重建模型需要 scikit-learn：请用 uv sync（含开发依赖）安装后再运行") from None
        folder = Path(corpus) if corpus else screening_model.CORPUS
        examples = screening_model.training_examples(pack, folder)
        model = screening_model.build(pack, examples)
        target = Path(output) if output else MODEL_PATH
        screening_model.write(model, target)
        figures = model["built"]["cross_validated"]
        self.stdout.write(
            f"已由 {len(examples)} 条训练样本重建模型 {target}（{target.stat().st_size // 1024} KB，"
            f"{model['built']['kept_weights']} 个权重）。交叉验证：减负事项被识别 {figures['burden_flagged']:.1%}，"
            f"正常通知被误判 {figures['legit_flagged']:.1%}，正确条目 {figures['right_item']:.1%}，"
            f"不确定 {figures['uncertain']:.1%}"
        )

    def _export(self, path: Path) -> None:
        from jianfu.gate.learning import closed_cases_as_examples  # the cases' models: only to export them

        examples = closed_cases_as_examples()
        path.write_text("".join(json_line(e) + "\n" for e in examples), encoding="utf-8")
        self.stdout.write(f"已导出 {len(examples)} 条已办结线索到 {path}")


def _existing(file: str) -> Path:
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"找不到文件 {file}；请检查路径")
    return path
