"""Each person's name history (issue 10: packs name people as they were named at the pack's
moment). Everyone already enrolled starts their history with one row, dated now, holding their
name as it stands: a pack as at an earlier moment names them so (the name they had when their
history began), and a name changed from now on is dated when it changed."""

import django.contrib.auth.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

NAME_FIELDS = ("id", "username", "first_name", "last_name", "is_active")


def start_histories(apps, schema_editor):
    people = apps.get_model("accounts", "User")
    history = apps.get_model("accounts", "HistoricalUser")
    now = timezone.now()
    # Through the connection migrating (the owner's on PostgreSQL): the application's role is
    # granted its privileges only once every migration has run.
    database = schema_editor.connection.alias
    history.objects.using(database).bulk_create(
        history(**values, history_date=now, history_type="+", history_change_reason="name history started")
        for values in people.objects.using(database).order_by("id").values(*NAME_FIELDS)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_enrolment_code'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalUser',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('username', models.CharField(db_index=True, error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical user',
                'verbose_name_plural': 'historical users',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(start_histories, migrations.RunPython.noop),
    ]
