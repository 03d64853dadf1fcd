"""Uploaded returns waiting for a decision.

An upload is saved under a name the application makes (``uploads/<uuid>.xlsx`` in the
store folder); the name the person's computer gave the file is kept only as text to show back
to them, never used to build a path.

Deciding on an upload (accept or reject) is a transition of ``UPLOAD_WORKFLOW``, made by
``safeguard.governance.workflow.transitions.apply_transition`` (``safeguard.web.data.decisions``):
the row is locked, its state and version checked, and the move logged in one transaction, so
two people deciding at once cannot both succeed.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.db import models

from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.home import safeguard_home
from safeguard.roles import Permission

UPLOAD_FOLDER_NAME = "uploads"


class UploadStatus(models.TextChoices):
    CHECKED = "checked", "Checked, waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


UPLOAD_WORKFLOW = Workflow(
    states=dict(UploadStatus.choices),
    initial=UploadStatus.CHECKED,
    transitions=[
        transition("accept", "Accept as a new snapshot", sources=[UploadStatus.CHECKED], target=UploadStatus.ACCEPTED,
                   permission=Permission.IMPORT_RETURNS),
        transition("reject", "Reject", sources=[UploadStatus.CHECKED], target=UploadStatus.REJECTED,
                   permission=Permission.IMPORT_RETURNS),
    ],
)
"""An upload waits, checked, for one decision; once accepted or rejected it never moves again."""


class Upload(models.Model):
    WORKFLOW: ClassVar[Workflow] = UPLOAD_WORKFLOW

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
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by one with every decision, so a decision made from an old page is refused."
    )

    class Meta:
        ordering = ["-uploaded_at"]

    @property
    def state(self) -> str:
        """The workflow's name for ``status`` (what ``apply_transition`` reads and moves)."""
        return self.status

    @state.setter
    def state(self, value: str) -> None:
        self.status = value

    @property
    def state_label(self) -> str:
        return self.WORKFLOW.label(self.status)

    @property
    def stored_name(self) -> str:
        return f"{self.id}.{self.extension}"

    @property
    def path(self) -> Path:
        return safeguard_home() / UPLOAD_FOLDER_NAME / self.stored_name

    @property
    def can_be_accepted(self) -> bool:
        return self.status == UploadStatus.CHECKED and self.errors == 0


def discard_unclaimed_files() -> list[Path]:
    """Delete the files in ``uploads/`` that no upload waiting for a decision owns, and say which.

    A server stopped dead (a crash, SIGKILL) in the middle of receiving a return leaves its file
    without a row (the row is written last, in the same transaction as the access record, so it
    was never committed); one stopped just after a decision leaves the decided upload's files.
    ``safeguard serve`` calls this before it starts serving, when no request can be in flight."""
    folder = safeguard_home() / UPLOAD_FOLDER_NAME
    if not folder.is_dir():
        return []
    waiting = {str(upload_id) for upload_id in Upload.objects.filter(status=UploadStatus.CHECKED).values_list("id", flat=True)}
    discarded = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.split(".", 1)[0] not in waiting:
            path.unlink()
            discarded.append(path)
    return discarded
