from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jianfu.org.console import console_user
from jianfu.org.imports.export import SPECS
from jianfu.org.imports.sheet import ImportRejected
from jianfu.org.services import roster_import


class Command(BaseCommand):
    help = "从 Excel (.xlsx) 导入学校、教师或单位。任何一行有错，整个文件都不写入。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS), help="schools | teachers | units")
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", help="以该用户的身份和管辖范围导入（默认：系统，全部范围）")

    def handle(self, *args, kind, file, username, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}；请检查路径")
        user = console_user(username)
        with tqdm(desc=f"校验 {file.name}", unit="行", disable=not self.stderr.isatty()) as bar:
            try:
                counts = roster_import(kind=kind, data=file.read_bytes(), acting_user=user, progress=bar.update)
            except ImportRejected as rejected:
                for error in rejected.errors[:200]:
                    self.stderr.write(str(error))
                if len(rejected.errors) > 200:
                    self.stderr.write(f"……另有 {len(rejected.errors) - 200} 处错误")
                raise CommandError(f"文件未导入：共 {len(rejected.errors)} 处错误，改正后请重新导入。") from None
        self.stdout.write(self.style.SUCCESS(f"导入完成：新增 {counts['created']} 条，更新 {counts['updated']} 条。"))
