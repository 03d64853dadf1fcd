"""Fixtures of the web tests and the governance apps' tests: a private store per test, people
with roles, signed-in clients. ``tests/web/conftest.py`` and ``src/safeguard/governance/conftest.py``
both take every fixture from here.

The database is pytest-django's test database on whatever ``DATABASE_URL`` names (SQLite by
default, a copy of the migrated template: ``django_db_keepdb``; PostgreSQL in the second run of
``make test``). No test here uses
``transaction=True``: the access log's triggers refuse the DELETE that flushing would need, so
every test runs inside a transaction that is rolled back instead.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent)]

from site_databases import copy_migrated_sqlite  # noqa: E402
from synthetic_council import SyntheticCouncil, build  # noqa: E402
from web_support import sign_in  # noqa: E402
from workbooks import annex_a_workbook  # noqa: E402

from published_data import BENCHMARKS  # noqa: E402
from safeguard.web.access.policy import Role  # noqa: E402
from safeguard.web.accounts.models import RoleGrant, User  # noqa: E402


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest, django_db_modify_db_settings: None) -> bool:
    """pytest-django's choice to keep the test database it finds, overridden on SQLite: each test
    process's database starts as a copy of the one ``safeguard migrate`` took through every
    migration once (``site_databases``), instead of each process spending half a minute running
    them all again; pytest-django then finds it migrated (its own migrate has nothing to do) and
    the copy is removed at the end. With ``--reuse-db``, and on PostgreSQL (the second pass, where
    pytest-django runs every migration for each process), pytest-django's own choice stands."""
    from django.conf import settings

    reuse = bool(request.config.getvalue("reuse_db"))
    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if reuse or database["ENGINE"] != "django.db.backends.sqlite3" or not name:
        return reuse
    copy_migrated_sqlite(Path(name))

    def remove_the_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)

    request.addfinalizer(remove_the_copy)
    return True


@pytest.fixture(autouse=True)
def store_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SAFEGUARD_HOME: snapshots and uploads never touch a real store."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fresh_content_types() -> None:
    """Django keeps each model's content type in a cache that outlives the test whose transaction
    created the row: a later test (another file's, in the same process) would point a history or
    transition record at a row its own database never had."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


PersonFactory = Callable[..., User]


@pytest.fixture
def make_person(db: None) -> PersonFactory:
    """``make_person(Role.DCS, username=..., password=...)``: a person holding those roles.

    A password, when given, is hashed with the fast MD5 hasher the test settings allow (Django
    upgrades it to Argon2 at the first sign-in); tests of the Argon2 path make their own.
    """
    from django.contrib.auth.hashers import make_password

    counter = iter(range(1, 10_000))

    def make(*roles: Role, username: str | None = None, password: str | None = None, active: bool = True) -> User:
        person = User.objects.create(
            username=username or f"person{next(counter)}",
            first_name="Test",
            last_name="Person",
            email="person@example.invalid",
            password=make_password(password, hasher="md5") if password else make_password(None),
            is_active=active,
        )
        RoleGrant.objects.bulk_create([RoleGrant(user=person, role=role.value) for role in roles])
        return person

    return make


@pytest.fixture
def client_as(make_person: PersonFactory) -> Callable[..., Client]:
    """``client_as(Role.ANALYST)``: a fresh client signed in as a new person with those roles."""

    def make(*roles: Role, **options: object) -> Client:
        return sign_in(Client(), make_person(*roles, **options))

    return make


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A valid Annex A workbook (no errors, a few queries)."""
    return annex_a_workbook(tmp_path / "Annex A return.xlsx")


@pytest.fixture(scope="session")
def prepared_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding one snapshot of the valid workbook, made once per run for speed."""
    from safeguard.snapshots import Store

    folder = tmp_path_factory.mktemp("prepared")
    with Store(folder / "home") as store:
        outcome = store.import_file(annex_a_workbook(folder / "return.xlsx"), loaded_by="fixture")
    return folder / "home", outcome.snapshot.id


@pytest.fixture
def snapshot_id(prepared_store: tuple[Path, str], store_home: Path) -> str:
    """A snapshot in this test's own store (a copy of the prepared one), made from the valid workbook."""
    source, identifier = prepared_store
    shutil.copytree(source, store_home, dirs_exist_ok=True)
    return identifier



@pytest.fixture(scope="session")
def synthetic_council_source(tmp_path_factory: pytest.TempPathFactory) -> SyntheticCouncil:
    """A small synthetic council's store (three years of returns, benchmarks loaded), built once
    per run with its figures already worked out, for the leaders' pages' tests."""
    from safeguard.aggregates import published

    if not BENCHMARKS.is_dir():
        pytest.skip(
            "the synthetic council's rates, and so its planted warning, follow England's published "
            "averages, which are not here (../shared, or SAFEGUARD_SHARED)"
        )
    if not _BUILT_COUNCIL:
        council = build(tmp_path_factory.mktemp("synthetic"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SAFEGUARD_HOME", str(council.home))
            published()
        _BUILT_COUNCIL.append(council)
    return _BUILT_COUNCIL[0]


_BUILT_COUNCIL: list[SyntheticCouncil] = []
"""The synthetic council this test process built: ``tests/web/conftest.py`` and
``src/safeguard/conftest.py`` each take the session fixture from here, so pytest keeps one value
per conftest, and a process running tests of both would otherwise build it twice."""


@pytest.fixture
def synthetic_council(synthetic_council_source: SyntheticCouncil, store_home: Path) -> SyntheticCouncil:
    """The synthetic council, copied into this test's own store."""
    from dataclasses import replace

    shutil.copytree(synthetic_council_source.home, store_home, dirs_exist_ok=True)
    return replace(synthetic_council_source, home=store_home)
