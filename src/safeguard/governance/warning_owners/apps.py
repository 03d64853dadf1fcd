from django.apps import AppConfig


class WarningOwnersConfig(AppConfig):
    name = "safeguard.governance.warning_owners"
    label = "warning_owners"
    verbose_name = "Early warnings and who owns them"
