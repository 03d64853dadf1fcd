"""The framework's data files: complete, consistent with the factors and indicators, every seed's
questions present, and every mistake in a file reported by file, entry and field."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from safeguard.factors import FACTORS
from safeguard.framework import FrameworkError, cited_seed, load_framework, read_framework
from safeguard.framework.exports import as_csv, as_json, as_markdown
from safeguard.framework.statements import COUNCIL_SOURCE, Question
from safeguard.indicators.catalogue import indicator_ids

CHECKOUT = Path(__file__).resolve().parents[5]
DATA = Path(str(resources.files("safeguard.framework")))

QUESTIONS_PER_SOURCE = {
    # Seed 000 §4.1: each factor's "what you should be asking" bullets, a bullet that asks about
    # different things split into questions of their own (factor 1's first bullet into three,
    # factor 7's fourth into three...).
    "seed 000 §4.1, factor 1, what you should be asking": 8,
    "seed 000 §4.1, factor 2, what you should be asking": 7,
    "seed 000 §4.1, factor 3, what you should be asking": 8,
    "seed 000 §4.1, factor 4, what you should be asking": 7,
    "seed 000 §4.1, factor 5, what you should be asking": 9,
    "seed 000 §4.1, factor 6, what you should be asking": 8,
    "seed 000 §4.1, factor 7, what you should be asking": 11,
    # Seed 000 §2, §5, §6, §7.1: what each section asks of the Lead Member, put as questions.
    "seed 000 §2.4, the chief executive and the leader": 1,
    "seed 000 §2.5, the safeguarding partnership": 1,
    "seed 000 §5.1, relationship with the DCS": 5,
    "seed 000 §5.2, relationship with scrutiny": 3,
    "seed 000 §5.3, other elected members": 2,
    "seed 000 §5.3, corporate parenting": 4,  # the three questions every member asks, and one on the role
    "seed 000 §5.3, child poverty": 2,
    "seed 000 §5.4, relationship with partners": 1,
    "seed 000 §5.5, relationship with the community": 2,
    "seed 000 §6.2, the Munro review": 2,
    "seed 000 §6.3, strategic partnerships": 2,
    "seed 000 §6.4, prevention and early intervention": 2,
    "seed 000 §6.5, Troubled Families": 1,
    "seed 000 §6.6, child sexual exploitation": 3,
    "seed 000 §6.7, inspection": 5,
    "seed 000 §7.1, local documents": 1,
    # Appendix B: the six statutory considerations, each Table 1 responsibility, and how the
    # checks are kept up.
    "seed 000 Appendix B, Local Test of Assurance": 8,
    # Seed 001: its eleven "questions to consider", and what its other sections ask.
    "seed 001, questions to consider": 11,
    "seed 001, performance information": 4,
    "seed 001, safeguarding in action": 2,
    "seed 001, what you need to know": 1,
    # Seed 003, chapter 18, by section: the partnership's scope, functions, governance, quality
    # assurance, conflict resolution and whistle-blowing.
    "seed 003 §18.1": 2,
    "seed 003 §18.2": 25,
    "seed 003 §18.3": 20,
    "seed 003 §18.4": 16,
    "seed 003 §18.5": 6,
    "seed 003 §18.6": 1,
    # Seed 004: the chief executive's questions, by heading.
    "seed 004, key messages": 1,
    "seed 004, the DCS role in the structure": 2,
    "seed 004, appointing a DCS": 4,
    "seed 004, statutory guidance": 1,
    "seed 004, Ofsted": 4,  # Ofsted's three questions and the live self-assessment behind them
    "seed 004, what you need to know": 1,
    "seed 004, the voice of the child": 4,
    "seed 004, workforce": 10,
    "seed 004, performance data": 10,
    "seed 004, significant cases and complaints": 3,
    "seed 004, multi-agency working": 8,
    "seed 004, assurance tools": 5,
    "seed 004, signs of system problems": 4,
    "seed 004, finance": 2,
    "seed 004, conclusions": 1,
}


def _counted_as(source: str) -> str:
    """Seed 003's questions are counted by section of chapter 18; the others by their citation."""
    chapter = re.match(r"seed 003 §18\.\d", source)
    return chapter.group(0) if chapter else source


