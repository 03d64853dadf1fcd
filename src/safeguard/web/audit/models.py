"""The access log's one table.

Rows are only ever added: migration 0002 installs database triggers that make UPDATE and
DELETE fail on SQLite and PostgreSQL alike, so not even a bug or a database console session
through the application's account can rewrite history. A record names the object touched but
never holds its field values (DOMAIN.md §7, "Audit").
"""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    REFUSED = "refused", "Refused"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ObjectType(models.TextChoices):
    CHILD = "child", "Child"
    SNAPSHOT_LIST = "snapshot_list", "List of a snapshot"
    UPLOAD = "upload", "Uploaded return"
    USER = "user", "User account"
    ROUTE = "route", "Page"
    AUDIT_LOG = "audit_log", "Access log"
    WARNING = "warning", "Early warning"
    FRAMEWORK_QUESTION = "framework_question", "Council's own framework question"


class AccessRecord(models.Model):
    at = models.DateTimeField(db_index=True, help_text="When, in UTC.")
    request_id = models.CharField(max_length=36)
    user_id = models.BigIntegerField(null=True, help_text="Not a foreign key: the log outlives any row it names.")
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, blank=True, help_text="The role the person acted in.")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=32, choices=ObjectType.choices)
    object_id = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    address = models.GenericIPAddressField(null=True, unpack_ipv4=True)
    route = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or 'anonymous'} {self.action} {self.outcome}"
