"""The administrator's pages: list people, add one, change their roles, disable or enable them,
and issue the enrolment code a person needs to set up their authenticator app.

An administrator can give or take away only the roles they hold themselves; roles they do not
hold are left as they are on the person's account. Nobody can disable their own account (the
last administrator could otherwise lock everyone out). Disabling an account ends its sessions at
once: Django finds no active user behind them on the next request.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime

from safeguard.web.access.enforcement import user_has_confirmed_device
from safeguard.web.access.policy import ROLES, Role, needs_second_factor
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.accounts.enrolment import IssuedCode, awaits_authenticator, has_live_code, issue_code
from safeguard.web.accounts.forms import AddUserForm, RolesForm
from safeguard.web.accounts.models import RoleGrant, User
from safeguard.web.audit.models import ObjectType
from safeguard.web.audit.recording import recorded_change
from safeguard.web.leadership.downloads import csv_response


def role_titles(user: User) -> list[str]:
    return [ROLES[role].title for role in ROLES if role in user.roles]


def users(request: SignedInRequest) -> HttpResponse:
    people = User.objects.prefetch_related("role_grants").order_by("username")
    return render(request, "accounts/users.html", {"people": people, "titles_of": role_titles})


USER_COLUMNS = ("username", "name", "roles", "status", "last signed in")


def users_csv(request: SignedInRequest) -> HttpResponse:
    people = User.objects.prefetch_related("role_grants").order_by("username")
    rows = (
        (
            person.username, person.get_full_name(), "; ".join(role_titles(person)),
            "Active" if person.is_active else "Disabled", person.last_login.isoformat() if person.last_login else "",
        )
        for person in people
    )
    return csv_response("users.csv", USER_COLUMNS, rows)


def user_add(request: SignedInRequest) -> HttpResponse:
    form = AddUserForm(request.POST or None, grantable=request.user.roles)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        with recorded_change(request, action="add_user", object_type=ObjectType.USER, object_id=username):
            first, _, last = form.cleaned_data["full_name"].partition(" ")
            person = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=form.cleaned_data["email"],
                password=make_password(form.cleaned_data["password"]),
                must_change_password=True,
            )
            _grant(person, form.chosen_roles(), request.user)
        return redirect("accounts:user_detail", user_id=person.pk)
    return render(request, "accounts/user_add.html", {"form": form})


def user_detail(request: SignedInRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    grantable = request.user.roles
    form = RolesForm(
        request.POST if request.POST.get("action") == "roles" else None,
        grantable=grantable,
        initial={"roles": [role.value for role in person.roles & grantable]},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "roles" and form.is_valid():
            with recorded_change(request, action="change_roles", object_type=ObjectType.USER, object_id=person.username):
                _set_grantable_roles(person, form.chosen_roles(), grantable, request.user)
            return redirect("accounts:user_detail", user_id=person.pk)
        if action in {"disable", "enable"} and person.pk != request.user.pk:
            with recorded_change(request, action=f"{action}_user", object_type=ObjectType.USER, object_id=person.username):
                person.is_active = action == "enable"
                person.save(update_fields=["is_active"])
            return redirect("accounts:user_detail", user_id=person.pk)
        if action == "issue_enrolment_code" and awaits_authenticator(person):
            with recorded_change(request, action="issue_enrolment_code", object_type=ObjectType.USER,
                                 object_id=person.username):
                issued = issue_code(person, issued_by=request.user)
            return _user_page(request, person, form, issued=issued)
    return _user_page(request, person, form)


def _user_page(request: SignedInRequest, person: User, form: RolesForm, issued: IssuedCode | None = None) -> HttpResponse:
    """The person's page; ``issued`` is an enrolment code just made, shown on this one response
    only (it is never stored, so it cannot be shown again)."""
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "form": form,
            "titles": role_titles(person),
            "others": [ROLES[role].title for role in ROLES if role in person.roles - request.user.roles],
            "is_self": person.pk == request.user.pk,
            "needs_codes": needs_second_factor(person.roles),
            "has_authenticator": user_has_confirmed_device(person),
            "awaits_authenticator": awaits_authenticator(person),
            "code_waiting": has_live_code(person),
            "issued": issued,
            "issued_expires": localtime(issued.expires_at).strftime("%-d %B %Y at %H:%M") if issued else "",
        },
    )


def _grant(person: User, roles: frozenset[Role], granted_by: User) -> None:
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=person, role=role.value, granted_by=granted_by) for role in ROLES if role in roles]
    )


@transaction.atomic
def _set_grantable_roles(person: User, chosen: frozenset[Role], grantable: frozenset[Role], granted_by: User) -> None:
    """Make the person's roles among ``grantable`` exactly ``chosen``; other roles stay."""
    held = person.roles
    RoleGrant.objects.filter(user=person, role__in=[role.value for role in grantable - chosen]).delete()
    _grant(person, (chosen & grantable) - held, granted_by)
