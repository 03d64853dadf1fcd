"""The partnership's records: agencies and named members, meetings and attendance, sub-groups,
the work programme, contributions, section 11 audits and escalations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

NAME_MAX = 200
TEXT_MAX = 4000


class AgencyKind(models.TextChoices):
    """Who sits on the partnership (seed 003 §18.3.22-18.3.31)."""

    PARTNERSHIP = "partnership", "The partnership itself: its independent chair and business unit"
    STATUTORY = "statutory", "A statutory partner"
    LAY = "lay", "Lay members from the community"
    SCHOOLS = "schools", "Schools and colleges"
    OTHER = "other", "Another agency"


class Position(models.TextChoices):
    CHAIR = "chair", "Independent chair"
    MEMBER = "member", "Member"
    LAY_MEMBER = "lay_member", "Lay member"
    ADVISER = "adviser", "Professional adviser (designated doctor or nurse)"
    OBSERVER = "observer", "Participating observer (the Lead Member)"
    BUSINESS_MANAGER = "business_manager", "Business manager"


class Agency(GovernanceRecord):
    name = models.CharField(max_length=NAME_MAX, unique=True)
    kind = models.CharField(max_length=16, choices=AgencyKind.choices)
    core_funder = models.BooleanField(
        default=False, help_text="One of the agencies whose contribution pays for the partnership's core (seed 003 §18.3.50).")
    active = models.BooleanField(default=True, help_text="Still a member of the partnership: expected at its meetings.")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Member(GovernanceRecord):
    """A named person who sits on the partnership for an agency (seed 003 §18.3.15), and the
    account they sign in with, if any: that account sees its agency's records."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=NAME_MAX)
    job_title = models.CharField(max_length=NAME_MAX)
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="partnership_member")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.job_title})"

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "The day they left cannot be before the day they joined"})


class SubGroup(GovernanceRecord):
    """A sub-group working to terms of reference set by the partnership and reporting to it
    (seed 003 §18.3.41-18.3.44)."""

    name = models.CharField(max_length=NAME_MAX, unique=True)
    terms_of_reference = models.TextField(max_length=TEXT_MAX)
    chair = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="chaired_sub_groups")
    established_on = models.DateField()
    terms_review_due = models.DateField(help_text="When the partnership next reviews its terms of reference.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


MEETING_WORKFLOW = Workflow(
    states={"planned": "Planned", "held": "Held", "cancelled": "Cancelled"},
    initial="planned",
    transitions=[
        transition("hold", "Record that the meeting was held", sources={"planned"}, target="held",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True, reason_label="The main decisions, in brief"),
        transition("cancel", "Cancel the meeting", sources={"planned"}, target="cancelled",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True),
    ],
)


class Meeting(WorkflowRecord):
    WORKFLOW = MEETING_WORKFLOW

    held_on = models.DateField()
    sub_group = models.ForeignKey(SubGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                                  help_text="Empty for a meeting of the partnership itself.")
    decisions = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.body} on {self.held_on:%-d %B %Y}"

    @property
    def body(self) -> str:
        return self.sub_group.name if self.sub_group_id else "The partnership"  # type: ignore[union-attr]


class Presence(models.TextChoices):
    MEMBER = "member", "The named member came"
    DEPUTY = "deputy", "A deputy came"
    APOLOGIES = "apologies", "Apologies, nobody came"
    ABSENT = "absent", "Nobody came, no apologies"


ATTENDED = frozenset({Presence.MEMBER, Presence.DEPUTY})


