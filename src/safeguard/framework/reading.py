"""Reading the framework's data files and checking every entry before anything uses them.

``framework.toml`` holds the version, the seed documents a statement may cite and the audience
tags; one file per factor (``leadership.toml``...) holds that factor's statements of what good
looks like and its questions. Every problem in every file is collected and reported together,
each naming the file, the entry and the field, so a mistake in the data (an unknown factor or
indicator id, a question id used twice, an empty text) stops the framework loading with a
message that says exactly what to fix, instead of a page or a pack quietly missing a question.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from safeguard.errors import SafeguardError
from safeguard.factors import FACTORS
from safeguard.framework.statements import FactorStatements, Framework, Question, Statement
from safeguard.indicators.catalogue import indicator_ids

INDEX_FILE = "framework.toml"
FACTOR_KEYS = frozenset({"factor", "good", "questions"})
GOOD_KEYS = frozenset({"text", "source"})
QUESTION_KEYS = frozenset({"id", "text", "source", "indicators", "audience"})
SEED_CITATION = re.compile(r"^(seed \d{3})(?=$|[\s,§])")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one field of one entry of one file."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, {self.entry}, field '{self.field}': {self.message}"


class FrameworkError(SafeguardError):
    """The framework's data files have problems; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"The assurance framework's data files have {len(problems)} problem(s):\n{listed}")


def cited_seed(source: str) -> str | None:
    """The seed document a citation starts with ("seed 004" in "seed 004, workforce")."""
    found = SEED_CITATION.match(source.strip())
    return found.group(1) if found else None


@cache
def load_framework() -> Framework:
    """The product's framework, read from the data files shipped with the package (once)."""
    return read_framework(resources.files("safeguard.framework"))


def read_framework(folder: Traversable | Path) -> Framework:
    """The framework in ``folder``; ``FrameworkError`` listing every problem otherwise."""
    problems: list[Problem] = []
    index = _toml(folder, INDEX_FILE, problems)
    version, sources, audiences = _index(index, problems)
    known_files = {factor.id: f"{factor.id}.toml" for factor in FACTORS}
    for name in sorted(item.name for item in folder.iterdir() if item.name.endswith(".toml")):
        if name != INDEX_FILE and name not in known_files.values():
            known = ", ".join(known_files)
            problems.append(Problem(name, "the file", "factor", f"{name.removesuffix('.toml')!r} is not a factor id (the factors are: {known})"))
    checker = _EntryChecker(sources=sources, audiences=audiences, problems=problems)
    parts = []
    for factor in FACTORS:
        document = _toml(folder, known_files[factor.id], problems)
        if document is not None:
            parts.append(checker.factor(known_files[factor.id], factor.id, factor.title, document))
    if problems:
        raise FrameworkError(problems)
    return Framework(version=version, factors=tuple(parts), sources=sources, audiences=audiences)


