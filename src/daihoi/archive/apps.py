from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "daihoi.archive"
    label = "congress_archive"
    verbose_name = "Congress archive"
