import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.registry.selectors import verification_lookup


class Command(BaseCommand):
    help = "核验备案号或核验码：有效则列出事项，查无此备案则以状态 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument("number_or_code")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, number_or_code, **options):
        result = verification_lookup(number_or_code)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif result["valid"]:
            self.stdout.write(
                f"有效：{result['number']}　{result['title']}　{result['requester']}　"
                f"{result['start']} 至 {result['end']}　范围：{result['scope']}"
            )
        if not result["valid"]:
            raise CommandError(f"查无此备案：{number_or_code}。未登记的事项，学校有权拒绝。")
