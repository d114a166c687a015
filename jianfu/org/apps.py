from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jianfu.org"
    label = "org"
    verbose_name = "组织与名册"
