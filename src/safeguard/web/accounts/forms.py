"""Forms of the account pages. Each reads only the fields it declares: anything else posted
(``is_superuser``, a role, a user id) is ignored."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation

from safeguard.web.access.policy import ROLES, Role
from safeguard.web.accounts.models import User

CODE_PATTERN = r"^\s*\d{6}\s*$"


class SignInForm(forms.Form):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter your username"})
    password = forms.CharField(
        max_length=256, strip=False, error_messages={"required": "Enter your password"}
    )
    code = forms.RegexField(
        regex=CODE_PATTERN,
        required=False,
        error_messages={"invalid": "Enter the 6 digits your authenticator app shows, or leave it empty"},
    )
    """Asked for only while sign-in is paused for the name typed (``lockout``): a right password
    with a right one-time code still signs in."""

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class CodeForm(forms.Form):
    code = forms.RegexField(
        regex=CODE_PATTERN,
        error_messages={"required": "Enter the 6-digit code", "invalid": "Enter the 6 digits your app shows"},
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        max_length=40,
        error_messages={"required": "Enter the enrolment code your administrator gave you"},
    )


def role_choices(roles: frozenset[Role]) -> list[tuple[str, str]]:
    """The roles someone holding ``roles`` may give, in the policy table's order."""
    return [(role.value, ROLES[role].title) for role in ROLES if role in roles]


class RolesForm(forms.Form):
    """Roles to hold, chosen only from those the administrator holds themself (DOMAIN.md §7:
    a user manager cannot grant a role they do not hold)."""

    roles = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "You can only give roles that you hold yourself"},
    )

    def __init__(self, *args: Any, grantable: frozenset[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = cast(forms.MultipleChoiceField, self.fields["roles"])  # the copy of the field declared above
        roles.choices = role_choices(grantable)

    def chosen_roles(self) -> frozenset[Role]:
        return frozenset(Role(value) for value in self.cleaned_data["roles"])


class AddUserForm(RolesForm):
    username = forms.RegexField(
        regex=r"^[a-z0-9._-]{3,150}$",
        error_messages={
            "required": "Enter a username",
            "invalid": "Use 3 or more lower-case letters, digits, dots, dashes or underscores",
        },
    )
    full_name = forms.CharField(max_length=150, error_messages={"required": "Enter the person's full name"})
    email = forms.EmailField(error_messages={"required": "Enter an email address", "invalid": "Enter a real email address"})
    password = forms.CharField(
        strip=False,
        max_length=256,
        error_messages={"required": "Enter a first password for them to change when they sign in"},
    )

    field_order = ["username", "full_name", "email", "password", "roles"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Someone already has that username")
        return username

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        if not cleaned.get("roles"):
            self.add_error("roles", "Choose at least one role")
        return cleaned
