from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "daihoi.personnel"
    verbose_name = "Personnel"
