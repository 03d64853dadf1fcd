"""The coded values of Ofsted's Annex A, one code list per kind of coded field.

Councils write these values in many spellings: with Ofsted's letter prefix ("q) 6: Police"),
as the bare DfE code ("6"), as the label alone ("Police"), or in older broad groups ("g) Police").
Each code list holds the canonical value we store (the DfE code where one exists, so that
figures join up with the CIN census and SSDA903 later), the label, the form Ofsted's template
writes, and extra spellings worth accepting. Matching the spellings is the job of
`safeguard.annex_a.cells`; this module only says what the values are.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Code:
    """One permitted value of a coded field."""

    value: str
    """What the snapshot stores: stable, short, the DfE code where there is one."""
    label: str
    """Plain-English meaning."""
    written: str
    """How Ofsted's Annex A template writes it (what the synthetic council writes)."""
    aliases: tuple[str, ...] = ()
    """Other spellings councils use for this value."""


@dataclass(frozen=True)
class CodeList:
    """The permitted values of one kind of coded field."""

    name: str
    codes: tuple[Code, ...]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Older broad groups (for example "a) White") and the values each stands for; a value
    written only as its group is accepted and stored as the group's name."""

    def values(self) -> tuple[str, ...]:
        """Every value a snapshot may hold for this field, group names included."""
        return tuple(code.value for code in self.codes) + tuple(self.groups)

    def by_value(self, value: str) -> Code:
        """The code with this stored value."""
        for code in self.codes:
            if code.value == value:
                return code
        raise KeyError(f"{value!r} is not a value of the code list {self.name}")


def _lettered(
    rows: list[tuple[str, str]], *, with_label: bool, aliases: dict[str, tuple[str, ...]] | None = None
) -> tuple[Code, ...]:
    """Codes that Ofsted letters a), b), ... in order; ``with_label`` writes "a) 1A: Individual".
    ``aliases`` adds other spellings by value."""
    letters = [chr(ord("a") + i) for i in range(26)] + ["zz"]
    codes = []
    for letter, (value, label) in zip(letters, rows):
        written = f"{letter}) {value}: {label}" if with_label else f"{letter}) {value}"
        codes.append(Code(value=value, label=label, written=written, aliases=(aliases or {}).get(value, ())))
    return tuple(codes)


def _labelled(rows: list[tuple[str, str]], aliases: dict[str, tuple[str, ...]] | None = None) -> tuple[Code, ...]:
    """Codes whose lettered label is itself the value Ofsted's template shows ("b) Female")."""
    letters = [chr(ord("a") + i) for i in range(26)]
    return tuple(
        Code(value=value, label=label, written=f"{letter}) {label}", aliases=(aliases or {}).get(value, ()))
        for letter, (value, label) in zip(letters, rows)
    )


GENDER = CodeList(
    "gender",
    _labelled(
        [
            ("1", "Male"),
            ("2", "Female"),
            ("0", "Not stated/recorded"),
            ("9", "Neither"),
        ],
        aliases={
            "1": ("M",),
            "2": ("F",),
            "0": ("Not stated", "Not recorded", "Not known", "Unknown", "U", "Unborn"),
            "9": ("Non-binary", "Indeterminate"),
        },
    ),
)

ETHNICITY = CodeList(
    "ethnicity",
    _lettered(
        [
            ("WBRI", "White British"),
            ("WIRI", "White Irish"),
            ("WIRT", "Traveller of Irish heritage"),
            ("WOTH", "Any other White background"),
            ("WROM", "Gypsy/Roma"),
            ("MWBC", "White and Black Caribbean"),
            ("MWBA", "White and Black African"),
            ("MWAS", "White and Asian"),
            ("MOTH", "Any other mixed background"),
            ("AIND", "Indian"),
            ("APKN", "Pakistani"),
            ("ABAN", "Bangladeshi"),
            ("AOTH", "Any other Asian background"),
            ("BCRB", "Caribbean"),
            ("BAFR", "African"),
            ("BOTH", "Any other Black background"),
            ("CHNE", "Chinese"),
            ("OOTH", "Any other ethnic group"),
            ("REFU", "Refused"),
            ("NOBT", "Information not yet obtained"),
        ],
        with_label=False,
    ),
    groups={
        "White": ("WBRI", "WIRI", "WIRT", "WOTH", "WROM"),
        "Mixed": ("MWBC", "MWBA", "MWAS", "MOTH"),
        "Asian or Asian British": ("AIND", "APKN", "ABAN", "AOTH"),
        "Black or Black British": ("BCRB", "BAFR", "BOTH"),
        "Other ethnic group": ("CHNE", "OOTH"),
        "Not stated": ("REFU", "NOBT"),
    },
)

