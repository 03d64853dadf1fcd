from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "safeguard.packs"
    label = "packs"
    verbose_name = "Packs"
