"""``manage seed_demo_framework``: three questions of the demo council's own in the assurance
framework, added by the demo Director, so a newcomer sees how a council extends it. DEMO ONLY.

Running it again adds nothing: a question already there (same factor, same words) is left alone.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.framework.additions import same_question_key
from safeguard.governance.framework.models import CouncilQuestion
from safeguard.governance.framework.services import add_question

DEMO_QUESTIONS = (
    {
        "factor": "partnership",
        "text": "Do schools and early years settings know how to reach the front door out of hours, "
        "and are they told what happened to the concerns they raised?",
        "indicators": ("contacts_per_10k", "referral_nfa_rate"),
        "audience": "lead_member",
    },
    {
        "factor": "outcomes",
        "text": "How often do children placed more than twenty miles from home see their social worker, "
        "and what do they tell us about living far from their family and school?",
        "indicators": ("cla_visit_in_timescale", "cla_3plus_placements_rate"),
        "audience": "scrutiny",
    },
    {
        "factor": "resourcing",
        "text": "Since experienced social workers left the assessment teams, how long do new starters take "
        "to hold a full caseload, and are assessments back within 45 working days?",
        "indicators": ("assessments_within_45wd", "unallocated_cases"),
        "audience": "chief_executive",
    },
)


class Command(BaseCommand):
    help = "Add three of the demo council's own questions to the assurance framework (DEMO ONLY; adds nothing twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", default="demo-dcs", metavar="USERNAME", help="The demo account that adds them (default: demo-dcs).")

    def handle(self, *args: object, **options: object) -> None:
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo questions cannot be added with production settings.")
        person = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if person is None:
            raise CommandError(f"There is no account {options['by']!r}: make the demo users first (create_demo_users).")
        present = {same_question_key(question.factor, question.text) for question in CouncilQuestion.objects.all()}
        added = [
            add_question(by=person, **question)  # type: ignore[arg-type]
            for question in DEMO_QUESTIONS
            if same_question_key(str(question["factor"]), str(question["text"])) not in present
        ]
        self.stdout.write(f"Added {len(added)} of the demo council's own questions to the assurance framework.")
