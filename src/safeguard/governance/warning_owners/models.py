"""Early warnings as lasting records, and each person's acknowledgement of them.

A warning is worked out afresh from the snapshots every time the figures change
(``safeguard.aggregates``), and its first month can move as later data arrive (a change first
dated from October may, a month later, be dated from September). So each warning is given a
lasting record here the first time it is shown: a number, which is its address
(``/warnings/12``), and every name it has gone by (``WarningName``), so an address that named the
indicator, check and first month keeps leading to it.

An acknowledgement is one person's, under the role they hold for it, with their reason in their
own words (seed 004, "assurance tools": leaders own what the warnings tell them): the Lead
Member acknowledging a warning does not clear it for the Director. Acknowledgements are
governance records: versioned, with their history, never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.governance.workflow.models import GovernanceRecord
from safeguard.roles import Role

RESPONSE_MAX_LENGTH = 2000


class TrackedWarning(models.Model):
    """One early warning, kept under a lasting number while the figures behind it change."""

    indicator_id = models.CharField(max_length=64)
    source = models.CharField(max_length=32, help_text="The check that raised it: control chart, neighbours, local limit.")
    direction = models.CharField(max_length=8)
    reading = models.CharField(max_length=16, help_text="Concern, improvement or unusual, as last shown.")
    title = models.CharField(max_length=200, help_text="The indicator's title, to name the warning once it has gone.")
    since = models.DateField(help_text="The first month of the signal, as last worked out.")
    until = models.DateField(help_text="The last month of the signal, as last worked out.")
    first_shown_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title} since {self.since:%B %Y}"

    @property
    def reference(self) -> str:
        return f"W{self.pk:03d}" if self.pk else "new warning"


class WarningName(models.Model):
    """A name a warning has gone by (indicator, check, first month, reading): old addresses that
    used it still lead to the warning."""

    key = models.CharField(max_length=160, unique=True)
    warning = models.ForeignKey(TrackedWarning, on_delete=models.PROTECT, related_name="names")

    def __str__(self) -> str:
        return self.key


ROLE_CHOICES = [(role.value, role.value.replace("_", " ")) for role in Role]


class Acknowledgement(GovernanceRecord):
    """One person's acknowledgement of one warning: in which role, when, and what they will do."""

    warning = models.ForeignKey(TrackedWarning, on_delete=models.PROTECT, related_name="acknowledgements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=ROLE_CHOICES, help_text="The role in which they acknowledged it.")
    acknowledged_at = models.DateTimeField()
    response = models.TextField(max_length=RESPONSE_MAX_LENGTH, help_text="Why: what they have asked or will do, in their words.")

    class Meta:
        ordering = ["acknowledged_at", "id"]
        constraints = [models.UniqueConstraint(fields=["warning", "person"], name="one_acknowledgement_per_person")]

    def __str__(self) -> str:
        return f"{self.warning.reference} acknowledged by {self.person_name}"
