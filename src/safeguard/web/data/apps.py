from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "safeguard.web.data"
    label = "data"
    verbose_name = "Data"
