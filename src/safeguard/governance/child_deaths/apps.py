from django.apps import AppConfig


class ChildDeathsConfig(AppConfig):
    name = "safeguard.governance.child_deaths"
    label = "child_deaths"
    verbose_name = "Child death reviews"
