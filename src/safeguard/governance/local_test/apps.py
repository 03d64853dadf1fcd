from django.apps import AppConfig


class LocalTestConfig(AppConfig):
    name = "safeguard.governance.local_test"
    label = "local_test"
    verbose_name = "Local Test of Assurance"
