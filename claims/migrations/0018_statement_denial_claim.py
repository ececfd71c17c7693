"""An index of the denials by claim, for the home page's "most contested" claims.

``selectors.most_contested`` counts the denials of the 500 most recently seen
claims. With only the statements' index by claim, PostgreSQL read every statement
of each claim to test its stance: 10.6 ms of the home page built from nothing at
a million claims, against 7.7 ms at 10,000 (docs/PERFORMANCE.md). A partial index
of the denials (a tenth of the statements) counts them from the index alone.

Built concurrently, so that a deployed archive stays writable meanwhile.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("claims", "0017_published_search_weeks")]

    operations = [
        AddIndexConcurrently(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("stance", "denies")),
                fields=["claim"],
                name="statement_denial_claim",
            ),
        ),
    ]
