"""Every pack issued: who asked for it, when, for which period, from which state of the data,
and the hash of the file they were given (kept beside the store, never changed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IssuedPack(models.Model):
    pack = models.CharField(max_length=64)
    period = models.DateField(help_text="The first day of the month the pack reports on.")
    format = models.CharField(max_length=8)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issued_by_name = models.CharField(max_length=150, help_text="Who asked: a person, or the command line's operator.")
    fingerprint = models.CharField(max_length=64, help_text="The state of the store the figures came from.")
    snapshots = models.JSONField(help_text="The ids of the snapshots the figures were worked out from.")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    file_name = models.CharField(max_length=80, help_text="The kept copy, in the store's packs folder (named by us).")
    children = models.JSONField(
        default=list, blank=True, help_text="The children whose records the pack carries (child-level packs only), for the access log."
    )

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pack} {self.period:%Y-%m} ({self.format}) issued {self.issued_at:%Y-%m-%d %H:%M} by {self.issued_by_name}"
