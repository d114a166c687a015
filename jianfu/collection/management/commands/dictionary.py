"""`jianfu dictionary [--json] [--search Q] [--owner SYSTEM]`: the data dictionary of the active pack —
what the education systems already hold, one element per line (or one JSON object per element)."""

import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.collection import dictionary_read
from jianfu.collection.dictionary_read import FilterInvalid


class Command(BaseCommand):
    help = "数据字典：列出各教育信息系统和本平台已掌握的数据元（--search 按名称、同义词、编号或系统查找）。"

    def add_arguments(self, parser):
        parser.add_argument("--search", default="", help="按名称、同义词、编号、来源系统或定义查找")
        parser.add_argument("--owner", default="", help="只列出这个来源系统的数据元")
        parser.add_argument("--json", action="store_true", help="输出 JSON：每个数据元一个对象")

    def handle(self, *args, search, owner, json: bool, **options):
        pack = dictionary_read.active_pack()
        try:
            elements = dictionary_read.filtered(pack, q=search.strip(), owner=owner.strip())
        except FilterInvalid as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_json([e.as_dict() for e in elements]))
            return
        for e in elements:
            personal = "  [个人信息]" if e.personal else ""
            unit = f"（{e.unit}）" if e.unit else ""
            self.stdout.write(f"{e.id:<34} {e.label}{unit}  {e.owner} · {e.refresh}{personal}")
        self.stdout.write(f"共 {len(elements)} 项（字典共 {len(pack.dictionary)} 项）")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
