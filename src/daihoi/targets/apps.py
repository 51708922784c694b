from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "daihoi.targets"
    verbose_name = "Targets"
