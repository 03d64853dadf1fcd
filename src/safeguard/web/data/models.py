"""Uploaded returns waiting for a decision.

An upload is saved under a name the application makes (``uploads/<uuid>.xlsx`` in the
store folder); the name the person's computer gave the file is kept only as text to show back
to them, never used to build a path.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from safeguard.home import safeguard_home

UPLOAD_FOLDER_NAME = "uploads"


class UploadStatus(models.TextChoices):
    CHECKED = "checked", "Checked, waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Upload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(max_length=255, help_text="Shown to people; never used as a path.")
    extension = models.CharField(max_length=8, choices=[("xlsx", "xlsx")])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=UploadStatus.choices, default=UploadStatus.CHECKED)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    snapshot_id = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    @property
    def stored_name(self) -> str:
        return f"{self.id}.{self.extension}"

    @property
    def path(self) -> Path:
        return safeguard_home() / UPLOAD_FOLDER_NAME / self.stored_name

    @property
    def can_be_accepted(self) -> bool:
        return self.status == UploadStatus.CHECKED and self.errors == 0