SOURCE = CodeList(
    "source",
    _lettered(
        [
            ("1A", "Individual"),
            ("1B", "Individual"),
            ("1C", "Individual"),
            ("1D", "Individual"),
            ("2A", "Schools"),
            ("2B", "Education services"),
            ("3A", "Health services"),
            ("3B", "Health services"),
            ("3C", "Health services"),
            ("3D", "Health services"),
            ("3E", "Health services"),
            ("3F", "Health services"),
            ("4", "Housing"),
            ("5A", "LA services"),
            ("5B", "LA services"),
            ("5C", "LA services"),
            ("6", "Police"),
            ("7", "Other legal agency"),
            ("8", "Other"),
            ("9", "Anonymous"),
            ("10", "Unknown"),
        ],
        with_label=True,
    ),
    groups={
        "Individual": ("1A", "1B", "1C", "1D"),
        "Schools": ("2A",),
        "Education services": ("2B",),
        "Health services": ("3A", "3B", "3C", "3D", "3E", "3F"),
        "Housing": ("4",),
        "LA services": ("5A", "5B", "5C"),
        "Police": ("6",),
        "Other legal agency": ("7",),
        "Other": ("8",),
        "Anonymous": ("9",),
        "Unknown": ("10",),
    },
)

YES_NO = CodeList(
    "yes_no",
    (
        Code("true", "Yes", "a) Yes", ("Y", "True", "1")),
        Code("false", "No", "b) No", ("N", "False", "0")),
    ),
)

YES_NO_UNKNOWN = CodeList(
    "yes_no_unknown",
    YES_NO.codes + (Code("unknown", "Unknown", "c) Unknown", ("U", "Not known")),),
)

NEED = CodeList(
    "need",
    _lettered(
        [
            ("N1", "Abuse or neglect"),
            ("N2", "Child's disability"),
            ("N3", "Parental illness or disability"),
            ("N4", "Family in acute stress"),
            ("N5", "Family dysfunction"),
            ("N6", "Socially unacceptable behaviour"),
            ("N7", "Low income"),
            ("N8", "Absent parenting"),
            ("N9", "Cases other than child in need"),
            ("N0", "Not stated"),
        ],
        with_label=True,
        aliases={"N3": ("Parents illness or disability",), "N9": ("Not CIN", "Not in need")},
    ),
)

CIN_CLOSURE_REASON = CodeList(
    "cin_closure_reason",
    _lettered(
        [
            ("RC1", "Adopted"),
            ("RC2", "Died"),
            ("RC3", "Child arrangements order"),
            ("RC4", "Special guardianship order"),
            ("RC5", "Transferred to services of another local authority"),
            ("RC6", "Transferred to adult social care services"),
            ("RC7", "Services ceased for any other reason, including child no longer in need"),
            ("RC8", "Case closed after assessment, no further action"),
            ("RC9", "Case closed after assessment, referred to early help"),
        ],
        with_label=True,
        aliases={
            "RC3": ("Residence order",),
            "RC4": ("Special guardianship order",),
            "RC5": ("Transfer to another LA",),
            "RC6": ("Transfer to adult social services",),
            "RC7": ("Other incl. child no longer in need",),
            "RC8": ("Child not in need after assessment",),
        },
    ),
)

CASE_STATUS = CodeList(
    "case_status",
    _labelled(
        [
            ("looked_after", "Looked after child"),
            ("child_protection_plan", "Child Protection plan"),
            ("child_in_need_plan", "Child in need plan"),
            ("open_assessment", "Open assessment"),
            ("closed", "Closed episode"),
        ]
    ),
)

ABUSE_CATEGORY = CodeList(
    "abuse_category",
    _labelled(
        [
            ("NEG", "Neglect"),
            ("PHY", "Physical abuse"),
            ("SAB", "Sexual abuse"),
            ("EMO", "Emotional abuse"),
            ("MUL", "Multiple/not recommended"),
        ],
        aliases={"MUL": ("Multiple",)},
    ),
)

