from pathlib import Path

from django.core.management.base import BaseCommand

from jianfu.org.console import console_user
from jianfu.org.imports.export import SPECS, workbook_bytes


class Command(BaseCommand):
    help = "把学校、教师或单位导出为 .xlsx（--template 只导出带表头的空模板）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--template", action="store_true")
        parser.add_argument("--as", dest="username", help="以该用户的管辖范围导出（默认：全部）")

    def handle(self, *args, kind, file, template, username, **options):
        file.write_bytes(workbook_bytes(kind, console_user(username), template=template))
        self.stdout.write(self.style.SUCCESS(f"已写入 {file}"))
