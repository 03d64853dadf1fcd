"""A council's own questions: added and retired under a person's name with their history, never
deleted, part of the exported framework; loaded from a file all or nothing, with every problem
named by file, row, field and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from safeguard.cli import run
from safeguard.framework import load_framework
from safeguard.governance.framework.models import CouncilQuestion
from safeguard.governance.framework.services import (
    add_question,
    council_questions,
    framework_with_council_questions,
    reinstate_question,
    retire_question,
)
from safeguard.governance.workflow.models import RecordCannotBeDeleted
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit, transitions_of
from safeguard.roles import Role

HEADER = "factor,text,indicators,audience\n"


@pytest.fixture
def director(make_person):
    person = make_person(Role.DCS, username="dcs.smith")
    person.first_name, person.last_name = "Dana", "Smith"
    person.save()
    return person


def _snapshot() -> list[tuple]:
    """Everything the council's questions hold, to show an import changed nothing."""
    return list(CouncilQuestion.objects.order_by("id").values_list("id", "factor", "text", "state", "version")) + [
        ("history", CouncilQuestion.history.count())
    ]


def test_a_question_added_keeps_its_author_an_id_and_comes_after_the_factors_own(director):
    question = add_question(by=director, factor="partnership", text="  Do schools know whom\nto call out of hours? ",
                            indicators=["contacts_per_10k"], audience="lead_member")
    assert question.public_id == f"council.partnership.{question.pk:03d}"
    assert question.text == "Do schools know whom to call out of hours?"
    assert (question.created_by, question.state, question.version) == (director, "active", 1)
    assert question.history.get().history_user == director
    part = framework_with_council_questions().factor("partnership")
    assert part.questions[:-1] == load_framework().factor("partnership").questions
    added = part.questions[-1]
    assert (added.id, added.source, added.indicators, added.audience) == (question.public_id, "council", ("contacts_per_10k",), "lead_member")


def test_a_question_the_framework_cannot_take_is_refused_with_the_field_named(director):
    with pytest.raises(ValidationError) as raised:
        add_question(by=director, factor="finance", text="", indicators=["foster_carer_vacancy_rate"], audience="mayor")
    assert set(raised.value.message_dict) == {"factor", "text", "indicators", "audience"}
    assert "foster_carer_vacancy_rate" in raised.value.message_dict["indicators"][0]
    assert not CouncilQuestion.objects.exists()


def test_only_those_who_manage_the_framework_may_add_one(make_person):
    for role in (Role.LEAD_MEMBER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER, Role.ADMINISTRATOR):
        with pytest.raises(NotAllowed):
            add_question(by=make_person(role), factor="culture", text="Do staff feel heard?")
    add_question(by=make_person(Role.ANALYST), factor="culture", text="Do staff feel heard?")
    assert CouncilQuestion.objects.count() == 1


def test_retiring_keeps_the_question_and_its_history_and_a_stale_change_is_refused(director, make_person):
    question = add_question(by=director, factor="culture", text="Do staff feel heard?")
    analyst = make_person(Role.ANALYST)
    retired = retire_question(question, by=analyst, seen_version=1, reason="Asked every quarter in the staff survey instead.")
    assert (retired.state, retired.version) == ("retired", 2)
    assert council_questions() == [] and council_questions(in_use_only=False) == [retired]
    assert [q.id for q in framework_with_council_questions().factor("culture").questions] == [
        q.id for q in load_framework().factor("culture").questions
    ]
    with pytest.raises(StaleEdit):
        reinstate_question(retired, by=director, seen_version=1, reason="Still needed.")
    with pytest.raises(GovernanceError):
        reinstate_question(retired, by=director, seen_version=2, reason=" ")
    back = reinstate_question(retired, by=director, seen_version=2, reason="The survey stopped.")
    assert [(step.transition, step.by_name, step.role, step.reason) for step in transitions_of(back)] == [
        ("retire", analyst.display_name, "analyst", "Asked every quarter in the staff survey instead."),
        ("reinstate", "Dana Smith", "dcs", "The survey stopped."),
    ]
    assert back.history.count() == 3
    with pytest.raises(RecordCannotBeDeleted):
        back.delete()


def _import(path: Path, *options: str) -> int:
    return run(["framework", "import", str(path), *options])


