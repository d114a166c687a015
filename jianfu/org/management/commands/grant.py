from django.core.management.base import BaseCommand, CommandError

from jianfu.org.console import console_user
from jianfu.org.models import SCHOOL_ROLES, Role, School, Unit
from jianfu.org.services import role_grant


class Command(BaseCommand):
    help = "给用户授予角色：单位角色用 --unit 单位代码，学校角色（principal、teacher）用 --school 学校标识码。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--unit")
        target.add_argument("--school")

    def handle(self, *args, username, role, unit, school, **options):
        role = Role(role)
        if (role in SCHOOL_ROLES) != (school is not None):
            raise CommandError("校长、教师角色须用 --school 指定学校；其他角色须用 --unit 指定单位")
        target = {}
        try:
            target = {"school": School.objects.get(code=school)} if school else {"unit": Unit.objects.get(code=unit)}
        except (School.DoesNotExist, Unit.DoesNotExist):
            raise CommandError(f"找不到 {'学校' if school else '单位'} {school or unit}；请核对代码") from None
        role_grant(user=console_user(username), role=role, acting_user=console_user(), **target)
        self.stdout.write(self.style.SUCCESS(f"已授予 {username}：{role.label}"))
