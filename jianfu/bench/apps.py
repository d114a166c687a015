from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "jianfu.bench"
    label = "bench"
    verbose_name = "基准测试"
