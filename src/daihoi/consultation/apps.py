from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "daihoi.consultation"
    verbose_name = "Consultation"
