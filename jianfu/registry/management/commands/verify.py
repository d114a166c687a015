import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jianfu.registry.stored_answers import check_answers, rebuild_answers
from jianfu.registry.verification import verify

LABELS = {"valid": "有效", "expired": "已过期", "revoked": "已撤销"}


class Command(BaseCommand):
    help = (
        "核验备案号或核验码：列出事项与状态；过期、撤销或查无此备案时以状态 1 退出。"
        "--check-answers 核对存储的核验结果与即时计算的是否一致（不一致时以状态 1 退出），"
        "--rebuild-answers 重新生成全部存储的核验结果。"
    )

    def add_arguments(self, parser):
        parser.add_argument("number_or_code", nargs="?")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--check-answers", action="store_true", help="核对存储的核验结果")
        parser.add_argument("--rebuild-answers", action="store_true", help="重新生成存储的核验结果")

    def handle(self, *args, number_or_code, **options):
        if options["rebuild_answers"]:
            with transaction.atomic():
                stored = rebuild_answers()
            self.stdout.write(f"已重新生成 {stored} 条存储的核验结果。")
        if options["check_answers"]:
            return self._check()
        if number_or_code is None:
            if options["rebuild_answers"]:
                return
            raise CommandError("请填写备案号或核验码（number_or_code），或使用 --check-answers / --rebuild-answers。")
        self._verify(number_or_code, as_json=options["json"])

    def _check(self):
        problems = check_answers()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} 条存储的核验结果与即时计算的不一致；请运行 jianfu verify --rebuild-answers。"
            )
        self.stdout.write("存储的核验结果与即时计算的一致。")

    def _verify(self, number_or_code: str, *, as_json: bool):
        result = verify(number_or_code)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif result["status"] != "unknown":
            self.stdout.write(
                f"{LABELS[result['status']]}：{result['number']}　{result['title']}　{result['requester']}　"
                f"{result['start']} 至 {result['end']}　范围：{result['scope']}"
            )
        if result["status"] == "unknown":
            raise CommandError(f"查无此备案：{number_or_code}。未登记的事项，学校有权拒绝。")
        if not result["valid"]:
            raise CommandError(result["message"])
