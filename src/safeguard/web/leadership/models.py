"""What leaders record against the early warnings: an acknowledgement and their response.

Warnings themselves are not stored: they are worked out from the snapshots every time the
figures change (``safeguard.aggregates``), each under a stable key (indicator, check, first
month, reading). An acknowledgement is kept under that key, so it stays with its warning while
later months extend it, and is still shown if a later import makes the warning go away.

Two people acknowledging the same warning at once must not overwrite each other (DOMAIN.md §7,
"Integrity"): the key is unique, so only the first insert succeeds; a later change of the
response names the version it was made from and succeeds only if nobody changed it since.
Either conflict is answered 409 with what the other person recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

RESPONSE_MAX_LENGTH = 2000


class WarningAcknowledgement(models.Model):
    warning_key = models.CharField(max_length=160, unique=True)
    indicator_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200, help_text="The indicator's title, to name the warning once it has gone.")
    since = models.DateField(help_text="The first month of the signal.")
    reading = models.CharField(max_length=16)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_by_name = models.CharField(max_length=150)
    acknowledged_at = models.DateTimeField()
    response = models.TextField(max_length=RESPONSE_MAX_LENGTH)
    response_by_name = models.CharField(max_length=150, help_text="Who wrote the response as it stands.")
    response_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1, help_text="Raised by one with every change, so a stale edit is refused.")

    class Meta:
        ordering = ["-acknowledged_at"]

    def __str__(self) -> str:
        return f"{self.warning_key} acknowledged by {self.acknowledged_by_name}"
