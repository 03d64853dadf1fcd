"""The case mix of the synthetic council: who refers, why children need help, how plans and
care end. Round proportions close to DfE's national statistics (children in need census and
SSDA903 tables), so the returns look like a real council's without copying any one.
"""

from __future__ import annotations

from safeguard.synth.randomness import WeightedChoice

SOURCES = WeightedChoice(
    [
        ("1A", 3.0), ("1B", 1.0), ("1C", 2.0), ("1D", 2.0), ("2A", 20.0), ("2B", 1.5),
        ("3A", 2.0), ("3B", 3.0), ("3C", 0.5), ("3D", 2.0), ("3E", 3.0), ("3F", 3.5),
        ("4", 1.5), ("5A", 6.0), ("5B", 4.0), ("5C", 3.0), ("6", 29.0), ("7", 3.0),
        ("8", 4.0), ("9", 2.0), ("10", 2.0),
    ]
)
"""Referral sources close to England's: police and schools first, then health and the council's own services."""
NEEDS_PROTECTION = WeightedChoice([("N1", 85.0), ("N4", 5.0), ("N5", 7.0), ("N8", 3.0)])
NEEDS_CARE = WeightedChoice([("N1", 62.0), ("N4", 8.0), ("N5", 13.0), ("N8", 12.0), ("N6", 5.0)])
NEEDS_SUPPORT = WeightedChoice(
    [("N1", 38.0), ("N3", 5.0), ("N4", 12.0), ("N5", 20.0), ("N6", 6.0), ("N7", 1.5), ("N8", 3.0), ("N9", 8.0), ("N0", 1.5)]
)
DISABILITY_NEED_SHARE = 0.6
"""Disabled children whose main need (outside protection and care) is their disability."""
CATEGORIES = WeightedChoice([("NEG", 50.0), ("EMO", 36.0), ("PHY", 7.0), ("SAB", 3.5), ("MUL", 3.5)])
SUPPORT_CLOSURES = WeightedChoice([("RC7", 74.0), ("RC9", 15.0), ("RC5", 6.0), ("RC3", 2.0), ("RC4", 3.0)])
ASSESSMENT_CLOSURES = WeightedChoice([("RC8", 78.0), ("RC9", 22.0)])
SHORT_STAY_ENDS = WeightedChoice([("E4A", 62.0), ("E4B", 10.0), ("E13", 10.0), ("E3", 5.0), ("E8", 13.0)])
LONG_STAY_ENDS = WeightedChoice([("E4A", 35.0), ("E45", 12.0), ("E47", 14.0), ("E41", 4.0), ("E13", 10.0), ("E3", 6.0), ("E8", 19.0)])
TEEN_ENDS = WeightedChoice([("E5", 40.0), ("E6", 8.0), ("E4A", 25.0), ("E13", 12.0), ("E8", 15.0)])
ADULTHOOD_ENDS = WeightedChoice([("E5", 46.0), ("E17", 16.0), ("E6", 8.0), ("E13", 12.0), ("E8", 10.0), ("E4A", 8.0)])
CLOSURE_FOR_CARE_END = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC4", "E48": "RC4", "E41": "RC3", "E3": "RC5"}
