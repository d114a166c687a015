from django.core.management.base import BaseCommand

from jianfu.org.console import console_user
from jianfu.org.services import api_token_create


class Command(BaseCommand):
    help = "为用户生成 API 令牌（只显示一次，系统只保存其摘要）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **options):
        token = api_token_create(acting_user=console_user(username), name=name)
        self.stdout.write(token)
