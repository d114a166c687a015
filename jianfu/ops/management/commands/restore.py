import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.audit.verify import audit_verify
from jianfu.ops.restore import RestoreRefused, restore_from


class Command(BaseCommand):
    help = "恢复：把 jianfu backup 写出的文件恢复到 DATABASE_URL 指向的空数据库（先建表结构），再核对审计链。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        log = (lambda message: None) if options["json"] else (lambda message: self.stdout.write(message))
        try:
            summary = restore_from(Path(options["file"]), log=log)
        except RestoreRefused as error:
            raise CommandError(f"未恢复：{error}") from None
        verdict = audit_verify()
        if options["json"]:
            report = {**summary.__dict__, "audit": verdict.__dict__}
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已恢复：{summary.tables} 张表 {summary.rows} 行（与备份清单逐表一致），{summary.media_files} 个上传文件。"
                )
            )
        if not verdict.ok:
            raise CommandError(f"数据已恢复，但审计链核对不通过：{verdict.problem}")
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"审计链完整：已核对 {verdict.checked} 条事件。"))
