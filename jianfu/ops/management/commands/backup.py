from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.ops.backup import BackupRefused, backup_create


class Command(BaseCommand):
    help = "备份：数据库的每张表和上传的文件写成一个 zip 文件（SQLite 与 PostgreSQL 同一格式）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="FILE", help="备份文件，如 jianfu-2026-01-31.zip")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"目录 {output.parent} 不存在；请先建立它，或换一个 --output 位置。")
        try:
            summary = backup_create(output)
        except BackupRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {summary.path}：{summary.tables} 张表 {summary.rows} 行，{summary.media_files} 个上传文件。"
                "请把 JIANFU_FIELD_KEY 和 JIANFU_AUDIT_KEY 另外妥善保存：恢复时需要它们。"
            )
        )