def test_a_file_of_questions_is_added_under_the_persons_name(director, tmp_path, capsys):
    path = tmp_path / "our-questions.csv"
    path.write_text(
        HEADER
        + 'partnership,"Do schools know whom to call out of hours?",contacts_per_10k; referrals_per_10k,lead_member\n'
        + "outcomes,How often do we hear from children placed out of the area?,,\n"
        + "\n"
        + 'culture,"What do our newest social workers say about their first six months?","",chief_executive\n',
        encoding="utf-8",
    )
    assert _import(path, "--by", "dcs.smith") == 0
    added = list(CouncilQuestion.objects.order_by("id"))
    assert [(item.factor, item.indicators, item.audience, item.created_by) for item in added] == [
        ("partnership", ["contacts_per_10k", "referrals_per_10k"], "lead_member", director),
        ("outcomes", [], "", director),
        ("culture", [], "chief_executive", director),
    ]
    printed = capsys.readouterr().out
    assert f"Added {added[0].public_id}: Do schools know whom to call out of hours?" in printed
    assert "Added 3 question(s) from our-questions.csv under dcs.smith." in printed
    assert _import(path, "--by", "dcs.smith") == 0, "importing the same file again adds nothing"
    assert CouncilQuestion.objects.count() == 3
    assert f"Row 2: already in the framework as {added[0].public_id}, so left out." in capsys.readouterr().out


def test_a_json_file_and_a_question_the_framework_already_asks(director, tmp_path, capsys):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"questions": [
        {"factor": "culture", "text": "HOW do staff describe  working here, in surveys and when you meet them?"},
        {"factor": "resourcing", "text": "Which teams have the most agency staff?", "indicators": ["unallocated_cases"], "audience": "scrutiny"},
    ]}), encoding="utf-8")
    assert _import(path, "--by", "dcs.smith") == 0
    [added] = CouncilQuestion.objects.all()
    assert (added.factor, added.indicators, added.audience) == ("resourcing", ["unallocated_cases"], "scrutiny")
    assert "Row 1: already in the framework as culture.q06, so left out." in capsys.readouterr().out


def test_one_bad_row_adds_nothing_and_every_problem_is_named(director, tmp_path, capsys):
    add_question(by=director, factor="culture", text="Do staff feel heard?")
    before = _snapshot()
    path = tmp_path / "questions.csv"
    path.write_text(
        HEADER
        + "partnership,Do schools know whom to call?,,\n"
        + "finance,Is the budget enough?,,\n"
        + "outcomes,Are children heard?,re_referral_rate;foster_carer_vacancy_rate,\n"
        + "leadership,   ,,\n"
        + "culture,Do we learn from complaints?,,mayor\n"
        + "partnership,Do schools know whom to call?,,\n",
        encoding="utf-8",
    )
    assert _import(path, "--by", "dcs.smith") == 1
    error = capsys.readouterr().err
    assert "5 problem(s) in the file, so no question was added" in error
    for line in (
        "questions.csv, row 3, factor 'finance': is not a factor. Use one of: leadership, culture, resourcing,",
        "questions.csv, row 4, indicators 'foster_carer_vacancy_rate': is not an indicator id. Use ids from `safeguard indicators docs`",
        "questions.csv, row 5, text: is empty. Write the question in plain words",
        "questions.csv, row 6, audience 'mayor': is not an audience. Leave it empty, or use one of: lead_member, chief_executive, scrutiny, board",
        "questions.csv, row 7, text 'Do schools know whom to call?': repeats the question in row 2. Remove one of the two rows",
    ):
        assert line in " ".join(error.split()), line
    assert _snapshot() == before


