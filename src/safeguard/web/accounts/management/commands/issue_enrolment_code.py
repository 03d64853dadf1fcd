"""``manage issue_enrolment_code USERNAME``: an enrolment code for a person whose roles need
one-time codes and who has no authenticator app yet, printed once and recorded in the access
log. Administrators issue codes on a person's page; this is for the first administrator, who has
nobody to issue theirs, and for a server operator helping someone."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from safeguard.web.accounts.enrolment import awaits_authenticator, issue_on_the_command_line
from safeguard.web.accounts.models import User


class Command(BaseCommand):
    help = "Issue a one-time enrolment code for setting up an authenticator app (printed once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        person = User.objects.filter(username=str(options["username"]).strip()).first()
        if person is None:
            raise CommandError(f"There is no account called {options['username']!r}.")
        if not awaits_authenticator(person):
            raise CommandError(
                f"{person.username} needs no enrolment code: their account is disabled, their roles sign in "
                "without one-time codes, or they have set up an authenticator app already."
            )
        self.stdout.write(issue_on_the_command_line(person, "issue_enrolment_code"))
