from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "safeguard.governance.induction"
    label = "induction"
    verbose_name = "Induction and the briefing cycle"
