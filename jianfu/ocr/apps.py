from django.apps import AppConfig


class OcrConfig(AppConfig):
    name = "jianfu.ocr"
    label = "ocr"
    verbose_name = "文字识别"
