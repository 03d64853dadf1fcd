from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguard.web.audit"
    label = "audit"
    verbose_name = "Access log"
