from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "safeguard.governance.plan"
    label = "plan"
    verbose_name = "Improvement plan"