class Attendance(GovernanceRecord):
    """Whether an agency was at a meeting, who came, and whether they could speak for the agency
    with authority, commit it and hold it to account (seed 003 §18.3.16)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField(max_length=12, choices=Presence.choices)
    attendee = models.CharField(max_length=NAME_MAX, blank=True, help_text="Who came, by name and job title.")
    senior_enough = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency_per_meeting")]

    @property
    def attended(self) -> bool:
        return self.presence in ATTENDED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.presence in ATTENDED:
            if not self.attendee.strip():
                errors["attendee"] = "Say who came"
            if self.senior_enough is None:
                errors["senior_enough"] = "Say whether they could speak for and commit their agency"
        elif self.senior_enough is not None or self.attendee.strip():
            errors["presence"] = "Nobody came, so there is nobody to name or judge"
        if errors:
            raise ValidationError(errors)


class Priority(models.TextChoices):
    """The priority issues the annual report reports progress on (seed 003 §18.2.20)."""

    EXPLOITATION = "exploitation", "Child sexual and criminal exploitation"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    TRAFFICKING = "trafficking", "Child trafficking"
    NEGLECT = "neglect", "Neglect"
    EARLY_HELP = "early_help", "Early help"
    LEARNING = "learning", "Learning from reviews and child deaths"
    TRAINING = "training", "Single and multi-agency training"
    SAFER_RECRUITMENT = "safer_recruitment", "Safer recruitment and allegations"
    VOICE = "voice", "Hearing children and families"


WORK_WORKFLOW = Workflow(
    states={"planned": "Planned", "in_progress": "Under way", "done": "Done", "dropped": "Dropped"},
    initial="planned",
    transitions=[
        transition("start", "Start the work", sources={"planned"}, target="in_progress", permission=Permission.RUN_PARTNERSHIP),
        transition("finish", "Record that it is done", sources={"in_progress"}, target="done",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True, reason_label="What it achieved, with the evidence"),
        transition("drop", "Drop it from the programme", sources={"planned", "in_progress"}, target="dropped",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True),
    ],
)


class WorkItem(WorkflowRecord):
    """One piece of the partnership's work programme, with its objective, owner, dates and money
    (seed 003 §18.3.59: a work programme with clear objectives)."""

    WORKFLOW = WORK_WORKFLOW

    title = models.CharField(max_length=NAME_MAX)
    objective = models.TextField(max_length=TEXT_MAX, help_text="What will be different for children when it is done.")
    priority = models.CharField(max_length=20, choices=Priority.choices)
    owner = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="work_owned")
    sub_group = models.ForeignKey(SubGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="work")
    starts_on = models.DateField()
    due = models.DateField()
    budget = models.PositiveIntegerField(default=0, help_text="Pounds set aside from the partnership's budget.")
    spent = models.PositiveIntegerField(default=0, help_text="Pounds spent so far.")
    achieved = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"W{self.pk:03d}" if self.pk else "new work"

    def clean(self) -> None:
        if self.starts_on and self.due and self.due < self.starts_on:
            raise ValidationError({"due": "The due date cannot be before the start"})


class Contribution(GovernanceRecord):
    """What one agency put into the partnership's budget for one year (1 April to 31 March),
    in money and in kind (seed 003 §18.3.49-18.3.52)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField(help_text="The calendar year the reporting year starts in.")
    amount = models.PositiveIntegerField(help_text="Pounds committed to the pooled budget.")
    in_kind = models.CharField(max_length=NAME_MAX, blank=True, help_text="What the agency gives besides money.")

    class Meta:
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_contribution_per_agency_per_year")]


class Standard(models.TextChoices):
    """What a section 11 audit asks of each agency (Children Act 2004 section 11; seed 003
    §18.2.15), in our words."""

    LEADERSHIP = "leadership", "1. Senior leaders are committed to safeguarding and it is in the agency's plans"
    RESPONSIBILITIES = "responsibilities", "2. Every member of staff knows their safeguarding duties"
    ACCOUNTABILITY = "accountability", "3. A clear line of accountability, with a named safeguarding lead"
    VOICE = "voice", "4. Services are shaped by what children and families say"
    TRAINING = "training", "5. Staff are trained in safeguarding for their role, and refreshed"
    RECRUITMENT = "recruitment", "6. Safer recruitment, and allegations against staff handled properly"
    WORKING_TOGETHER = "working_together", "7. The agency works well with the other agencies"
    INFORMATION = "information", "8. Information is shared when a child needs it to be"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


