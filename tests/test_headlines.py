"""The headline figures' comparison with England, in words (issue 11, point 3): hand-built
figures with the answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.aggregates import CONFIDENTIAL, Comparison, IndicatorSummary, Measure, SpcStatus, Viewer
from safeguard.aggregates.headlines import HEADLINES, england_words
from safeguard.indicators.catalogue import INDICATORS

LEADER = Viewer(exact=False, teams=False)


def _summary(polarity: str, england: float | str = 22.6, unit: str = "percent") -> IndicatorSummary:
    comparison = Comparison(
        year_label="April 2024 to March 2025", council=0.0, council_source="the council's snapshots", england=england,
        region_name="North West", region=0.0, neighbours_mean=0.0, neighbours_counted=10, rank=None, councils_ranked=0, band=None,
    )
    return IndicatorSummary(id="re_referral_rate", title="Re-referrals", unit=unit, polarity=polarity, factor_ids=("outcomes",),
                            latest=None, previous=None, direction=None, direction_text="", spc=SpcStatus("common_cause", ""),
                            comparison=comparison)


def _measure(numerator: int, denominator: int) -> Measure:
    return Measure(indicator_id="re_referral_rate", title="Re-referrals", unit="percent", period_start=date(2025, 12, 1),
                   period_end=date(2026, 11, 30), numerator=numerator, denominator=denominator,
                   value=100.0 * numerator / denominator, fingerprint="f")


@pytest.mark.parametrize(
    ("polarity", "numerator", "denominator", "words"),
    [
        # 312 of 1,000 is 31.2%: 8.6 points above 22.6%, far beyond a twentieth of it (1.13).
        ("low", 312, 1000, "Higher than England (22.6% in April 2024 to March 2025): worse"),
        ("high", 312, 1000, "Higher than England (22.6% in April 2024 to March 2025): better"),
        ("context", 312, 1000, "Higher than England (22.6% in April 2024 to March 2025)"),
        # 233 of 1,000 is 23.3%: 0.7 points above, within 1.13, so level.
        ("low", 233, 1000, "About the same as England (22.6% in April 2024 to March 2025)"),
        # 214 of 1,000 is 21.4%: 1.2 points below, just beyond 1.13.
        ("low", 214, 1000, "Lower than England (22.6% in April 2024 to March 2025): better"),
    ],
)
def test_twelve_months_are_put_beside_england_in_words(polarity, numerator, denominator, words):
    assert england_words(_summary(polarity), _measure(numerator, denominator), LEADER) == words


def test_a_figure_withheld_from_the_viewer_is_never_compared():
    # 3 of 40 rests on a count of 3: withheld from a leader, shown to someone who sees children's records.
    small = _measure(3, 40)
    assert england_words(_summary("low"), small, LEADER).startswith("Not compared with England")
    assert CONFIDENTIAL not in england_words(_summary("low"), small, LEADER)
    assert england_words(_summary("low"), small, Viewer(exact=True, teams=True)).startswith("Lower than England")


def test_no_published_comparison_says_nothing_and_a_missing_year_says_why():
    summary = _summary("low")
    assert england_words(IndicatorSummary(**{**summary.__dict__, "comparison": None}), _measure(312, 1000), LEADER) == ""
    assert "not yet complete" in england_words(summary, None, LEADER)


def test_the_headlines_are_real_indicators_and_fit_one_screen():
    known = {item.id for item in INDICATORS}
    assert set(HEADLINES) <= known and 5 <= len(HEADLINES) <= 8 and len(set(HEADLINES)) == len(HEADLINES)
