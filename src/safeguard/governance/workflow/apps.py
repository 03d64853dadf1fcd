from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "safeguard.governance.workflow"
    label = "workflow"
    verbose_name = "Governance workflow"
