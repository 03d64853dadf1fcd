"""``python -m safeguard.web.manage seed_demo_governance``: a year of the demo council's
governance records (DEMO ONLY; refused with production settings). Run by ``safeguard demo``
after the demo users are made and the figures worked out; the issued packs come last, as they
read the governance records."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from safeguard.aggregates import dashboard
from safeguard.aggregates.viewer import Viewer
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.web.demo_users import demo_people

SEEDED_AFTER_GOVERNANCE = ("safeguard.packs",)
"""Apps with a ``demo`` module seeded after the governance apps: a year of issued packs."""


class Command(BaseCommand):
    help = "Add a believable year of governance records to the demo council (DEMO ONLY)."

    def handle(self, *args: Any, **options: Any) -> None:
        cast = DemoCast(
            today=timezone.localdate(),
            data_month=dashboard(Viewer(exact=True, teams=True)).latest_month,
            people=demo_people(),
        )
        for app in (*settings.GOVERNANCE_APPS, *SEEDED_AFTER_GOVERNANCE):
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as missing:
                if missing.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                said = module.seed(cast)
            if said:
                self.stdout.write(said)
