from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "daihoi.congresses"
    verbose_name = "Congresses"
