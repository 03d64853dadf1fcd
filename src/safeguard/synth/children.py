"""The children of the synthetic council: who they are (id, sex, ethnicity, date of birth,
disability) and the register that makes new ones.

Proportions are round figures in the range DfE's children in need statistics describe for a
London borough (more children of Black, Asian and mixed heritage than England as a whole);
referral ages peak in infancy and in the early teens as England's do.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from safeguard.synth.randomness import Draws, WeightedChoice
from safeguard.synth.timeline import add_years

if TYPE_CHECKING:
    from safeguard.synth.journeys import CareLeaver, Episode

GENDERS = WeightedChoice([("1", 50.6), ("2", 48.8), ("0", 0.5), ("9", 0.1)])
ETHNICITIES = WeightedChoice(
    [
        ("WBRI", 34), ("WIRI", 1), ("WIRT", 0.3), ("WOTH", 11), ("WROM", 1),
        ("MWBC", 4), ("MWBA", 2), ("MWAS", 2), ("MOTH", 5),
        ("AIND", 4), ("APKN", 4), ("ABAN", 5), ("AOTH", 3),
        ("BCRB", 5), ("BAFR", 10), ("BOTH", 3),
        ("CHNE", 0.7), ("OOTH", 3), ("REFU", 0.5), ("NOBT", 1.5),
    ]
)
DISABILITY = WeightedChoice([("false", 91.0), ("true", 8.0), ("unknown", 1.0)])
REFERRAL_AGES = WeightedChoice(
    [(0, 9.0)] + [(age, 5.4) for age in range(1, 10)] + [(10, 6.0), (11, 6.4), (12, 7.0), (13, 7.5), (14, 7.6), (15, 7.4), (16, 6.4), (17, 4.6)]
)
CARE_ENTRY_AGES = WeightedChoice(
    [(0, 19.0)] + [(age, 3.5) for age in range(1, 5)] + [(age, 3.4) for age in range(5, 10)] + [(age, 6.0) for age in range(10, 16)] + [(16, 5.0), (17, 3.0)]
)
"""Ages of children starting to be looked after: a fifth are babies, a third are 10 to 15."""
UASC_AGES = WeightedChoice([(14, 0.1), (15, 0.25), (16, 0.4), (17, 0.25)])



class IdSequence:
    """Unique numeric ids that look random: the nth id is ``first + (a*n + b) mod span``.

    ``a`` is coprime with ``span``, so the map is a permutation and no id repeats until ``span``
    ids have been issued.
    """

    def __init__(self, generator: np.random.Generator, first: int, span: int) -> None:
        multiplier = int(generator.integers(span // 9, span))
        while math.gcd(multiplier, span) != 1:
            multiplier += 1
        self._multiplier = multiplier
        self._offset = int(generator.integers(0, span))
        self._first = first
        self._span = span
        self.issued = 0

    def next(self) -> str:
        number = self._first + (self._multiplier * self.issued + self._offset) % self._span
        self.issued += 1
        return str(number)


NEVER_REFERRED: list = []
"""The (always empty) history of a child who only ever appears as a contact or in early help:
one shared list saves making six for each of the many such children. Never appended to: only
children made with ``referred=True`` are referred."""


class Child:
    """One child known to the council, with the facts their later journeys need."""

    __slots__ = (
        "number", "child_id", "birth", "gender", "ethnicity", "disability", "locality", "uasc",
        "referral_days", "s47_days", "icpc_days", "plans", "care_spells", "episodes",
        "open_episode", "pool", "pool_token", "leaver",
    )

    def __init__(
        self, number: int, child_id: str, birth: int, gender: str, ethnicity: str, disability: str, locality: int, referred: bool
    ) -> None:
        self.number = number
        self.child_id = child_id
        self.birth = birth
        self.gender = gender
        self.ethnicity = ethnicity
        self.disability = disability
        self.locality = locality
        self.uasc = False
        self.referral_days: list[int] = [] if referred else NEVER_REFERRED
        self.s47_days: list[int] = [] if referred else NEVER_REFERRED
        self.icpc_days: list[int] = [] if referred else NEVER_REFERRED
        self.plans: list = [] if referred else NEVER_REFERRED
        self.care_spells: list = [] if referred else NEVER_REFERRED
        self.episodes: list = [] if referred else NEVER_REFERRED
        self.open_episode: Episode | None = None
        self.pool: int | None = None
        self.pool_token = 0
        self.leaver: CareLeaver | None = None


class ChildRegister:
    """Makes new children with unique ids and realistic characteristics."""

    def __init__(self, generator: np.random.Generator, draws: Draws, localities: int) -> None:
        self._ids = IdSequence(generator, 1_000_000, 9_000_000)
        """Child ids are 7-digit numbers, as many councils' case management systems issue."""
        self._draws = draws
        self._localities = localities
        self.children: list[Child] = []

    def new_child(self, day: int, age: int, referred: bool = True) -> Child:
        """A child aged ``age`` (whole years) on ``day``, with a date of birth to match.

        ``referred`` is False for children met only at the front door (contacts, early help),
        who have no referral history to keep."""
        draws = self._draws
        latest = add_years(day, -age)
        earliest = add_years(day, -age - 1) + 1
        birth = earliest + int(draws.uniform() * (latest - earliest + 1))
        child = Child(
            len(self.children),
            self._ids.next(),
            birth,
            draws.pick(GENDERS),
            draws.pick(ETHNICITIES),
            draws.pick(DISABILITY),
            int(draws.uniform() * self._localities),
            referred,
        )
        self.children.append(child)
        return child
