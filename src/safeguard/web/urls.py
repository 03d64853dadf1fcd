"""Every route of the site. Each name must have an entry in
``safeguard.web.access.policy.ROUTES``; a system check and a test refuse any that does not."""

from __future__ import annotations

from django.urls import include, path

from safeguard.web import errors, health
from safeguard.web.accounts import signing_in, users
from safeguard.web.audit import views as audit_views
from safeguard.web.data import views as data_views
from safeguard.web.leadership import api, dashboard, home, indicators, packs
from safeguard.web.leadership import warnings as warning_pages

account_patterns = (
    [
        path("", users.users, name="users"),
        path("users.csv", users.users_csv, name="users_csv"),
        path("add", users.user_add, name="user_add"),
        path("<int:user_id>", users.user_detail, name="user_detail"),
    ],
    "accounts",
)

data_patterns = (
    [
        path("imports", data_views.imports, name="imports"),
        path("imports.csv", data_views.imports_csv, name="imports_csv"),
        path("imports/<uuid:upload_id>", data_views.import_detail, name="import_detail"),
        path("imports/<uuid:upload_id>/findings.csv", data_views.import_findings_csv, name="import_findings_csv"),
        path("imports/<uuid:upload_id>/findings.xlsx", data_views.import_findings_xlsx, name="import_findings_xlsx"),
        path("imports/<uuid:upload_id>/decision", data_views.import_decision, name="import_decision"),
        path("snapshots", data_views.snapshots, name="snapshots"),
        path("snapshots.csv", data_views.snapshots_csv, name="snapshots_csv"),
        path("snapshots/<str:snapshot_id>/<slug:list_key>", data_views.list_rows, name="list_rows"),
        path("snapshots/<str:snapshot_id>/<slug:list_key>.csv", data_views.list_rows_csv, name="list_rows_csv"),
    ],
    "data",
)

audit_patterns = (
    [
        path("access-log", audit_views.log, name="log"),
        path("access-log.csv", audit_views.log_csv, name="log_csv"),
        path("access-log/child", audit_views.child_trail, name="child_trail"),
        path("access-log/child.csv", audit_views.child_trail_csv, name="child_trail_csv"),
        path("access-log/person", audit_views.person_trail, name="person_trail"),
        path("access-log/person.csv", audit_views.person_trail_csv, name="person_trail_csv"),
    ],
    "audit",
)

leadership_patterns = (
    [
        path("indicators", dashboard.dashboard, name="dashboard"),
        path("indicators.csv", dashboard.dashboard_csv, name="dashboard_csv"),
        path("indicators/<slug:indicator_id>", indicators.indicator, name="indicator"),
        path("indicators/<slug:indicator_id>/months.csv", indicators.indicator_months_csv, name="indicator_months_csv"),
        path(
            "indicators/<slug:indicator_id>/comparison.csv",
            indicators.indicator_comparison_csv,
            name="indicator_comparison_csv",
        ),
        path("indicators/<slug:indicator_id>/teams.csv", indicators.indicator_teams_csv, name="indicator_teams_csv"),
        path("warnings", warning_pages.warnings, name="warnings"),
        path("warnings.csv", warning_pages.warnings_csv, name="warnings_csv"),
        path("warnings/<int:warning_id>", warning_pages.warning, name="warning"),
        path("warnings/<slug:warning_key>", warning_pages.warning_by_name, name="warning_by_name"),
    ],
    "leadership",
)

pack_patterns = (
    [
        path("", packs.packs_view, name="packs"),
        path("issued/<int:issued_id>", packs.issued, name="issued"),
    ],
    "packs",
)

api_patterns = (
    [
        path("openapi.json", api.openapi, name="openapi"),
        path("indicators", api.indicators, name="indicators"),
        path("indicators/<slug:indicator_id>", api.indicator, name="indicator"),
        path("indicators/<slug:indicator_id>/teams", api.indicator_teams, name="indicator_teams"),
        path("benchmarks", api.benchmarks, name="benchmarks"),
        path("warnings", api.warnings, name="warnings"),
        path("warnings/<int:warning_id>", api.warning, name="warning"),
        path("warnings/<slug:warning_key>", api.warning_by_name, name="warning_by_name"),
    ],
    "api",
)

urlpatterns = [
    path("", home.home, name="home"),
    path("health", health.health, name="health"),
    path("sign-in", signing_in.sign_in, name="sign_in"),
    path("sign-out", signing_in.sign_out, name="sign_out"),
    path("sign-in/set-up-codes", signing_in.second_factor_setup, name="second_factor_setup"),
    path("sign-in/code", signing_in.second_factor_verify, name="second_factor_verify"),
    path("account/password", signing_in.password_change, name="password_change"),
    path("users/", include(account_patterns)),
    path("data/", include(data_patterns)),
    path("", include(audit_patterns)),
    path("", include(leadership_patterns)),
    path("", include("safeguard.governance.framework.urls")),
    path("api/", include(api_patterns)),
    path("plan/", include("safeguard.governance.plan.urls")),
    path("challenges/", include("safeguard.governance.challenge.urls")),
    path("packs/", include(pack_patterns)),
    path("audits/", include("safeguard.governance.audits.urls")),
    path("self-assessment/", include("safeguard.governance.assessments.urls")),
    path("local-test-of-assurance/", include("safeguard.governance.local_test.urls")),
    path("ofsted-self-evaluation/", include("safeguard.governance.self_evaluation.urls")),
    path("cases/", include("safeguard.governance.reviews.urls")),
    path("cases/briefings/", include("safeguard.governance.briefings.urls")),
    path("cases/disagreements/", include("safeguard.governance.disagreements.urls")),
    path("cases/complaints/", include("safeguard.governance.complaints.urls")),
    path("cases/child-deaths/", include("safeguard.governance.child_deaths.urls")),
    path("workforce/", include("safeguard.governance.allocation.urls")),
    path("sharing/", include("safeguard.governance.sharing.urls")),
    path("leaders/", include("safeguard.governance.induction.urls")),
    path("inspection/", include("safeguard.governance.inspection.urls")),
    path("partnership/", include("safeguard.governance.partnership.urls")),
    path("warnings/", include("safeguard.governance.warning_owners.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.not_found
handler500 = errors.server_error
