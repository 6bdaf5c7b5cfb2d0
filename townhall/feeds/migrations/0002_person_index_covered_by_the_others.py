"""FeedEntry's single-column index on person goes: `feedentry_once (person, post)` and
`feedentry_newest (person, -created_at, -post)` both start with it, and every fan-out wrote
one more index entry per reader for nothing. A plain DROP INDEX on both databases (on SQLite
Django's AlterField would copy the whole table, millions of rows)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = "feeds_feedentry_person_id_a2836c13"


class Migration(migrations.Migration):
    dependencies = [
        ("feeds", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="feedentry",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    f"CREATE INDEX IF NOT EXISTS {INDEX} ON feeds_feedentry (person_id)",
                ),
            ],
        ),
    ]
