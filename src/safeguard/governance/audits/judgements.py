"""What an audited case is judged on, as data: the domains, the four-point scale, the learning
themes and the agencies auditors come from.

The domains follow what the guidance asks leaders to look for in case files: whether the child's
voice is heard (CEx must-know, "The voice of the child"), the quality of assessment, planning and
management oversight (London procedures §18.4.8-18.4.10), how agencies work together (§18.2.14)
and whether children's lives get better (LMCS guide §4.1, factor 7). The learning themes are a
controlled list so that rounds can be compared over time; auditors add their own words beside
them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    key: str
    title: str
    question: str
    """What the auditor asks of the case file, shown beside the grade."""


DOMAINS: tuple[Domain, ...] = (
    Domain("child_voice", "The child's voice", "Are the child's wishes, feelings and daily life recorded, and do they shape what is done?"),
    Domain("assessment", "Assessment", "Does the assessment analyse risk and need, drawing on history and on every agency involved?"),
    Domain("planning", "Planning", "Is the plan specific about who does what by when, and is it reviewed and changed as needed?"),
    Domain("management_oversight", "Management oversight", "Do managers supervise the work, record their decisions and act on drift?"),
    Domain("multi_agency", "Multi-agency working", "Do agencies share information, attend meetings and carry out their parts of the plan?"),
    Domain("outcomes", "Impact and outcomes", "Is the child safer and better off because of what has been done?"),
)
DOMAIN_KEYS: tuple[str, ...] = tuple(domain.key for domain in DOMAINS)


def domain_title(key: str) -> str:
    for domain in DOMAINS:
        if domain.key == key:
            return domain.title
    return key


GRADES: tuple[tuple[str, str], ...] = (
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
)
"""The four-point scale, best first (Ofsted's judgements, DOMAIN.md §5)."""
GRADE_KEYS: tuple[str, ...] = tuple(key for key, _ in GRADES)
GOOD_OR_BETTER = frozenset({"outstanding", "good"})
GRADE_WORDS = "outstanding, good, requires improvement or inadequate"


def grade_label(key: str) -> str:
    return dict(GRADES).get(key, key)


LEARNING_THEMES: tuple[tuple[str, str], ...] = (
    ("voice_of_child", "Hearing and acting on what the child says"),
    ("lived_experience", "Understanding the child's daily life"),
    ("risk_analysis", "Analysis of risk and need"),
    ("specific_plans", "Plans specific about who does what by when"),
    ("drift_and_delay", "Drift and delay"),
    ("management_oversight", "Management oversight and supervision"),
    ("information_sharing", "Sharing information between agencies"),
    ("thresholds", "Applying thresholds consistently"),
    ("family_network", "Involving fathers and the wider family"),
    ("identity", "Identity, culture and diversity"),
    ("recording", "Quality of recording"),
    ("good_practice", "Good practice to share"),
)
THEME_KEYS: tuple[str, ...] = tuple(key for key, _ in LEARNING_THEMES)


def theme_label(key: str) -> str:
    return dict(LEARNING_THEMES).get(key, key)


AGENCIES: tuple[tuple[str, str], ...] = (
    ("social_care", "Children's social care"),
    ("health", "Health"),
    ("police", "Police"),
    ("education", "Education"),
    ("other", "Another agency"),
)
"""The agencies a multi-agency audit draws its auditors from (the statutory partners and schools,
London procedures §18.3)."""


def agency_label(key: str) -> str:
    return dict(AGENCIES).get(key, key)


VOICE_ANSWERS: tuple[tuple[str, str], ...] = (("yes", "Yes: the child's voice is evident"), ("no", "No: it is not evident"))