def test_every_factor_has_statements_of_good_and_questions_in_the_factors_order():
    framework = load_framework()
    assert [part.id for part in framework.factors] == [factor.id for factor in FACTORS]
    assert [part.title for part in framework.factors] == [factor.title for factor in FACTORS]
    for part in framework.factors:
        assert len(part.good) >= 4, part.id
        assert len(part.questions) >= 10, part.id
        assert all(statement.text and cited_seed(statement.source) for statement in part.good)


def test_every_question_id_is_unique_names_its_factor_and_each_question_cites_a_seed():
    framework = load_framework()
    ids = [question.id for _, question in framework.questions()]
    assert len(ids) == len(set(ids))
    for part, question in framework.questions():
        assert re.fullmatch(rf"{part.id}\.q\d\d", question.id)
        assert cited_seed(question.source) in framework.sources, question.id
        assert question.text.strip() and question.text == " ".join(question.text.split())
    numbers = {part.id: [int(question.id.rsplit(".q", 1)[1]) for question in part.questions] for part in framework.factors}
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values()), "number each factor's questions 1, 2, 3..."


def test_every_indicator_named_exists_and_every_audience_is_known():
    framework = load_framework()
    known = set(indicator_ids())
    for _, question in framework.questions():
        assert set(question.indicators) <= known, question.id
        assert question.audience is None or question.audience in framework.audiences
    assert set(framework.audiences) == {"lead_member", "chief_executive", "scrutiny", "board"}
    linked = {identifier for _, question in framework.questions() for identifier in question.indicators}
    assert linked == known, f"indicators no question asks about: {sorted(known - linked)}"


def test_no_seeds_question_is_silently_dropped():
    counted = Counter(_counted_as(question.source) for _, question in load_framework().questions())
    assert dict(counted) == QUESTIONS_PER_SOURCE
    assert sum(QUESTIONS_PER_SOURCE.values()) == 251
    by_document = Counter(cited_seed(source) for source in counted.elements())
    assert by_document == {"seed 000": 103, "seed 001": 18, "seed 003": 70, "seed 004": 60}


def test_each_seeds_questions_sit_with_the_leader_they_were_written_for():
    framework = load_framework()
    for _, question in framework.questions():
        if question.source.startswith(("seed 000 §4.1", "seed 001")):
            assert question.audience == "lead_member", question.id
        if question.source.startswith("seed 004"):
            assert question.audience == "chief_executive", question.id
    audiences = Counter(question.audience for _, question in framework.questions())
    assert audiences["board"] >= 60 and audiences["scrutiny"] >= 3


def test_the_questions_an_indicator_informs():
    framework = load_framework()
    asked = {question.id for question in framework.informed_by("unallocated_cases")}
    assert {"resourcing.q18", "resourcing.q29"} <= asked
    assert all("unallocated_cases" in framework.question(identifier).indicators for identifier in asked)


def test_the_json_export_has_the_documented_shape():
    framework = load_framework()
    document = json.loads(as_json(framework))
    assert set(document) == {"version", "factors"}
    assert document["version"] == framework.version == "1.0"
    assert [part["id"] for part in document["factors"]] == [factor.id for factor in FACTORS]
    for part in document["factors"]:
        assert set(part) == {"id", "title", "good", "questions"}
        assert all(isinstance(text, str) and text for text in part["good"])
        for question in part["questions"]:
            assert {"id", "text", "source", "indicators"} <= set(question) <= {"id", "text", "source", "indicators", "audience"}
            assert isinstance(question["indicators"], list)
    first = document["factors"][0]["questions"][2]
    assert first == {
        "id": "leadership.q03",
        "text": "How sure are you that every councillor understands their duty as a corporate parent of the children in our care, and acts on it?",
        "source": "seed 000 §4.1, factor 1, what you should be asking",
        "indicators": ["cla_per_10k", "care_leavers_in_touch_rate"],
        "audience": "lead_member",
    }


def test_council_questions_come_after_each_factors_own_and_spreadsheet_formulas_stay_text():
    framework = load_framework()
    added = Question("council.culture.007", "=HYPERLINK(\"x\") Do staff feel heard?", COUNCIL_SOURCE, ("cpp_seen_alone_rate",), None)
    combined = framework.with_council_questions({"culture": [added]})
    assert combined.factor("culture").questions[-1] == added
    assert combined.factor("culture").questions[:-1] == framework.factor("culture").questions
    assert load_framework().factor("culture").questions == framework.factor("culture").questions
    lines = as_csv(combined).splitlines()
    assert lines[0] == "factor,kind,id,text,source,audience,indicators"
    assert lines[1].startswith("leadership,good,,\"It is plain who answers")
    assert "culture,question,council.culture.007,\"'=HYPERLINK(\"\"x\"\") Do staff feel heard?\",council,,cpp_seen_alone_rate" in lines
    with pytest.raises(KeyError):
        framework.with_council_questions({"finance": [added]})