def _toml(folder: Traversable | Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    path = folder.joinpath(name)
    if not path.is_file():
        problems.append(Problem(name, "the file", "-", "is missing: every factor needs its own file"))
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(Problem(name, "the file", "-", f"is not valid TOML: {error}"))
        return None


def _index(document: Mapping[str, Any] | None, problems: list[Problem]) -> tuple[str, dict[str, str], dict[str, str]]:
    if document is None:
        return "", {}, {}
    version = document.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append(Problem(INDEX_FILE, "the file", "version", "must be a version such as \"1.0\""))
        version = ""
    tables = []
    for key in ("sources", "audiences"):
        table = document.get(key)
        if not isinstance(table, dict) or not table or not all(isinstance(value, str) and value.strip() for value in table.values()):
            problems.append(Problem(INDEX_FILE, f"[{key}]", key, "must be a table of names and their non-empty descriptions"))
            table = {}
        tables.append({str(name): str(value) for name, value in table.items()})
    return version.strip(), tables[0], tables[1]


@dataclass
class _EntryChecker:
    """Checks every entry of the factor files, remembering question ids across all of them."""

    sources: Mapping[str, str]
    audiences: Mapping[str, str]
    problems: list[Problem]

    def __post_init__(self) -> None:
        self.seen_ids: dict[str, str] = {}
        self.indicators = set(indicator_ids())

    def report(self, file: str, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, entry, field, message))

    def factor(self, file: str, factor_id: str, title: str, document: Mapping[str, Any]) -> FactorStatements:
        named = document.get("factor")
        if named != factor_id:
            self.report(file, "the file", "factor", f"says {named!r}, but this is the file of the factor {factor_id!r}")
        for key in sorted(set(document) - FACTOR_KEYS):
            self.report(file, "the file", key, f"is not a field of a factor file (they are: {', '.join(sorted(FACTOR_KEYS))})")
        good = [self.statement(file, number, entry) for number, entry in enumerate(self.entries(file, document, "good"), start=1)]
        questions = [
            self.question(file, factor_id, number, entry)
            for number, entry in enumerate(self.entries(file, document, "questions"), start=1)
        ]
        return FactorStatements(factor_id, title, tuple(good), tuple(questions))

    def entries(self, file: str, document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        entries = document.get(key)
        if not isinstance(entries, list) or not entries or not all(isinstance(entry, dict) for entry in entries):
            self.report(file, f"[[{key}]]", key, f"needs at least one [[{key}]] entry")
            return []
        return entries

    def text(self, file: str, entry: str, value: object, field: str = "text") -> str:
        if not isinstance(value, str) or not value.strip():
            self.report(file, entry, field, "is empty: write it in plain words")
            return ""
        return " ".join(value.split())

    def source(self, file: str, entry: str, value: object) -> str:
        text = self.text(file, entry, value, "source")
        if text and cited_seed(text) not in self.sources:
            known = ", ".join(self.sources)
            self.report(file, entry, "source", f"{text!r} does not start with a seed document (one of: {known})")
        return text

    def unknown_keys(self, file: str, entry: str, found: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for key in sorted(set(found) - allowed):
            self.report(file, entry, key, f"is not a field of this entry (they are: {', '.join(sorted(allowed))})")

    def statement(self, file: str, number: int, entry: Mapping[str, Any]) -> Statement:
        name = f"good[{number}]"
        self.unknown_keys(file, name, entry, GOOD_KEYS)
        return Statement(self.text(file, name, entry.get("text")), self.source(file, name, entry.get("source")))

    def question(self, file: str, factor_id: str, number: int, entry: Mapping[str, Any]) -> Question:
        identifier = entry.get("id")
        name = f"questions[{number}]" + (f" ({identifier})" if isinstance(identifier, str) else "")
        self.unknown_keys(file, name, entry, QUESTION_KEYS)
        if not isinstance(identifier, str) or not re.fullmatch(rf"{re.escape(factor_id)}\.q\d{{2,}}", identifier):
            self.report(file, name, "id", f"must be the factor's id, then .q and a number, such as {factor_id}.q01")
            identifier = str(identifier)
        elif identifier in self.seen_ids:
            self.report(file, name, "id", f"{identifier!r} is already the id of a question in {self.seen_ids[identifier]}")
        else:
            self.seen_ids[identifier] = file
        return Question(
            id=identifier,
            text=self.text(file, name, entry.get("text")),
            source=self.source(file, name, entry.get("source")),
            indicators=self.indicator_list(file, name, entry.get("indicators")),
            audience=self.audience(file, name, entry.get("audience")),
        )

    def indicator_list(self, file: str, entry: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.report(file, entry, "indicators", "must be a list of indicator ids (it may be empty: indicators = [])")
            return ()
        for item in value:
            if item not in self.indicators:
                self.report(file, entry, "indicators", f"{item!r} is not an indicator id (see `safeguard indicators docs`)")
        if len(set(value)) != len(value):
            self.report(file, entry, "indicators", "names an indicator more than once")
        return tuple(value)

    def audience(self, file: str, entry: str, value: object) -> str | None:
        if value is None:
            return None
        if value not in self.audiences:
            known = ", ".join(self.audiences)
            self.report(file, entry, "audience", f"{value!r} is not an audience (leave it out, or use one of: {known})")
            return None
        return str(value)
