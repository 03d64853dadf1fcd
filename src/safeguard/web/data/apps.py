from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "safeguard.web.data"
    label = "data"
    verbose_name = "Data"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from safeguard.web.private_database import keep_sqlite_files_private

        connection_created.connect(keep_sqlite_files_private, dispatch_uid="safeguard.private_database")
