from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "safeguard.governance.audits"
    label = "audits"
    verbose_name = "Case audits"
