from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "safeguard.governance.partnership"
    label = "partnership"
    verbose_name = "The safeguarding partnership"
