from django.apps import AppConfig


class SelfEvaluationConfig(AppConfig):
    name = "safeguard.governance.self_evaluation"
    label = "self_evaluation"
    verbose_name = "Ofsted self-evaluation"
