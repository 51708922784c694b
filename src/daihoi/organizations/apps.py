from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "daihoi.organizations"
    verbose_name = "Organizations"
