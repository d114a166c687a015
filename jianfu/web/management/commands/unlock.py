"""`jianfu unlock USER`: forget an account's failed sign-ins so it may log in at once (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jianfu.web.lockout import account_unlock


class Command(BaseCommand):
    help = "解锁因连续登录失败而被锁定的账号（记入审计日志）"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账号；请检查拼写。")
        removed = account_unlock(user=user, acting_user=None)
        self.stdout.write(f"已解锁 {username}（清除 {removed} 条失败记录）。")
