"""Statements' actor and source get no index of their own: two others begin with them.

Django gives every foreign key an index. ``statement_actor_claim_seen`` (migration
0015: actor, the claim's last day, claim) and ``statement_source_start`` (source,
start) begin with the same columns and answer the same lookups: an actor's or a
source's statements, and the checks that an actor or source still quoted is not
deleted. The two single-column indexes were 54 MB at a million claims and two more
entries to write for every statement inserted (loading 100,000 synthetic claims: 31.7 and
32.3 s without them, 32.7 and 32.9 s with them, inside the runs' spread). A test holds
every foreign key of the app to leading some index.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_statement_triggers_when_moved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statement",
            name="actor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="statements",
                to="claims.actor",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="source",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="statements",
                to="claims.source",
            ),
        ),
    ]
