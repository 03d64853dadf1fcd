from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "safeguard.governance.framework"
    label = "framework"
    verbose_name = "The council's own framework questions"
