"""A self-evaluation: the three answers, the figures drafted with them, and its evidence links.

Each save is a version: ``version`` counts them and the record's history (django-simple-history)
keeps every one whole, with who saved it and when, so any earlier version can be read again.
"""

from __future__ import annotations

from django.db import models

from safeguard.governance.workflow.models import GovernanceRecord

TITLE_MAX = 120
ANSWER_MAX = 30_000

QUESTIONS = (
    ("what_we_know", "What do we know about the quality and impact of social work practice with children and families?"),
    ("how_we_know", "How do we know it?"),
    ("our_plans", "What are our plans to maintain or improve practice?"),
)
"""Ofsted's three questions (Chief executives' must know, "Ofsted"), by the field that answers each."""


class SelfEvaluation(GovernanceRecord):
    title = models.CharField(max_length=TITLE_MAX)
    what_we_know = models.TextField(max_length=ANSWER_MAX)
    how_we_know = models.TextField(max_length=ANSWER_MAX)
    our_plans = models.TextField(max_length=ANSWER_MAX)
    audit_evidence = models.TextField(
        max_length=ANSWER_MAX,
        blank=True,
        help_text="What case audits show. The case audits app links its results here as evidence links.",
    )
    headline_figures = models.JSONField(
        default=list, blank=True,
        help_text="The headline figures beside England and the neighbours as they stood when the text was drafted from the records.",
    )
    drafted_from_records_at = models.DateTimeField(help_text="When the text was last drafted from the records.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "self-evaluation"

    def __str__(self) -> str:
        return self.title


class EvidenceLink(GovernanceRecord):
    """A pointer from a self-evaluation to another record that evidences it: the extension point
    for case audit results (the case audits app names its record as the access log does,
    ``audits.auditround:3``, and says what it found)."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.PROTECT, related_name="evidence_links")
    kind = models.CharField(max_length=24, default="case_audit")
    reference = models.CharField(max_length=200)
    summary = models.TextField(max_length=ANSWER_MAX)

    class Meta:
        ordering = ["created_at", "id"]
