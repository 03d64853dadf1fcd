from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "safeguard.governance.disagreements"
    label = "disagreements"
    verbose_name = "Professional disagreements"