LEGAL_STATUS = CodeList(
    "legal_status",
    _lettered(
        [
            ("C1", "Interim care order"),
            ("C2", "Full care order"),
            ("D1", "Freeing order granted"),
            ("E1", "Placement order granted"),
            ("V2", "Single period of accommodation under section 20"),
            ("V3", "Accommodated under an agreed series of short-term breaks"),
            ("V4", "Accommodated under an agreed series of short-term breaks, when agreements are recorded"),
            ("L1", "Under police protection and in local authority accommodation"),
            ("L2", "Emergency protection order"),
            ("L3", "Under child assessment order and in local authority accommodation"),
            ("J1", "Remanded to local authority accommodation or to youth detention accommodation"),
            ("J2", "Placed in local authority accommodation under PACE"),
            ("J3", "Sentenced to CRO with residence requirement"),
        ],
        with_label=True,
        aliases={
            "C1": ("Interim care orders", "ICO"),
            "C2": ("Full care orders", "FCO"),
            "D1": ("Freed for adoption",),
            "E1": ("PO",),
        },
    ),
    groups={
        "Accommodated under S20": ("V2", "V3", "V4"),
        "Detained on child protection grounds in LA accommodation": ("L1", "L2", "L3"),
        "Youth justice legal statuses": ("J1", "J2", "J3"),
    },
)

PERMANENCE_PLAN = CodeList(
    "permanence_plan",
    _labelled(
        [
            ("return_to_family", "Return to family"),
            ("adoption", "Adoption"),
            ("sgo_cao", "SGO/CAO"),
            ("supported_living", "Supported living in the community"),
            ("long_term_residential", "Long-term residential placement"),
            ("long_term_fostering", "Long-term fostering"),
            ("other", "Other"),
        ]
    ),
)

CARE_END_REASON = CodeList(
    "care_end_reason",
    _lettered(
        [
            ("E11", "Adopted - application unopposed"),
            ("E12", "Adopted - consent dispensed"),
            ("E2", "Died"),
            ("E3", "Care taken by another LA"),
            ("E4A", "Returned home to live with parents or relatives - part of planning"),
            ("E4B", "Returned home to live with parents or relatives - not part of planning"),
            ("E13", "Parents, relatives or other with no parental responsibility"),
            ("E41", "Residence order granted"),
            ("E45", "Special Guardianship Orders - former carer relative/friend"),
            ("E46", "Special Guardianship Orders - former carer other"),
            ("E47", "Special Guardianship Orders - relative/friend"),
            ("E48", "Special Guardianship Orders - other"),
            ("E5", "Moved into independent living - supported"),
            ("E6", "Moved into independent living - no support"),
            ("E7", "Transferred to residential care funded by adult social services"),
            ("E9", "Sentenced to custody"),
            ("E14", "Accommodation on remand ended"),
            ("E15", "Age assessment determined child was 18 or over"),
            ("E16", "Child moved abroad"),
            ("E8", "Care ceased for any other reason"),
            ("X1", "Code error"),
            ("E17", "Aged 18 and remained with current carers"),
        ],
        with_label=True,
        aliases={"E13": ("Left care to live with parents, relatives or other person with no parental responsibility",)},
    ),
    groups={
        "Adopted": ("E11", "E12"),
        "Returned home to live with parents or relatives": ("E4A", "E4B"),
        "Special Guardianship Orders": ("E45", "E46", "E47", "E48"),
        "Moved into independent living": ("E5", "E6"),
    },
)

PLACEMENT_TYPE = CodeList(
    "placement_type",
    _lettered(
        [
            ("U1", "Foster placement - relatives - long term"),
            ("U2", "Foster placement - relative - FFA"),
            ("U3", "Foster placement - relative - not FFA"),
            ("U4", "Foster placement - long term"),
            ("U5", "Foster placement - FFA"),
            ("U6", "Foster placement - not FFA"),
            ("A3", "Placed for adoption - consent - current foster"),
            ("A4", "Placed for adoption - consent - not foster"),
            ("A5", "Placed for adoption - order - foster"),
            ("A6", "Placed for adoption - order - not foster"),
            ("P1", "Placed with parents"),
            ("P2", "Independent living"),
            ("P3", "Residential employment"),
            ("H5", "Residential accommodation"),
            ("K1", "Secure children's homes"),
            ("K2", "Children's homes"),
            ("R1", "Residential care home"),
            ("R2", "NHS/Health Trust"),
            ("R3", "Family centre or mother and baby unit"),
            ("R5", "Young offender institution"),
            ("S1", "Residential school"),
            ("Z1", "Other placements"),
            ("T0", "Temporary placement"),
            ("T1", "Temporary placement - hospital"),
            ("T2", "Temporary placement - holiday"),
            ("T3", "Temporary placement - carer holiday"),
            ("T4", "Temporary placement - seven days or less"),
        ],
        with_label=True,
    ),
    groups={
        "Foster placement": ("U1", "U2", "U3", "U4", "U5", "U6"),
        "Placed for adoption": ("A3", "A4", "A5", "A6"),
    },
)

