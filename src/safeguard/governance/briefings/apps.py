from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "safeguard.governance.briefings"
    label = "briefings"
    verbose_name = "Significant case briefings"
