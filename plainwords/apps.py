from django.apps import AppConfig


class PlainwordsConfig(AppConfig):
    name = "plainwords"
    verbose_name = "Plain words"
