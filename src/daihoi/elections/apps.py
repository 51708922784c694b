from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    verbose_name = "Elections"
