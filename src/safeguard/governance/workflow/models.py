"""The bases of every governance record, and the log of their transitions.

A governance record is evidence: what a leader asked, what the Director agreed, which action
was promised by when. So none is ever deleted, every change keeps the version before it
(django-simple-history, one historical row per save, naming who saved it), and every record
carries a version number that each change raises by one: an edit made from an older version is
refused rather than allowed to overwrite someone else's (``transitions.save_edit``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class RecordCannotBeDeleted(Exception):
    """Governance records are closed, withdrawn or superseded; never deleted."""


class GovernanceRecord(models.Model):
    """A record people write and change: versioned, attributed, with its whole history."""

    version = models.PositiveIntegerField(default=1, help_text="Raised by one with every change, so a stale edit is refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RecordCannotBeDeleted(f"{self._meta.verbose_name} records are never deleted; close or withdraw it instead.")


class WorkflowRecord(GovernanceRecord):
    """A governance record that moves through states by the transitions of its ``WORKFLOW``."""

    state = models.CharField(max_length=32, db_index=True)
    WORKFLOW: ClassVar[Any]
    """The record type's ``safeguard.governance.workflow.transitions.Workflow``."""

    class Meta:
        abstract = True

    @property
    def state_label(self) -> str:
        return self.WORKFLOW.label(self.state)


class TransitionRecord(models.Model):
    """One move of one record from one state to another: who, in which role, when and why.

    Only ever added to (``apply_transition`` writes it in the same transaction as the move).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(
        max_length=64, help_text="The record's primary key as text: a number for most records, a UUID for an upload."
    )
    transition = models.CharField(max_length=48)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField()
    reason = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.from_state} -> {self.to_state} by {self.by_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RecordCannotBeDeleted("a transition, once recorded, is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RecordCannotBeDeleted("a transition, once recorded, is never deleted")
