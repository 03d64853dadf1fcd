"""The figures kept per state of the store (``safeguard.aggregates.published``): what is kept is
what a fresh computation gives, and anything the figures depend on (a new or removed snapshot,
the council's thresholds, the code that works them out) makes them be worked out again, in the
same process, without a restart."""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module

import pytest

from safeguard.aggregates import Viewer, dashboard, indicator_detail, published
from safeguard.aggregates.figures import compute_figures
from safeguard.aggregates.published import source_digest
from safeguard.council import Threshold, load_council, save_council
from safeguard.snapshots import Store

published_module = import_module("safeguard.aggregates.published")
"""The module (the package's ``published`` is its function of the same name)."""
LEAD_MEMBER = Viewer(exact=False, teams=False)
DIRECTOR = Viewer(exact=True, teams=True)


@pytest.fixture
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that has kept nothing yet: figures come from their file or are worked out."""
    monkeypatch.setattr(published_module, "_memory", type(published_module._memory)())
    monkeypatch.setattr(published_module, "_fingerprints", type(published_module._fingerprints)())


def test_kept_figures_equal_figures_worked_out_afresh(synthetic_council, fresh_memory):
    kept = published().figures
    with Store() as store:
        fresh = compute_figures(store, kept.fingerprint)
    assert replace(kept, computed_at=fresh.computed_at) == fresh
    assert kept.indicators["re_referral_rate"].months, "the comparison must cover real months"


def test_a_page_s_content_is_made_once_per_state_and_kind_of_viewer(synthetic_council):
    first = dashboard(LEAD_MEMBER)
    assert dashboard(LEAD_MEMBER) is first
    assert dashboard(DIRECTOR) is not first
    assert dashboard(DIRECTOR).suppressed is False and first.suppressed is True
    detail = indicator_detail("re_referral_rate", DIRECTOR)
    assert indicator_detail("re_referral_rate", DIRECTOR) is detail
    assert indicator_detail("referrals_per_10k", DIRECTOR) is not detail


def test_a_removed_and_a_new_snapshot_each_give_new_figures(synthetic_council, synthetic_council_source):
    before = published().figures
    with Store() as store:
        latest = store.get("latest")
        store.remove(latest.id)
    without = published().figures
    assert without.fingerprint != before.fingerprint
    assert without.last_month < before.last_month
    with Store() as store:
        store.import_file(synthetic_council_source.home.parent / f"annex_a_{latest.period_end.year}.xlsx", loaded_by="test")
    again = published().figures
    assert again.fingerprint != without.fingerprint
    assert again.last_month == before.last_month
    assert dashboard(LEAD_MEMBER).latest_month == before.last_month


def test_a_changed_threshold_gives_new_figures_and_pages(synthetic_council):
    before = published().figures
    board = dashboard(DIRECTOR)

    def on_re_referrals_by_threshold(figures):
        return [w for w in figures.warnings if w.indicator_id == "re_referral_rate" and w.source == "local_threshold"]

    assert not on_re_referrals_by_threshold(before)
    latest = before.indicators["re_referral_rate"].months[-1].value
    council = load_council()
    save_council(replace(council, thresholds={**council.thresholds, "re_referral_rate": Threshold(high=latest / 2)}))
    after = published().figures
    assert after.fingerprint != before.fingerprint
    assert on_re_referrals_by_threshold(after), "a limit below the latest month must be crossed"
    assert dashboard(DIRECTOR) is not board
    save_council(council)
    assert published().figures.warnings == before.warnings


def test_other_code_gives_other_figures(synthetic_council, monkeypatch):
    before = published().figures.fingerprint
    monkeypatch.setattr(published_module, "code_version", lambda: "a newer definition")
    monkeypatch.setattr(published_module, "_fingerprints", type(published_module._fingerprints)())
    assert published().figures.fingerprint != before


def test_the_source_digest_changes_with_one_character_of_a_definition(tmp_path, monkeypatch):
    package = tmp_path / "definitions_for_test"
    (package / "definitions").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    definition = package / "definitions" / "rate.sql"
    definition.write_text("SELECT 1", encoding="utf-8")
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = source_digest(["definitions_for_test"])
    assert source_digest(["definitions_for_test"]) == first
    (package / "notes.txt").write_text("still not code", encoding="utf-8")
    assert source_digest(["definitions_for_test"]) == first
    definition.write_text("SELECT 2", encoding="utf-8")
    assert source_digest(["definitions_for_test"]) != first


def test_the_dashboard_page_follows_the_figures_and_each_viewer_sees_their_own(synthetic_council, client_as):
    from django.urls import reverse

    from safeguard.web.access.policy import Role

    director, lead_member = client_as(Role.DCS), client_as(Role.LEAD_MEMBER)
    assert "Northbrook" in director.get(reverse("leadership:dashboard")).content.decode()
    withheld = "[c] means confidential"
    assert withheld in lead_member.get(reverse("leadership:dashboard")).content.decode()
    assert withheld not in director.get(reverse("leadership:dashboard")).content.decode()
    save_council(replace(load_council(), name="Southmoor"))
    text = director.get(reverse("leadership:dashboard")).content.decode()
    assert "Southmoor" in text and "Northbrook" not in text


def test_the_indicator_page_is_drawn_once_per_state_viewer_and_right_to_challenge(synthetic_council, fresh_memory, client_as, monkeypatch):
    from django.urls import reverse

    from safeguard.web.access.policy import Role
    from safeguard.web.leadership import indicators as indicator_view

    drawn = []
    real_spc_chart = indicator_view.spc_chart
    monkeypatch.setattr(indicator_view, "spc_chart", lambda *arguments: drawn.append(arguments) or real_spc_chart(*arguments))
    page = reverse("leadership:indicator", args=["re_referral_rate"])
    challenge = "Raise a challenge about this indicator"
    withheld = "[c] means confidential"

    first = client_as(Role.DCS).get(page).content.decode()
    client_as(Role.DCS).get(page)
    assert challenge in first and withheld not in first
    assert len(drawn) == 1, "a second Director's page is the kept content, not drawn again"
    lead_member = client_as(Role.LEAD_MEMBER).get(page).content.decode()
    assert challenge in lead_member and withheld in lead_member
    practice_lead = client_as(Role.PRACTICE_LEAD).get(page).content.decode()
    assert challenge not in practice_lead and withheld in practice_lead
    assert len(drawn) == 3, "each kind of viewer, and each right to raise a challenge, has its own content"

    latest = published().figures.indicators["re_referral_rate"].months[-1].value
    council = load_council()
    save_council(replace(council, thresholds={**council.thresholds, "re_referral_rate": Threshold(high=latest / 2)}))
    after = client_as(Role.DCS).get(page).content.decode()
    assert len(drawn) == 4, "new figures draw the page again"
    listed = [f"/warnings/{view.key}" for view in indicator_detail("re_referral_rate", DIRECTOR).warnings]
    assert all(link in after for link in listed)
    assert any(link not in first for link in listed), "the crossed limit is listed among the early warnings"


def test_the_latest_snapshot_is_kept_until_the_snapshots_change(synthetic_council):
    from safeguard.aggregates import latest_snapshot

    with Store() as store:
        newest, before_it = store.list()[-1], store.list()[-2]
    kept = latest_snapshot(exact=True)
    assert kept.id == newest.id
    assert latest_snapshot(exact=True) is kept
    assert latest_snapshot(exact=False) is not kept
    with Store() as store:
        store.remove(newest.id)
    assert latest_snapshot(exact=True).id == before_it.id
