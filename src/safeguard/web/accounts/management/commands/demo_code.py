"""``manage demo_code USERNAME``: the one-time code a demo account's authenticator shows now. DEMO ONLY."""

from django.core.management.base import BaseCommand, CommandError

from safeguard.errors import SafeguardError
from safeguard.web.demo_users import current_demo_code


class Command(BaseCommand):
    help = "Print the current one-time code of a demo account (DEMO ONLY; refused with production settings)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        try:
            self.stdout.write(current_demo_code(str(options["username"])))
        except SafeguardError as error:
            raise CommandError(str(error)) from error
