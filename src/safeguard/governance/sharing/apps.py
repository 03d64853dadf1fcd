from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "safeguard.governance.sharing"
    label = "sharing"
    verbose_name = "Sharing agreements and emergency access"
