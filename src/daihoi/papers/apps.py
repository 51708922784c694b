from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "daihoi.papers"
    verbose_name = "Congress papers"
