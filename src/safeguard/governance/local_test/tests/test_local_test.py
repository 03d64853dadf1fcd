"""The Local Test of Assurance: its considerations as data, assessing each one, completing the
test with who and when, conflicts, and the printable record as a page and as a PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from safeguard.errors import SafeguardError
from safeguard.governance.local_test import services
from safeguard.governance.local_test.considerations import considerations, parse
from safeguard.governance.local_test.models import LocalTest, LocalTestItem
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, transitions_of
from safeguard.roles import Role


def test_the_considerations_are_the_six_of_appendix_b_and_every_responsibility_of_table_1():
    data = considerations()
    counts = {group.id: len(data.in_group(group.id)) for group in data.groups}
    assert counts == {"statutory": 6, "lead_member": 5, "dcs": 6, "both": 7}
    assert all(item.source.startswith("LMCS guide") and item.text for item in data.items)
    assert {item.source for item in data.in_group("statutory")} == {"LMCS guide Appendix B"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('version = 1\n[[groups]]\nid="a"\ntitle="A"\nintro="x"\n[[items]]\nid="one"\ngroup="b"\ntext="t"\nsource="s"\n', "item 1 (one) names the group 'b'"),
        ('version = 1\n[[groups]]\nid="a"\ntitle="A"\nintro="x"\n[[items]]\nid="one"\ngroup="a"\ntext=""\nsource="s"\n', "item 1 (one) has no text"),
        ('version = 1\n[[groups]]\nid="a"\ntitle="A"\nintro="x"\n' + '[[items]]\nid="one"\ngroup="a"\ntext="t"\nsource="s"\n' * 2, "item 2 (one) repeats an id"),
        ("version = 0\n", "'version' must be a whole number"),
        ("version = [", "not valid TOML"),
    ],
)
def test_a_mistake_in_the_considerations_file_is_named(text, message):
    with pytest.raises(SafeguardError, match=re.escape(message)):
        parse(text, where="considerations.toml")


@pytest.mark.django_db
def test_a_test_starts_with_every_consideration_not_yet_assessed(make_person):
    test = services.start_test(by=make_person(Role.DCS), title="Local Test of Assurance, 2026", dcs_other_portfolios="Adults' services")
    assert test.items.count() == len(considerations().items) == 24
    assert set(test.items.values_list("status", flat=True)) == {"not_assessed"}
    assert [section.group.id for section in services.sections(test)] == ["statutory", "lead_member", "dcs", "both"]


@pytest.mark.django_db
def test_only_the_director_keeps_the_test(make_person):
    with pytest.raises(NotAllowed):
        services.start_test(by=make_person(Role.ANALYST), title="Mine")
    with pytest.raises(NotAllowed):
        services.start_test(by=make_person(Role.LEAD_MEMBER), title="Mine")
    assert LocalTest.objects.count() == 0


@pytest.mark.django_db
def test_a_status_needs_its_evidence_and_must_be_one_of_the_four(make_person):
    director = make_person(Role.DCS)
    item = services.item_of(services.start_test(by=director, title="Test"), "children_involved")
    with pytest.raises(ValidationError) as refused:
        services.assess_item(item, by=director, seen_version=1, changes={"status": "met", "evidence": "  "})
    assert refused.value.message_dict["evidence"] == ["Give the evidence for this status"]
    with pytest.raises(ValidationError) as refused:
        services.assess_item(item, by=director, seen_version=1, changes={"status": "mostly", "evidence": "Youth council"})
    assert "status" in refused.value.message_dict
    assert LocalTestItem.objects.get(pk=item.pk).version == 1


@pytest.mark.django_db
def test_completing_needs_every_consideration_assessed_and_records_who_and_when(make_person):
    director = make_person(Role.DCS)
    test = services.start_test(by=director, title="Test")
    with pytest.raises(GovernanceError, match="other portfolios"):
        services.move_test(test, "complete", by=director, seen_version=1)
    test = services.edit_test(test, by=director, seen_version=1, changes={"dcs_other_portfolios": "Adults' social care and housing"})
    with pytest.raises(GovernanceError, match="24 not yet assessed"):
        services.move_test(test, "complete", by=director, seen_version=2)
    for item in test.items.all():
        services.assess_item(item, by=director, seen_version=1, changes={"status": "partly_met", "evidence": "Cabinet report", "review_date": date(2027, 3, 31)})
    test = services.move_test(test, "complete", by=director, seen_version=2, on=date(2026, 11, 2))
    assert (test.state, test.assessed_by, test.assessed_on) == ("completed", director, date(2026, 11, 2))
    first_item = test.items.first()
    assert first_item is not None
    with pytest.raises(GovernanceError, match="completed"):
        services.assess_item(first_item, by=director, seen_version=2, changes={"status": "met", "evidence": "x"})
    with pytest.raises(GovernanceError, match="Say why"):
        services.move_test(test, "reopen", by=director, seen_version=3)
    test = services.move_test(test, "reopen", by=director, seen_version=3, reason="New adults' portfolio added")
    assert [step.transition for step in transitions_of(test)] == ["complete", "reopen"]
    assert services.status_counts(test)["partly_met"] == 24


@pytest.mark.django_db
def test_two_people_assessing_one_consideration_one_wins_the_other_gets_409(client_as, make_person):
    test = services.start_test(by=make_person(Role.DCS), title="Test")
    url = reverse("local_test:item_edit", args=[test.pk, "partnership_arrangements"])
    first = client_as(Role.DCS).post(url, {"status": "met", "evidence": "Partnership review, June.", "version": "1"})
    assert first.status_code == 302
    second = client_as(Role.DCS).post(url, {"status": "not_met", "evidence": "My own evidence text", "version": "1"})
    assert second.status_code == 409
    assert "My own evidence text" in second.content.decode() and "Partnership review, June." in second.content.decode()
    assert services.item_of(test, "partnership_arrangements").status == "met"


@pytest.mark.django_db
def test_bad_input_on_the_page_is_named_and_changes_nothing(client_as, make_person):
    test = services.start_test(by=make_person(Role.DCS), title="Test")
    director = client_as(Role.DCS)
    unknown = director.post(reverse("local_test:item_edit", args=[test.pk, "no_such_thing"]), {"status": "met", "evidence": "x"})
    assert unknown.status_code == 404 and "no consideration &#39;no_such_thing&#39;" in unknown.content.decode()
    missing = director.post(reverse("local_test:item_edit", args=[test.pk, "children_involved"]), {"status": "met", "version": "1"})
    assert missing.status_code == 400 and "Give the evidence for this status" in missing.content.decode()
    wrong = director.post(reverse("local_test:item_edit", args=[test.pk, "children_involved"]), {"status": "good", "evidence": "x", "version": "1"})
    assert wrong.status_code == 400 and "Choose met, partly met, not met or not yet assessed" in wrong.content.decode()
    assert set(LocalTestItem.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db
def test_leaders_read_and_print_it_but_cannot_change_it(client_as, make_person):
    director = make_person(Role.DCS)
    test = services.start_test(by=director, title="Local Test of Assurance, 2026", dcs_name="Alex Morgan", dcs_other_portfolios="Adults' social care")
    member = client_as(Role.LEAD_MEMBER)
    page = member.get(reverse("local_test:test", args=[test.pk])).content.decode()
    assert "Alex Morgan" in page and "Adults&#39; social care" in page and "Assess<span" not in page
    assert member.get(reverse("local_test:item_edit", args=[test.pk, "children_involved"])).status_code == 403
    printed = member.get(reverse("local_test:test_print", args=[test.pk]))
    assert printed.status_code == 200
    body = printed.content.decode()
    assert '<html lang="en-GB">' in body and "safeguard/printed-record.css" in body
    assert considerations().get("seniority_and_breadth").text.replace("'", "&#39;") in body


@pytest.mark.django_db
def test_the_pdf_holds_the_whole_record_with_its_title_and_language(client_as, make_person):
    director = make_person(Role.DCS)
    test = services.start_test(by=director, title="Local Test of Assurance, 2026", lead_member_other_portfolios="Public health")
    item = services.item_of(test, "both_corporate_parents")
    services.assess_item(item, by=director, seen_version=1, changes={"status": "met", "evidence": "Corporate parenting board minutes"})
    response = client_as(Role.SCRUTINY_MEMBER).get(reverse("local_test:test_pdf", args=[test.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Local Test of Assurance, 2026" in text
    assert "The six considerations of the statutory guidance" in text and "Responsibilities the two roles share" in text
    assert "Corporate parenting board minutes" in text and "Public health" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Local Test of Assurance, 2026: Local Test of Assurance"
    assert reader.root_object["/Lang"] == "en-GB"
