"""The inspection data bank (seed 000 §7.1: the local documents and data an inspection asks for,
kept ready "as if Ofsted arrived next week"; seed 004, "Ofsted": the self-evaluation inspectors
read first).

One zip: Annex A lists 1 to 11 from the latest snapshot holding the month, in Ofsted's layout,
which ``safeguard import`` reads back to the same records; the latest version of the Ofsted
self-evaluation as a Word document; the improvement plan and the case audit results as CSV; a
cover page saying what each file is; and ``manifest.json`` with every file's SHA-256
(``rendering.render_zip``). Produced again on the same day from the same snapshot and records,
it is the same zip byte for byte (``safeguard packs verify --reproduce`` checks this).

Annex A names children, so the pack is for roles with child-level access only (the Director and
the performance team), its figures are exact, and every issue and download is written to the
access log with the children it carries (``PackContent.children``).

This is the one pack that reads the snapshot store: the export is child-level by purpose, the
way drawing a case audit is (``.importlinter`` names this module as the exception).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.aggregates import csv_text, published
from safeguard.calendar import month_end
from safeguard.governance.audits.results import CSV_COLUMNS as AUDIT_COLUMNS
from safeguard.governance.audits.results import csv_rows, results_over_time
from safeguard.governance.plan import services as plan
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.self_evaluation.services import latest_version_as_at
from safeguard.governance.self_evaluation.word_document import self_evaluation_docx
from safeguard.governance.workflow.as_at import records_as_at, related_as_at
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, Section
from safeguard.packs.rendering import with_fixed_dates
from safeguard.roles import Permission
from safeguard.snapshots import Store
from safeguard.snapshots.export import ExportedReturn, export_return, snapshot_holding

ANNEX_A_FOLDER = "annex-a"
PLAN_FILE = "improvement-plan.csv"
AUDITS_FILE = "case-audit-results.csv"
SELF_EVALUATION_FILE = "self-evaluation.docx"


def until_issued(_month: date) -> None:
    """The data bank is what inspectors are given on the day they arrive: the latest snapshot, and
    the plan, the self-evaluation and the audits as they stand when it is issued (and, made
    again, as they stood then)."""
    return None


def annex_a(month: date) -> ExportedReturn:
    with Store() as store:
        return export_return(store, snapshot_holding(store, month_end(month)))


def plan_file(request: PackRequest) -> tuple[list[PlanAction], bytes]:
    """The plan as it stood at the pack's moment, with each action overdue or not on its day and
    its owner named as they were then."""
    actions = list(records_as_at(PlanAction, request.as_at).order_by("id"))
    related_as_at(actions, ("owner",), request.as_at)
    rows = plan.export_rows(actions, request.viewer, request.today)
    return actions, csv_text(plan.EXPORT_COLUMNS, rows).encode("utf-8")


def build(request: PackRequest) -> PackContent:
    exported = annex_a(request.period)
    version = latest_version_as_at(request.as_at)
    actions, plan_csv = plan_file(request)
    rounds = results_over_time(exact=request.viewer.exact, as_at=request.as_at)
    files: dict[str, bytes] = {
        f"{ANNEX_A_FOLDER}/{exported.file_name}": exported.data,
        PLAN_FILE: plan_csv,
        AUDITS_FILE: csv_text(AUDIT_COLUMNS, csv_rows(rounds)).encode("utf-8"),
    }
    if version is not None:
        document = self_evaluation_docx(version, council=published().figures.council or "The council")
        files[SELF_EVALUATION_FILE] = with_fixed_dates(document)
    context: dict[str, Any] = {
        "annex_a": exported,
        "annex_a_name": f"{ANNEX_A_FOLDER}/{exported.file_name}",
        "self_evaluation": version,
        "actions": actions,
        "overdue": {action.pk for action in plan.overdue_actions(request.today, as_at=request.as_at)},
        "rounds": rounds,
        "files": {"plan": PLAN_FILE, "audits": AUDITS_FILE, "self_evaluation": SELF_EVALUATION_FILE},
        "data_as_at": exported.snapshot.period_end,
    }
    return PackContent(
        title=f"Inspection data bank, {request.period:%B %Y}", context=context, files=files, children=exported.children
    )


PACK = PackDefinition(
    name="inspection-data-bank",
    title="Inspection data bank",
    audience="inspectors, through the Director",
    permission=Permission.SEE_CHILD_LEVEL,
    exact=True,
    sections=(
        Section("contents", "What is in the data bank"),
        Section("annex-a", "Annex A, lists 1 to 11"),
        Section("self-evaluation", "The Ofsted self-evaluation"),
        Section("plan", "The improvement plan"),
        Section("audits", "Case audit results"),
        Section("checking", "Checking the files"),
    ),
    draws_on=("the latest snapshot (Annex A)", "Ofsted self-evaluation", "improvement plan", "case audits"),
    formats=("zip",),
    build=build,
    template="packs/inspection_data_bank.html",
    cadence="on demand",
    period_end=until_issued,
)
