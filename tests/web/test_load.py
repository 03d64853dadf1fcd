"""The bounded load test (issue 12, point 12), run by ``bench/web_load.py``'s own code against
``safeguard serve``, every role among the clients, with no errors and no lost writes: fifty people
for sixty seconds on PostgreSQL (the production database, in the PostgreSQL pass of ``make
test``), and a short version, ten people for ten seconds, on SQLite in the first pass."""

from __future__ import annotations

import sys

import pytest
from site_databases import put_migrated_sqlite, site_database
from web_support import CHECKOUT
from workbooks import annex_a_workbook

from safeguard.web.access.policy import ROLES

sys.path.insert(0, str(CHECKOUT / "bench"))

import web_load

pytestmark = pytest.mark.slow


@pytest.fixture
def loaded_store(request, store_home):
    """The synthetic council (whose early warning the strategic roles respond to) when the
    published statistics are here, else a store holding one small snapshot."""
    try:
        request.getfixturevalue("synthetic_council")
    except pytest.skip.Exception:
        request.getfixturevalue("snapshot_id")
    return store_home


FULL = {"clients": 50, "seconds": 60}
SHORT = {"clients": 10, "seconds": 10}


def test_many_clients_across_every_role_with_no_errors_and_no_lost_writes(loaded_store, tmp_path):
    upload_file = annex_a_workbook(tmp_path / "return to check.xlsx")
    with site_database() as database:
        environment = web_load.site_environment(loaded_store, database.environment() if database else None)
        if database is None:
            put_migrated_sqlite(loaded_store)
        web_load.migrate(environment)
        result = web_load.run_load(environment, loaded_store, **(FULL if database else SHORT), upload_file=upload_file)
    web_load.report(result)
    assert result.errors == 0, result.tally.error_examples
    assert result.lost_writes == 0
    assert result.tally.roles_served == {role.value for role in ROLES}
    assert len(result.tally.recorded) >= 10 and result.tally.people_added
