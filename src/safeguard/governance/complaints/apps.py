from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "safeguard.governance.complaints"
    label = "complaints"
    verbose_name = "Complaints and compliments"