def test_validate_only_checks_and_changes_nothing(director, tmp_path, capsys):
    path = tmp_path / "questions.csv"
    path.write_text(HEADER + "partnership,Do schools know whom to call?,,\n", encoding="utf-8")
    assert _import(path, "--validate-only") == 0
    assert "questions.csv is fine: 1 question(s) would be added. Nothing was changed." in capsys.readouterr().out
    assert not CouncilQuestion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("questions.txt", "factor,text\n", "questions.txt, the whole file, file '.txt': is neither a CSV nor a JSON file."),
        ("questions.csv", "factor,question\nculture,Hello?\n", "questions.csv, row 1, text: is missing from the header row."),
        ("questions.csv", "factor,text\n", "questions.csv, the whole file, rows: the file holds no questions."),
        ("questions.json", "[{\"factor\": \"culture\"", "questions.json, the whole file, file: is not valid JSON"),
        ("questions.json", '[{"factor": "culture", "text": "Why?", "owner": "me"}]', "questions.json, row 1, owner 'me': is not a column of the file."),
        ("questions.csv", "factor,text\nculture,\"a, b\",c\n", "questions.csv, row 2, row: has 3 cells but the header names 2."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(director, tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert _import(path, "--by", "dcs.smith") == 1
    assert expected in " ".join(capsys.readouterr().err.split())
    assert not CouncilQuestion.objects.exists()


def test_the_person_named_must_exist_and_may_manage_the_framework(make_person, tmp_path, capsys):
    make_person(Role.LEAD_MEMBER, username="councillor")
    path = tmp_path / "questions.csv"
    path.write_text(HEADER + "culture,Do staff feel heard?,,\n", encoding="utf-8")
    assert _import(path) == 1
    assert "--by USERNAME" in capsys.readouterr().err
    assert _import(path, "--by", "nobody") == 1
    assert "There is no active account 'nobody'" in capsys.readouterr().err
    assert _import(path, "--by", "councillor") == 1
    assert "councillor may not add questions to the framework (that needs the role of Director of Children's Services or Performance analyst)" in " ".join(
        capsys.readouterr().err.split()
    )
    assert not CouncilQuestion.objects.exists()


def test_export_json_has_the_councils_questions_after_the_frameworks_own(director, capsys):
    question = add_question(by=director, factor="outcomes", text="How often do we hear from children placed out of the area?",
                            indicators=["cla_visit_in_timescale"])
    retired = add_question(by=director, factor="outcomes", text="An old question?")
    retire_question(retired, by=director, seen_version=1, reason="Replaced.")
    assert run(["framework", "export", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"version", "factors"} and document["version"] == "1.0"
    outcomes = next(part for part in document["factors"] if part["id"] == "outcomes")
    assert outcomes["questions"][-1] == {
        "id": question.public_id, "text": "How often do we hear from children placed out of the area?", "source": "council",
        "indicators": ["cla_visit_in_timescale"], "audience": None,
    }
    assert [item["id"] for item in outcomes["questions"][:-1]] == [q.id for q in load_framework().factor("outcomes").questions]
    assert run(["framework", "export", "--format", "json", "--product-only"]) == 0
    assert json.loads(capsys.readouterr().out)["factors"][-1]["questions"][-1]["id"] == "outcomes.q33"


def test_export_csv_and_markdown(director, capsys):
    add_question(by=director, factor="leadership", text="=1+1 Is the quartet meeting monthly?")
    assert run(["framework", "export", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "factor,kind,id,text,source,audience,indicators"
    assert sum(1 for line in lines if ",question," in line) == 252
    assert any(line.startswith("leadership,question,council.leadership.") and ",'=1+1 Is the quartet" in line for line in lines)
    assert run(["framework", "export", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# The assurance framework\n\nVersion 1.0.")
    assert "- **council.leadership." in text and "=1+1 Is the quartet meeting monthly? _(council)_" in text


def test_the_demo_council_gets_three_questions_of_its_own_once(db):
    from datetime import date

    from safeguard.governance.framework.demo import seed
    from safeguard.governance.workflow.demo_cast import DemoCast
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    cast = DemoCast(today=date(2026, 12, 1), data_month=None, people=demo_people())
    assert seed(cast).startswith("Assurance framework: 3")
    assert seed(cast) == ""
    questions = list(CouncilQuestion.objects.order_by("id"))
    assert [(item.factor, item.audience, item.created_by.username) for item in questions] == [
        ("partnership", "lead_member", "demo-dcs"), ("outcomes", "scrutiny", "demo-dcs"), ("resourcing", "chief_executive", "demo-dcs"),
    ]
    assert all(item.indicators for item in questions)


def test_the_commands_in_a_real_process_over_a_fresh_store(tmp_path):
    """As a council runs them: export before the web application's database exists (the
    framework's own questions), then an import, which brings the database up to date first."""
    import subprocess
    import sys

    environment = {"PATH": "/usr/bin:/bin", "SAFEGUARD_HOME": str(tmp_path / "store"), "COLUMNS": "200"}

    def safeguard(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "safeguard", "framework", *arguments], env=environment,
                              capture_output=True, text=True, timeout=300)

    exported = safeguard("export")
    assert exported.returncode == 0, exported.stderr
    assert sum(len(part["questions"]) for part in json.loads(exported.stdout)["factors"]) == 251
    path = tmp_path / "questions.csv"
    path.write_text(HEADER + "culture,Do staff feel heard?,,\n", encoding="utf-8")
    refused = safeguard("import", str(path), "--by", "nobody")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("Error: There is no active account 'nobody'")
    checked = safeguard("import", str(path), "--validate-only")
    assert checked.returncode == 0 and "1 question(s) would be added" in checked.stdout