def test_docs_framework_md_is_up_to_date():
    committed = (CHECKOUT / "docs" / "framework.md").read_text(encoding="utf-8")
    assert committed == as_markdown(load_framework()), (
        "docs/framework.md is out of date: run `safeguard framework export --format markdown --product-only > docs/framework.md`"
    )


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "framework"
    folder.mkdir()
    for name in DATA.iterdir():
        if name.suffix == ".toml":
            shutil.copy(name, folder / name.name)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_data_reads_the_same(data_copy: Path):
    assert read_framework(data_copy) == load_framework()


def test_every_mistake_is_reported_by_file_entry_and_field(data_copy: Path):
    _replace(data_copy / "culture.toml", 'id = "culture.q02"', 'id = "culture.q01"')
    _replace(data_copy / "resourcing.toml", '"contacts_per_10k", "referrals_per_10k"', '"contacts_per_10k", "social_worker_morale_rate"')
    _replace(data_copy / "outcomes.toml", 'text = "How do children\'s views feed into how the service develops?"', 'text = "  "')
    _replace(data_copy / "partnership.toml", 'audience = "chief_executive"', 'audience = "mayor"')
    _replace(data_copy / "leadership.toml", 'source = "seed 000 §4.1, factor 1, what good looks like"', 'source = "the internet"')
    (data_copy / "finance.toml").write_text('factor = "finance"\n', encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        read_framework(data_copy)
    messages = [str(problem) for problem in raised.value.problems]
    assert messages == [
        "finance.toml, the file, field 'factor': 'finance' is not a factor id (the factors are: leadership, culture, "
        "resourcing, workforce_development, performance_and_quality, partnership, outcomes)",
        "leadership.toml, good[1], field 'source': 'the internet' does not start with a seed document "
        "(one of: seed 000, seed 001, seed 002, seed 003, seed 004)",
        "culture.toml, questions[2] (culture.q01), field 'id': 'culture.q01' is already the id of a question in culture.toml",
        "resourcing.toml, questions[1] (resourcing.q01), field 'indicators': 'social_worker_morale_rate' is not an "
        "indicator id (see `safeguard indicators docs`)",
        "partnership.toml, questions[24] (partnership.q24), field 'audience': 'mayor' is not an audience "
        "(leave it out, or use one of: lead_member, chief_executive, scrutiny, board)",
        "outcomes.toml, questions[2] (outcomes.q02), field 'text': is empty: write it in plain words",
    ]
    assert str(raised.value).startswith("The assurance framework's data files have 6 problem(s):\n  finance.toml")


def test_a_missing_factor_file_a_wrong_factor_an_unknown_field_and_broken_toml_are_reported(data_copy: Path):
    (data_copy / "culture.toml").unlink()
    _replace(data_copy / "outcomes.toml", 'factor = "outcomes"', 'factor = "outcome"\ncolour = "blue"')
    _replace(data_copy / "resourcing.toml", 'indicators = ["unallocated_cases", "cpp_per_10k"]', 'indicator = ["unallocated_cases"]')
    (data_copy / "partnership.toml").write_text("factor = \n", encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        read_framework(data_copy)
    messages = [str(problem) for problem in raised.value.problems]
    assert "culture.toml, the file, field '-': is missing: every factor needs its own file" in messages
    assert "outcomes.toml, the file, field 'factor': says 'outcome', but this is the file of the factor 'outcomes'" in messages
    assert "outcomes.toml, the file, field 'colour': is not a field of a factor file (they are: factor, good, questions)" in messages
    assert any(message.startswith("resourcing.toml, questions[27] (resourcing.q27), field 'indicator': is not a field") for message in messages)
    assert any(message.startswith("resourcing.toml, questions[27] (resourcing.q27), field 'indicators': must be a list") for message in messages)
    assert any(message.startswith("partnership.toml, the file, field '-': is not valid TOML") for message in messages)