PLACEMENT_PROVIDER = CodeList(
    "placement_provider",
    _lettered(
        [
            ("PR0", "Parents/Parental responsibility"),
            ("PR1", "Own provision"),
            ("PR2", "Other LA provision"),
            ("PR3", "Other public provision"),
            ("PR4", "Private provision"),
            ("PR5", "Voluntary/third sector"),
        ],
        with_label=True,
        aliases={"PR1": ("Own LA",), "PR4": ("Private",)},
    ),
    groups={"Other": ("PR0", "PR2", "PR3", "PR5")},
)

PLACEMENT_LOCATION = CodeList(
    "placement_location",
    _labelled([("in", "In"), ("out", "Out")]),
)

CARE_LEAVER_ELIGIBILITY = CodeList(
    "care_leaver_eligibility",
    _labelled(
        [
            ("relevant", "Relevant child"),
            ("former_relevant", "Former relevant child"),
            ("qualifying", "Qualifying"),
            ("eligible", "Eligible"),
            ("other", "Other"),
        ]
    ),
)

IN_TOUCH = CodeList(
    "in_touch",
    _labelled(
        [
            ("yes", "Yes"),
            ("no", "No"),
            ("refused", "Young person refuses contact"),
            ("died", "Died"),
            ("returned_home", "Returned home"),
            ("not_recorded", "Not recorded"),
        ],
        aliases={"yes": ("In touch",), "no": ("Not in touch",)},
    ),
)

CARE_LEAVER_ACCOMMODATION = CodeList(
    "care_leaver_accommodation",
    tuple(
        Code(value, label, f"{value}: {label}", tuple(aliases))
        for value, label, *aliases in [
            ("B", "Parents or relatives", "With parents or relatives"),
            ("C", "Community home or other form of residential care", "Community home"),
            ("D", "Semi-independent, transitional accommodation"),
            ("E", "Supported lodgings"),
            ("G", "Gone abroad"),
            ("H", "Deported"),
            ("K", "Ordinary lodgings, without formal support", "Ordinary lodgings"),
            ("R", "Residence not known"),
            ("S", "No fixed abode or homeless", "No fixed abode / homeless"),
            ("T", "Foyers"),
            ("U", "Independent living"),
            ("V", "Emergency accommodation"),
            ("W", "Bed and breakfast"),
            ("X", "In custody"),
            ("Y", "Other accommodation"),
            ("Z", "With former foster carers", "With former foster carer"),
        ]
    ),
)

ACCOMMODATION_SUITABILITY = CodeList(
    "accommodation_suitability",
    _labelled([("suitable", "Suitable"), ("not_suitable", "Not suitable")]),
)

ACTIVITY = CodeList(
    "activity",
    tuple(
        Code(value, label, f"{value}: {label}")
        for value, label in [
            ("F1", "Full time in higher education"),
            ("P1", "Part time in higher education"),
            ("F2", "Full time in education other than higher"),
            ("P2", "Part time in education other than higher"),
            ("F4", "Young person engaged full time in an apprenticeship"),
            ("P4", "Young person engaged part time in an apprenticeship"),
            ("F5", "Young person engaged full time in training or employment (not apprenticeship)"),
            ("P5", "Young person engaged part time in training or employment (not apprenticeship)"),
            ("G4", "Not in education, employment or training - illness or disability"),
            ("G5", "Not in education, employment or training - other"),
            ("G6", "Not in education, employment or training - pregnancy or parenting"),
        ]
    ),
    groups={
        "Full time in training or employment": ("F4", "F5"),
        "Part time in training or employment": ("P4", "P5"),
    },
)

ADOPTION_STOPPED_REASON = CodeList(
    "adoption_stopped_reason",
    tuple(
        Code(value, label, f"{value}: {label}", tuple(aliases))
        for value, label, *aliases in [
            ("RD1", "The child's needs changed", "Child's needs changed"),
            ("RD2", "The court did not make a placement order", "Court did not make a PO"),
            ("RD3", "Prospective adopters could not be found", "Prospective adopters cannot be found"),
            ("RD4", "Any other reason"),
        ]
    ),
)

ADOPTER_LEFT_REASON = CodeList(
    "adopter_left_reason",
    _labelled([("withdrew", "Withdrew"), ("on_hold", "Process on hold"), ("refused", "Application refused")]),
)
