from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "daihoi.workgroups"
    verbose_name = "Working groups"
