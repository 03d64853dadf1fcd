"""Each acknowledgement made before warnings had owners becomes its author's own, under the
warning's lasting record (one per warning name); the role is the first of the author's roles
that may acknowledge warnings."""

from django.db import migrations

ACKNOWLEDGING_ROLES = ("lead_member", "leader", "chief_executive", "dcs")


def carry_over(apps, schema_editor):
    Old = apps.get_model("leadership", "WarningAcknowledgement")
    TrackedWarning = apps.get_model("warning_owners", "TrackedWarning")
    WarningName = apps.get_model("warning_owners", "WarningName")
    Acknowledgement = apps.get_model("warning_owners", "Acknowledgement")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    database = schema_editor.connection.alias  # the owner's connection: the tables are new to the application's
    for old in Old.objects.using(database).all():
        indicator_id, source, _month, _reading = (old.warning_key.split("--") + ["", "", "", ""])[:4]
        tracked = TrackedWarning.objects.using(database).create(
            indicator_id=indicator_id or old.indicator_id, source=source or "control_chart", direction="up",
            reading=old.reading, title=old.title, since=old.since, until=old.since,
        )
        WarningName.objects.using(database).create(key=old.warning_key, warning=tracked)
        roles = set(RoleGrant.objects.using(database).filter(user_id=old.acknowledged_by_id).values_list("role", flat=True))
        role = next((name for name in ACKNOWLEDGING_ROLES if name in roles), "dcs")
        Acknowledgement.objects.using(database).create(
            warning=tracked, person_id=old.acknowledged_by_id, person_name=old.acknowledged_by_name, role=role,
            acknowledged_at=old.acknowledged_at, response=old.response, version=old.version,
            created_by_id=old.acknowledged_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("warning_owners", "0001_warnings_names_and_acknowledgements"),
        ("leadership", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
