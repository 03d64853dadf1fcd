"""The access log: one record per request, and the children each record touched.

Rows are only ever added: migrations 0002 and 0006 install database triggers that make UPDATE
and DELETE fail on SQLite and PostgreSQL alike, and on PostgreSQL the application's own role
may only insert and read them (``safeguard.web.audit.privileges``), so neither a bug nor a
database session through the application's account can rewrite history. A record names the
object touched but never holds its field values (DOMAIN.md §7, "Audit").

A record names a list of a snapshot, say, when someone reads its rows; the children in the rows
actually shown or downloaded are kept beside it, one ``AccessedChild`` each, so that "who saw
this child?" and "whose records did this person see?" have answers
(``safeguard.web.audit.trails``).
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
    RECORD = "record", "Governance record"
    """A self-assessment, challenge, audit, plan action or another governance record; its
    ``object_id`` is ``<app label>.<model>:<id>`` (``record_id``)."""


def record_id(record: models.Model) -> str:
    """How the access log names a governance record: ``plan.planaction:12``."""
    return f"{record._meta.label_lower}:{record.pk}"


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


class AccessedChild(models.Model):
    """One child whose record an access showed or exported (on list 11 of Annex A, an adopter:
    the person the list's rows are about). Kept apart from ``AccessRecord`` so that a request
    stays one record however many children it touched."""

    access = models.ForeignKey(AccessRecord, on_delete=models.PROTECT, related_name="children")
    child_id = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["access", "child_id"]
        constraints = [models.UniqueConstraint(fields=["access", "child_id"], name="one_row_per_child_per_access")]

    def __str__(self) -> str:
        return f"{self.child_id} in access {self.access_id}"
