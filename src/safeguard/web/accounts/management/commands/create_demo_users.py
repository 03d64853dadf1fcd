"""``manage create_demo_users``: one demo account per role, printed once. DEMO ONLY."""

from django.core.management.base import BaseCommand

from safeguard.web.demo_users import create_demo_users, demo_sign_in_sheet


class Command(BaseCommand):
    help = "Make one demo user per role and print their sign-in details (DEMO ONLY)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(demo_sign_in_sheet(create_demo_users()))
