"""Each role's home page (issue 4, point 3): what needs attention now, in plain sentences, from
the store and the application database as they are: early warnings nobody has answered (overdue
once a later month's data has arrived), late data, returns waiting for a decision, accounts not
ready, paused sign-ins and refusals; and how far the latest data can be trusted, list by list."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from safeguard.aggregates import CONFIDENTIAL, NOT_APPLICABLE, SnapshotSummary, share_without_query
from safeguard.web.access.policy import ROLES, Permission, Role
from safeguard.web.accounts.models import SignInFailure
from safeguard.web.data.models import Upload
from safeguard.web.leadership.attention import RETURN_OVERDUE_DAYS, late_data


def attention_of(page: str) -> str:
    return page.split("What needs attention now")[1].split("<h2")[0]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize("role", list(ROLES), ids=lambda role: role.value)
def test_every_role_s_home_says_what_needs_attention_from_the_real_store(role, client_as, synthetic_council):
    client = client_as(role)
    attention = _plain(attention_of(client.get(reverse("home")).content.decode()))
    if Permission.SEE_AGGREGATES in ROLES[role].permissions:
        warnings = client.get(reverse("api:warnings")).json()["warnings"]
        assert f"{len(warnings)} early warnings you have not acknowledged yet" in attention
        # The council's returns end in March 2025, long before today: the next one is late.
        assert "The newest data runs only to 31 March 2025" in attention and "Overdue" in attention
    else:
        assert "early warning" not in attention
        assert "Nothing is waiting for you now." in attention


def test_warnings_waiting_through_a_later_month_are_marked_overdue(client_as, synthetic_council):
    client = client_as(Role.CHIEF_EXECUTIVE)
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    latest_month = client.get(reverse("api:indicators")).json()["latest_month"]
    overdue = [item for item in warnings if item["detected"] < latest_month]
    assert overdue and len(overdue) < len(warnings), "the fixture has both kinds"
    attention = attention_of(client.get(reverse("home")).content.decode())
    assert f"{len(overdue)} of them overdue" in _plain(attention)
    listed = re.findall(r"<li>(.*?)</li>", attention.split('class="govuk-list app-attention"')[1].split("</ul>")[0], re.S)
    by_number = {str(item["id"]): item for item in warnings}
    for line in listed:
        number = re.search(r'href="/warnings/([^"]+)"', line).group(1)
        assert ("Overdue" in line) == (by_number[number]["detected"] < latest_month), number


def _summary(period_end: date) -> SnapshotSummary:
    return SnapshotSummary("20250331-00000000", date(2024, 4, 1), period_end, datetime(2025, 4, 2, tzinfo=UTC), (), "0")


def test_data_is_late_only_once_more_than_the_allowed_days_have_passed():
    end = date(2025, 3, 31)
    assert late_data(None, date(2026, 1, 1)) == []
    assert late_data(_summary(end), end + timedelta(days=RETURN_OVERDUE_DAYS)) == []
    [late] = late_data(_summary(end), end + timedelta(days=RETURN_OVERDUE_DAYS + 1))
    assert late.overdue and f"{RETURN_OVERDUE_DAYS + 1} days ago" in late.text


def _upload(person, when: datetime) -> Upload:
    upload = Upload.objects.create(
        id=uuid.uuid4(), original_name="return.xlsx", extension="xlsx", size=1, sha256="0" * 64, uploaded_by=person
    )
    Upload.objects.filter(pk=upload.pk).update(uploaded_at=when)
    return upload


def test_the_analyst_sees_returns_waiting_for_a_decision_and_others_do_not(client_as, make_person, snapshot_id):
    person = make_person(Role.ANALYST)
    _upload(person, datetime(2026, 5, 4, 9, tzinfo=UTC))
    _upload(person, datetime(2026, 5, 6, 9, tzinfo=UTC))
    attention = _plain(attention_of(client_as(Role.ANALYST).get(reverse("home")).content.decode()))
    assert "2 uploaded returns are waiting for a decision to accept or reject, the oldest since 4 May 2026." in attention
    assert "waiting for a decision" not in attention_of(client_as(Role.DCS).get(reverse("home")).content.decode())
    Upload.objects.update(status="rejected")
    assert "waiting for a decision" not in attention_of(client_as(Role.ANALYST).get(reverse("home")).content.decode())


def test_the_administrator_sees_accounts_not_ready_paused_sign_ins_and_refusals(client_as, make_person):
    administrator = client_as(Role.ADMINISTRATOR)
    assert "Nothing is waiting for you now." in attention_of(administrator.get(reverse("home")).content.decode())

    newcomer = make_person(Role.SCRUTINY_MEMBER)
    newcomer.must_change_password = True
    newcomer.save()
    make_person(Role.ANALYST)  # needs one-time codes and has not set them up
    make_person(Role.DCS, active=False)  # disabled: nothing to wait for
    now = datetime.now(UTC)
    SignInFailure.objects.bulk_create([SignInFailure(username="guessed", address="203.0.113.9", at=now)] * 5)
    SignInFailure.objects.bulk_create([SignInFailure(username="typo", address="203.0.113.9", at=now)] * 4)
    client_as(Role.LEAD_MEMBER).get(reverse("audit:log"))  # refused, and recorded

    attention = _plain(attention_of(administrator.get(reverse("home")).content.decode()))
    assert "2 accounts are not ready yet" in attention
    assert "Sign-in for 1 username is paused" in attention
    assert "Someone was refused a page or an action 1 time in the last 7 days." in attention
    assert "early warning" not in attention, "no figures for administrators"


def test_refusals_older_than_a_week_are_not_counted(client_as):
    client_as(Role.SCRUTINY_MEMBER).get(reverse("audit:log"))
    # The record cannot be back-dated (the log is append-only), so the page is read from later.
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        attention = attention_of(client_as(Role.DCS).get(reverse("home")).content.decode())
    assert "refused" not in attention


def _confidence_cells(page: str) -> dict[int, str]:
    """Each list's "rows without a query" cell from a data-confidence table, by list number."""
    found = re.findall(
        r'(\d+)\. [^<]+(?:</a>)?\s*</th>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>([^<]+)</td>', page
    )
    return {int(number): share.strip() for number, share in found}


