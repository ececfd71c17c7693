"""Add the claims' full-text search document (see ``claims.search``) and fill it.

The column is derived; the fill step computes it for claims that already
exist, with the same expression the application keeps it current with.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


def fill_search_vectors(apps, schema_editor):
    from claims.search import search_vector_expression

    Claim = apps.get_model("claims", "Claim")
    Claim.objects.update(
        search_vector=search_vector_expression(
            review_model=apps.get_model("claims", "Review"),
            statement_model=apps.get_model("claims", "Statement"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_constraint_messages")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="claim_search_vector"
            ),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
    ]
