"""The Jinja2 environment every page is rendered in, and what each page is given.

Templates come from ``templates/`` and, under the ``govuk_frontend_jinja/`` prefix, from the
``govuk-frontend-jinja`` package (the GOV.UK Frontend macros). Its macros read optional
parameters freely (``params.hint.text`` when there is no hint), which needs
``ChainableUndefined``. Autoescaping is on for everything.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.messages import get_messages
from django.forms import Form
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from safeguard.web.access.enforcement import second_factor_outstanding
from safeguard.web.access.policy import ROLES, ROUTES, Gate, Role, allows, permissions_of
from safeguard.web.access.requests import is_signed_in
from safeguard.web.forms import choice_items, parts_of
from safeguard.web.settings.base import WEB_PACKAGE

SERVICE_NAME = "Safeguard"


def template_folders() -> list[str]:
    """The web application's templates, then each governance app's own ``templates`` folder."""
    folders = [WEB_PACKAGE / "templates"]
    for app in apps.get_app_configs():
        if app.name.startswith("safeguard.governance.") or app.name == "safeguard.packs":
            folders.append(Path(app.path) / "templates")
    return [str(folder) for folder in folders if folder.is_dir()]


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(template_folders()),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    env = Environment(**options)
    env.globals.update(url=reverse, static=static, field_error=field_error, error_list=error_list, date_parts=parts_of, choice_items=choice_items)
    return env


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The service navigation: each page in the policy table marked for it that this person's
    roles open, the current one marked active. Nothing until the one-time code is given."""
    if not is_signed_in(request) or second_factor_outstanding(request):
        return []
    current = request.resolver_match.view_name if request.resolver_match else ""
    return [{"href": href, "text": text, "active": view_name == current} for view_name, href, text in _pages_opened_by(request.user.roles)]


@lru_cache(maxsize=64)
def _pages_opened_by(roles: frozenset[Role]) -> tuple[tuple[str, str, str], ...]:
    """The navigation's pages for a set of roles (view name, address, title): the policy table
    and the addresses are fixed while the server runs, so this is worked out once per set."""
    pages = []
    for view_name, policy in ROUTES.items():
        rule = policy.rule("GET")
        if policy.in_navigation and rule is not None and not isinstance(rule, Gate) and allows(roles, rule):
            pages.append((view_name, reverse(view_name), policy.title))
    return tuple(pages)


def page_context(request: HttpRequest) -> dict[str, Any]:
    """Given to every template rendered with a request (set as a Jinja context processor)."""
    person = request.user if is_signed_in(request) else None
    return {
        "service_name": SERVICE_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "signed_in": person is not None,
        "user": person,
        "role_titles": [ROLES[role].title for role in ROLES if role in person.roles] if person is not None else [],
        "permissions": frozenset(permission.value for permission in permissions_of(person.roles)) if person is not None else frozenset(),
        "navigation": navigation(request),
        "flash_messages": [str(message) for message in get_messages(request)],
    }


def field_error(form: Form | None, name: str) -> dict[str, str] | None:
    """A form field's first error in the shape the GOV.UK macros take (``errorMessage``)."""
    if form is None or not form.is_bound or name not in form.errors:
        return None
    return {"text": str(form.errors[name][0])}


def error_list(form: Form | None) -> list[dict[str, str]]:
    """Every error of a bound form for the error summary, each linking to its field (templates
    give each field the id of its name, as the GOV.UK macros do by default)."""
    if form is None or not form.is_bound:
        return []
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        href = "#main-content" if name == "__all__" else f"#{name}"
        items.extend({"text": str(error), "href": href} for error in errors)
    return items
