from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "safeguard.web.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from safeguard.web.audit.privileges import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="safeguard.audit.privileges")
