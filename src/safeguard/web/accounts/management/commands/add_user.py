"""``manage add_user USERNAME --role ROLE [--role ROLE ...]``: make an account from the server's
command line. This is how the first administrator comes to exist; after that, administrators add
people on the Users page. The password is asked for twice and never echoed or logged; the
person must change it when they first sign in. When their roles need one-time codes, an
enrolment code for setting up their authenticator app is printed too (once)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguard.web.access.policy import ROLES, Role
from safeguard.web.accounts.enrolment import awaits_authenticator, issue_on_the_command_line
from safeguard.web.accounts.models import RoleGrant, User


class Command(BaseCommand):
    help = "Add a person with one or more roles (asks for their first password)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", action="append", required=True, choices=[role.value for role in ROLES])
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = str(options["username"]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"Someone already has the username {username!r}.")
        password = getpass.getpass("First password: ")
        if getpass.getpass("Same password again: ") != password:
            raise CommandError("The two passwords differ; nobody was added.")
        candidate = User(username=username, email=str(options["email"]))
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        first, _, last = str(options["full_name"]).partition(" ")
        with transaction.atomic():
            person = User.objects.create(
                username=username, first_name=first, last_name=last, email=str(options["email"]),
                password=make_password(password), must_change_password=True,
            )
            roles = [Role(value) for value in dict.fromkeys(options["role"])]
            RoleGrant.objects.bulk_create([RoleGrant(user=person, role=role.value) for role in roles])
        titles = ", ".join(ROLES[role].title for role in roles)
        self.stdout.write(f"Added {username} ({titles}). They choose their own password when they first sign in.")
        if awaits_authenticator(person):
            self.stdout.write(issue_on_the_command_line(person, "add_user"))
