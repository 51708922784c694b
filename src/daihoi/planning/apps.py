from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "daihoi.planning"
    verbose_name = "Planning"
