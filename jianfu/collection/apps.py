from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "jianfu.collection"
    label = "collection"
    verbose_name = "数据采集"
