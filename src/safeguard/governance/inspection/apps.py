from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "safeguard.governance.inspection"
    label = "inspection"
    verbose_name = "Inspection"
