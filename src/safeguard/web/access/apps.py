from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguard.web.access"
    label = "access"
    verbose_name = "Access policy"

    def ready(self) -> None:
        from safeguard.web.access import checks  # noqa: F401 (registers the system check)
