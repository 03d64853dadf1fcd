"""Every route of the site. Each name must have an entry in
``safeguard.web.access.policy.ROUTES``; a system check and a test refuse any that does not."""

from __future__ import annotations

from django.urls import include, path

from safeguard.web import errors, health
from safeguard.web.leadership import home
from safeguard.web.accounts import signing_in, users
from safeguard.web.audit import views as audit_views
from safeguard.web.data import views as data_views

account_patterns = (
    [
        path("", users.users, name="users"),
        path("add", users.user_add, name="user_add"),
        path("<int:user_id>", users.user_detail, name="user_detail"),
    ],
    "accounts",
)

data_patterns = (
    [
        path("imports", data_views.imports, name="imports"),
        path("imports/<uuid:upload_id>", data_views.import_detail, name="import_detail"),
        path("imports/<uuid:upload_id>/decision", data_views.import_decision, name="import_decision"),
        path("snapshots", data_views.snapshots, name="snapshots"),
        path("snapshots/<str:snapshot_id>/<slug:list_key>", data_views.list_rows, name="list_rows"),
    ],
    "data",
)

audit_patterns = ([path("", audit_views.log, name="log")], "audit")

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
    path("access-log", include(audit_patterns)),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.not_found
handler500 = errors.server_error
