from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "safeguard.governance.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"
