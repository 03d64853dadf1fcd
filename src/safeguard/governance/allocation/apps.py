from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "safeguard.governance.allocation"
    label = "allocation"
    verbose_name = "Allocation and workforce"
