"""People who sign in, the roles they hold, failed sign-ins (for the lockout) and the enrolment
codes that let a person set up their authenticator.

A person may hold several roles (a Director who is also an administrator); what they may do is
the union of their roles' permissions in ``safeguard.web.access.policy``. Each grant records who
made it and when, so "who gave this person access?" always has an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.web.access.policy import ROLES, Role

ROLE_CHOICES = [(role.value, definition.title) for role, definition in ROLES.items()]

NAME_FIELDS = ("username", "first_name", "last_name", "is_active")
"""What a person's history keeps: how they are named in the records (and whether their account
was in use), so a pack as at a past moment names them as they were named then."""


class NameHistory(HistoricalRecords):
    """A person's history: a dated row when their account is made and each time one of
    ``NAME_FIELDS`` changes, and none for any other save (signing in sets ``last_login``, a new
    password its hash; neither is copied into the history)."""

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not created and update_fields is not None and not set(update_fields) & set(NAME_FIELDS):
            return
        if not created and not _name_changed(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)


def _name_changed(person: Any) -> bool:
    latest = person.history.order_by("-history_date", "-history_id").first()
    return latest is None or any(getattr(latest, name) != getattr(person, name) for name in NAME_FIELDS)


class User(AbstractUser):
    """A person with an account. Accounts are disabled (``is_active``), never deleted, so the
    access log keeps pointing at someone."""

    must_change_password = models.BooleanField(
        default=False, help_text="Set when an administrator chose the password; cleared when the person changes it."
    )
    history = NameHistory(
        excluded_fields=["password", "last_login", "is_superuser", "email", "is_staff", "date_joined", "must_change_password"]
    )

    # What django-otp adds to a person, declared because it ships no type information: the
    # authenticators (the reverse of ``TOTPDevice.user``) and, once its middleware or the sign-in
    # has seen a code, the device that verified this session and whether one did.
    totpdevice_set: Any
    otp_device: Any
    is_verified: Callable[[], bool]

    @property
    def roles(self) -> frozenset[Role]:
        """The roles this person holds now (read from the database on every request, so a
        change takes effect at once)."""
        cached = getattr(self, "_roles", None)
        if cached is None:
            cached = frozenset(Role(grant.role) for grant in self.role_grants.all())
            self._roles = cached
        return cached

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.role}"


class SignInFailure(models.Model):
    """One failed sign-in. Kept by the username typed (known or not, so that an unknown name is
    treated exactly like a known one), the address it came from and, when it came from a browser
    known to that username, the browser's id (``safeguard.web.accounts.known_browsers``)."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(unpack_ipv4=True)
    browser = models.CharField(max_length=32, blank=True, default="")
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "address", "at"]),
            models.Index(fields=["address", "at"]),
            models.Index(fields=["username", "browser", "at"], name="accounts_si_browser_idx"),
        ]


class EnrolmentCode(models.Model):
    """A one-time code an administrator issued so that one person can set up their authenticator
    app for the first time (``safeguard.web.accounts.enrolment``). Only its hash is kept; it
    works once, until it expires, and issuing a newer one for the same person ends it."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=256)
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text="Empty when issued on the server's command line.",
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"enrolment code for {self.user.username}, issued {self.issued_at:%Y-%m-%d %H:%M}"
