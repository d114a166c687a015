import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.registry.verification import verify

LABELS = {"valid": "有效", "expired": "已过期", "revoked": "已撤销"}


class Command(BaseCommand):
    help = "核验备案号或核验码：列出事项与状态；过期、撤销或查无此备案时以状态 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument("number_or_code")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, number_or_code, **options):
        result = verify(number_or_code)
        if options["json"]:
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