def test_rows_without_a_query_per_list_exact_for_the_director_and_withheld_on_small_counts(client_as, snapshot_id):
    director = _confidence_cells(client_as(Role.DCS).get(reverse("home")).content.decode())
    member = _confidence_cells(client_as(Role.LEAD_MEMBER).get(reverse("home")).content.decode())
    snapshots = _confidence_cells(client_as(Role.ANALYST).get(reverse("data:snapshots")).content.decode())
    # The workbook has 3 rows per list; list 7's three rows each carry a query, list 3's none.
    assert director[3] == snapshots[3] == "100.0%" and director[7] == snapshots[7] == "0.0%"
    assert member[3] == member[7] == CONFIDENTIAL, "3 rows is a small count, so its share is withheld"


@given(rows=st.integers(0, 500), queried=st.integers(0, 500))
def test_the_share_without_a_query_never_lets_a_small_count_be_worked_out(rows, queried):
    queried = min(queried, rows)
    shown = share_without_query(rows, queried, exact=False)
    if rows == 0:
        assert shown == NOT_APPLICABLE
    elif any(0 < count < 6 for count in (rows, queried, rows - queried)):
        assert shown == CONFIDENTIAL
    else:
        assert shown == f"{100 * (rows - queried) / rows:.1f}%"
    if rows:
        assert share_without_query(rows, queried, exact=True) == f"{100 * (rows - queried) / rows:.1f}%"


def test_a_leader_s_home_opens_on_the_headline_figures_as_the_api_gives_them(client_as, synthetic_council):
    """"How are our children?": the headline figures first, each as the API gives it to the same
    person, the date the data stand at, and the roles and abilities folded away."""
    from safeguard.aggregates import HEADLINES, figure_text

    client = client_as(Role.LEAD_MEMBER)
    page = client.get(reverse("home")).content.decode()
    figures = page.split("How our children are doing")[1].split("What needs attention now")[0]
    indicators = {item["id"]: item for item in client.get(reverse("api:indicators")).json()["indicators"]}
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row"[^>]*><a[^>]*href="/indicators/([a-z0-9_]+)"[^>]*>.*?</tr>', figures, re.S)
    assert rows == [key for key in HEADLINES if key in indicators]
    for key in rows:
        row = figures.split(f'href="/indicators/{key}"')[1].split("</tr>")[0]
        latest = indicators[key]["latest"]
        assert f">{figure_text(latest['value'], latest['unit'])}<" in row.replace(" <", "<").replace("> ", ">"), key
    assert "the data stand at 31 March 2025" in _plain(figures)
    assert page.index("How our children are doing") < page.index("What needs attention now") < page.index('<details class="govuk-details">')


def test_roles_that_see_no_figures_get_no_headlines(client_as, synthetic_council):
    page = client_as(Role.ADMINISTRATOR).get(reverse("home")).content.decode()
    assert "How our children are doing" not in page and "<details" not in page
