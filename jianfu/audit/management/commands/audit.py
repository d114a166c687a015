import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.audit.verify import audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 逐条核对哈希链，报告第一处断裂。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        verdict = audit_verify()
        if options["json"]:
            self.stdout.write(json.dumps(verdict.__dict__, ensure_ascii=False))
        elif verdict.ok:
            self.stdout.write(self.style.SUCCESS(f"审计链完整：已核对 {verdict.checked} 条事件。"))
        if not verdict.ok:
            raise CommandError(f"审计链断裂：{verdict.problem}（此前 {verdict.checked} 条完好）。")