AUDIT_WORKFLOW = Workflow(
    states={
        "requested": "Requested: the agency is assessing itself",
        "submitted": "Submitted: for the partnership to test",
        "challenged": "Challenged: waiting for the agency's answer",
        "answered": "Answered: for the partnership to decide",
        "accepted": "Accepted, with the follow-up agreed",
    },
    initial="requested",
    transitions=[
        transition("submit", "Submit the self-assessment", sources={"requested"}, target="submitted",
                   permission=Permission.WORK_WITH_PARTNERSHIP),
        transition("challenge", "Challenge the self-assessment", sources={"submitted", "answered"}, target="challenged",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="The partnership's challenge: what is not yet shown, and what evidence it wants"),
        transition("answer", "Answer the challenge", sources={"challenged"}, target="answered",
                   permission=Permission.WORK_WITH_PARTNERSHIP, needs_reason=True,
                   reason_label="The agency's answer, with its evidence"),
        transition("accept", "Accept it and agree the follow-up", sources={"submitted", "answered"}, target="accepted",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="The follow-up agreed: what the agency will do, and when the partnership will check"),
    ],
)


class Section11Audit(WorkflowRecord):
    WORKFLOW = AUDIT_WORKFLOW

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="section_11_audits")
    year = models.PositiveSmallIntegerField(help_text="The calendar year the reporting year starts in.")
    due = models.DateField(help_text="When the agency's self-assessment is due.")
    submitted_on = models.DateField(null=True, blank=True)
    challenge = models.TextField(max_length=TEXT_MAX, blank=True)
    answer = models.TextField(max_length=TEXT_MAX, blank=True)
    follow_up = models.TextField(max_length=TEXT_MAX, blank=True)
    follow_up_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = "section 11 audit"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_section_11_audit_per_agency_per_year")]

    def __str__(self) -> str:
        return f"{self.agency}, {self.year}-{(self.year + 1) % 100:02d}"

    @property
    def reference(self) -> str:
        return f"S11-{self.pk:03d}" if self.pk else "new audit"


class StandardRating(GovernanceRecord):
    """The agency's own rating of one standard, with its evidence."""

    audit = models.ForeignKey(Section11Audit, on_delete=models.PROTECT, related_name="ratings")
    standard = models.CharField(max_length=20, choices=Standard.choices)
    rating = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    evidence = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["audit", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "standard"], name="one_rating_per_standard")]


ESCALATION_WORKFLOW = Workflow(
    states={
        "raised": "Concern recorded: to be put to the agency's most senior people",
        "senior_told": "Put to the agency's most senior people",
        "inspectorate_told": "Put to the agency's inspectorate",
        "department_told": "Put to the government department",
        "resolved": "Resolved",
    },
    initial="raised",
    transitions=[
        transition("tell_senior", "Record that the agency's most senior people were told", sources={"raised"},
                   target="senior_told", permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="Who was told, when, and what they said"),
        transition("tell_inspectorate", "Record that the inspectorate was told", sources={"senior_told"},
                   target="inspectorate_told", permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="Which inspectorate, when, and why the agency's own answer was not enough"),
        transition("tell_department", "Record that the government department was told", sources={"inspectorate_told"},
                   target="department_told", permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="Which department, when, and why"),
        transition("resolve", "Record that the concern is resolved",
                   sources={"raised", "senior_told", "inspectorate_told", "department_told"}, target="resolved",
                   permission=Permission.RUN_PARTNERSHIP, needs_reason=True,
                   reason_label="What changed, and the evidence the partnership saw"),
    ],
)


class Escalation(WorkflowRecord):
    """An agency not performing, whose planned improvement the partnership does not believe will
    be enough (seed 003 §18.4.2)."""

    WORKFLOW = ESCALATION_WORKFLOW

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="escalations")
    raised_on = models.DateField()
    concern = models.TextField(max_length=TEXT_MAX, help_text="How the agency is not performing, and the evidence.")
    why_plan_falls_short = models.TextField(max_length=TEXT_MAX, help_text="Why the agency's own plan will not be enough.")
    audit = models.ForeignKey(Section11Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations")

    class Meta:
        ordering = ["-raised_on", "-id"]

    @property
    def reference(self) -> str:
        return f"E{self.pk:03d}" if self.pk else "new escalation"

    def clean(self) -> None:
        if self.raised_on and self.raised_on > timezone.localdate():
            raise ValidationError({"raised_on": "The day it was raised cannot be in the future"})
